/*
 * tls13_server: the server's side of a TLS 1.3 handshake (see tls13.h).
 *
 * The ClientHello is read with the shared parsers of tls_msg and must
 * offer what we speak (TLS 1.3, suite 0x1303, an X25519 share, Ed25519
 * signatures) or the server answers with the alert RFC 8446 names.  The
 * flight then goes out the way OpenSSL sends it: ServerHello and a CCS in
 * clear, then EncryptedExtensions, Certificate, CertificateVerify and
 * Finished each in its own protected record.
 */
#include <sodium.h>
#include <string.h>

#include "tls13.h"

void tls13_server_init(struct tls13_server *s, struct arena *a, const uint8_t *const *certs,
		       const size_t *cert_lens, size_t n_certs, const uint8_t ed25519_sk[64])
{
	memset(s, 0, sizeof *s);
	tls13_conn_init(&s->conn, a, true);
	s->certs = certs;
	s->cert_lens = cert_lens;
	s->n_certs = n_certs;
	s->sign_sk = ed25519_sk;
}

void tls13_server_free(struct tls13_server *s)
{
	if (s)
		tls13_conn_free(&s->conn);
}

static int take_client_hello(struct tls13_server *s, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &s->conn;
	struct tls_client_hello ch;
	struct tls_hello_exts e;

	if (tls_client_hello_parse(msg + 4, len - 4, &ch) < 0 ||
	    tls_ext_parse(ch.exts, ch.exts_len, false, &e) < 0)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	if (ch.version != TLS_VERSION_12 || !e.tls13)
		return tls13_fail(t, TLS13_ALERT_PROTOCOL_VERSION);
	if (!ch.null_compression)
		return tls13_fail(t, TLS13_ALERT_ILLEGAL_PARAMETER);
	if (!e.has_sig_algs || !e.has_groups || !e.has_key_share)
		return tls13_fail(t, TLS13_ALERT_MISSING_EXTENSION);
	/* A client without an X25519 share would need a HelloRetryRequest: not done here. */
	if (!tls_client_hello_has_suite(&ch, TLS13_SUITE) || !e.ed25519 || !e.x25519_share)
		return tls13_fail(t, TLS13_ALERT_HANDSHAKE_FAILURE);
	memcpy(t->client_random, ch.random, 32);
	memcpy(t->session_id, ch.session_id, ch.session_id_len);
	t->session_id_len = ch.session_id_len;
	memcpy(t->client_share, e.key_share, 32);
	memcpy(t->server_name, e.server_name, sizeof t->server_name);
	tls_transcript_add(&t->transcript, msg, len);
	t->state = TLS13_GOT_HELLO;
	return 0;
}

static int take_finished(struct tls13_server *s, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &s->conn;
	uint8_t want[32];

	if (len != 4 + 32)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	tls13_finished(want, t->sec->c_hs, t->h_server_fin);
	if (sodium_memcmp(want, msg + 4, 32) != 0)
		return tls13_fail(t, TLS13_ALERT_DECRYPT_ERROR);
	t->client_fin_verified = true;
	tls_transcript_add(&t->transcript, msg, len);
	tls_transcript_hash(&t->transcript, t->h_client_fin);
	tls13_rekey(t, false, t->sec->c_ap);
	t->state = TLS13_CONNECTED;
	return 0;
}

static int server_msg(void *ctx, const uint8_t *msg, size_t len)
{
	struct tls13_server *s = ctx;
	if (s->conn.state == TLS13_START && msg[0] == TLS_HS_CLIENT_HELLO)
		return take_client_hello(s, msg, len);
	if (s->conn.state == TLS13_WAIT_CLIENT_FINISHED && msg[0] == TLS_HS_FINISHED)
		return take_finished(s, msg, len);
	return tls13_fail(&s->conn, TLS13_ALERT_UNEXPECTED_MESSAGE);
}

int tls13_server_read(struct tls13_server *s, const uint8_t *in, size_t n)
{
	enum tls13_state st = s->conn.state;
	if (st != TLS13_START && st != TLS13_SENT_HELLO && st != TLS13_SENT_CERT &&
	    st != TLS13_WAIT_CLIENT_FINISHED)
		return -1;
	return tls13_read_record(&s->conn, in, n, server_msg, s, NULL) == 0 ? 0 : -1;
}

int tls13_server_hello(struct tls13_server *s, struct buf *out)
{
	struct tls13_conn *t = &s->conn;
	static const uint8_t ccs = 1;
	struct buf m = { 0 };

	if (t->state != TLS13_GOT_HELLO)
		return -1;
	randombytes_buf(t->server_random, 32);
	if (tls13_make_share(t, t->server_share) < 0)
		return -1;
	if (tls13_ecdhe(t, t->client_share) < 0)
		return -1;	/* a share that gives all zeros: illegal_parameter */

	size_t at = tls_msg_begin(&m, TLS_HS_SERVER_HELLO);
	buf_put16(&m, TLS_VERSION_12);
	buf_put(&m, t->server_random, 32);
	buf_put8(&m, (uint8_t)t->session_id_len);
	buf_put(&m, t->session_id, t->session_id_len);
	buf_put16(&m, TLS13_SUITE);
	buf_put8(&m, 0);
	buf_put16(&m, 46);	/* extensions: supported_versions, key_share */
	buf_put16(&m, TLS_EXT_SUPPORTED_VERSIONS);
	buf_put16(&m, 2);
	buf_put16(&m, TLS_VERSION_13);
	buf_put16(&m, TLS_EXT_KEY_SHARE);
	buf_put16(&m, 36);
	buf_put16(&m, TLS_GROUP_X25519);
	buf_put16(&m, 32);
	buf_put(&m, t->server_share, 32);
	int rc = tls_msg_end(&m, at) < 0 || tls13_put_msg(t, out, &m) < 0 ? -1 : 0;
	buf_free(&m);
	if (rc < 0)
		return tls13_fail(t, TLS13_ALERT_INTERNAL_ERROR);
	tls_rec_write_plain(out, TLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1, false);
	tls13_handshake_keys(t);
	t->state = TLS13_SENT_HELLO;
	return 0;
}

/* The three messages the certificate stands behind: EE, Certificate, CV. */
int tls13_server_certificate(struct tls13_server *s, struct buf *out)
{
	struct tls13_conn *t = &s->conn;
	uint8_t content[TLS13_CV_CONTENT_LEN], sig[crypto_sign_BYTES];
	struct buf m = { 0 };
	int rc = 0;

	if (t->state != TLS13_SENT_HELLO || s->n_certs == 0)
		return -1;
	size_t at = tls_msg_begin(&m, TLS_HS_ENCRYPTED_EXTENSIONS);
	buf_put16(&m, 0);
	rc |= tls_msg_end(&m, at);
	rc |= tls13_put_msg(t, out, &m);

	m.len = 0;
	at = tls_msg_begin(&m, TLS_HS_CERTIFICATE);
	buf_put8(&m, 0);	/* certificate_request_context */
	size_t list = tls_wr_begin(&m, 3);
	for (size_t i = 0; i < s->n_certs; i++) {
		size_t c = tls_wr_begin(&m, 3);
		buf_put(&m, s->certs[i], s->cert_lens[i]);
		rc |= tls_wr_end(&m, c, 3);
		buf_put16(&m, 0);	/* no extensions */
	}
	rc |= tls_wr_end(&m, list, 3);
	rc |= tls_msg_end(&m, at);
	if (rc == 0)
		rc |= tls13_put_msg(t, out, &m);
	tls_transcript_hash(&t->transcript, t->h_cert);

	tls13_cv_content(content, t->h_cert);
	crypto_sign_detached(sig, NULL, content, sizeof content, s->sign_sk);
	m.len = 0;
	at = tls_msg_begin(&m, TLS_HS_CERTIFICATE_VERIFY);
	buf_put16(&m, TLS_SIG_ED25519);
	buf_put16(&m, sizeof sig);
	buf_put(&m, sig, sizeof sig);
	rc |= tls_msg_end(&m, at);
	if (rc == 0)
		rc |= tls13_put_msg(t, out, &m);
	buf_free(&m);
	if (rc != 0)
		return tls13_fail(t, TLS13_ALERT_INTERNAL_ERROR);
	tls_transcript_hash(&t->transcript, t->h_cv);
	t->state = TLS13_SENT_CERT;
	return 0;
}

int tls13_server_finished(struct tls13_server *s, struct buf *out)
{
	struct tls13_conn *t = &s->conn;
	uint8_t vd[32];
	struct buf m = { 0 };

	if (t->state != TLS13_SENT_CERT)
		return -1;
	tls13_finished(vd, t->sec->s_hs, t->h_cv);
	size_t at = tls_msg_begin(&m, TLS_HS_FINISHED);
	buf_put(&m, vd, sizeof vd);
	int rc = tls_msg_end(&m, at) < 0 || tls13_put_msg(t, out, &m) < 0 ? -1 : 0;
	buf_free(&m);
	if (rc < 0)
		return tls13_fail(t, TLS13_ALERT_INTERNAL_ERROR);
	tls_transcript_hash(&t->transcript, t->h_server_fin);
	tls13_app_secrets(t);
	tls13_rekey(t, true, t->sec->s_ap);
	t->state = TLS13_WAIT_CLIENT_FINISHED;
	return 0;
}
