/*
 * tls12: what the TLS 1.2 client and server share (see tls12.h).
 *
 * Records come in whole; a loop opens the protected ones, cuts handshake
 * messages out of them (a message may span records, a record may hold
 * several), hashes each into the transcript and hands it to the side's
 * handler.  ChangeCipherSpec and Finished are the same for both sides and
 * are handled here, as are application data, alerts and the derivation
 * of the master secret and key block (tls_kdf) once the X25519 shared
 * secret is known.  The two sides' own messages are in tls12_client.c
 * and tls12_server.c.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tls12.h"
#include "tls_msg.h"

#define ALERT_FATAL 2
#define STOP (-1)	/* from a record handler: stop, send nothing */

void tls12_conn_init(struct tls12_conn *t, struct arena *a, bool is_server)
{
	memset(t, 0, sizeof *t);
	t->is_server = is_server;
	t->state = TLS12_START;
	t->arena = a;
	t->eph_sk = arena_alloc(a, 32);
	t->premaster = arena_alloc(a, 32);
	t->master = arena_alloc(a, TLS12_MASTER_LEN);
	t->kb = arena_alloc(a, sizeof *t->kb);
	tls_rec_init(&t->wr, a, TLS_REC_12);
	tls_rec_init(&t->rd, a, TLS_REC_12);
	tls_transcript_init(&t->transcript);
	t->alert_sent = t->alert_received = -1;
}

void tls12_conn_free(struct tls12_conn *t)
{
	if (!t)
		return;
	if (t->hs_in.p)
		sodium_memzero(t->hs_in.p, t->hs_in.cap);
	buf_free(&t->hs_in);
	sodium_memzero(&t->transcript, sizeof t->transcript);
	sodium_memzero(t->hash_before, sizeof t->hash_before);
	if (t->eph_sk)
		sodium_memzero(t->eph_sk, 32);
}

/* One record, cut in pieces of at most 2^14 bytes, sealed once keys are on. */
static int send_record(struct tls12_conn *t, uint8_t type, const uint8_t *p, size_t n,
		       struct buf *out)
{
	/* The first ClientHello's record says TLS 1.0, as OpenSSL's does. */
	bool hello = !t->is_server && t->state == TLS12_START;
	do {
		size_t k = n < TLS_REC_MAX_PLAIN ? n : TLS_REC_MAX_PLAIN;
		if (!t->wr.on)
			tls_rec_write_plain(out, type, p, k, hello);
		else if (tls_rec_seal(&t->wr, type, p, k, out) < 0)
			return -1;
		p += k;
		n -= k;
	} while (n > 0);
	return 0;
}

int tls12_fail(struct tls12_conn *t, int alert, struct buf *out)
{
	uint8_t a[2] = { ALERT_FATAL, (uint8_t)alert };
	if (t->state != TLS12_FAILED && out && send_record(t, TLS_CT_ALERT, a, 2, out) == 0)
		t->alert_sent = alert;
	t->state = TLS12_FAILED;
	return -1;
}

int tls12_send_handshake(struct tls12_conn *t, const uint8_t *msg, size_t n, struct buf *out)
{
	tls_transcript_add(&t->transcript, msg, n);
	return send_record(t, TLS_CT_HANDSHAKE, msg, n, out);
}

int tls12_premaster(struct tls12_conn *t, const uint8_t peer_share[32])
{
	/* libsodium refuses a share that makes the all-zero secret (RFC 8422 5.11). */
	int rc = crypto_scalarmult(t->premaster, t->eph_sk, peer_share);
	sodium_memzero(t->eph_sk, 32);
	return rc == 0 ? 0 : -1;
}

void tls12_derive(struct tls12_conn *t)
{
	tls_transcript_hash(&t->transcript, t->session_hash);
	tls12_extended_master_secret(t->master, t->premaster, 32, t->session_hash);
	tls12_key_block(t->kb, t->master, t->client_random, t->server_random);
	t->ems = true;
}

int tls12_send_finished(struct tls12_conn *t, struct buf *out)
{
	static const uint8_t ccs = 1;
	uint8_t hash[TLS_HASH_LEN], msg[4 + TLS12_VERIFY_LEN];
	uint8_t *vd = t->is_server ? t->server_verify : t->client_verify;

	if (send_record(t, TLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1, out) < 0)
		return -1;
	if (t->is_server)
		tls_rec_set_key(&t->wr, t->kb->server_key, t->kb->server_iv);
	else
		tls_rec_set_key(&t->wr, t->kb->client_key, t->kb->client_iv);
	tls_transcript_hash(&t->transcript, hash);
	tls12_verify_data(vd, t->master, t->is_server ? "server finished" : "client finished",
			  hash);
	msg[0] = TLS_HS_FINISHED;
	put24(msg + 1, TLS12_VERIFY_LEN);
	memcpy(msg + 4, vd, TLS12_VERIFY_LEN);
	return tls12_send_handshake(t, msg, sizeof msg, out);
}

/* The peer's ChangeCipherSpec: from here its records are sealed. */
static int read_ccs(struct tls12_conn *t, const uint8_t *p, size_t n)
{
	if (t->state != TLS12_WAIT_CCS || t->hs_in.len != 0)
		return TLS12_UNEXPECTED_MESSAGE;
	if (n != 1 || p[0] != 1)
		return TLS12_DECODE_ERROR;
	if (t->is_server)
		tls_rec_set_key(&t->rd, t->kb->client_key, t->kb->client_iv);
	else
		tls_rec_set_key(&t->rd, t->kb->server_key, t->kb->server_iv);
	t->state = TLS12_WAIT_FINISHED;
	return 0;
}

/* The peer's Finished, against the transcript before it. */
static int read_finished(struct tls12_conn *t, const uint8_t *body, size_t len)
{
	uint8_t *vd = t->is_server ? t->client_verify : t->server_verify;

	if (len != TLS12_VERIFY_LEN)
		return TLS12_DECODE_ERROR;
	tls12_verify_data(vd, t->master, t->is_server ? "client finished" : "server finished",
			  t->hash_before);
	if (sodium_memcmp(vd, body, TLS12_VERIFY_LEN) != 0)
		return TLS12_DECRYPT_ERROR;
	if (t->is_server) {
		t->client_finished_ok = true;
		t->state = TLS12_GOT_FINISHED;
	} else {
		t->server_finished_ok = true;
		t->state = TLS12_OPEN;
	}
	return 0;
}

/* Collects handshake bytes and hands on every whole message. */
static int read_handshake(struct tls12_conn *t, const uint8_t *p, size_t n, tls12_on_msg fn,
			  enum tls12_state until)
{
	if (n == 0)
		return TLS12_DECODE_ERROR;	/* empty fragments are not allowed */
	buf_put(&t->hs_in, p, n);
	for (;;) {
		uint8_t type;
		const uint8_t *body;
		size_t blen, total;
		int r = tls_msg_next(t->hs_in.p, t->hs_in.len, TLS12_MAX_MESSAGE, &type, &body,
				     &blen, &total);
		if (r < 0)
			return TLS12_DECODE_ERROR;
		if (r == 0)
			return 0;
		if (t->state == until || !fn)
			return TLS12_UNEXPECTED_MESSAGE;	/* more than the flight */
		tls_transcript_hash(&t->transcript, t->hash_before);
		tls_transcript_add(&t->transcript, t->hs_in.p, total);
		if (t->state == TLS12_WAIT_FINISHED && type == TLS_HS_FINISHED)
			r = read_finished(t, body, blen);
		else
			r = fn(t, type, body, blen);
		if (r != 0)
			return r;
		memmove(t->hs_in.p, t->hs_in.p + total, t->hs_in.len - total);
		t->hs_in.len -= total;
	}
}

static int read_alert(struct tls12_conn *t, const uint8_t *p, size_t n)
{
	if (n != 2)
		return TLS12_DECODE_ERROR;
	bool open = t->state == TLS12_OPEN || t->state == TLS12_CLOSED;
	if (open && p[1] == TLS12_CLOSE_NOTIFY) {
		t->peer_closed = true;
		return 0;
	}
	if (open && p[0] != ALERT_FATAL)
		return 0;	/* a warning once open changes nothing */
	t->alert_received = p[1];
	t->state = TLS12_FAILED;
	return STOP;
}

/* One whole record: opened if protected, then handed on by content type. */
static int read_record(struct tls12_conn *t, const uint8_t *rec, size_t len, uint8_t *plain,
		       tls12_on_msg fn, enum tls12_state until, struct buf *app)
{
	uint8_t type = rec[0];
	const uint8_t *p = rec + TLS_REC_HEADER;
	size_t n = len - TLS_REC_HEADER;

	if (t->rd.on) {
		if (tls_rec_open(&t->rd, rec, len, &type, plain, &n) < 0)
			return TLS12_BAD_RECORD_MAC;
		p = plain;
	} else if (n > TLS_REC_MAX_PLAIN) {
		return TLS12_RECORD_OVERFLOW;
	}
	if (t->peer_closed)
		return 0;	/* everything after close_notify is ignored */
	switch (type) {
	case TLS_CT_ALERT:
		return read_alert(t, p, n);
	case TLS_CT_CHANGE_CIPHER_SPEC:
		return read_ccs(t, p, n);
	case TLS_CT_HANDSHAKE:
		return read_handshake(t, p, n, fn, until);
	case TLS_CT_APPLICATION_DATA:
		if (!app)
			return TLS12_UNEXPECTED_MESSAGE;
		buf_put(app, p, n);
		return 0;
	}
	return TLS12_UNEXPECTED_MESSAGE;
}

/* The record loop behind tls12_input and tls12_read. */
static int records(struct tls12_conn *t, const uint8_t *in, size_t n, tls12_on_msg fn,
		   enum tls12_state until, struct buf *app, struct buf *out)
{
	uint8_t *plain = xmalloc(TLS_REC_HEADER + TLS_REC_MAX_BODY);
	int r = 0;

	while (n > 0 && r == 0) {
		long len = tls_rec_frame(in, n);
		if (len <= 0)
			r = TLS12_DECODE_ERROR;	/* not a record, or not a whole one */
		else if (fn && t->state == until)
			r = TLS12_UNEXPECTED_MESSAGE;	/* more than the flight */
		else
			r = read_record(t, in, (size_t)len, plain, fn, until, app);
		if (r == 0) {
			in += len;
			n -= (size_t)len;
		}
	}
	sodium_memzero(plain, TLS_REC_HEADER + TLS_REC_MAX_BODY);
	free(plain);
	if (r == STOP)
		return -1;
	if (r != 0)
		return tls12_fail(t, r, out);
	return 0;
}

int tls12_input(struct tls12_conn *t, const uint8_t *in, size_t n, tls12_on_msg fn,
		enum tls12_state until, struct buf *out)
{
	if (records(t, in, n, fn, until, NULL, out) < 0)
		return -1;
	return t->state == until ? 1 : 0;
}

int tls12_read(struct tls12_conn *t, const uint8_t *in, size_t n, struct buf *plain,
	       struct buf *out)
{
	if (t->state != TLS12_OPEN && t->state != TLS12_CLOSED)
		return tls12_fail(t, TLS12_UNEXPECTED_MESSAGE, out);
	return records(t, in, n, NULL, TLS12_FAILED, plain, out);
}

int tls12_write(struct tls12_conn *t, const uint8_t *data, size_t n, struct buf *out)
{
	if (t->state != TLS12_OPEN)
		return -1;
	if (send_record(t, TLS_CT_APPLICATION_DATA, data, n, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	return 0;
}

int tls12_close(struct tls12_conn *t, struct buf *out)
{
	static const uint8_t a[2] = { 1, TLS12_CLOSE_NOTIFY };
	if (t->state != TLS12_OPEN)
		return -1;
	if (send_record(t, TLS_CT_ALERT, a, 2, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	t->alert_sent = TLS12_CLOSE_NOTIFY;
	t->state = TLS12_CLOSED;
	return 0;
}

const char *tls12_alert_name(int alert)
{
	switch (alert) {
	case TLS12_CLOSE_NOTIFY: return "close_notify";
	case TLS12_UNEXPECTED_MESSAGE: return "unexpected_message";
	case TLS12_BAD_RECORD_MAC: return "bad_record_mac";
	case TLS12_RECORD_OVERFLOW: return "record_overflow";
	case TLS12_HANDSHAKE_FAILURE: return "handshake_failure";
	case TLS12_BAD_CERTIFICATE: return "bad_certificate";
	case TLS12_ILLEGAL_PARAMETER: return "illegal_parameter";
	case TLS12_DECODE_ERROR: return "decode_error";
	case TLS12_DECRYPT_ERROR: return "decrypt_error";
	case TLS12_PROTOCOL_VERSION: return "protocol_version";
	case TLS12_INTERNAL_ERROR: return "internal_error";
	case TLS12_UNSUPPORTED_EXTENSION: return "unsupported_extension";
	}
	return "unknown";
}
