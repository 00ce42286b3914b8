/*
 * test_tls12: the TLS 1.2 engine, client against server in memory with
 * seeded randomness (the real certificate chain and key of
 * tests/data/tls-kat), and its parsers against the bytes of a real
 * OpenSSL session captured there.
 *
 * What is proved: a full handshake agrees on every secret, carries a line
 * each way and closes with close_notify both ways; a seed repeats every
 * byte; each machine refuses calls out of turn and messages out of order;
 * a tampered ServerKeyExchange signature, a tampered or wrong Finished, a
 * rejected certificate and a ClientHello without what we require each end
 * in the right alert; no single flipped bit of a ClientHello or of the
 * server's flight crashes anything or slips through the signed share; and
 * the client reads OpenSSL's ServerHello, certificates and signed X25519
 * share, the server OpenSSL's ClientHello.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "tls12.h"

#define KAT "tests/data/tls-kat/"
#define NAME "mail.example.test"

struct fx {
	struct arena a;
	uint8_t *sk;			/* server's Ed25519 key, in the arena */
	uint8_t pk[32];
	const uint8_t *chain[2];
	size_t lens[2];
	uint8_t *der[2];		/* owned file contents */
	struct tls12_client cl;
	struct tls12_server sv;
	struct buf c2s, s2c;		/* the last flight each way */
	bool verify_refuses;
	int keylog_calls;
	char keylog_label[32];
	uint8_t keylog_cr[32], keylog_secret[48];
};

/* Where pat first occurs in p[0..n), or NULL. */
static uint8_t *find(const uint8_t *p, size_t n, const void *pat, size_t m)
{
	for (size_t i = 0; m <= n && i <= n - m; i++)
		if (memcmp(p + i, pat, m) == 0)
			return (uint8_t *)(p + i);
	return NULL;
}

static void unhex32(uint8_t out[32], const char *hex)
{
	size_t n;
	assert_int_equal(sodium_hex2bin(out, 32, hex, 64, NULL, &n, NULL), 0);
	assert_int_equal(n, 32);
}

static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	*n = 0;
	if (!f)
		return NULL;
	uint8_t *p = malloc(1 << 16);
	*n = fread(p, 1, 1 << 16, f);
	fclose(f);
	return p;
}

/* Stands in for X.509: the 32 bytes after the Ed25519 SubjectPublicKeyInfo prefix. */
static int verify(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
		  uint8_t pk[32])
{
	static const uint8_t spki[12] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
					  0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
	struct fx *f = ctx;
	if (f && f->verify_refuses)
		return -7;
	for (size_t i = 0; n > 0 && i + sizeof spki + 32 <= lens[0]; i++)
		if (memcmp(certs[0] + i, spki, sizeof spki) == 0) {
			memcpy(pk, certs[0] + i + sizeof spki, 32);
			return 0;
		}
	return -1;
}

static void keylog(void *ctx, const char *label, const uint8_t cr[32], const uint8_t *secret,
		   size_t len)
{
	struct fx *f = ctx;
	f->keylog_calls++;
	snprintf(f->keylog_label, sizeof f->keylog_label, "%s", label);
	memcpy(f->keylog_cr, cr, 32);
	memcpy(f->keylog_secret, secret, len < 48 ? len : 48);
}

static int setup(void **state)
{
	static struct fx f;
	size_t kn;
	memset(&f, 0, sizeof f);
	rng_seed(1202);
	if (arena_init(&f.a, 16384) < 0)
		return -1;
	f.der[0] = read_file(KAT "server.der", &f.lens[0]);
	f.der[1] = read_file(KAT "ca.der", &f.lens[1]);
	uint8_t *pem = read_file(KAT "server.key", &kn);
	if (!f.der[0] || !f.der[1] || !pem)
		return -1;
	/* PKCS#8 PEM: the seed is the last 32 bytes of the base64-decoded DER. */
	uint8_t der[64];
	size_t dn;
	const char *b64 = memchr(pem, '\n', kn), *end;
	if (!b64 || !(end = memchr(b64 + 1, '\n', kn - (size_t)(b64 + 1 - (char *)pem))) ||
	    sodium_base642bin(der, sizeof der, b64 + 1, (size_t)(end - b64 - 1), NULL, &dn, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || dn < 32)
		return -1;
	f.sk = arena_alloc(&f.a, 64);
	crypto_sign_seed_keypair(f.pk, f.sk, der + dn - 32);
	sodium_memzero(der, sizeof der);
	free(pem);
	f.chain[0] = f.der[0];
	f.chain[1] = f.der[1];
	tls12_client_init(&f.cl, &f.a, NAME, verify, &f, keylog, &f);
	tls12_server_init(&f.sv, &f.a, f.chain, f.lens, 2, f.sk);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tls12_client_free(&f->cl);
	tls12_server_free(&f->sv);
	buf_free(&f->c2s);
	buf_free(&f->s2c);
	free(f->der[0]);
	free(f->der[1]);
	arena_free(&f->a);
	return 0;
}

static void hello(struct fx *f)
{
	f->c2s.len = 0;
	assert_int_equal(tls12_client_hello(&f->cl, &f->c2s), 0);
	assert_int_equal(tls12_server_read_client_hello(&f->sv, f->c2s.p, f->c2s.len, NULL), 1);
	f->s2c.len = 0;
	assert_int_equal(tls12_server_flight(&f->sv, &f->s2c), 0);
}

/* From the server's first flight to the client's Finished, in f->c2s. */
static void key_exchange(struct fx *f)
{
	f->c2s.len = 0;
	assert_int_equal(tls12_client_read_server_flight(&f->cl, f->s2c.p, f->s2c.len,
							 &f->c2s), 1);
	assert_int_equal(tls12_client_key_exchange(&f->cl, &f->c2s), 0);
	assert_int_equal(tls12_client_finished(&f->cl, &f->c2s), 0);
}

static void finish(struct fx *f)
{
	f->s2c.len = 0;
	assert_int_equal(tls12_server_read_client_finished(&f->sv, f->c2s.p, f->c2s.len,
							   &f->s2c), 1);
	assert_int_equal(tls12_server_finished(&f->sv, &f->s2c), 0);
	assert_int_equal(tls12_client_read_server_finished(&f->cl, f->s2c.p, f->s2c.len,
							   &f->c2s), 1);
}

static void test_full_handshake(void **state)
{
	struct fx *f = *state;
	struct tls12_conn *c = &f->cl.c, *s = &f->sv.c;
	static const uint8_t zero[32];

	hello(f);
	assert_int_equal(f->c2s.p[0], 22);
	assert_int_equal(f->c2s.p[2], 1);	/* TLS 1.0 in the first record, as OpenSSL */
	assert_string_equal(f->sv.server_name, NAME);
	assert_true(s->secure_reneg);
	key_exchange(f);
	finish(f);

	assert_int_equal(c->state, TLS12_OPEN);
	assert_int_equal(s->state, TLS12_OPEN);
	assert_memory_equal(c->client_random, s->client_random, 32);
	assert_memory_equal(c->server_random, s->server_random, 32);
	assert_memory_equal(c->client_share, s->client_share, 32);
	assert_memory_equal(c->server_share, s->server_share, 32);
	assert_memory_equal(c->ske_sig, s->ske_sig, 64);
	assert_true(c->ske_sig_ok);
	assert_memory_equal(f->cl.server_pk, f->pk, 32);
	assert_int_equal(f->cl.ncerts, 2);
	assert_memory_equal(c->premaster, s->premaster, 32);
	assert_memory_equal(c->session_hash, s->session_hash, 32);
	assert_memory_equal(c->master, s->master, 48);
	assert_memory_equal(c->kb, s->kb, sizeof *c->kb);
	assert_memory_equal(c->client_verify, s->client_verify, 12);
	assert_memory_equal(c->server_verify, s->server_verify, 12);
	assert_true(s->client_finished_ok);
	assert_true(c->server_finished_ok);
	assert_true(c->ems && s->ems);
	/* The ephemeral secrets are gone; the key log saw the master secret. */
	assert_memory_equal(c->eph_sk, zero, 32);
	assert_memory_equal(s->eph_sk, zero, 32);
	assert_int_equal(f->keylog_calls, 1);
	assert_string_equal(f->keylog_label, "CLIENT_RANDOM");
	assert_memory_equal(f->keylog_cr, c->client_random, 32);
	assert_memory_equal(f->keylog_secret, c->master, 48);
}

/* A line each way, then close_notify each way. */
static void test_application_data(void **state)
{
	struct fx *f = *state;
	struct tls12_conn *c = &f->cl.c, *s = &f->sv.c;

	hello(f);
	key_exchange(f);
	finish(f);
	static const char ehlo[] = "EHLO client.example.test\r\n";
	static const char banner[] = "250 hello from the server\r\n";
	struct buf wire = { 0 }, plain = { 0 };
	assert_int_equal(tls12_write(c, (const uint8_t *)ehlo, strlen(ehlo), &wire), 0);
	assert_int_equal(wire.len, 5 + strlen(ehlo) + 16);	/* 42 bytes, as in the capture */
	assert_null(find(wire.p, wire.len, "EHLO", 4));
	assert_int_equal(tls12_read(s, wire.p, wire.len, &plain, NULL), 0);
	assert_int_equal(plain.len, strlen(ehlo));
	assert_memory_equal(plain.p, ehlo, plain.len);
	wire.len = plain.len = 0;
	assert_int_equal(tls12_write(s, (const uint8_t *)banner, strlen(banner), &wire), 0);
	assert_int_equal(tls12_close(s, &wire), 0);
	assert_int_equal(tls12_read(c, wire.p, wire.len, &plain, NULL), 0);
	assert_memory_equal(plain.p, banner, strlen(banner));
	assert_true(c->peer_closed);
	wire.len = 0;
	assert_int_equal(tls12_close(c, &wire), 0);
	assert_int_equal(wire.len, 5 + 2 + 16);	/* 18-byte sealed alert, as in the capture */
	assert_int_equal(tls12_read(s, wire.p, wire.len, &plain, NULL), 0);
	assert_true(s->peer_closed);
	assert_int_equal(tls12_write(c, (const uint8_t *)"x", 1, &wire), -1);
	buf_free(&wire);
	buf_free(&plain);
}

/* Every byte of a seeded run, both directions. */
static void whole_run(struct fx *f, struct buf *all)
{
	hello(f);
	buf_put(all, f->s2c.p, f->s2c.len);
	key_exchange(f);
	buf_put(all, f->c2s.p, f->c2s.len);
	finish(f);
	buf_put(all, f->s2c.p, f->s2c.len);
}

static void test_seed_repeats(void **state)
{
	struct fx *f = *state;
	struct buf one = { 0 }, two = { 0 };

	rng_seed(77);
	whole_run(f, &one);
	tls12_client_free(&f->cl);
	tls12_server_free(&f->sv);
	tls12_client_init(&f->cl, &f->a, NAME, verify, f, keylog, f);
	tls12_server_init(&f->sv, &f->a, f->chain, f->lens, 2, f->sk);
	rng_seed(77);
	whole_run(f, &two);
	assert_int_equal(one.len, two.len);
	assert_memory_equal(one.p, two.p, one.len);
	buf_free(&one);
	buf_free(&two);
}

static void test_out_of_turn(void **state)
{
	struct fx *f = *state;
	struct buf b = { 0 };

	/* Calls out of turn are refused and change nothing. */
	assert_int_equal(tls12_client_key_exchange(&f->cl, &b), -1);
	assert_int_equal(tls12_client_finished(&f->cl, &b), -1);
	assert_int_equal(tls12_server_hello(&f->sv, &b), -1);
	assert_int_equal(tls12_server_key_exchange(&f->sv, &b), -1);
	assert_int_equal(tls12_server_finished(&f->sv, &b), -1);
	assert_int_equal(tls12_write(&f->cl.c, (const uint8_t *)"x", 1, &b), -1);
	assert_int_equal(tls12_close(&f->sv.c, &b), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(f->cl.c.state, TLS12_START);
	assert_int_equal(f->sv.c.state, TLS12_START);
	hello(f);
	assert_int_equal(tls12_client_hello(&f->cl, &b), -1);
	assert_int_equal(tls12_server_hello_done(&f->sv, &b), -1);
	assert_int_equal(tls12_client_read_server_finished(&f->cl, f->s2c.p, f->s2c.len, &b), -1);
	assert_int_equal(b.len, 0);

	/* Messages out of order: ServerKeyExchange before Certificate. */
	struct buf swapped = { 0 };
	size_t sh = (size_t)tls_rec_frame(f->s2c.p, f->s2c.len);
	size_t cert = (size_t)tls_rec_frame(f->s2c.p + sh, f->s2c.len - sh);
	size_t ske = (size_t)tls_rec_frame(f->s2c.p + sh + cert, f->s2c.len - sh - cert);
	buf_put(&swapped, f->s2c.p, sh);
	buf_put(&swapped, f->s2c.p + sh + cert, ske);
	buf_put(&swapped, f->s2c.p + sh, cert);
	assert_int_equal(tls12_client_read_server_flight(&f->cl, swapped.p, swapped.len, &b), -1);
	assert_int_equal(f->cl.c.alert_sent, TLS12_UNEXPECTED_MESSAGE);
	assert_int_equal(f->cl.c.state, TLS12_FAILED);
	static const uint8_t alert[] = { 21, 3, 3, 0, 2, 2, TLS12_UNEXPECTED_MESSAGE };
	assert_int_equal(b.len, sizeof alert);
	assert_memory_equal(b.p, alert, sizeof alert);
	buf_free(&swapped);
	buf_free(&b);
}

/* The flight may come a record at a time: 0 until ServerHelloDone. */
static void test_flight_in_pieces(void **state)
{
	struct fx *f = *state;
	size_t at = 0;
	int rc = 0, calls = 0;

	hello(f);
	while (at < f->s2c.len) {
		long len = tls_rec_frame(f->s2c.p + at, f->s2c.len - at);
		assert_true(len > 0);
		rc = tls12_client_read_server_flight(&f->cl, f->s2c.p + at, (size_t)len, &f->c2s);
		assert_int_equal(rc, at + (size_t)len == f->s2c.len ? 1 : 0);
		at += (size_t)len;
		calls++;
	}
	assert_int_equal(calls, 4);
	assert_int_equal(f->cl.c.state, TLS12_GOT_HELLO_DONE);
}

static void test_tampered_signature(void **state)
{
	struct fx *f = *state;
	hello(f);
	/* The signature is the last 64 bytes before ServerHelloDone's 9. */
	f->s2c.p[f->s2c.len - 9 - 10] ^= 0x01;
	f->c2s.len = 0;
	assert_int_equal(tls12_client_read_server_flight(&f->cl, f->s2c.p, f->s2c.len, &f->c2s),
			 -1);
	assert_false(f->cl.c.ske_sig_ok);
	assert_int_equal(f->cl.c.alert_sent, TLS12_DECRYPT_ERROR);
	static const uint8_t alert[] = { 21, 3, 3, 0, 2, 2, TLS12_DECRYPT_ERROR };
	assert_int_equal(f->c2s.len, sizeof alert);
	assert_memory_equal(f->c2s.p, alert, sizeof alert);
	assert_int_equal(tls12_client_key_exchange(&f->cl, &f->c2s), -1);
}

/* A share signed for other randoms is refused the same way (no replay). */
static void test_replayed_key_exchange(void **state)
{
	struct fx *f = *state;
	hello(f);
	f->cl.c.client_random[0] ^= 0x80;
	assert_int_equal(tls12_client_read_server_flight(&f->cl, f->s2c.p, f->s2c.len, &f->c2s),
			 -1);
	assert_int_equal(f->cl.c.alert_sent, TLS12_DECRYPT_ERROR);
}

static void test_tampered_finished(void **state)
{
	struct fx *f = *state;
	hello(f);
	key_exchange(f);
	/* A bit of the sealed client Finished: the record fails to open. */
	f->c2s.p[f->c2s.len - 20] ^= 0x04;
	f->s2c.len = 0;
	assert_int_equal(tls12_server_read_client_finished(&f->sv, f->c2s.p, f->c2s.len,
							   &f->s2c), -1);
	assert_int_equal(f->sv.c.alert_sent, TLS12_BAD_RECORD_MAC);
	assert_false(f->sv.c.client_finished_ok);
	assert_int_equal(tls12_server_finished(&f->sv, &f->s2c), -1);
	/* The server's alert goes in clear: it had not sent its ChangeCipherSpec. */
	assert_int_equal(f->s2c.len, 7);
}

/* A Finished sealed under the right keys but with wrong verify_data. */
static void test_wrong_verify_data(void **state)
{
	struct fx *f = *state;
	struct tls12_conn *c = &f->cl.c;
	uint8_t msg[16] = { 20, 0, 0, 12 };

	hello(f);
	key_exchange(f);
	memcpy(msg + 4, c->client_verify, 12);
	msg[4] ^= 1;
	/* Keep ClientKeyExchange and ChangeCipherSpec, replace the Finished. */
	f->c2s.len -= 5 + 16 + 16;
	assert_int_equal(tls_rec_seal_raw(TLS_REC_12, c->kb->client_key, c->kb->client_iv, 0,
					  22, msg, sizeof msg, &f->c2s), 0);
	f->s2c.len = 0;
	assert_int_equal(tls12_server_read_client_finished(&f->sv, f->c2s.p, f->c2s.len,
							   &f->s2c), -1);
	assert_int_equal(f->sv.c.alert_sent, TLS12_DECRYPT_ERROR);
	assert_false(f->sv.c.client_finished_ok);

	/* The other way: the client checks the server's Finished too. */
	f->s2c.len = 0;
	static const uint8_t ccs[] = { 20, 3, 3, 0, 1, 1 };
	buf_put(&f->s2c, ccs, sizeof ccs);
	memcpy(msg + 4, f->sv.c.server_verify, 12);	/* zero: never made */
	assert_int_equal(tls_rec_seal_raw(TLS_REC_12, c->kb->server_key, c->kb->server_iv, 0,
					  22, msg, sizeof msg, &f->s2c), 0);
	assert_int_equal(tls12_client_read_server_finished(&f->cl, f->s2c.p, f->s2c.len,
							   &f->c2s), -1);
	assert_int_equal(c->alert_sent, TLS12_DECRYPT_ERROR);
	assert_false(c->server_finished_ok);
}

static void test_certificate_refused(void **state)
{
	struct fx *f = *state;
	f->verify_refuses = true;
	hello(f);
	assert_int_equal(tls12_client_read_server_flight(&f->cl, f->s2c.p, f->s2c.len, &f->c2s),
			 -1);
	assert_int_equal(f->cl.cert_reason, -7);
	assert_int_equal(f->cl.c.alert_sent, TLS12_BAD_CERTIFICATE);
}

/* Rewrites 2 bytes of our ClientHello and gives it to the server. */
static int hello_with(struct fx *f, uint16_t from, uint16_t to)
{
	f->c2s.len = 0;
	assert_int_equal(tls12_client_hello(&f->cl, &f->c2s), 0);
	uint8_t pat[2] = { (uint8_t)(from >> 8), (uint8_t)from };
	uint8_t *p = find(f->c2s.p + 5 + 4 + 34, f->c2s.len - 43, pat, 2);
	assert_non_null(p);
	p[0] = (uint8_t)(to >> 8);
	p[1] = (uint8_t)to;
	f->s2c.len = 0;
	return tls12_server_read_client_hello(&f->sv, f->c2s.p, f->c2s.len, &f->s2c);
}

static void test_hello_without_ems(void **state)
{
	struct fx *f = *state;
	/* extended_master_secret becomes an extension nobody knows. */
	assert_int_equal(hello_with(f, 0x0017, 0x7a7a), -1);
	assert_int_equal(f->sv.c.alert_sent, TLS12_HANDSHAKE_FAILURE);
	static const uint8_t alert[] = { 21, 3, 3, 0, 2, 2, TLS12_HANDSHAKE_FAILURE };
	assert_memory_equal(f->s2c.p, alert, sizeof alert);
}

static void test_hello_without_suite(void **state)
{
	struct fx *f = *state;
	assert_int_equal(hello_with(f, TLS12_SUITE, 0xc02b), -1);
	assert_int_equal(f->sv.c.alert_sent, TLS12_HANDSHAKE_FAILURE);
	/* The client hears the alert, fails, and says nothing back. */
	f->c2s.len = 0;
	assert_int_equal(tls12_client_read_server_flight(&f->cl, f->s2c.p, f->s2c.len, &f->c2s),
			 -1);
	assert_int_equal(f->cl.c.alert_received, TLS12_HANDSHAKE_FAILURE);
	assert_int_equal(f->cl.c.state, TLS12_FAILED);
	assert_int_equal(f->c2s.len, 0);
}

static void test_truncated_hello(void **state)
{
	struct fx *f = *state;
	assert_int_equal(tls12_client_hello(&f->cl, &f->c2s), 0);
	/* The record claims fewer bytes than its handshake message needs. */
	for (size_t cut = 1; cut < f->c2s.len - 5; cut += 7) {
		struct tls12_server s;
		struct buf b = { 0 }, out = { 0 };
		tls12_server_init(&s, &f->a, f->chain, f->lens, 2, f->sk);
		buf_put(&b, f->c2s.p, f->c2s.len - cut);
		put16(b.p + 3, (uint16_t)(b.len - 5));
		put24(b.p + 6, (uint32_t)(b.len - 9));
		int rc = tls12_server_read_client_hello(&s, b.p, b.len, &out);
		assert_int_equal(rc, -1);
		assert_int_equal(s.c.alert_sent, TLS12_DECODE_ERROR);
		tls12_server_free(&s);
		buf_free(&b);
		buf_free(&out);
	}
}

/*
 * Every single-bit change of a ClientHello or of the server's flight is
 * refused with an alert or, where the bit is one nobody checks (inside a
 * certificate, which the stand-in verify does not judge), read through;
 * never a crash (make check runs this under ASan and UBSan).
 */
static void test_every_bit_flipped(void **state)
{
	struct fx *f = *state;
	int refused = 0, read = 0;

	hello(f);
	/* The ServerKeyExchange message (record header aside): no bit goes unnoticed. */
	size_t ske = 0;
	for (int r = 0; r < 2; r++)
		ske += (size_t)tls_rec_frame(f->s2c.p + ske, f->s2c.len - ske);
	size_t ske_end = ske + (size_t)tls_rec_frame(f->s2c.p + ske, f->s2c.len - ske);
	assert_int_equal(f->s2c.p[ske + 5], TLS_HS_SERVER_KEY_EXCHANGE);
	for (int side = 0; side < 2; side++) {
		const struct buf *b = side ? &f->s2c : &f->c2s;
		for (size_t i = 0; i < b->len; i++) {
			struct arena a;
			struct buf m = { 0 }, out = { 0 };
			int rc;
			assert_int_equal(arena_init(&a, 1024), 0);
			buf_put(&m, b->p, b->len);
			m.p[i] ^= (uint8_t)(1u << (i % 8));
			if (side == 0) {
				struct tls12_server s;
				tls12_server_init(&s, &a, f->chain, f->lens, 2, f->sk);
				rc = tls12_server_read_client_hello(&s, m.p, m.len, &out);
				tls12_server_free(&s);
			} else {
				struct tls12_client c;
				tls12_client_init(&c, &a, NAME, verify, NULL, NULL, NULL);
				c.c.state = TLS12_WAIT_SERVER_HELLO;
				memcpy(c.c.client_random, f->cl.c.client_random, 32);
				rc = tls12_client_read_server_flight(&c, m.p, m.len, &out);
				tls12_client_free(&c);
				if (i >= ske + 5 && i < ske_end)
					assert_int_not_equal(rc, 1);	/* 0: a longer message */
			}
			assert_true(rc == -1 ? out.len > 0 : rc >= 0);
			refused += rc == -1;
			read += rc >= 0;
			buf_free(&m);
			buf_free(&out);
			arena_free(&a);
		}
	}
	/* Most of what is read through lies inside the two certificates. */
	assert_true(refused >= 250);
	assert_true(read > 0);
}

/* Returns the TCP payload of the n-th packet (from 1) of a pcap of Ethernet/IPv4. */
static size_t pcap_payload(const uint8_t *pcap, size_t len, int n, const uint8_t **out)
{
	size_t at = 24;
	for (int i = 1; at + 16 <= len; i++) {
		size_t caplen = pcap[at + 8] | pcap[at + 9] << 8 | pcap[at + 10] << 16;
		const uint8_t *fr = pcap + at + 16;
		if (at + 16 + caplen > len)
			break;
		if (i == n) {
			size_t ip = 14, ihl = (fr[ip] & 15) * 4;
			size_t tcp = ip + ihl, off = (fr[tcp + 12] >> 4) * 4;
			size_t total = get16(fr + ip + 2);
			*out = fr + tcp + off;
			return ip + total - tcp - off;
		}
		at += 16 + caplen;
	}
	return 0;
}

/*
 * OpenSSL's ServerHello, certificates, signed share and ServerHelloDone
 * as the client reads them, after the ClientHello that asked for them.
 */
static void test_openssl_server_flight(void **state)
{
	struct fx *f = *state;
	size_t n;
	uint8_t *pcap = read_file(KAT "tls12-ecdhe-ed25519-chacha.pcap", &n);
	const uint8_t *ch, *sf;
	assert_non_null(pcap);
	size_t chn = pcap_payload(pcap, n, 4, &ch), sfn = pcap_payload(pcap, n, 6, &sf);
	assert_int_equal(chn, 154);
	assert_int_equal(sfn, 1067);

	/* Our server takes OpenSSL's ClientHello (with its SCSV, tickets, EtM). */
	assert_int_equal(tls12_server_read_client_hello(&f->sv, ch, chn, NULL), 1);
	assert_memory_equal(f->sv.c.client_random, ch + 11, 32);
	assert_string_equal(f->sv.server_name, NAME);
	assert_true(f->sv.c.secure_reneg);

	/* The client offered no session_ticket: OpenSSL's answer to one is refused. */
	assert_int_equal(tls12_client_hello(&f->cl, &f->c2s), 0);
	memcpy(f->cl.c.client_random, ch + 11, 32);
	f->c2s.len = 0;
	assert_int_equal(tls12_client_read_server_flight(&f->cl, sf, sfn, &f->c2s), -1);
	assert_int_equal(f->cl.c.alert_sent, TLS12_UNSUPPORTED_EXTENSION);

	/* Without it (4 bytes out, lengths fixed) every field reads as tshark shows. */
	uint8_t *p = malloc(sfn);
	static const uint8_t ticket[4] = { 0x00, 0x23, 0x00, 0x00 };
	uint8_t *t = find(sf + 47, 30, ticket, 4);
	assert_non_null(t);
	size_t cut = (size_t)(t - sf);
	memcpy(p, sf, cut);
	memcpy(p + cut, sf + cut + 4, sfn - cut - 4);
	put16(p + 3, 65 - 4);
	put24(p + 6, 61 - 4);
	put16(p + 5 + 4 + 38, 21 - 4);	/* extensions length */
	tls12_client_free(&f->cl);
	tls12_client_init(&f->cl, &f->a, NAME, verify, f, keylog, f);
	assert_int_equal(tls12_client_hello(&f->cl, &f->c2s), 0);
	memcpy(f->cl.c.client_random, ch + 11, 32);
	f->c2s.len = 0;
	assert_int_equal(tls12_client_read_server_flight(&f->cl, p, sfn - 4, &f->c2s), 1);
	assert_int_equal(f->c2s.len, 0);
	uint8_t sr[32], share[32], sig[8];
	unhex32(sr, "75b4a5378707bbad515f6b2aab238dd2ee330330a13fd625d1841243a7b647eb");
	unhex32(share, "fc33540a8770f81e8f11ec56f3b706a8d0a5c1bbdb8e434959d8cba1a3bfdb10");
	assert_memory_equal(f->cl.c.server_random, sr, 32);
	assert_memory_equal(f->cl.c.server_share, share, 32);
	assert_memory_equal(f->cl.server_pk, f->pk, 32);	/* the leaf is server.der */
	assert_int_equal(f->cl.ncerts, 2);
	memcpy(sig, "\xd4\xc9\x99\x88\x7c\x03\x06\xe9", 8);
	assert_memory_equal(f->cl.c.ske_sig, sig, 8);
	assert_true(f->cl.c.ske_sig_ok);	/* OpenSSL's Ed25519 signature verifies */
	assert_true(f->cl.c.ems);
	assert_true(f->cl.c.secure_reneg);
	free(p);
	free(pcap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_application_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_repeats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_turn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flight_in_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_signature, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replayed_key_exchange, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_finished, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_verify_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_certificate_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hello_without_ems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hello_without_suite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_hello, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_bit_flipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_openssl_server_flight, setup, teardown),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("tls12", tests, NULL, NULL);
}
