/*
 * tls13_client: the client's side of a TLS 1.3 handshake (see tls13.h).
 *
 * The ClientHello copies OpenSSL's shape so a capture of ours looks like
 * one of theirs; each server message then has its own function, called
 * from client_msg according to the state, and each checks every length
 * and value before it changes anything but the state.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls13.h"

/* SHA-256("HelloRetryRequest"): a ServerHello with this random is an HRR. */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

void tls13_client_init(struct tls13_client *c, struct arena *a, const char *server_name,
		       tls13_verify_fn verify, void *verify_ctx)
{
	memset(c, 0, sizeof *c);
	tls13_conn_init(&c->conn, a, false);
	snprintf(c->conn.server_name, sizeof c->conn.server_name, "%s",
		 server_name ? server_name : "");
	c->verify = verify;
	c->verify_ctx = verify_ctx;
	c->verify_result = 1;
}

void tls13_client_free(struct tls13_client *c)
{
	if (!c)
		return;
	tls13_conn_free(&c->conn);
	free(c->cert_msg);
	c->cert_msg = NULL;
	c->n_certs = 0;
}

int tls13_client_hello(struct tls13_client *c, struct buf *out)
{
	struct tls13_conn *t = &c->conn;
	struct buf m = { 0 };
	int rc = 0;

	if (t->state != TLS13_START || !c->verify)
		return -1;
	randombytes_buf(t->client_random, 32);
	randombytes_buf(t->session_id, 32);
	t->session_id_len = 32;
	if (tls13_make_share(t, t->client_share) < 0)
		return -1;

	size_t at = tls_msg_begin(&m, TLS_HS_CLIENT_HELLO);
	buf_put16(&m, TLS_VERSION_12);
	buf_put(&m, t->client_random, 32);
	buf_put8(&m, 32);
	buf_put(&m, t->session_id, 32);
	buf_put16(&m, 4);
	buf_put16(&m, TLS13_SUITE);
	buf_put16(&m, 0x00ff);	/* TLS_EMPTY_RENEGOTIATION_INFO_SCSV, as OpenSSL sends */
	buf_put8(&m, 1);
	buf_put8(&m, 0);	/* null compression */
	size_t ext = tls_wr_begin(&m, 2);
	/* OpenSSL's order: server_name, ec_point_formats, supported_groups, ... */
	if (t->server_name[0])
		tls_ext_put_server_name(&m, t->server_name);
	tls_ext_put_ec_point_formats(&m);
	tls_ext_put_supported_groups(&m);
	tls_ext_put_empty(&m, TLS_EXT_SESSION_TICKET);
	tls_ext_put_empty(&m, TLS_EXT_ENCRYPT_THEN_MAC);
	tls_ext_put_empty(&m, TLS_EXT_EXTENDED_MASTER_SECRET);
	tls_ext_put_signature_algorithms(&m);
	buf_put16(&m, TLS_EXT_SUPPORTED_VERSIONS);
	buf_put16(&m, 3);
	buf_put8(&m, 2);
	buf_put16(&m, TLS_VERSION_13);
	buf_put16(&m, TLS_EXT_PSK_KEY_EXCHANGE_MODES);
	buf_put16(&m, 2);
	buf_put8(&m, 1);
	buf_put8(&m, 1);	/* psk_dhe_ke */
	buf_put16(&m, TLS_EXT_KEY_SHARE);
	buf_put16(&m, 38);
	buf_put16(&m, 36);
	buf_put16(&m, TLS_GROUP_X25519);
	buf_put16(&m, 32);
	buf_put(&m, t->client_share, 32);
	if (tls_wr_end(&m, ext, 2) < 0 || tls_msg_end(&m, at) < 0 || tls13_put_msg(t, out, &m) < 0)
		rc = -1;
	else
		t->state = TLS13_WAIT_SH;
	buf_free(&m);
	return rc;
}

static int take_server_hello(struct tls13_client *c, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &c->conn;
	struct tls_rd r, sid, exts;
	struct tls_hello_exts e;
	uint16_t version = 0, suite = 0;
	uint8_t comp = 0xff;
	const uint8_t *random = NULL;

	tls_rd_init(&r, msg + 4, len - 4);
	(void)tls_rd_u16(&r, &version);
	(void)tls_rd_bytes(&r, 32, &random);
	(void)tls_rd_vec(&r, 1, &sid);
	(void)tls_rd_u16(&r, &suite);
	(void)tls_rd_u8(&r, &comp);
	(void)tls_rd_vec(&r, 2, &exts);
	if (tls_rd_done(&r) < 0 || tls_ext_parse(exts.p, exts.n, true, &e) < 0)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	if (version != TLS_VERSION_12 || !e.has_versions || e.selected_version != TLS_VERSION_13)
		return tls13_fail(t, TLS13_ALERT_PROTOCOL_VERSION);
	/* We offered the only group we have, so a retry request cannot be met. */
	if (memcmp(random, hrr_random, 32) == 0)
		return tls13_fail(t, TLS13_ALERT_HANDSHAKE_FAILURE);
	if (sid.n != t->session_id_len || memcmp(sid.p, t->session_id, sid.n) != 0 ||
	    suite != TLS13_SUITE || comp != 0 || !e.x25519_share)
		return tls13_fail(t, TLS13_ALERT_ILLEGAL_PARAMETER);
	memcpy(t->server_random, random, 32);
	memcpy(t->server_share, e.key_share, 32);
	if (tls13_ecdhe(t, t->server_share) < 0)
		return -1;
	tls_transcript_add(&t->transcript, msg, len);
	tls13_handshake_keys(t);
	t->state = TLS13_WAIT_EE;
	return 0;
}

static int take_encrypted_extensions(struct tls13_client *c, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &c->conn;
	struct tls_rd r, exts;
	struct tls_hello_exts e;

	tls_rd_init(&r, msg + 4, len - 4);
	(void)tls_rd_vec(&r, 2, &exts);
	if (tls_rd_done(&r) < 0 || tls_ext_parse(exts.p, exts.n, false, &e) < 0)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	tls_transcript_add(&t->transcript, msg, len);
	t->state = TLS13_WAIT_CERT;
	return 0;
}

static int take_certificate(struct tls13_client *c, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &c->conn;
	struct tls_rd r, ctx, list, cert, ext;

	/* Keep our own copy: the chain is shown long after the message is gone. */
	free(c->cert_msg);
	c->cert_msg = xmalloc(len);
	memcpy(c->cert_msg, msg, len);
	c->n_certs = 0;
	tls_rd_init(&r, c->cert_msg + 4, len - 4);
	(void)tls_rd_vec(&r, 1, &ctx);
	(void)tls_rd_vec(&r, 3, &list);
	if (tls_rd_done(&r) < 0 || ctx.n != 0 || list.n == 0)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	while (list.n > 0) {
		if (tls_rd_vec(&list, 3, &cert) < 0 || tls_rd_vec(&list, 2, &ext) < 0 || cert.n == 0)
			return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
		if (c->n_certs == TLS13_MAX_CERTS)
			return tls13_fail(t, TLS13_ALERT_BAD_CERTIFICATE);
		c->certs[c->n_certs] = cert.p;
		c->cert_lens[c->n_certs++] = cert.n;
	}
	tls_transcript_add(&t->transcript, msg, len);
	tls_transcript_hash(&t->transcript, t->h_cert);
	c->verify_result = c->verify(c->verify_ctx, c->certs, c->cert_lens, c->n_certs,
				     c->server_pk);
	if (c->verify_result < 0)
		return tls13_fail(t, TLS13_ALERT_BAD_CERTIFICATE);
	t->state = TLS13_WAIT_CV;
	return 0;
}

static int take_certificate_verify(struct tls13_client *c, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &c->conn;
	struct tls_rd r, sig;
	uint16_t scheme = 0;
	uint8_t content[TLS13_CV_CONTENT_LEN];

	tls_rd_init(&r, msg + 4, len - 4);
	(void)tls_rd_u16(&r, &scheme);
	(void)tls_rd_vec(&r, 2, &sig);
	if (tls_rd_done(&r) < 0)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	if (scheme != TLS_SIG_ED25519)
		return tls13_fail(t, TLS13_ALERT_ILLEGAL_PARAMETER);
	tls13_cv_content(content, t->h_cert);
	if (sig.n != crypto_sign_BYTES ||
	    crypto_sign_verify_detached(sig.p, content, sizeof content, c->server_pk) != 0)
		return tls13_fail(t, TLS13_ALERT_DECRYPT_ERROR);
	t->cv_verified = true;
	tls_transcript_add(&t->transcript, msg, len);
	tls_transcript_hash(&t->transcript, t->h_cv);
	t->state = TLS13_WAIT_FINISHED;
	return 0;
}

static int take_finished(struct tls13_client *c, const uint8_t *msg, size_t len)
{
	struct tls13_conn *t = &c->conn;
	uint8_t want[32];

	if (len != 4 + 32)
		return tls13_fail(t, TLS13_ALERT_DECODE_ERROR);
	tls13_finished(want, t->sec->s_hs, t->h_cv);
	if (sodium_memcmp(want, msg + 4, 32) != 0)
		return tls13_fail(t, TLS13_ALERT_DECRYPT_ERROR);
	t->server_fin_verified = true;
	tls_transcript_add(&t->transcript, msg, len);
	tls_transcript_hash(&t->transcript, t->h_server_fin);
	tls13_app_secrets(t);
	tls13_rekey(t, false, t->sec->s_ap);
	t->state = TLS13_SEND_FINISHED;
	return 0;
}

/* Each server message must be the one the state waits for. */
static int client_msg(void *ctx, const uint8_t *msg, size_t len)
{
	struct tls13_client *c = ctx;
	static const uint8_t want[] = {
		[TLS13_WAIT_SH] = TLS_HS_SERVER_HELLO,
		[TLS13_WAIT_EE] = TLS_HS_ENCRYPTED_EXTENSIONS,
		[TLS13_WAIT_CERT] = TLS_HS_CERTIFICATE,
		[TLS13_WAIT_CV] = TLS_HS_CERTIFICATE_VERIFY,
		[TLS13_WAIT_FINISHED] = TLS_HS_FINISHED,
	};
	enum tls13_state st = c->conn.state;

	if (st < TLS13_WAIT_SH || st > TLS13_WAIT_FINISHED || msg[0] != want[st])
		return tls13_fail(&c->conn, TLS13_ALERT_UNEXPECTED_MESSAGE);
	switch (st) {
	case TLS13_WAIT_SH:
		return take_server_hello(c, msg, len);
	case TLS13_WAIT_EE:
		return take_encrypted_extensions(c, msg, len);
	case TLS13_WAIT_CERT:
		return take_certificate(c, msg, len);
	case TLS13_WAIT_CV:
		return take_certificate_verify(c, msg, len);
	default:
		return take_finished(c, msg, len);
	}
}

int tls13_client_read(struct tls13_client *c, const uint8_t *in, size_t n)
{
	enum tls13_state st = c->conn.state;
	if (st < TLS13_WAIT_SH || st > TLS13_WAIT_FINISHED)
		return -1;
	return tls13_read_record(&c->conn, in, n, client_msg, c, NULL) == 0 ? 0 : -1;
}

int tls13_client_finished(struct tls13_client *c, struct buf *out)
{
	struct tls13_conn *t = &c->conn;
	static const uint8_t ccs = 1;
	uint8_t vd[32];
	struct buf m = { 0 };
	int rc;

	if (t->state != TLS13_SEND_FINISHED)
		return -1;
	tls_rec_write_plain(out, TLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1, false);
	tls13_finished(vd, t->sec->c_hs, t->h_server_fin);
	size_t at = tls_msg_begin(&m, TLS_HS_FINISHED);
	buf_put(&m, vd, sizeof vd);
	rc = tls_msg_end(&m, at) < 0 || tls13_put_msg(t, out, &m) < 0 ? -1 : 0;
	buf_free(&m);
	if (rc < 0)
		return -1;
	tls_transcript_hash(&t->transcript, t->h_client_fin);
	tls13_rekey(t, true, t->sec->c_ap);
	t->state = TLS13_CONNECTED;
	return 0;
}
