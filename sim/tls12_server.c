/*
 * tls12_server: the server's half of the TLS 1.2 handshake (see tls12.h).
 *
 * It reads a ClientHello, answers with ServerHello, Certificate (the
 * caller's chain, opaque here), ServerKeyExchange (a fresh X25519 share
 * signed with the caller's Ed25519 key) and ServerHelloDone, then reads
 * ClientKeyExchange, ChangeCipherSpec and Finished and answers with its
 * own.  It agrees only to what this engine does: the one suite, X25519,
 * Ed25519 and the extended master secret; a client that cannot have them
 * gets a handshake_failure.
 */
#include <sodium.h>
#include <string.h>

#include "tls12.h"
#include "tls_msg.h"

#define TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00ff

void tls12_server_init(struct tls12_server *sv, struct arena *a,
		       const uint8_t *const *certs, const size_t *lens, size_t ncerts,
		       const uint8_t sign_sk[64])
{
	memset(sv, 0, sizeof *sv);
	tls12_conn_init(&sv->c, a, true);
	sv->certs = certs;
	sv->lens = lens;
	sv->ncerts = ncerts;
	sv->sign_sk = sign_sk;
}

void tls12_server_free(struct tls12_server *sv)
{
	if (sv)
		tls12_conn_free(&sv->c);
}

/*
 * Sends the message built in m from at (its header), unless a vector in it
 * overflowed (rc < 0); frees m.  0, or -1 with the machine failed.
 */
static int send_built(struct tls12_conn *t, int rc, struct buf *m, size_t at, struct buf *out)
{
	if (rc == 0 && tls_msg_end(m, at) == 0)
		rc = tls12_send_handshake(t, m->p, m->len, out);
	else
		rc = -1;
	buf_free(m);
	return rc < 0 ? tls12_fail(t, TLS12_INTERNAL_ERROR, out) : 0;
}

static int read_client_hello(struct tls12_server *sv, const uint8_t *body, size_t len)
{
	struct tls12_conn *t = &sv->c;
	struct tls_client_hello ch;
	struct tls_hello_exts e;

	if (tls_client_hello_parse(body, len, &ch) < 0 ||
	    tls_ext_parse(ch.exts, ch.exts_len, false, &e) < 0)
		return TLS12_DECODE_ERROR;
	if (ch.version >> 8 != 3 || ch.version < TLS_VERSION_12)
		return TLS12_PROTOCOL_VERSION;
	memcpy(t->client_random, ch.random, 32);
	if (!tls_client_hello_has_suite(&ch, TLS12_SUITE) || !ch.null_compression ||
	    (e.has_groups && !e.x25519) || !e.ed25519 || !e.ems)
		return TLS12_HANDSHAKE_FAILURE;
	if (e.has_point_formats && !e.uncompressed)
		return TLS12_ILLEGAL_PARAMETER;
	if (e.has_reneg_info && !e.reneg_info_empty)
		return TLS12_HANDSHAKE_FAILURE;
	t->secure_reneg = e.has_reneg_info ||
		tls_client_hello_has_suite(&ch, TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
	t->ems = true;
	sv->point_formats = e.has_point_formats;
	memcpy(sv->server_name, e.server_name, sizeof sv->server_name);
	t->state = TLS12_GOT_CLIENT_HELLO;
	return 0;
}

/* The client's share: X25519 with ours gives the pre-master secret. */
static int read_client_key_exchange(struct tls12_server *sv, const uint8_t *body, size_t len)
{
	struct tls12_conn *t = &sv->c;
	struct tls_rd r, share;

	tls_rd_init(&r, body, len);
	if (tls_rd_vec(&r, 1, &share) < 0 || tls_rd_done(&r) < 0 || share.n != 32)
		return TLS12_DECODE_ERROR;
	memcpy(t->client_share, share.p, 32);
	if (tls12_premaster(t, t->client_share) < 0)
		return TLS12_ILLEGAL_PARAMETER;
	tls12_derive(t);	/* the transcript already ends with this message */
	t->state = TLS12_WAIT_CCS;
	return 0;
}

static int on_client_msg(struct tls12_conn *t, uint8_t type, const uint8_t *body, size_t len)
{
	struct tls12_server *sv = (struct tls12_server *)t;	/* c is its first member */

	if (t->state == TLS12_START && type == TLS_HS_CLIENT_HELLO)
		return read_client_hello(sv, body, len);
	if (t->state == TLS12_WAIT_CLIENT_KEY && type == TLS_HS_CLIENT_KEY_EXCHANGE)
		return read_client_key_exchange(sv, body, len);
	return TLS12_UNEXPECTED_MESSAGE;
}

int tls12_server_read_client_hello(struct tls12_server *sv, const uint8_t *in, size_t n,
				   struct buf *out)
{
	if (sv->c.state != TLS12_START)
		return -1;
	return tls12_input(&sv->c, in, n, on_client_msg, TLS12_GOT_CLIENT_HELLO, out);
}

int tls12_server_hello(struct tls12_server *sv, struct buf *out)
{
	struct tls12_conn *t = &sv->c;
	struct buf m = { 0 };

	if (t->state != TLS12_GOT_CLIENT_HELLO)
		return -1;
	randombytes_buf(t->server_random, sizeof t->server_random);
	size_t at = tls_msg_begin(&m, TLS_HS_SERVER_HELLO);
	buf_put16(&m, TLS_VERSION_12);
	buf_put(&m, t->server_random, 32);
	buf_put8(&m, 0);		/* no session id: nothing to resume */
	buf_put16(&m, TLS12_SUITE);
	buf_put8(&m, 0);		/* null compression */
	size_t ext = tls_wr_begin(&m, 2);
	if (t->secure_reneg)
		tls_ext_put_renegotiation_info(&m);
	if (sv->point_formats)
		tls_ext_put_ec_point_formats(&m);
	tls_ext_put_empty(&m, TLS_EXT_EXTENDED_MASTER_SECRET);
	if (send_built(t, tls_wr_end(&m, ext, 2), &m, at, out) < 0)
		return -1;
	t->state = TLS12_SENT_SERVER_HELLO;
	return 0;
}

int tls12_server_certificate(struct tls12_server *sv, struct buf *out)
{
	struct tls12_conn *t = &sv->c;
	struct buf m = { 0 };
	int rc = 0;

	if (t->state != TLS12_SENT_SERVER_HELLO)
		return -1;
	if (sv->ncerts == 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	size_t at = tls_msg_begin(&m, TLS_HS_CERTIFICATE);
	size_t list = tls_wr_begin(&m, 3);
	for (size_t i = 0; i < sv->ncerts; i++) {
		size_t c = tls_wr_begin(&m, 3);
		buf_put(&m, sv->certs[i], sv->lens[i]);
		rc |= tls_wr_end(&m, c, 3);
	}
	rc |= tls_wr_end(&m, list, 3);
	if (send_built(t, rc, &m, at, out) < 0)
		return -1;
	t->state = TLS12_SENT_CERTIFICATE;
	return 0;
}

/* RFC 8422 5.4: the share, signed with the randoms so it cannot be replayed. */
int tls12_server_key_exchange(struct tls12_server *sv, struct buf *out)
{
	struct tls12_conn *t = &sv->c;
	uint8_t msg[4 + 36 + 4 + 64], signed_data[64 + 36];
	uint8_t *params = msg + 4;

	if (t->state != TLS12_SENT_CERTIFICATE)
		return -1;
	randombytes_buf(t->eph_sk, 32);
	crypto_scalarmult_base(t->server_share, t->eph_sk);
	params[0] = 3;			/* named_curve */
	put16(params + 1, TLS_GROUP_X25519);
	params[3] = 32;
	memcpy(params + 4, t->server_share, 32);
	memcpy(signed_data, t->client_random, 32);
	memcpy(signed_data + 32, t->server_random, 32);
	memcpy(signed_data + 64, params, 36);
	crypto_sign_detached(t->ske_sig, NULL, signed_data, sizeof signed_data, sv->sign_sk);
	t->ske_sig_ok = true;
	put16(msg + 40, TLS_SIG_ED25519);
	put16(msg + 42, 64);
	memcpy(msg + 44, t->ske_sig, 64);
	msg[0] = TLS_HS_SERVER_KEY_EXCHANGE;
	put24(msg + 1, sizeof msg - 4);
	if (tls12_send_handshake(t, msg, sizeof msg, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	t->state = TLS12_SENT_KEY_SHARE;
	return 0;
}

int tls12_server_hello_done(struct tls12_server *sv, struct buf *out)
{
	static const uint8_t msg[4] = { TLS_HS_SERVER_HELLO_DONE, 0, 0, 0 };
	struct tls12_conn *t = &sv->c;

	if (t->state != TLS12_SENT_KEY_SHARE)
		return -1;
	if (tls12_send_handshake(t, msg, sizeof msg, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	t->state = TLS12_WAIT_CLIENT_KEY;
	return 0;
}

int tls12_server_flight(struct tls12_server *sv, struct buf *out)
{
	if (tls12_server_hello(sv, out) < 0 || tls12_server_certificate(sv, out) < 0 ||
	    tls12_server_key_exchange(sv, out) < 0 || tls12_server_hello_done(sv, out) < 0)
		return -1;
	return 0;
}

int tls12_server_read_client_finished(struct tls12_server *sv, const uint8_t *in, size_t n,
				      struct buf *out)
{
	enum tls12_state s = sv->c.state;
	if (s != TLS12_WAIT_CLIENT_KEY && s != TLS12_WAIT_CCS && s != TLS12_WAIT_FINISHED)
		return -1;
	return tls12_input(&sv->c, in, n, on_client_msg, TLS12_GOT_FINISHED, out);
}

int tls12_server_finished(struct tls12_server *sv, struct buf *out)
{
	struct tls12_conn *t = &sv->c;
	if (t->state != TLS12_GOT_FINISHED)
		return -1;
	if (tls12_send_finished(t, out) < 0)
		return tls12_fail(t, TLS12_INTERNAL_ERROR, out);
	t->state = TLS12_OPEN;
	return 0;
}
