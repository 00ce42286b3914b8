/*
 * pop3: a POP3 session shaped after Dovecot (RFC 1939, STLS from RFC 2595,
 * CAPA from RFC 2449): greeting, CAPA, STLS when wanted, CAPA again inside
 * TLS, USER/PASS, STAT, RETR of the message, QUIT.
 *
 * A strict server (Dovecot's disable_plaintext_auth) lists no USER before
 * TLS and refuses it with -ERR [AUTH], as the real one does.
 */
#include <stdlib.h>
#include <string.h>

#include "drivers.h"
#include "message.h"
#include "steps.h"

static char *capa_reply(const struct sess *s)
{
	bool login = s->tls || s->sc->server_policy == SERVER_LAX;
	bool stls = !s->tls && s->sc->mode != MODE_IMPLICIT;
	return xprintf("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
		       "%s%s.\r\n", stls ? "STLS\r\n" : "",
		       login ? "USER\r\nSASL PLAIN LOGIN\r\n" : "");
}

static int capa(struct sess *s, const char *name, const char *title)
{
	char *reply = capa_reply(s);
	int r = sess_exchange(s, name, title, "CAPA\r\n", reply);
	free(reply);
	if (r == 0)
		sess_note_offers(s, "", 2);	/* after "+OK" and "CAPA" */
	return r;
}

static int quit(struct sess *s)
{
	return sess_exchange(s, "quit", N_("QUIT: log out"), "QUIT\r\n", "+OK Logging out.\r\n");
}

static int login(struct sess *s)
{
	const struct identity *id = &s->sc->id;
	bool allowed = s->tls || s->sc->server_policy == SERVER_LAX;
	char *cmd = xprintf("USER %s\r\n", id->user);
	int r = sess_exchange(s, "user", N_("USER: the client names the mailbox"), cmd,
			      allowed ? "+OK\r\n"
				      : "-ERR [AUTH] Plaintext authentication disallowed on "
					"non-secure (SSL/TLS) connections.\r\n");
	free(cmd);
	if (r < 0)
		return -1;
	if (!allowed) {
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"),
			  N_("the server refuses to log in without TLS; the client quits "
			  "without sending the password"));
		(void)quit(s);
		return -1;
	}
	cmd = xprintf("PASS %s\r\n", id->password);
	r = sess_exchange(s, "pass", N_("PASS: the password, as it is"), cmd, "+OK Logged in.\r\n");
	free(cmd);
	if (r == 0) {
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("logged in"), N_("as %s (USER/PASS)"), id->user);
		sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("user"), N_("%s, password correct"), id->user);
	}
	return r;
}

int pop3_run(struct sess *s)
{
	const struct scenario *sc = s->sc;
	char *msg, *body, *reply;
	int r;

	sess_open_link(s, LINK_A, N_("TCP connection to the server"));
	if (sc->mode == MODE_IMPLICIT && sess_tls(s) < 0)
		return -1;
	if (sess_exchange(s, "greeting", N_("Greeting: the server is ready"), NULL,
			  "+OK Dovecot (Debian) ready.\r\n") < 0 ||
	    capa(s, "capa", N_("CAPA: what can the server do?")) < 0)
		return -1;
	if (sc->mode == MODE_UPGRADE) {
		if (sess_got_line(s, "STLS")) {
			if (sess_exchange(s, "stls", N_("STLS: switch to TLS on this connection"), "STLS\r\n",
					  "+OK Begin TLS negotiation now.\r\n") < 0 ||
			    sess_tls(s) < 0 ||
			    capa(s, "capa-again", N_("CAPA again, now inside TLS")) < 0)
				return -1;
		} else if (sc->tls_policy == POLICY_REQUIRED) {
			sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"),
				  N_("STLS is not offered and this client requires TLS: it quits "
				  "before sending anything secret"));
			(void)quit(s);
			return -1;
		} else {
			sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("TLS"),
				  N_("STLS not offered: carrying on in clear (opportunistic)"));
		}
	}
	if (login(s) < 0)
		return -1;

	msg = message_inbox(sc);
	reply = xprintf("+OK 1 %zu\r\n", strlen(msg));
	r = sess_exchange(s, "stat", N_("STAT: how many messages?"), "STAT\r\n", reply);
	free(reply);
	if (r == 0) {
		body = message_dot_stuff(msg);
		reply = xprintf("+OK %zu octets\r\n%s", strlen(msg), body);
		r = sess_exchange(s, "retr", N_("RETR: the message comes down"), "RETR 1\r\n", reply);
		free(reply);
		free(body);
	}
	if (r == 0) {
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("message"), N_("Re: Tea party on Saturday, %zu bytes"),
			  strlen(msg));
		r = quit(s);
	}
	free(msg);
	return r;
}
