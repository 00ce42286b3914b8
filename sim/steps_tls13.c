/*
 * steps_tls13: TLS 1.3 (tls13*.c) on the eight steps.  The steps happen
 * in another order, and the narration says so: the key shares cross in
 * step 1 (ClientHello, ServerHello), so both sides hold handshake keys
 * before the server sends its certificate, which travels encrypted.
 * Nothing is wrapped; the long-term key only signs (CertificateVerify).
 */
#include "steps_impl.h"
#include "tls_record.h"

static void tls13_init(struct sess *s)
{
	const struct server_identity *id = steps_server_identity(s);
	tls13_client_init(&s->m.c13, &s->secrets, steps_server_name(s), steps_check_chain, s);
	s->chain[0] = id->cert.p;
	s->chain_len[0] = id->cert.len;
	tls13_server_init(&s->m.s13, &s->secrets, s->chain, s->chain_len, 1, id->sign_sk);
	tls13_set_keylog(&s->m.c13.conn, steps_keylog, s);
}

/* Feeds a frame to a reader record by record; -1 when it refused one. */
static int feed(void *m, int (*read)(void *m, const uint8_t *in, size_t n), const struct buf *frame)
{
	const uint8_t *p = frame->p;
	size_t left = frame->len;
	while (left > 0) {
		long len = tls_rec_frame(p, left);
		if (len <= 0 || read(m, p, (size_t)len) < 0)
			return -1;
		p += len;
		left -= (size_t)len;
	}
	return 0;
}

static int client_read(void *m, const uint8_t *in, size_t n)
{
	return tls13_client_read(m, in, n);
}

static int server_read(void *m, const uint8_t *in, size_t n)
{
	return tls13_server_read(m, in, n);
}

/* The alert a failed machine owes its peer, onto the wire. */
static void send_alert(struct sess *s, struct tls13_conn *t, enum wire_dir dir)
{
	struct buf a = { 0 };
	if (tls13_alert_record(t, &a) == 0 && a.len)
		sess_wire(s, dir, a.p, a.len);
	buf_free(&a);
}

static int connect_step(struct sess *s, struct buf *b)
{
	TRY(tls13_client_hello(&s->m.c13, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	TRY(feed(&s->m.s13, server_read, b));
	b->len = 0;
	TRY(tls13_server_hello(&s->m.s13, b));
	sess_wire(s, WIRE_S2C, b->p, b->len);
	TRY(feed(&s->m.c13, client_read, b));
	const struct tls13_conn *c = &s->m.c13.conn;
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("client random"), c->client_random, 32);
	sess_fact_text(s, PARTY_CLIENT, FACT_INFO, N_("asked for"), steps_server_name(s));
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("key share"), c->client_share, 32);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("server key share"), c->server_share, 32);
	sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("handshake keys"),
		  N_("from both key shares, before any certificate"));
	if (!steps_server_reached(s))
		return STEP_OK;
	sess_fact_text(s, PARTY_SERVER, FACT_INFO, N_("client asks for"), s->m.s13.conn.server_name);
	sess_fact_hex(s, PARTY_SERVER, FACT_KEY, N_("key share"), s->m.s13.conn.server_share, 32);
	sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("handshake keys"),
		  N_("from both key shares, before any certificate"));
	return STEP_OK;
}

static int certificate_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(tls13_server_certificate(&s->m.s13, b));
	TRY(tls13_server_finished(&s->m.s13, b));
	steps_on_handshake(s, b);
	sess_wire(s, WIRE_S2C, b->p, b->len);
	steps_server_facts(s);
	if (steps_server_reached(s))
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("sent"),
			  N_("certificate, CertificateVerify and Finished, encrypted with the handshake key"));
	(void)feed(&s->m.c13, client_read, b);	/* a refusal is step 3's */
	if (s->verdict == X509_MALFORMED && s->m.c13.conn.state == TLS13_FAILED)
		return steps_stop(s, PARTY_CLIENT, N_("certificate"), N_("unreadable"), 42);
	steps_client_cert_facts(s, N_("Ed25519: it signs, never wraps"));
	return STEP_OK;
}

static int validation_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_tick(s, 300);
	const struct tls13_conn *c = &s->m.c13.conn;
	int r = steps_validation_facts(s);
	if (r == STEP_OK) {
		sess_fact_msg(s, PARTY_CLIENT, c->cv_verified ? FACT_CHECK_OK : FACT_CHECK_FAIL,
			      N_("CertificateVerify"), c->cv_verified
			      ? N_("the server signed this handshake with the certified key")
			      : N_("the handshake signature does not verify"));
		if (c->cv_verified)
			sess_fact_msg(s, PARTY_CLIENT, c->server_fin_verified ? FACT_CHECK_OK : FACT_CHECK_FAIL,
				      N_("Finished"), c->server_fin_verified
				      ? N_("the server's Finished verifies") : N_("does not verify"));
	}
	if (r != STEP_OK || c->state != TLS13_SEND_FINISHED) {
		send_alert(s, &s->m.c13.conn, WIRE_C2S);
		return STEP_STOPPED;
	}
	return STEP_OK;
}

static int shared_secret_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_tick(s, 100);
	sess_fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("shared secret"), s->m.c13.conn.sec->ecdhe, 32);
	sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("traffic keys"),
		  N_("handshake and application keys from the key schedule (HKDF)"));
	return STEP_OK;
}

static int nothing_wrapped_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("wrap"),
		  N_("nothing is wrapped: the key shares crossed in step 1"));
	return STEP_OK;
}

static int nothing_sent_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("transfer"),
		  N_("nothing to send: the client's key share went in its ClientHello"));
	return STEP_OK;
}

static int server_secret_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("derive"),
		  N_("X25519 of its ephemeral secret and the client's key share, in step 1"));
	sess_fact_hex(s, PARTY_SERVER, FACT_SECRET, N_("shared secret"), s->m.s13.conn.sec->ecdhe, 32);
	sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("ephemeral secret"), N_("wiped"));
	return STEP_OK;
}

static int finished_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(tls13_client_finished(&s->m.c13, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	if (feed(&s->m.s13, server_read, b) < 0) {
		send_alert(s, &s->m.s13.conn, WIRE_S2C);
		sess_fact(s, PARTY_SERVER, FACT_CHECK_FAIL, N_("Finished"), N_("does not verify"));
		return STEP_STOPPED;
	}
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("Finished"),
		  N_("the client's Finished verifies: same keys, same handshake"));
	steps_channel_facts(s, N_("encrypted (ChaCha20-Poly1305, TLS 1.3)"));
	return STEP_OK;
}

static const struct step steps[8] = {
	{ 1, "connect", N_("Connect: hello, with a key share each way"), PARTY_CLIENT, connect_step },
	{ 2, "certificate", N_("Certificate: the server shows its public key, encrypted"),
	  PARTY_SERVER, certificate_step },
	{ 3, "validation", N_("Validation: is this really the server?"), PARTY_CLIENT, validation_step },
	{ 4, "session-key", N_("Secret: both sides computed it from the key shares"), PARTY_CLIENT,
	  shared_secret_step },
	{ 5, "wrap", N_("Wrap: nothing to wrap in TLS 1.3"), PARTY_CLIENT, nothing_wrapped_step },
	{ 6, "transfer", N_("Transfer: the key share already crossed in step 1"), PARTY_CLIENT,
	  nothing_sent_step },
	{ 7, "unwrap", N_("Derive: the server computed the same secret"), PARTY_SERVER,
	  server_secret_step },
	{ 8, "session", N_("Session: both sides encrypt with the session keys"), PARTY_CLIENT, finished_step },
};

static struct tls13_conn *conn(struct sess *s, bool client)
{
	return client ? &s->m.c13.conn : &s->m.s13.conn;
}

static int tls13_seal(struct sess *s, enum wire_dir dir, const uint8_t *p, size_t n, struct buf *out)
{
	return tls13_seal_app(conn(s, dir == WIRE_C2S), p, n, out);
}

static int tls13_open(struct sess *s, enum wire_dir dir, const uint8_t *rec, size_t n,
		      struct buf *plain, struct buf *alert)
{
	struct tls13_conn *rx = conn(s, dir != WIRE_C2S);
	if (tls13_open_app(rx, rec, n, plain) >= 0)
		return 0;
	if (tls13_alert_record(rx, alert) < 0)
		alert->len = 0;	/* nothing owed: the connection just ends */
	return -1;
}

static const struct sess_channel channel = { tls13_seal, tls13_open };

const struct version tls13_version = { steps, &channel, tls13_init };
