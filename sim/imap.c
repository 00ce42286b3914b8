/*
 * imap: an IMAP session shaped after Dovecot (RFC 9051, STARTTLS from
 * RFC 2595): the greeting already carries capabilities, commands are
 * tagged, the message arrives as a literal {N}.  A strict server
 * advertises LOGINDISABLED before TLS (RFC 9051 6.2.3), so a client does
 * not send LOGIN there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers.h"
#include "message.h"
#include "steps.h"

struct imap {
	struct sess *s;
	int tag;
};

static char *caps(const struct sess *s)
{
	bool login = s->tls || s->sc->server_policy == SERVER_LAX;
	bool starttls = !s->tls && s->sc->mode != MODE_IMPLICIT;
	return xprintf("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+%s%s",
		       starttls ? " STARTTLS" : "",
		       login ? " AUTH=PLAIN AUTH=LOGIN" : " LOGINDISABLED");
}

/* A tagged command and the server's reply, reply_fmt having %s for the tag. */
static int command(struct imap *im, const char *name, const char *title, const char *cmd,
		   const char *untagged, const char *tagged_ok)
{
	char tag[16];
	snprintf(tag, sizeof tag, "a%d", ++im->tag);
	char *c = xprintf("%s %s\r\n", tag, cmd);
	char *r = xprintf("%s%s %s\r\n", untagged, tag, tagged_ok);
	int ret = sess_exchange(im->s, name, title, c, r);
	free(c);
	free(r);
	return ret;
}

static int capability(struct imap *im, const char *name, const char *title)
{
	char *c = caps(im->s), *u = xprintf("* CAPABILITY %s\r\n", c);
	int r = command(im, name, title, "CAPABILITY", u,
			"OK Pre-login capabilities listed, post-login capabilities have more.");
	free(c);
	free(u);
	if (r == 0)
		sess_note_offers(im->s, "* CAPABILITY", 0);
	return r;
}

static int logout(struct imap *im)
{
	return command(im, "logout", N_("LOGOUT: goodbye"), "LOGOUT", "* BYE Logging out\r\n",
		       "OK Logout completed (0.001 + 0.000 secs).");
}

static bool got_word(const struct sess *s, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i + n <= s->got.len; i++)
		if (memcmp(s->got.p + i, word, n) == 0)
			return true;
	return false;
}

/* STARTTLS when offered; the client's policy when not.  0 to go on. */
static int upgrade(struct imap *im)
{
	struct sess *s = im->s;
	if (got_word(s, " STARTTLS")) {
		if (command(im, "starttls", N_("STARTTLS: switch to TLS on this connection"),
			    "STARTTLS", "", "OK Begin TLS negotiation now.") < 0 ||
		    sess_tls(s) < 0 ||
		    capability(im, "capability-again", N_("CAPABILITY again, now inside TLS")) < 0)
			return -1;
	} else if (s->sc->tls_policy == POLICY_REQUIRED) {
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"),
			  N_("STARTTLS is not offered and this client requires TLS: it logs "
			  "out before sending anything secret"));
		(void)logout(im);
		return -1;
	} else {
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("TLS"),
			  N_("STARTTLS not offered: carrying on in clear (opportunistic)"));
	}
	return 0;
}

/* LOGIN, unless the server refuses it in clear.  0 once logged in. */
static int login(struct imap *im)
{
	struct sess *s = im->s;
	const struct identity *id = &s->sc->id;
	if (got_word(s, "LOGINDISABLED")) {
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"),
			  N_("the server says LOGINDISABLED: no login without TLS; the client logs "
			  "out without sending the password"));
		(void)logout(im);
		return -1;
	}
	char *c = xprintf("LOGIN %s \"%s\"", id->user, id->password);
	int r = command(im, "login", N_("LOGIN: user name and password"), c,
		    "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT "
		    "SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND "
		    "URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED "
		    "I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH "
		    "LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE "
		    "SAVEDATE LITERAL+ NOTIFY SPECIAL-USE\r\n", "OK Logged in");
	free(c);
	if (r < 0)
		return -1;
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("logged in"), N_("as %s (LOGIN)"), id->user);
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("user"), N_("%s, password correct"), id->user);
	return 0;
}

/* SELECT INBOX and FETCH the message, then LOGOUT. */
static int read_mail(struct imap *im)
{
	struct sess *s = im->s;
	if (command(im, "select", N_("SELECT INBOX: open the mailbox"), "SELECT INBOX",
		    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
		    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] "
		    "Flags permitted.\r\n"
		    "* 1 EXISTS\r\n* 1 RECENT\r\n* OK [UNSEEN 1] First unseen.\r\n"
		    "* OK [UIDVALIDITY 1780300000] UIDs valid\r\n"
		    "* OK [UIDNEXT 2] Predicted next UID\r\n",
		    "OK [READ-WRITE] Select completed (0.005 + 0.000 + 0.004 secs).") < 0)
		return -1;
	char *msg = message_inbox(s->sc);
	char *lit = xprintf("* 1 FETCH (FLAGS (\\Seen \\Recent) BODY[] {%zu}\r\n%s)\r\n",
			    strlen(msg), msg);
	int r = command(im, "fetch", N_("FETCH: the message comes down"), "FETCH 1 (BODY[])", lit,
			"OK Fetch completed (0.001 + 0.000 secs).");
	if (r == 0)
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("message"), N_("Re: Tea party on Saturday, %zu bytes"),
			  strlen(msg));
	free(lit);
	free(msg);
	return r < 0 ? -1 : logout(im);
}

int imap_run(struct sess *s)
{
	const struct scenario *sc = s->sc;
	struct imap im = { .s = s };

	sess_open_link(s, LINK_A, N_("TCP connection to the server"));
	if (sc->mode == MODE_IMPLICIT && sess_tls(s) < 0)
		return -1;
	char *c = caps(s);
	char *greet = xprintf("* OK [CAPABILITY %s] Dovecot (Debian) ready.\r\n", c);
	int r = sess_exchange(s, "greeting", N_("Greeting: capabilities come with the banner"), NULL,
			      greet);
	free(c);
	free(greet);
	if (r < 0 || capability(&im, "capability", N_("CAPABILITY: what can the server do?")) < 0)
		return -1;
	if (sc->mode == MODE_UPGRADE && upgrade(&im) < 0)
		return -1;
	if (login(&im) < 0)
		return -1;
	return read_mail(&im);
}
