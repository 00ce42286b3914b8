/*
 * handshake: the classic model's eight steps, client and server side.
 *
 * The messages are TLS 1.2's (ClientHello with a server_name extension,
 * ServerHello, Certificate with an X.509 chain, ServerHelloDone,
 * ClientKeyExchange, Finished), so Wireshark dissects every byte; the
 * cipher suite is a private-use number because the primitives are
 * libsodium's: crypto_box_seal carries the session key, XChaCha20-Poly1305
 * protects records.
 */
#include <sodium.h>
#include <string.h>

#include "handshake.h"

static const uint8_t label_client[] = "client finished";
static const uint8_t label_server[] = "server finished";
#define FINISHED_LEN 12

/* Wipes a secret of n bytes and forgets where it was; NULL-safe. */
static void wipe(uint8_t **p, size_t n)
{
	if (*p)
		sodium_memzero(*p, n);
	*p = NULL;
}

void hs_client_init(struct hs_client *c, struct arena *secrets, const char *server_name)
{
	memset(c, 0, sizeof *c);
	c->secrets = secrets;
	c->server_name = server_name;
}

void hs_server_init(struct hs_server *s, struct arena *secrets, const struct server_identity *id)
{
	memset(s, 0, sizeof *s);
	s->secrets = secrets;
	s->id = id;
}

void hs_client_free(struct hs_client *c)
{
	wipe(&c->session_key, HS_SESSION_KEY_LEN);
	buf_free(&c->cert);
	buf_free(&c->transcript);
	rec_clear(&c->rec);
}

void hs_server_free(struct hs_server *s)
{
	wipe(&s->session_key, HS_SESSION_KEY_LEN);
	buf_free(&s->transcript);
	rec_clear(&s->rec);
}

/* Appends a handshake message to out (in a clear record) and to the transcript. */
static void put_message(struct buf *out, struct buf *transcript, uint8_t type,
			const uint8_t *body, size_t n)
{
	struct buf m = { 0 };
	buf_put8(&m, type);
	buf_put24(&m, (uint32_t)n);
	buf_put(&m, body, n);
	buf_put(transcript, m.p, m.len);
	rec_write_plain(out, REC_HANDSHAKE, m.p, m.len);
	buf_free(&m);
}

int hs_each_message(const uint8_t *in, size_t n,
		    int (*fn)(void *ctx, uint8_t rec_type, uint8_t hs_type,
			      const uint8_t *body, size_t len),
		    void *ctx)
{
	while (n > 0) {
		uint8_t type;
		const uint8_t *body;
		size_t blen, total;
		if (rec_parse(in, n, &type, &body, &blen, &total) < 0)
			return -1;
		if (type == REC_HANDSHAKE) {
			while (blen > 0) {
				if (blen < 4 || get24(body + 1) > blen - 4)
					return -1;
				size_t mlen = get24(body + 1);
				if (fn(ctx, type, body[0], body + 4, mlen) < 0)
					return -1;
				body += 4 + mlen;
				blen -= 4 + mlen;
			}
		} else if (fn(ctx, type, 0, body, blen) < 0) {
			return -1;
		}
		in += total;
		n -= total;
	}
	return 0;
}

int hs_parse_sni(const uint8_t *b, size_t len, char *name, size_t name_max)
{
	/* version 2, random 32, session id, suites, compression, extensions */
	size_t p = 34;
	if (len < p + 1 || b[p] > len - p - 1)
		return -1;
	p += 1 + b[p];
	if (len - p < 2 || get16(b + p) > len - p - 2)
		return -1;
	p += 2 + get16(b + p);
	if (len - p < 1 || b[p] > len - p - 1)
		return -1;
	p += 1 + b[p];
	if (len - p < 2 || get16(b + p) != len - p - 2)
		return -1;
	p += 2;
	while (len - p >= 4) {
		size_t type = get16(b + p), elen = get16(b + p + 2);
		p += 4;
		if (elen > len - p)
			return -1;
		/* server_name: list length, name type 0, name length, name */
		if (type == 0 && elen >= 5 && b[p + 2] == 0) {
			size_t nlen = get16(b + p + 3);
			if (nlen > elen - 5 || nlen >= name_max || nlen == 0)
				return -1;
			memcpy(name, b + p + 5, nlen);
			name[nlen] = '\0';
			return 0;
		}
		p += elen;
	}
	return -1;
}

int hs_client_hello(struct hs_client *c, struct buf *out)
{
	if (c->state != HS_START)
		return -1;
	size_t nl = strlen(c->server_name);
	struct buf b = { 0 };
	randombytes_buf(c->random, sizeof c->random);
	buf_put16(&b, 0x0303);
	buf_put(&b, c->random, 32);
	buf_put8(&b, 0);	/* no session id */
	buf_put16(&b, 2);
	buf_put16(&b, HS_SUITE_CLASSIC);
	buf_put8(&b, 1);
	buf_put8(&b, 0);	/* no compression */
	buf_put16(&b, (uint16_t)(nl + 9));	/* extensions */
	buf_put16(&b, 0);	/* server_name */
	buf_put16(&b, (uint16_t)(nl + 5));
	buf_put16(&b, (uint16_t)(nl + 3));
	buf_put8(&b, 0);	/* host_name */
	buf_put16(&b, (uint16_t)nl);
	buf_put(&b, c->server_name, nl);
	put_message(out, &c->transcript, HS_CLIENT_HELLO, b.p, b.len);
	buf_free(&b);
	c->state = HS_SENT_HELLO;
	return 0;
}

static int server_take_hello(void *ctx, uint8_t rec_type, uint8_t hs_type,
			     const uint8_t *body, size_t len)
{
	struct hs_server *s = ctx;
	if (rec_type != REC_HANDSHAKE || hs_type != HS_CLIENT_HELLO || len < 34 ||
	    s->state != HS_START)
		return -1;
	if (hs_parse_sni(body, len, s->server_name, sizeof s->server_name) < 0)
		s->server_name[0] = '\0';
	memcpy(s->client_random, body + 2, 32);
	buf_put8(&s->transcript, hs_type);
	buf_put24(&s->transcript, (uint32_t)len);
	buf_put(&s->transcript, body, len);
	s->state = HS_GOT_HELLO;
	return 0;
}

int hs_server_read_hello(struct hs_server *s, const uint8_t *in, size_t n)
{
	return hs_each_message(in, n, server_take_hello, s) < 0 || s->state != HS_GOT_HELLO ? -1 : 0;
}

int hs_server_hello(struct hs_server *s, struct buf *out)
{
	if (s->state != HS_GOT_HELLO)
		return -1;
	struct buf b = { 0 };
	const struct buf *cert = &s->id->cert;

	randombytes_buf(s->random, sizeof s->random);
	buf_put16(&b, 0x0303);
	buf_put(&b, s->random, 32);
	buf_put8(&b, 0);
	buf_put16(&b, HS_SUITE_CLASSIC);
	buf_put8(&b, 0);
	put_message(out, &s->transcript, HS_SERVER_HELLO, b.p, b.len);

	/* The chain: the server's certificate alone (the client holds the root). */
	b.len = 0;
	buf_put24(&b, (uint32_t)(cert->len + 3));
	buf_put24(&b, (uint32_t)cert->len);
	buf_put(&b, cert->p, cert->len);
	put_message(out, &s->transcript, HS_CERTIFICATE, b.p, b.len);
	put_message(out, &s->transcript, HS_SERVER_HELLO_DONE, NULL, 0);
	buf_free(&b);
	s->state = HS_SENT_SERVER;
	return 0;
}

struct client_read {
	struct hs_client *c;
	int seen_hello, seen_cert, seen_done;
};

static int client_take_server(void *ctx, uint8_t rec_type, uint8_t hs_type,
			      const uint8_t *body, size_t len)
{
	struct client_read *r = ctx;
	struct hs_client *c = r->c;
	if (rec_type != REC_HANDSHAKE || r->seen_done)
		return -1;
	switch (hs_type) {
	case HS_SERVER_HELLO:
		if (r->seen_hello || len < 34)
			return -1;
		memcpy(c->server_random, body + 2, 32);
		r->seen_hello = 1;
		break;
	case HS_CERTIFICATE:
		/* the first certificate of the list; the caller parses it */
		if (!r->seen_hello || r->seen_cert || len < 6 || get24(body) != len - 3 ||
		    get24(body + 3) > len - 6 || get24(body + 3) == 0)
			return -1;
		buf_put(&c->cert, body + 6, get24(body + 3));
		r->seen_cert = 1;
		break;
	case HS_SERVER_HELLO_DONE:
		if (!r->seen_cert || len != 0)
			return -1;
		r->seen_done = 1;
		break;
	default:
		return -1;
	}
	buf_put8(&c->transcript, hs_type);
	buf_put24(&c->transcript, (uint32_t)len);
	buf_put(&c->transcript, body, len);
	return 0;
}

int hs_client_read_server(struct hs_client *c, const uint8_t *in, size_t n)
{
	struct client_read r = { .c = c };
	if (c->state != HS_SENT_HELLO)
		return -1;
	c->cert.len = 0;
	if (hs_each_message(in, n, client_take_server, &r) < 0 || !r.seen_done) {
		c->state = HS_FAILED;
		return -1;
	}
	c->state = HS_GOT_SERVER;
	return 0;
}

int hs_client_validate(struct hs_client *c, const uint8_t *ed25519_pk)
{
	if (c->state != HS_GOT_SERVER)
		return -1;
	if (!ed25519_pk || crypto_sign_ed25519_pk_to_curve25519(c->wrap_pk, ed25519_pk) != 0) {
		c->state = HS_FAILED;
		return -1;
	}
	c->state = HS_VALIDATED;
	return 0;
}

int hs_client_make_key(struct hs_client *c)
{
	if (c->state != HS_VALIDATED)
		return -1;
	c->session_key = arena_alloc(c->secrets, HS_SESSION_KEY_LEN);
	crypto_aead_xchacha20poly1305_ietf_keygen(c->session_key);
	c->state = HS_KEY_MADE;
	return 0;
}

int hs_client_wrap(struct hs_client *c)
{
	if (c->state != HS_KEY_MADE ||
	    crypto_box_seal(c->sealed, c->session_key, HS_SESSION_KEY_LEN, c->wrap_pk) != 0)
		return -1;
	c->state = HS_WRAPPED;
	return 0;
}

int hs_client_key_exchange(struct hs_client *c, struct buf *out)
{
	struct buf b = { 0 };
	if (c->state != HS_WRAPPED)
		return -1;
	/* the shape of TLS_RSA's EncryptedPreMasterSecret: a 2-byte length */
	buf_put16(&b, HS_SEALED_LEN);
	buf_put(&b, c->sealed, HS_SEALED_LEN);
	put_message(out, &c->transcript, HS_CLIENT_KEY_EXCHANGE, b.p, b.len);
	buf_free(&b);
	c->state = HS_SENT_KEY;
	return 0;
}

static int server_take_key(void *ctx, uint8_t rec_type, uint8_t hs_type,
			   const uint8_t *body, size_t len)
{
	struct hs_server *s = ctx;
	if (rec_type != REC_HANDSHAKE || hs_type != HS_CLIENT_KEY_EXCHANGE || s->session_key)
		return -1;
	s->session_key = arena_alloc(s->secrets, HS_SESSION_KEY_LEN);
	if (len != 2 + HS_SEALED_LEN || get16(body) != HS_SEALED_LEN ||
	    crypto_box_seal_open(s->session_key, body + 2, HS_SEALED_LEN,
				 s->id->wrap_pk, s->id->wrap_sk) != 0)
		return -1;
	buf_put8(&s->transcript, hs_type);
	buf_put24(&s->transcript, (uint32_t)len);
	buf_put(&s->transcript, body, len);
	return 0;
}

int hs_server_read_key_exchange(struct hs_server *s, const uint8_t *in, size_t n)
{
	if (s->state != HS_SENT_SERVER)
		return -1;
	if (hs_each_message(in, n, server_take_key, s) < 0 || !s->session_key) {
		wipe(&s->session_key, HS_SESSION_KEY_LEN);
		s->state = HS_FAILED;
		return -1;
	}
	s->state = HS_UNWRAPPED;
	return 0;
}

/* verify_data: a MAC of the transcript under the session key. */
static void finished_mac(uint8_t out[FINISHED_LEN], const uint8_t *key,
			 const uint8_t *label, size_t label_len, const struct buf *transcript)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, HS_SESSION_KEY_LEN, FINISHED_LEN);
	crypto_generichash_update(&st, label, label_len);
	crypto_generichash_update(&st, transcript->p, transcript->len);
	crypto_generichash_final(&st, out, FINISHED_LEN);
}

/* ChangeCipherSpec in clear, then Finished sealed under the new key. */
static int send_finished(struct rec_state *rec, struct arena *secrets, struct buf *transcript,
			 const uint8_t *key,
			 enum wire_dir dir, const uint8_t *label, size_t label_len,
			 struct buf *out)
{
	uint8_t msg[4 + FINISHED_LEN], one = 1;
	if (!rec->key && rec_set_key(rec, secrets, key, dir) < 0)
		return -1;
	rec_write_plain(out, REC_CHANGE_CIPHER_SPEC, &one, 1);
	msg[0] = HS_FINISHED;
	put24(msg + 1, FINISHED_LEN);
	finished_mac(msg + 4, key, label, label_len, transcript);
	rec_write_sealed(rec, out, REC_HANDSHAKE, msg, sizeof msg);
	buf_put(transcript, msg, sizeof msg);
	return 0;
}

static int read_finished(struct rec_state *rec, struct arena *secrets, struct buf *transcript,
			 const uint8_t *key,
			 enum wire_dir dir, const uint8_t *label, size_t label_len,
			 const uint8_t *in, size_t n)
{
	uint8_t type, msg[64], want[FINISHED_LEN];
	const uint8_t *body;
	size_t blen, total, mlen;
	if (rec_parse(in, n, &type, &body, &blen, &total) < 0 ||
	    type != REC_CHANGE_CIPHER_SPEC || blen != 1 || body[0] != 1)
		return -1;
	in += total;
	n -= total;
	if (!rec->key && rec_set_key(rec, secrets, key, dir) < 0)
		return -1;
	if (rec_parse(in, n, &type, &body, &blen, &total) < 0 || type != REC_HANDSHAKE ||
	    total != n || blen > sizeof msg + REC_TAG_LEN ||
	    rec_open(rec, in, n, msg, &mlen) < 0)
		return -1;
	finished_mac(want, key, label, label_len, transcript);
	if (mlen != 4 + FINISHED_LEN || msg[0] != HS_FINISHED ||
	    sodium_memcmp(msg + 4, want, FINISHED_LEN) != 0)
		return -1;
	buf_put(transcript, msg, mlen);
	return 0;
}

int hs_client_finished(struct hs_client *c, struct buf *out)
{
	if (c->state != HS_SENT_KEY ||
	    send_finished(&c->rec, c->secrets, &c->transcript, c->session_key, WIRE_C2S,
			  label_client, sizeof label_client - 1, out) < 0)
		return -1;
	c->state = HS_SENT_FINISHED;
	return 0;
}

int hs_server_read_finished(struct hs_server *s, const uint8_t *in, size_t n)
{
	if (s->state != HS_UNWRAPPED ||
	    read_finished(&s->rec, s->secrets, &s->transcript, s->session_key, WIRE_S2C,
			  label_client, sizeof label_client - 1, in, n) < 0) {
		s->state = HS_FAILED;
		return -1;
	}
	s->state = HS_GOT_FINISHED;
	return 0;
}

int hs_server_finished(struct hs_server *s, struct buf *out)
{
	if (s->state != HS_GOT_FINISHED ||
	    send_finished(&s->rec, s->secrets, &s->transcript, s->session_key, WIRE_S2C,
			  label_server, sizeof label_server - 1, out) < 0)
		return -1;
	s->state = HS_DONE;
	return 0;
}

int hs_client_read_finished(struct hs_client *c, const uint8_t *in, size_t n)
{
	if (c->state != HS_SENT_FINISHED ||
	    read_finished(&c->rec, c->secrets, &c->transcript, c->session_key, WIRE_C2S,
			  label_server, sizeof label_server - 1, in, n) < 0) {
		c->state = HS_FAILED;
		return -1;
	}
	c->state = HS_DONE;
	return 0;
}

const char *hs_type_name(uint8_t type)
{
	switch (type) {
	case HS_CLIENT_HELLO: return "ClientHello";
	case HS_SERVER_HELLO: return "ServerHello";
	case HS_CERTIFICATE: return "Certificate";
	case HS_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
	case HS_SERVER_HELLO_DONE: return "ServerHelloDone";
	case HS_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
	case HS_FINISHED: return "Finished";
	}
	return "unknown";
}
