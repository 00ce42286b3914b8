/*
 * tls13: what the TLS 1.3 client and server share (see tls13.h): the key
 * schedule, reading records during and after the handshake, alerts,
 * application data and closing.  The two sides' messages are in
 * tls13_client.c and tls13_server.c.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tls13.h"

void tls13_conn_init(struct tls13_conn *t, struct arena *a, bool server)
{
	memset(t, 0, sizeof *t);
	t->server = server;
	t->state = TLS13_START;
	t->sec = arena_alloc(a, sizeof *t->sec);
	t->eph_sk = arena_alloc(a, 32);
	tls_rec_init(&t->tx, a, TLS_REC_13);
	tls_rec_init(&t->rx, a, TLS_REC_13);
	tls_transcript_init(&t->transcript);
	t->peer_alert = -1;
}

void tls13_conn_free(struct tls13_conn *t)
{
	if (!t)
		return;
	buf_free(&t->hs_in);
	t->hs_in = (struct buf){ 0 };
	sodium_memzero(&t->transcript, sizeof t->transcript);
}

void tls13_set_keylog(struct tls13_conn *t, tls13_keylog_fn fn, void *ctx)
{
	t->keylog = fn;
	t->keylog_ctx = ctx;
}

int tls13_fail(struct tls13_conn *t, uint8_t alert)
{
	if (t->state != TLS13_FAILED) {
		t->state = TLS13_FAILED;
		t->alert = alert;
		t->alert_due = true;
	}
	return -1;
}

int tls13_put_msg(struct tls13_conn *t, struct buf *out, const struct buf *msg)
{
	tls_transcript_add(&t->transcript, msg->p, msg->len);
	if (!t->tx.on) {
		/* A first ClientHello's record says TLS 1.0, as OpenSSL's does. */
		tls_rec_write_plain(out, TLS_CT_HANDSHAKE, msg->p, msg->len,
				    msg->p[0] == TLS_HS_CLIENT_HELLO);
		return 0;
	}
	for (size_t at = 0; at < msg->len; at += TLS_REC_MAX_PLAIN) {
		size_t n = msg->len - at < TLS_REC_MAX_PLAIN ? msg->len - at : TLS_REC_MAX_PLAIN;
		if (tls_rec_seal(&t->tx, TLS_CT_HANDSHAKE, msg->p + at, n, out) < 0)
			return -1;
	}
	return 0;
}

int tls13_make_share(struct tls13_conn *t, uint8_t pk[32])
{
	randombytes_buf(t->eph_sk, 32);
	return crypto_scalarmult_base(pk, t->eph_sk) == 0 ? 0 : -1;
}

static void keylog(struct tls13_conn *t, const char *label, const uint8_t secret[32])
{
	if (t->keylog)
		t->keylog(t->keylog_ctx, label, t->client_random, secret, 32);
}

void tls13_rekey(struct tls13_conn *t, bool tx, const uint8_t secret[32])
{
	uint8_t key[TLS_AEAD_KEY_LEN], iv[TLS_AEAD_IV_LEN];
	tls13_traffic_keys(secret, key, iv);
	tls_rec_set_key(tx ? &t->tx : &t->rx, key, iv);
	if (!tx)
		t->rx_epoch++;
	sodium_memzero(key, sizeof key);
	sodium_memzero(iv, sizeof iv);
}

int tls13_ecdhe(struct tls13_conn *t, const uint8_t peer_pk[32])
{
	/* libsodium refuses a peer point that makes the shared secret all zero. */
	int rc = crypto_scalarmult(t->sec->ecdhe, t->eph_sk, peer_pk);
	sodium_memzero(t->eph_sk, 32);
	return rc != 0 ? tls13_fail(t, TLS13_ALERT_ILLEGAL_PARAMETER) : 0;
}

void tls13_handshake_keys(struct tls13_conn *t)
{
	struct tls13_secrets *s = t->sec;
	uint8_t zeros[32] = { 0 }, derived[32];

	tls_transcript_hash(&t->transcript, t->h_hello);
	tls_hkdf_extract(s->early, NULL, 0, zeros, sizeof zeros);
	tls13_derive_secret(derived, s->early, "derived", NULL);
	tls_hkdf_extract(s->handshake, derived, sizeof derived, s->ecdhe, 32);
	tls13_derive_secret(s->c_hs, s->handshake, "c hs traffic", t->h_hello);
	tls13_derive_secret(s->s_hs, s->handshake, "s hs traffic", t->h_hello);
	sodium_memzero(derived, sizeof derived);
	keylog(t, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", s->c_hs);
	keylog(t, "SERVER_HANDSHAKE_TRAFFIC_SECRET", s->s_hs);
	tls13_rekey(t, true, t->server ? s->s_hs : s->c_hs);
	tls13_rekey(t, false, t->server ? s->c_hs : s->s_hs);
}

void tls13_app_secrets(struct tls13_conn *t)
{
	struct tls13_secrets *s = t->sec;
	uint8_t zeros[32] = { 0 }, derived[32];

	tls13_derive_secret(derived, s->handshake, "derived", NULL);
	tls_hkdf_extract(s->master, derived, sizeof derived, zeros, sizeof zeros);
	tls13_derive_secret(s->c_ap, s->master, "c ap traffic", t->h_server_fin);
	tls13_derive_secret(s->s_ap, s->master, "s ap traffic", t->h_server_fin);
	tls13_derive_secret(s->exporter, s->master, "exp master", t->h_server_fin);
	sodium_memzero(derived, sizeof derived);
	keylog(t, "CLIENT_TRAFFIC_SECRET_0", s->c_ap);
	keylog(t, "SERVER_TRAFFIC_SECRET_0", s->s_ap);
	keylog(t, "EXPORTER_SECRET", s->exporter);
}

void tls13_cv_content(uint8_t out[TLS13_CV_CONTENT_LEN], const uint8_t hash[32])
{
	static const char ctx[] = "TLS 1.3, server CertificateVerify";
	memset(out, 0x20, 64);
	memcpy(out + 64, ctx, sizeof ctx);	/* with its NUL, the separator */
	memcpy(out + 64 + sizeof ctx, hash, 32);
}

static bool handshaking(const struct tls13_conn *t)
{
	return t->state != TLS13_START && t->state != TLS13_CONNECTED &&
	       t->state != TLS13_CLOSED && t->state != TLS13_FAILED;
}

/* An alert from the peer: close_notify closes, anything else fails. */
static int take_alert(struct tls13_conn *t, const uint8_t *b, size_t n)
{
	if (n != 2)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	t->peer_alert = b[1];
	if (b[1] == TLS13_ALERT_CLOSE_NOTIFY && t->state == TLS13_CONNECTED) {
		t->state = TLS13_CLOSED;
		return 1;
	}
	t->state = TLS13_FAILED;
	t->alert_due = false;
	return -1;
}

/* Feeds every whole message in hs_in to fn, keeping what is left over. */
static int take_messages(struct tls13_conn *t, int (*fn)(void *, const uint8_t *, size_t),
			 void *ctx)
{
	size_t used = 0;
	unsigned epoch = t->rx_epoch;
	for (;;) {
		uint8_t type;
		const uint8_t *body;
		size_t len, total;
		int r = tls_msg_next(t->hs_in.p + used, t->hs_in.len - used, TLS13_MAX_MSG,
				     &type, &body, &len, &total);
		if (r < 0)
			return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
		if (r == 0)
			break;
		if (fn(ctx, t->hs_in.p + used, total) < 0)
			return -1;
		used += total;
		/* A message may not straddle a key change (RFC 8446 5.1). */
		if (t->rx_epoch != epoch && used < t->hs_in.len)
			return tls13_fail(t, TLS13_ALERT_UNEXPECTED_MESSAGE);
	}
	memmove(t->hs_in.p, t->hs_in.p + used, t->hs_in.len - used);
	t->hs_in.len -= used;
	return 0;
}

int tls13_read_record(struct tls13_conn *t, const uint8_t *in, size_t n,
		      int (*fn)(void *ctx, const uint8_t *msg, size_t len), void *ctx,
		      struct buf *app)
{
	long whole = tls_rec_frame(in, n);
	uint8_t type = n ? in[0] : 0;
	const uint8_t *body = in + TLS_REC_HEADER;
	size_t blen = n > TLS_REC_HEADER ? n - TLS_REC_HEADER : 0;
	uint8_t *plain = NULL;
	int rc = 0;

	if (whole <= 0 || (size_t)whole != n)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	/* Middlebox compatibility: a clear CCS of one byte 1, during the handshake only. */
	if (type == TLS_CT_CHANGE_CIPHER_SPEC) {
		if (blen != 1 || body[0] != 1 || !handshaking(t))
			return tls13_fail(t, TLS13_ALERT_UNEXPECTED_MESSAGE);
		return 0;
	}
	if (type == TLS_CT_APPLICATION_DATA) {
		if (!t->rx.on)
			return tls13_fail(t, TLS13_ALERT_UNEXPECTED_MESSAGE);
		plain = xmalloc(n);
		if (tls_rec_open(&t->rx, in, n, &type, plain, &blen) < 0) {
			free(plain);
			return tls13_fail(t, TLS13_ALERT_BAD_RECORD_MAC);
		}
		body = plain;
	} else if (type == TLS_CT_HANDSHAKE && t->rx.on) {
		return tls13_fail(t, TLS13_ALERT_UNEXPECTED_MESSAGE);
	}
	/* A clear alert is taken even once keys are on: it can only end things. */
	if (type == TLS_CT_ALERT) {
		rc = take_alert(t, body, blen);
	} else if (type == TLS_CT_APPLICATION_DATA && app && t->state == TLS13_CONNECTED) {
		buf_put(app, body, blen);
		t->app_in += blen;
	} else if (type != TLS_CT_HANDSHAKE || blen == 0) {
		rc = tls13_fail(t, TLS13_ALERT_UNEXPECTED_MESSAGE);
	} else if (t->hs_in.len + blen > TLS13_MAX_MSG + 4) {
		rc = tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	} else {
		buf_put(&t->hs_in, body, blen);
		rc = take_messages(t, fn, ctx);
	}
	if (plain) {
		sodium_memzero(plain, n);
		free(plain);
	}
	return rc;
}

/* After the handshake: tickets are ignored, anything else is unexpected. */
static int post_handshake(void *ctx, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = ctx;
	(void)len;
	if (msg[0] == TLS_HS_NEW_SESSION_TICKET && !t->server)
		return 0;
	return tls13_fail(t, TLS13_ALERT_UNEXPECTED_MESSAGE);
}

int tls13_open_app(struct tls13_conn *t, const uint8_t *in, size_t n, struct buf *out)
{
	if (t->state != TLS13_CONNECTED)
		return -1;
	return tls13_read_record(t, in, n, post_handshake, t, out);
}

int tls13_seal_app(struct tls13_conn *t, const uint8_t *data, size_t n, struct buf *out)
{
	if ((t->state != TLS13_CONNECTED && t->state != TLS13_CLOSED) || t->sent_close)
		return -1;
	for (size_t at = 0; at < n; at += TLS_REC_MAX_PLAIN) {
		size_t k = n - at < TLS_REC_MAX_PLAIN ? n - at : TLS_REC_MAX_PLAIN;
		if (tls_rec_seal(&t->tx, TLS_CT_APPLICATION_DATA, data + at, k, out) < 0)
			return -1;
	}
	t->app_out += n;
	return 0;
}

static int put_alert(struct tls13_conn *t, uint8_t level, uint8_t desc, struct buf *out)
{
	const uint8_t a[2] = { level, desc };
	if (!t->tx.on) {
		tls_rec_write_plain(out, TLS_CT_ALERT, a, 2, false);
		return 0;
	}
	return tls_rec_seal(&t->tx, TLS_CT_ALERT, a, 2, out);
}

int tls13_close(struct tls13_conn *t, struct buf *out)
{
	if ((t->state != TLS13_CONNECTED && t->state != TLS13_CLOSED) || t->sent_close)
		return -1;
	t->sent_close = true;
	return put_alert(t, 1, TLS13_ALERT_CLOSE_NOTIFY, out);
}

int tls13_alert_record(struct tls13_conn *t, struct buf *out)
{
	if (t->state != TLS13_FAILED || !t->alert_due)
		return -1;
	t->alert_due = false;
	t->alert_sent = true;
	return put_alert(t, 2, t->alert, out);
}

const char *tls13_state_name(enum tls13_state s)
{
	static const char *const names[] = {
		[TLS13_START] = "start",
		[TLS13_WAIT_SH] = "wait ServerHello",
		[TLS13_WAIT_EE] = "wait EncryptedExtensions",
		[TLS13_WAIT_CERT] = "wait Certificate",
		[TLS13_WAIT_CV] = "wait CertificateVerify",
		[TLS13_WAIT_FINISHED] = "wait Finished",
		[TLS13_SEND_FINISHED] = "send Finished",
		[TLS13_GOT_HELLO] = "got ClientHello",
		[TLS13_SENT_HELLO] = "sent ServerHello",
		[TLS13_SENT_CERT] = "sent CertificateVerify",
		[TLS13_WAIT_CLIENT_FINISHED] = "wait client Finished",
		[TLS13_CONNECTED] = "connected",
		[TLS13_CLOSED] = "closed",
		[TLS13_FAILED] = "failed",
	};
	return (unsigned)s < sizeof names / sizeof names[0] && names[s] ? names[s] : "?";
}

const char *tls13_alert_name(int alert)
{
	switch (alert) {
	case TLS13_ALERT_CLOSE_NOTIFY: return "close_notify";
	case TLS13_ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
	case TLS13_ALERT_BAD_RECORD_MAC: return "bad_record_mac";
	case TLS13_ALERT_RECORD_OVERFLOW: return "record_overflow";
	case TLS13_ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
	case TLS13_ALERT_BAD_CERTIFICATE: return "bad_certificate";
	case TLS13_ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
	case TLS13_ALERT_DECODE_ERROR: return "decode_error";
	case TLS13_ALERT_DECRYPT_ERROR: return "decrypt_error";
	case TLS13_ALERT_PROTOCOL_VERSION: return "protocol_version";
	case TLS13_ALERT_INTERNAL_ERROR: return "internal_error";
	case TLS13_ALERT_MISSING_EXTENSION: return "missing_extension";
	default: return "alert";
	}
}
