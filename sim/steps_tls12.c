/*
 * steps_tls12: TLS 1.2 with ECDHE (tls12*.c) on the eight steps.  The
 * certificate travels in clear as in the classic model, but nothing is
 * wrapped: each side makes a one-time X25519 key pair, the server signs
 * its key share with the certificate's key, and both compute the same
 * pre-master secret from the two shares.  A private key stolen later
 * opens nothing: the ephemeral secrets were wiped (forward secrecy).
 */
#include "steps_impl.h"
#include "tls_record.h"

static void tls12_init(struct sess *s)
{
	const struct server_identity *id = steps_server_identity(s);
	tls12_client_init(&s->m.c12, &s->secrets, steps_server_name(s), steps_check_chain, s,
			  steps_keylog, s);
	s->chain[0] = id->cert.p;
	s->chain_len[0] = id->cert.len;
	tls12_server_init(&s->m.s12, &s->secrets, s->chain, s->chain_len, 1, id->sign_sk);
}

/*
 * Feeds a frame to a reader record by record, as a socket reader would;
 * the reader's alerts go to alert.  1 when the flight is complete, 0 when
 * more is needed, -1 when the reader refused it.
 */
static int feed(void *m, int (*read)(void *m, const uint8_t *in, size_t n, struct buf *out),
		const struct buf *frame, struct buf *alert)
{
	const uint8_t *p = frame->p;
	size_t left = frame->len;
	int r = 0;
	while (left > 0 && r == 0) {
		long len = tls_rec_frame(p, left);
		if (len <= 0)
			return -1;
		r = read(m, p, (size_t)len, alert);
		p += len;
		left -= (size_t)len;
	}
	return r;
}

static int read_client_hello(void *m, const uint8_t *in, size_t n, struct buf *out)
{
	return tls12_server_read_client_hello(m, in, n, out);
}

static int read_server_flight(void *m, const uint8_t *in, size_t n, struct buf *out)
{
	return tls12_client_read_server_flight(m, in, n, out);
}

static int read_client_finished(void *m, const uint8_t *in, size_t n, struct buf *out)
{
	return tls12_server_read_client_finished(m, in, n, out);
}

static int read_server_finished(void *m, const uint8_t *in, size_t n, struct buf *out)
{
	return tls12_client_read_server_finished(m, in, n, out);
}

static int connect_step(struct sess *s, struct buf *b)
{
	struct buf alert = { 0 };
	TRY(tls12_client_hello(&s->m.c12, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	int r = feed(&s->m.s12, read_client_hello, b, &alert);
	buf_free(&alert);
	TRY(r);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("client random"), s->m.c12.c.client_random, 32);
	sess_fact_text(s, PARTY_CLIENT, FACT_INFO, N_("asked for"), steps_server_name(s));
	if (steps_server_reached(s))
		sess_fact_text(s, PARTY_SERVER, FACT_INFO, N_("client asks for"), s->m.s12.server_name);
	return STEP_OK;
}

/* Step 2: the server's flight; the client reads it and keeps any alert in
 * b for step 3, which says why. */
static int certificate_step(struct sess *s, struct buf *b)
{
	struct buf flight = { 0 };
	b->len = 0;
	TRY(tls12_server_flight(&s->m.s12, &flight));
	steps_on_handshake(s, &flight);
	sess_wire(s, WIRE_S2C, flight.p, flight.len);
	steps_server_facts(s);
	if (steps_server_reached(s)) {
		sess_fact_hex(s, PARTY_SERVER, FACT_KEY, N_("key share"), s->m.s12.c.server_share, 32);
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("ServerKeyExchange"),
			  N_("its key share, signed with the certificate's key"));
	}
	int r = feed(&s->m.c12, read_server_flight, &flight, b);
	buf_free(&flight);
	if (s->verdict == X509_MALFORMED && r < 0)
		return steps_stop(s, PARTY_CLIENT, N_("certificate"), N_("unreadable"), 42);
	steps_client_cert_facts(s, N_("Ed25519: it signs, never wraps"));
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("server key share"), s->m.c12.c.server_share, 32);
	return STEP_OK;
}

static int validation_step(struct sess *s, struct buf *b)
{
	sess_tick(s, 300);
	int r = steps_validation_facts(s);
	if (r == STEP_OK)
		sess_fact_msg(s, PARTY_CLIENT, s->m.c12.c.ske_sig_ok ? FACT_CHECK_OK : FACT_CHECK_FAIL,
			      N_("key share signature"), s->m.c12.c.ske_sig_ok
			      ? N_("the server's key share is signed by the certified key")
			      : N_("the key share's signature does not verify"));
	if (r != STEP_OK || !s->m.c12.c.ske_sig_ok) {
		if (b->len)
			sess_wire(s, WIRE_C2S, b->p, b->len);	/* the engine's alert */
		return STEP_STOPPED;
	}
	return STEP_OK;
}

static int key_share_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(tls12_client_key_exchange(&s->m.c12, b));	/* sent in step 6 */
	sess_tick(s, 100);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("key share"), s->m.c12.c.client_share, 32);
	sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("ephemeral secret"), N_("used once, then wiped"));
	return STEP_OK;
}

static int derive_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_tick(s, 150);
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("wrap"),
		  N_("nothing is wrapped: both key shares give the pre-master secret"));
	sess_fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("pre-master secret"), s->m.c12.c.premaster, 32);
	sess_fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("master secret"), s->m.c12.c.master, 48);
	return STEP_OK;
}

static int transfer_step(struct sess *s, struct buf *b)
{
	sess_wire(s, WIRE_C2S, b->p, b->len);
	return STEP_OK;
}

static int server_derive_step(struct sess *s, struct buf *b)
{
	struct buf alert = { 0 };
	sess_tick(s, 150);
	int r = feed(&s->m.s12, read_client_finished, b, &alert);
	buf_free(&alert);
	if (r < 0)
		return steps_stop(s, PARTY_SERVER, N_("key share"), N_("could not be used"), 47);
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("derive"),
		  N_("X25519 of its ephemeral secret and the client's key share"));
	sess_fact_hex(s, PARTY_SERVER, FACT_SECRET, N_("pre-master secret"), s->m.s12.c.premaster, 32);
	sess_fact_hex(s, PARTY_SERVER, FACT_SECRET, N_("master secret"), s->m.s12.c.master, 48);
	sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("ephemeral secret"), N_("wiped"));
	return STEP_OK;
}

static int finished_step(struct sess *s, struct buf *b)
{
	struct buf alert = { 0 };
	b->len = 0;
	TRY(tls12_client_finished(&s->m.c12, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	int r = feed(&s->m.s12, read_client_finished, b, &alert);
	if (r < 1) {
		sess_datagram(s, WIRE_S2C, alert.p, alert.len);
		buf_free(&alert);
		return steps_stop(s, PARTY_SERVER, N_("Finished"), N_("does not verify"), 51);
	}
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("Finished"),
		  N_("the client's Finished verifies: same keys, same handshake"));
	b->len = 0;
	TRY(tls12_server_finished(&s->m.s12, b));
	sess_wire(s, WIRE_S2C, b->p, b->len);
	alert.len = 0;
	r = feed(&s->m.c12, read_server_finished, b, &alert);
	buf_free(&alert);
	if (r < 1)
		return steps_stop(s, PARTY_CLIENT, N_("Finished"), N_("does not verify"), 51);
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("Finished"), N_("the server's Finished verifies"));
	steps_channel_facts(s, N_("encrypted (ChaCha20-Poly1305, TLS 1.2)"));
	return STEP_OK;
}

static const struct step steps[8] = {
	{ 1, "connect", N_("Connect: the client says hello"), PARTY_CLIENT, connect_step },
	{ 2, "certificate", N_("Certificate: the server shows its public key and a signed key share"),
	  PARTY_SERVER, certificate_step },
	{ 3, "validation", N_("Validation: is this really the server?"), PARTY_CLIENT, validation_step },
	{ 4, "session-key", N_("Key share: the client makes a one-time key pair"), PARTY_CLIENT, key_share_step },
	{ 5, "wrap", N_("Derive: nothing is wrapped; both shares give the secret"), PARTY_CLIENT, derive_step },
	{ 6, "transfer", N_("Transfer: the client's key share crosses the wire"), PARTY_CLIENT, transfer_step },
	{ 7, "unwrap", N_("Derive: the server computes the same secret"), PARTY_SERVER, server_derive_step },
	{ 8, "session", N_("Session: both sides encrypt with the session keys"), PARTY_CLIENT, finished_step },
};

static struct tls12_conn *sender(struct sess *s, enum wire_dir dir)
{
	return dir == WIRE_C2S ? &s->m.c12.c : &s->m.s12.c;
}

static int tls12_seal(struct sess *s, enum wire_dir dir, const uint8_t *p, size_t n, struct buf *out)
{
	return tls12_write(sender(s, dir), p, n, out);
}

static int tls12_open(struct sess *s, enum wire_dir dir, const uint8_t *rec, size_t n,
		      struct buf *plain, struct buf *alert)
{
	struct tls12_conn *rx = dir == WIRE_C2S ? &s->m.s12.c : &s->m.c12.c;
	return tls12_read(rx, rec, n, plain, alert) < 0 ? -1 : 0;
}

static const struct sess_channel channel = { tls12_seal, tls12_open };

const struct version tls12_version = { steps, &channel, tls12_init };
