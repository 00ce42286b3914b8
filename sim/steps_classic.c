/*
 * steps_classic: the article's eight steps, key transport (handshake.c).
 * The client makes the session key, wraps it to the X25519 form of the
 * certificate's key and sends it; the server unwraps it with its private
 * key.  Whoever later steals that private key opens every recording.
 */
#include <sodium.h>
#include <string.h>

#include "steps_impl.h"

static void classic_init(struct sess *s)
{
	hs_client_init(&s->m.hc, &s->secrets, steps_server_name(s));
	hs_server_init(&s->m.hs, &s->secrets, steps_server_identity(s));
}

static int connect_step(struct sess *s, struct buf *b)
{
	TRY(hs_client_hello(&s->m.hc, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	TRY(hs_server_read_hello(&s->m.hs, b->p, b->len));
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("client random"), s->m.hc.random, 32);
	sess_fact_text(s, PARTY_CLIENT, FACT_INFO, N_("asked for"), steps_server_name(s));
	if (steps_server_reached(s))
		sess_fact_text(s, PARTY_SERVER, FACT_INFO, N_("client asks for"), s->m.hs.server_name);
	return STEP_OK;
}

static int certificate_step(struct sess *s, struct buf *b)
{
	uint8_t pk[32];
	b->len = 0;
	TRY(hs_server_hello(&s->m.hs, b));
	steps_on_handshake(s, b);
	sess_wire(s, WIRE_S2C, b->p, b->len);
	steps_server_facts(s);
	if (hs_client_read_server(&s->m.hc, b->p, b->len) < 0)
		return steps_stop(s, PARTY_CLIENT, N_("certificate"), N_("unreadable"), 50);
	const uint8_t *cert = s->m.hc.cert.p;
	size_t len = s->m.hc.cert.len;
	(void)steps_check_chain(s, &cert, &len, 1, pk);	/* its verdict is step 3's */
	if (s->verdict == X509_MALFORMED)
		return steps_stop(s, PARTY_CLIENT, N_("certificate"), N_("unreadable"), 42);
	steps_client_cert_facts(s, N_("Ed25519; its X25519 form wraps the session key"));
	return STEP_OK;
}

static int validation_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_tick(s, 300);
	if (steps_validation_facts(s) != STEP_OK) {
		sess_alert(s, WIRE_C2S, steps_cert_alert(s->verdict));
		return STEP_STOPPED;
	}
	TRY(hs_client_validate(&s->m.hc, s->leaf.key));
	return STEP_OK;
}

static int session_key_step(struct sess *s, struct buf *b)
{
	(void)b;
	TRY(hs_client_make_key(&s->m.hc));
	sess_tick(s, 50);
	sess_fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("session key"), s->m.hc.session_key, 32);
	steps_keylog(s, KEYLOG_CLASSIC, s->m.hc.random, s->m.hc.session_key, HS_SESSION_KEY_LEN);
	return STEP_OK;
}

static int wrap_step(struct sess *s, struct buf *b)
{
	(void)b;
	TRY(hs_client_wrap(&s->m.hc));
	sess_tick(s, 150);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("wrapped session key"), s->m.hc.sealed,
		      HS_SEALED_LEN);
	return STEP_OK;
}

static int transfer_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(hs_client_key_exchange(&s->m.hc, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	return STEP_OK;
}

static int unwrap_step(struct sess *s, struct buf *b)
{
	sess_tick(s, 150);
	if (hs_server_read_key_exchange(&s->m.hs, b->p, b->len) < 0)
		return steps_stop(s, PARTY_SERVER, N_("session key"), N_("could not be recovered"), 51);
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("unwrap"),
		  N_("crypto_box_seal_open with its private key"));
	sess_fact_hex(s, PARTY_SERVER, FACT_SECRET, N_("session key"), s->m.hs.session_key, 32);
	return STEP_OK;
}

static int finished_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(hs_client_finished(&s->m.hc, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	if (hs_server_read_finished(&s->m.hs, b->p, b->len) < 0)	/* bad_record_mac */
		return steps_stop(s, PARTY_SERVER, N_("Finished"), N_("does not verify"), 20);
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("Finished"),
		  N_("the client's Finished verifies: same key, same handshake"));
	b->len = 0;
	TRY(hs_server_finished(&s->m.hs, b));
	sess_wire(s, WIRE_S2C, b->p, b->len);
	if (hs_client_read_finished(&s->m.hc, b->p, b->len) < 0)
		return steps_stop(s, PARTY_CLIENT, N_("Finished"), N_("does not verify"), 20);
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("Finished"), N_("the server's Finished verifies"));
	steps_channel_facts(s, N_("encrypted (XChaCha20-Poly1305, session key)"));
	return STEP_OK;
}

static const struct step steps[8] = {
	{ 1, "connect", N_("Connect: the client says hello"), PARTY_CLIENT, connect_step },
	{ 2, "certificate", N_("Certificate: the server shows its public key"), PARTY_SERVER, certificate_step },
	{ 3, "validation", N_("Validation: is this really the server?"), PARTY_CLIENT, validation_step },
	{ 4, "session-key", N_("Session key: the client makes a secret"), PARTY_CLIENT, session_key_step },
	{ 5, "wrap", N_("Wrap: lock the session key with the server's public key"), PARTY_CLIENT, wrap_step },
	{ 6, "transfer", N_("Transfer: the wrapped key crosses the wire"), PARTY_CLIENT, transfer_step },
	{ 7, "unwrap", N_("Unwrap: the server opens it with its private key"), PARTY_SERVER, unwrap_step },
	{ 8, "session", N_("Session: both sides encrypt with the session key"), PARTY_CLIENT, finished_step },
};

/* Records sealed with XChaCha20-Poly1305 under the session key (record.c). */
static int classic_seal(struct sess *s, enum wire_dir dir, const uint8_t *p, size_t n,
			struct buf *out)
{
	struct rec_state *tx = dir == WIRE_C2S ? &s->m.hc.rec : &s->m.hs.rec;
	size_t off = 0;
	do {
		size_t chunk = n - off < REC_MAX_PLAIN ? n - off : REC_MAX_PLAIN;
		rec_write_sealed(tx, out, REC_APPLICATION_DATA, p + off, chunk);
		off += chunk;
	} while (off < n);
	return 0;
}

static int classic_open(struct sess *s, enum wire_dir dir, const uint8_t *rec, size_t n,
			struct buf *plain, struct buf *alert)
{
	struct rec_state *rx = dir == WIRE_C2S ? &s->m.hs.rec : &s->m.hc.rec;
	uint8_t *p = xmalloc(n ? n : 1);
	size_t len;
	int r = rec_open(rx, rec, n, p, &len);
	if (r == 0) {
		buf_put(plain, p, len);
	} else {
		uint8_t fatal[2] = { 2, 20 };	/* bad_record_mac */
		rec_write_sealed(dir == WIRE_C2S ? &s->m.hs.rec : &s->m.hc.rec, alert,
				 REC_ALERT, fatal, sizeof fatal);
	}
	sodium_memzero(p, n);
	free(p);
	return r;
}

static const struct sess_channel channel = { classic_seal, classic_open };

const struct version classic_version = { steps, &channel, classic_init };
