/*
 * tls12_client: the client's half of the TLS 1.2 handshake (see tls12.h).
 *
 * One function per message.  The public ones write the client's messages
 * and read the server's flights; each flight's messages arrive through
 * on_server_msg, which sends each to its reader according to the state,
 * so a message out of its place is an unexpected_message.  The readers
 * take untrusted bytes through tls_msg's bounded reader and answer with
 * the alert RFC 5246 names for what is wrong.
 */
#include <sodium.h>
#include <string.h>

#include "tls12.h"
#include "tls_msg.h"

void tls12_client_init(struct tls12_client *cl, struct arena *a, const char *server_name,
		       tls12_verify_fn verify, void *verify_ctx,
		       tls12_keylog_fn keylog, void *keylog_ctx)
{
	memset(cl, 0, sizeof *cl);
	tls12_conn_init(&cl->c, a, false);
	cl->server_name = server_name;
	cl->verify = verify;
	cl->verify_ctx = verify_ctx;
	cl->keylog = keylog;
	cl->keylog_ctx = keylog_ctx;
}

void tls12_client_free(struct tls12_client *cl)
{
	if (cl)
		tls12_conn_free(&cl->c);
}

/*
 * Extensions in the order OpenSSL sends them, less those we would not
 * honour: no session_ticket (nothing is resumed) and no encrypt_then_mac
 * (an AEAD suite has no MAC), and an empty renegotiation_info where
 * OpenSSL puts the SCSV (RFC 5746 allows either).  Each list names only
 * what we do: x25519, ed25519, uncompressed points.
 */
int tls12_client_hello(struct tls12_client *cl, struct buf *out)
{
	struct tls12_conn *t = &cl->c;
	struct buf m = { 0 };
	int rc;

	if (t->state != TLS12_START)
		return -1;
	randombytes_buf(t->client_random, sizeof t->client_random);
	size_t at = tls_msg_begin(&m, TLS_HS_CLIENT_HELLO);
	buf_put16(&m, TLS_VERSION_12);
	buf_put(&m, t->client_random, 32);
	buf_put8(&m, 0);		/* no session to resume */
	buf_put16(&m, 2);
	buf_put16(&m, TLS12_SUITE);
	buf_put8(&m, 1);
	buf_put8(&m, 0);		/* null compression */
	size_t ext = tls_wr_begin(&m, 2);
	if (cl->server_name && cl->server_name[0])
		tls_ext_put_server_name(&m, cl->server_name);
	tls_ext_put_ec_point_formats(&m);
	tls_ext_put_supported_groups(&m);
	tls_ext_put_empty(&m, TLS_EXT_EXTENDED_MASTER_SECRET);
	tls_ext_put_signature_algorithms(&m);
	tls_ext_put_renegotiation_info(&m);
	rc = tls_wr_end(&m, ext, 2) < 0 || tls_msg_end(&m, at) < 0 ? -1
		: tls12_send_handshake(t, m.p, m.len, out);
	buf_free(&m);
	if (rc < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, NULL);
	t->state = TLS12_WAIT_SERVER_HELLO;
	return 0;
}

static int read_server_hello(struct tls12_client *cl, const uint8_t *body, size_t len)
{
	struct tls12_conn *t = &cl->c;
	struct tls_rd r, sid, exts = { 0 };
	struct tls_hello_exts e;
	uint16_t version, suite;
	uint8_t comp;

	tls_rd_init(&r, body, len);
	tls_rd_u16(&r, &version);
	tls_rd_copy(&r, t->server_random, 32);
	tls_rd_vec(&r, 1, &sid);
	tls_rd_u16(&r, &suite);
	tls_rd_u8(&r, &comp);
	if (r.n > 0)
		tls_rd_vec(&r, 2, &exts);
	if (tls_rd_done(&r) < 0 || sid.n > 32)
		return TLS12_DECODE_ERROR;
	if (version != TLS_VERSION_12)
		return TLS12_PROTOCOL_VERSION;
	if (suite != TLS12_SUITE || comp != 0)
		return TLS12_ILLEGAL_PARAMETER;
	if (tls_ext_parse(exts.p, exts.n, true, &e) < 0)
		return TLS12_DECODE_ERROR;
	/* Only what we offered may come back. */
	if (e.session_ticket || e.encrypt_then_mac || e.has_versions || e.has_key_share ||
	    e.has_groups || e.has_sig_algs || e.has_psk_modes)
		return TLS12_UNSUPPORTED_EXTENSION;
	if (!e.ems)
		return TLS12_HANDSHAKE_FAILURE;	/* RFC 7627 5.3: no session without it */
	if (e.has_point_formats && !e.uncompressed)
		return TLS12_ILLEGAL_PARAMETER;
	if (e.has_reneg_info && !e.reneg_info_empty)
		return TLS12_HANDSHAKE_FAILURE;
	t->secure_reneg = e.has_reneg_info;
	t->ems = true;
	t->state = TLS12_WAIT_CERTIFICATE;
	return 0;
}

/* The chain is the caller's business: its verify callback judges it. */
static int read_certificate(struct tls12_client *cl, const uint8_t *body, size_t len)
{
	const uint8_t *certs[TLS12_MAX_CERTS];
	size_t lens[TLS12_MAX_CERTS], n = 0;
	struct tls_rd r, list, cert;

	tls_rd_init(&r, body, len);
	if (tls_rd_vec(&r, 3, &list) < 0 || tls_rd_done(&r) < 0)
		return TLS12_DECODE_ERROR;
	while (list.n > 0) {
		if (tls_rd_vec(&list, 3, &cert) < 0 || cert.n == 0)
			return TLS12_DECODE_ERROR;
		if (n == TLS12_MAX_CERTS)
			return TLS12_BAD_CERTIFICATE;
		certs[n] = cert.p;
		lens[n++] = cert.n;
	}
	cl->ncerts = n;
	if (n == 0 || !cl->verify)
		return TLS12_BAD_CERTIFICATE;
	cl->cert_reason = cl->verify(cl->verify_ctx, certs, lens, n, cl->server_pk);
	if (cl->cert_reason < 0)
		return TLS12_BAD_CERTIFICATE;
	cl->c.state = TLS12_WAIT_KEY_EXCHANGE;
	return 0;
}

/*
 * ServerKeyExchange (RFC 8422 5.4): curve type, group, share, then an
 * Ed25519 signature over client_random + server_random + those params.
 */
static int read_server_key_exchange(struct tls12_client *cl, const uint8_t *body, size_t len)
{
	struct tls12_conn *t = &cl->c;
	struct tls_rd r, share, sig;
	uint8_t curve_type, signed_data[64 + 36];
	uint16_t group, scheme;

	tls_rd_init(&r, body, len);
	tls_rd_u8(&r, &curve_type);
	tls_rd_u16(&r, &group);
	tls_rd_vec(&r, 1, &share);
	size_t params_len = len - r.n;
	tls_rd_u16(&r, &scheme);
	tls_rd_vec(&r, 2, &sig);
	if (tls_rd_done(&r) < 0)
		return TLS12_DECODE_ERROR;
	if (curve_type != 3 || group != TLS_GROUP_X25519 || share.n != 32 ||
	    scheme != TLS_SIG_ED25519)
		return TLS12_ILLEGAL_PARAMETER;
	if (sig.n != 64)
		return TLS12_DECODE_ERROR;
	memcpy(t->server_share, share.p, 32);
	memcpy(t->ske_sig, sig.p, 64);
	memcpy(signed_data, t->client_random, 32);
	memcpy(signed_data + 32, t->server_random, 32);
	memcpy(signed_data + 64, body, params_len);
	t->ske_sig_ok = crypto_sign_verify_detached(t->ske_sig, signed_data, 64 + params_len,
						    cl->server_pk) == 0;
	if (!t->ske_sig_ok)
		return TLS12_DECRYPT_ERROR;
	t->state = TLS12_WAIT_HELLO_DONE;
	return 0;
}

static int read_hello_done(struct tls12_client *cl, size_t len)
{
	if (len != 0)
		return TLS12_DECODE_ERROR;
	cl->c.state = TLS12_GOT_HELLO_DONE;
	return 0;
}

/* Each message of the server's flights, to its reader by state. */
static int on_server_msg(struct tls12_conn *t, uint8_t type, const uint8_t *body, size_t len)
{
	struct tls12_client *cl = (struct tls12_client *)t;	/* c is its first member */

	if (t->state == TLS12_WAIT_SERVER_HELLO && type == TLS_HS_SERVER_HELLO)
		return read_server_hello(cl, body, len);
	if (t->state == TLS12_WAIT_CERTIFICATE && type == TLS_HS_CERTIFICATE)
		return read_certificate(cl, body, len);
	if (t->state == TLS12_WAIT_KEY_EXCHANGE && type == TLS_HS_SERVER_KEY_EXCHANGE)
		return read_server_key_exchange(cl, body, len);
	if (t->state == TLS12_WAIT_HELLO_DONE && type == TLS_HS_SERVER_HELLO_DONE)
		return read_hello_done(cl, len);
	return TLS12_UNEXPECTED_MESSAGE;
}

int tls12_client_read_server_flight(struct tls12_client *cl, const uint8_t *in, size_t n,
				    struct buf *out)
{
	enum tls12_state s = cl->c.state;
	if (s != TLS12_WAIT_SERVER_HELLO && s != TLS12_WAIT_CERTIFICATE &&
	    s != TLS12_WAIT_KEY_EXCHANGE && s != TLS12_WAIT_HELLO_DONE)
		return -1;
	return tls12_input(&cl->c, in, n, on_server_msg, TLS12_GOT_HELLO_DONE, out);
}

int tls12_client_key_exchange(struct tls12_client *cl, struct buf *out)
{
	struct tls12_conn *t = &cl->c;
	uint8_t msg[4 + 1 + 32];

	if (t->state != TLS12_GOT_HELLO_DONE)
		return -1;
	randombytes_buf(t->eph_sk, 32);
	crypto_scalarmult_base(t->client_share, t->eph_sk);
	if (tls12_premaster(t, t->server_share) < 0)
		return tls12_fail(t, TLS12_ILLEGAL_PARAMETER, out);
	msg[0] = TLS_HS_CLIENT_KEY_EXCHANGE;
	put24(msg + 1, 33);
	msg[4] = 32;
	memcpy(msg + 5, t->client_share, 32);
	if (tls12_send_handshake(t, msg, sizeof msg, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	tls12_derive(t);	/* the session hash ends with this message */
	if (cl->keylog)
		cl->keylog(cl->keylog_ctx, "CLIENT_RANDOM", t->client_random, t->master,
			   TLS12_MASTER_LEN);
	t->state = TLS12_SENT_KEY_EXCHANGE;
	return 0;
}

int tls12_client_finished(struct tls12_client *cl, struct buf *out)
{
	struct tls12_conn *t = &cl->c;
	if (t->state != TLS12_SENT_KEY_EXCHANGE)
		return -1;
	if (tls12_send_finished(t, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	t->state = TLS12_WAIT_CCS;
	return 0;
}

int tls12_client_read_server_finished(struct tls12_client *cl, const uint8_t *in, size_t n,
				      struct buf *out)
{
	if (cl->c.state != TLS12_WAIT_CCS && cl->c.state != TLS12_WAIT_FINISHED)
		return -1;
	return tls12_input(&cl->c, in, n, on_server_msg, TLS12_OPEN, out);
}
