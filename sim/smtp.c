/*
 * smtp: submission (hop A) and relay (DNS MX, hop B) dialogues, shaped
 * after what Postfix sends (see shared/reference): the 220 banner, the
 * multi-line EHLO reply, enhanced status codes, STARTTLS (RFC 3207) with
 * EHLO repeated inside TLS, AUTH PLAIN (RFC 4954, 4616), dot-stuffed DATA.
 *
 * The client decides from what it received, so an attacker who deletes a
 * capability changes what the client does.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "drivers.h"
#include "message.h"
#include "nexthop.h"
#include "steps.h"

struct smtp_side {
	const char *server;	/* who answers: mail.example.test or mx.example.org */
	const char *helo;	/* who greets: client.example.test or mail.example.test */
	bool submission;	/* hop A: authenticate before sending */
	bool offer_starttls;	/* the server supports STARTTLS here */
	const char *no_tls;	/* message id when TLS is required but not offered, or NULL */
	bool data_sent;		/* out: DATA went out on this hop */
	bool accepted;		/* out: the server queued the message */
};


static char *ehlo_reply(const struct sess *s, const struct smtp_side *side)
{
	bool tls = s->tls;
	bool auth = side->submission && (tls || s->sc->server_policy == SERVER_LAX);
	return xprintf("250-%s\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n"
		       "%s%s250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n"
		       "250-SMTPUTF8\r\n250 CHUNKING\r\n",
		       side->server, side->offer_starttls && !tls ? "250-STARTTLS\r\n" : "",
		       auth ? "250-AUTH PLAIN LOGIN\r\n" : "");
}

static int ehlo(struct sess *s, const struct smtp_side *side, const char *name, const char *title)
{
	char *cmd = xprintf("EHLO %s\r\n", side->helo), *reply = ehlo_reply(s, side);
	int r = sess_exchange(s, name, title, cmd, reply);
	free(cmd);
	free(reply);
	if (r == 0) {
		sess_note_offers(s, "250", 1);	/* the first line is the server's name */
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("client"), N_("greeted as %s"), side->helo);
	}
	return r;
}

static int quit(struct sess *s)
{
	return sess_exchange(s, "quit", N_("QUIT: goodbye"), "QUIT\r\n", "221 2.0.0 Bye\r\n");
}

/* The client gives up before sending anything secret; why is a message id. */
static int give_up(struct sess *s, const char *why)
{
	sess_fact_msg(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"), why);
	(void)quit(s);
	return -1;
}

static char *queue_id(void)
{
	uint8_t r[6];
	char *id = xmalloc(12);
	randombytes_buf(r, sizeof r);
	for (int i = 0; i < 11; i++)
		id[i] = "0123456789ABCDEF"[(r[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	id[11] = '\0';
	return id;
}

static int auth(struct sess *s)
{
	const struct identity *id = &s->sc->id;
	size_t ul = strlen(id->user), pl = strlen(id->password);
	uint8_t *raw = xmalloc(ul + pl + 2);
	raw[0] = 0;
	memcpy(raw + 1, id->user, ul);
	raw[1 + ul] = 0;
	memcpy(raw + 2 + ul, id->password, pl);
	size_t b64len = sodium_base64_ENCODED_LEN(ul + pl + 2, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(b64len);
	sodium_bin2base64(b64, b64len, raw, ul + pl + 2, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(raw, ul + pl + 2);
	free(raw);
	char *cmd = xprintf("AUTH PLAIN %s\r\n", b64);
	free(b64);
	int r = sess_exchange(s, "auth", N_("AUTH: the client logs in"), cmd,
			      "235 2.7.0 Authentication successful\r\n");
	free(cmd);
	if (r == 0) {
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("logged in"), N_("as %s (AUTH PLAIN)"), id->user);
		sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("user"), N_("%s, password correct"), id->user);
	}
	return r;
}

/* After TLS is offered (or not), the rest of one SMTP conversation. */
static int transaction(struct sess *s, struct smtp_side *side, const char *message)
{
	const struct identity *id = &s->sc->id;
	char *cmd, *body, *reply, *qid;
	int r;

	if (side->submission) {
		if (!sess_got_line(s, "250-AUTH PLAIN LOGIN"))
			return give_up(s, N_("the server offers no login here, so the client cannot send; "
					  "it quits without revealing the password"));
		if (auth(s) < 0)
			return -1;
	}
	cmd = xprintf("MAIL FROM:<%s>\r\n", id->from);
	r = sess_exchange(s, "mail-from", N_("MAIL FROM: the envelope sender"), cmd, "250 2.1.0 Ok\r\n");
	free(cmd);
	if (r < 0)
		return -1;
	cmd = xprintf("RCPT TO:<%s>\r\n", id->to);
	r = sess_exchange(s, "rcpt-to", N_("RCPT TO: the envelope recipient"), cmd, "250 2.1.5 Ok\r\n");
	free(cmd);
	if (r < 0)
		return -1;
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("envelope"), N_("from %s to %s"), id->from, id->to);
	side->data_sent = true;
	if (sess_exchange(s, "data", N_("DATA: the message follows"), "DATA\r\n",
			  "354 End data with <CR><LF>.<CR><LF>\r\n") < 0)
		return -1;
	body = message_dot_stuff(message);
	qid = queue_id();
	reply = xprintf("250 2.0.0 Ok: queued as %s\r\n", qid);
	r = sess_exchange(s, "message", N_("The message itself, then the server's receipt"), body, reply);
	free(body);
	free(reply);
	if (r == 0) {
		side->accepted = true;
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("message"), N_("sent, queued as %s"), qid);
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("message"), N_("%zu bytes received, queued as %s"),
			  strlen(message), qid);
	}
	free(qid);
	return r < 0 ? -1 : quit(s);
}

/* Greeting, EHLO, STARTTLS when wanted and offered, EHLO again. */
static int conversation(struct sess *s, struct smtp_side *side, bool want_tls,
			bool tls_required, const char *message)
{
	char *banner = xprintf("220 %s ESMTP Postfix (Debian/GNU)\r\n", side->server);
	int r = sess_exchange(s, "greeting", N_("Greeting: the server's 220 banner"), NULL, banner);
	free(banner);
	if (r < 0 || ehlo(s, side, "ehlo", N_("EHLO: the client asks what the server offers")) < 0)
		return -1;
	if (want_tls && !s->tls) {
		if (sess_got_line(s, "250-STARTTLS")) {
			if (sess_exchange(s, "starttls", N_("STARTTLS: switch to TLS on this connection"),
					  "STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n") < 0 ||
			    sess_tls(s) < 0 ||
			    ehlo(s, side, "ehlo-again", N_("EHLO again, now inside TLS (RFC 3207)")) < 0)
				return -1;
		} else if (tls_required) {
			return give_up(s, side->no_tls ? side->no_tls
					  : N_("STARTTLS is not offered and this client requires TLS: "
					       "it quits before sending anything secret"));
		} else {
			sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("TLS"),
				  N_("STARTTLS not offered: carrying on in clear (opportunistic)"));
		}
	}
	return transaction(s, side, message);
}

int smtp_run(struct sess *s)
{
	const struct scenario *sc = s->sc;
	struct smtp_side side = {
		.server = sc->id.server, .helo = sc->id.client_host, .submission = true,
		.offer_starttls = sc->mode != MODE_IMPLICIT,
	};
	sess_open_link(s, LINK_A, N_("TCP connection to the server"));
	if (sc->mode == MODE_IMPLICIT && sess_tls(s) < 0)
		return -1;
	char *msg = message_outgoing(sc);
	int r = conversation(s, &side, sc->mode == MODE_UPGRADE,
			     sc->tls_policy == POLICY_REQUIRED, msg);
	free(msg);
	return r;
}

/* The MX lookup for the recipient's domain: one query, one answer, in clear. */
static void dns_mx(struct sess *s, const char *domain)
{
	struct buf q = { 0 }, a = { 0 };
	const char *mx = s->sc->id.mx_server;
	dns_query(&q, 0x4d58, domain, DNS_MX);
	dns_answer_mx(&a, &q, domain, mx, s->tl->links[LINK_B].server_ip);
	sess_open_datagram(s, LINK_DNS, "dns-mx", N_("DNS: where does example.org receive mail?"),
			   PARTY_SERVER);
	sess_datagram(s, WIRE_C2S, q.p, q.len);
	sess_tick(s, 8000);
	sess_datagram(s, WIRE_S2C, a.p, a.len);
	sess_tick(s, 1000);
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("next hop"), N_("%s is the MX of %s (DNS, in clear)"),
		  mx, domain);
	buf_free(&q);
	buf_free(&a);
}

/* What the sender learns of hop B's policy before it connects; 0 or -1. */
static int policy_lookup(struct sess *s, const char *domain)
{
	switch (s->sc->hop_b) {
	case HOP_B_MTA_STS: return nexthop_mta_sts(s, domain);
	case HOP_B_DANE: nexthop_dane(s); return 0;
	default: return 0;
	}
}

/* Hop B: the relayed message to the MX, as the policy allows. */
static int hop_b(struct sess *s, const char *msg)
{
	const struct scenario *sc = s->sc;
	bool required = sc->hop_b == HOP_B_MTA_STS || sc->hop_b == HOP_B_DANE;
	struct smtp_side b = {
		.server = sc->id.mx_server, .helo = sc->id.server,
		.offer_starttls = sc->hop_b != HOP_B_PLAIN,
		.no_tls = sc->hop_b == HOP_B_DANE
			  ? N_("STARTTLS is not offered, but DANE requires TLS to this MX: "
			       "the sender quits without sending the message")
			  : N_("STARTTLS is not offered, but the MTA-STS policy says enforce: "
			       "the sender quits without sending the message"),
	};
	char date[40];
	sess_open_link(s, LINK_B, N_("Hop B: the server connects to the MX on port 25"));
	message_date(sc->clock, date, sizeof date);
	char *relayed = xprintf("Received: from %s (%s [192.0.2.10])\r\n"
				"\tby %s (Postfix) with ESMTPSA\r\n\tfor <%s>; %s\r\n%s",
				sc->id.client_host, sc->id.client_host, sc->id.server, sc->id.to,
				date, msg);
	/* opportunistic and plain: TLS when offered, clear otherwise, any
	 * certificate; mta-sts and dane: authenticated TLS or nothing */
	int r = conversation(s, &b, true, required, relayed);
	free(relayed);
	if (r < 0 && !b.accepted)
		nexthop_defer(s, !b.data_sent);
	return r;
}

int relay_run(struct sess *s)
{
	const struct scenario *sc = s->sc;
	struct smtp_side a = { .server = sc->id.server, .helo = sc->id.client_host,
			       .submission = true, .offer_starttls = true };
	char *msg = message_outgoing(sc);
	const char *at = strchr(sc->id.to, '@'), *domain = at ? at + 1 : sc->id.to;

	sess_open_link(s, LINK_A, N_("Hop A: TCP connection to port 587"));
	int r = conversation(s, &a, true, sc->tls_policy == POLICY_REQUIRED, msg);
	if (r == 0) {
		dns_mx(s, domain);
		r = policy_lookup(s, domain);
	}
	if (r == 0)
		r = hop_b(s, msg);
	free(msg);
	return r;
}
