/*
 * test_tls13: the TLS 1.3 engine, client against server in memory.
 *
 * With the certificates and key of tests/data/tls-kat/ and a seeded
 * random source: a full handshake, data both ways and close_notify, with
 * every secret, hash and key log line equal on both sides; the same seed
 * giving the same bytes; calls out of order refused; every byte changed
 * in any flight ending the handshake with an alert; a CertificateVerify
 * made with the wrong key, a chain the callback rejects and an all-zero
 * key share each failing with the alert RFC 8446 names; and OpenSSL's
 * own ClientHello (from the capture) accepted by our server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "arena.h"
#include "rng.h"
#include "tls13.h"
#include "tls_hex.h"

#define NAME "mail.example.test"

struct keylog {
	int n;
	char label[8][40];
	uint8_t random[8][32], secret[8][32];
};

struct fixture {
	uint8_t *der[2];
	size_t len[2];
	const uint8_t *certs[2];
	uint8_t pk[32], sk[64];
	struct arena ca, sa;
	struct tls13_client c;
	struct tls13_server s;
	struct keylog kc, ks;
	int verify_calls;
	int verify_answer;	/* what the callback returns when it finds a key */
	struct buf b;
};

static void keylog_cb(void *ctx, const char *label, const uint8_t cr[32], const uint8_t *secret,
		      size_t len)
{
	struct keylog *k = ctx;
	assert_int_equal(len, 32);
	assert_true(k->n < 8);
	snprintf(k->label[k->n], sizeof k->label[0], "%s", label);
	memcpy(k->random[k->n], cr, 32);
	memcpy(k->secret[k->n], secret, 32);
	k->n++;
}

/* The test's stand-in for X.509 validation: the leaf's Ed25519 key. */
static int verify_cb(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
		     uint8_t pk[32])
{
	struct fixture *f = ctx;
	f->verify_calls++;
	if (n < 1 || find_ed25519_pk(certs[0], lens[0], pk) < 0)
		return -2;
	return f->verify_answer;
}

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	if (rng_init() < 0)
		return -1;
	f.der[0] = read_file("tests/data/tls-kat/server.der", &f.len[0]);
	f.der[1] = read_file("tests/data/tls-kat/ca.der", &f.len[1]);
	if (!f.der[0] || !f.der[1] ||
	    load_ed25519_pem("tests/data/tls-kat/server.key", f.pk, f.sk) < 0)
		return -1;
	f.certs[0] = f.der[0];
	f.certs[1] = f.der[1];
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	free(f->der[0]);
	free(f->der[1]);
	rng_system();
	return 0;
}

/* A fresh pair of engines (the previous run's arenas are wiped). */
static void start(struct fixture *f, const uint8_t *sk)
{
	tls13_client_free(&f->c);
	tls13_server_free(&f->s);
	arena_free(&f->ca);
	arena_free(&f->sa);
	assert_int_equal(arena_init(&f->ca, TLS13_ARENA_BYTES), 0);
	assert_int_equal(arena_init(&f->sa, TLS13_ARENA_BYTES), 0);
	memset(&f->kc, 0, sizeof f->kc);
	memset(&f->ks, 0, sizeof f->ks);
	f->verify_calls = 0;
	f->verify_answer = 0;
	tls13_client_init(&f->c, &f->ca, NAME, verify_cb, f);
	tls13_server_init(&f->s, &f->sa, f->certs, f->len, 2, sk ? sk : f->sk);
	tls13_set_keylog(&f->c.conn, keylog_cb, &f->kc);
	tls13_set_keylog(&f->s.conn, keylog_cb, &f->ks);
	f->b.len = 0;
}

/* Cuts bytes into records as a socket reader would and feeds each; stops at the first -1. */
static int feed(void *side, bool to_server, const struct buf *b)
{
	size_t at = 0;
	while (at < b->len) {
		long n = tls_rec_frame(b->p + at, b->len - at);
		size_t take = n > 0 ? (size_t)n : b->len - at;	/* garbage goes in whole */
		int rc = to_server ? tls13_server_read(side, b->p + at, take)
				   : tls13_client_read(side, b->p + at, take);
		if (rc < 0)
			return -1;
		at += take;
	}
	return 0;
}

/* Byte at of a flight is the minor legacy version of a clear record (RFC 8446 5.1: ignored). */
static bool ignored_byte(const struct buf *b, size_t at)
{
	size_t r = 0;
	while (r < b->len) {
		long n = tls_rec_frame(b->p + r, b->len - r);
		if (n <= 0)
			return false;
		if (at == r + 2 && b->p[r] != TLS_CT_APPLICATION_DATA)
			return true;
		r += (size_t)n;
	}
	return false;
}

/* Application records to one side; 0 when all opened. */
static int feed_app(struct tls13_conn *t, const struct buf *b, struct buf *got)
{
	size_t at = 0;
	while (at < b->len) {
		long n = tls_rec_frame(b->p + at, b->len - at);
		if (n <= 0 || tls13_open_app(t, b->p + at, (size_t)n, got) != 0)
			return -1;
		at += (size_t)n;
	}
	return 0;
}

/*
 * The five flights, each optionally with one bit changed at byte `at` of
 * flight `which` (-1: none).  Returns 0 when both sides connected, 1 when
 * the byte to change is one TLS ignores.
 */
static int handshake(struct fixture *f, int which, size_t at, size_t *flight_len)
{
	for (int fl = 0; fl < 5; fl++) {
		int rc;
		f->b.len = 0;
		switch (fl) {
		case 0: rc = tls13_client_hello(&f->c, &f->b); break;
		case 1: rc = tls13_server_hello(&f->s, &f->b); break;
		case 2: rc = tls13_server_certificate(&f->s, &f->b); break;
		case 3: rc = tls13_server_finished(&f->s, &f->b); break;
		default: rc = tls13_client_finished(&f->c, &f->b); break;
		}
		if (rc < 0)
			return -1;
		if (flight_len)
			flight_len[fl] = f->b.len;
		if (fl == which && ignored_byte(&f->b, at))
			return 1;
		if (fl == which && at < f->b.len)
			f->b.p[at] ^= 0x04;
		if (feed(fl == 0 || fl == 4 ? (void *)&f->s : (void *)&f->c, fl == 0 || fl == 4,
			 &f->b) < 0)
			return -1;
	}
	return f->c.conn.state == TLS13_CONNECTED && f->s.conn.state == TLS13_CONNECTED ? 0 : -1;
}

static void test_full_handshake(void **state)
{
	struct fixture *f = *state;
	struct tls13_conn *c = &f->c.conn, *s = &f->s.conn;
	rng_seed(7);
	start(f, NULL);
	assert_int_equal(handshake(f, -1, 0, NULL), 0);

	/* What each side knows about the other. */
	assert_string_equal(s->server_name, NAME);
	assert_memory_equal(c->client_random, s->client_random, 32);
	assert_memory_equal(c->server_random, s->server_random, 32);
	assert_memory_equal(c->client_share, s->client_share, 32);
	assert_memory_equal(c->server_share, s->server_share, 32);
	assert_int_equal(f->verify_calls, 1);
	assert_int_equal(f->c.n_certs, 2);
	assert_int_equal(f->c.cert_lens[0], f->len[0]);
	assert_memory_equal(f->c.certs[0], f->der[0], f->len[0]);
	assert_memory_equal(f->c.certs[1], f->der[1], f->len[1]);
	assert_memory_equal(f->c.server_pk, f->pk, 32);
	assert_true(c->cv_verified && c->server_fin_verified && s->client_fin_verified);

	/* The same key schedule on both sides. */
	assert_memory_equal(c->sec, s->sec, sizeof *c->sec);
	assert_memory_equal(c->h_hello, s->h_hello, 32);
	assert_memory_equal(c->h_cert, s->h_cert, 32);
	assert_memory_equal(c->h_cv, s->h_cv, 32);
	assert_memory_equal(c->h_server_fin, s->h_server_fin, 32);
	assert_memory_equal(c->h_client_fin, s->h_client_fin, 32);
	assert_false(sodium_is_zero(c->sec->ecdhe, 32));
	assert_true(sodium_is_zero(c->eph_sk, 32) && sodium_is_zero(s->eph_sk, 32));

	/* The key logs agree, line for line. */
	assert_int_equal(f->kc.n, 5);
	assert_int_equal(f->ks.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(f->kc.label[i], f->ks.label[i]);
		assert_memory_equal(f->kc.random[i], c->client_random, 32);
		assert_memory_equal(f->kc.secret[i], f->ks.secret[i], 32);
	}
	assert_string_equal(f->kc.label[0], "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
	assert_memory_equal(f->kc.secret[0], c->sec->c_hs, 32);
	assert_string_equal(f->kc.label[3], "SERVER_TRAFFIC_SECRET_0");
	assert_memory_equal(f->kc.secret[3], c->sec->s_ap, 32);

	/* Data both ways, then close_notify both ways. */
	struct buf got = { 0 };
	const char *ehlo = "EHLO client.example.test\r\n", *hi = "250 hello from the server\r\n";
	f->b.len = 0;
	assert_int_equal(tls13_seal_app(c, (const uint8_t *)ehlo, strlen(ehlo), &f->b), 0);
	assert_int_equal(f->b.p[0], TLS_CT_APPLICATION_DATA);
	for (size_t i = 0; i + 4 <= f->b.len; i++)
		assert_memory_not_equal(f->b.p + i, "EHLO", 4);
	assert_int_equal(tls13_open_app(s, f->b.p, f->b.len, &got), 0);
	assert_int_equal(got.len, strlen(ehlo));
	assert_memory_equal(got.p, ehlo, got.len);
	f->b.len = got.len = 0;
	assert_int_equal(tls13_seal_app(s, (const uint8_t *)hi, strlen(hi), &f->b), 0);
	assert_int_equal(tls13_open_app(c, f->b.p, f->b.len, &got), 0);
	assert_memory_equal(got.p, hi, strlen(hi));
	f->b.len = 0;
	assert_int_equal(tls13_close(c, &f->b), 0);
	assert_int_equal(tls13_seal_app(c, (const uint8_t *)"x", 1, &f->b), -1);
	assert_int_equal(tls13_open_app(s, f->b.p, f->b.len, &got), 1);
	assert_int_equal(s->state, TLS13_CLOSED);
	assert_int_equal(s->peer_alert, TLS13_ALERT_CLOSE_NOTIFY);
	f->b.len = 0;
	assert_int_equal(tls13_close(s, &f->b), 0);
	assert_int_equal(tls13_open_app(c, f->b.p, f->b.len, &got), 1);
	assert_int_equal(c->state, TLS13_CLOSED);
	assert_int_equal(c->app_out, strlen(ehlo));
	assert_int_equal(c->app_in, strlen(hi));
	buf_free(&got);
}

/* A long message is cut into full records and comes out whole. */
static void test_long_data(void **state)
{
	struct fixture *f = *state;
	rng_seed(8);
	start(f, NULL);
	assert_int_equal(handshake(f, -1, 0, NULL), 0);
	size_t n = 40000;
	uint8_t *data = malloc(n);
	randombytes_buf(data, n);
	struct buf got = { 0 };
	f->b.len = 0;
	assert_int_equal(tls13_seal_app(&f->c.conn, data, n, &f->b), 0);
	assert_int_equal(feed_app(&f->s.conn, &f->b, &got), 0);
	assert_int_equal(got.len, n);
	assert_memory_equal(got.p, data, n);
	free(data);
	buf_free(&got);
}

/* Same seed, same bytes: every flight hashed. */
static void flights_digest(struct fixture *f, uint64_t seed, uint8_t out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	rng_seed(seed);
	start(f, NULL);
	for (int fl = 0; fl < 5; fl++) {
		f->b.len = 0;
		int rc = fl == 0 ? tls13_client_hello(&f->c, &f->b)
		       : fl == 1 ? tls13_server_hello(&f->s, &f->b)
		       : fl == 2 ? tls13_server_certificate(&f->s, &f->b)
		       : fl == 3 ? tls13_server_finished(&f->s, &f->b)
				 : tls13_client_finished(&f->c, &f->b);
		assert_int_equal(rc, 0);
		crypto_generichash_update(&h, f->b.p, f->b.len);
		assert_int_equal(feed(fl == 0 || fl == 4 ? (void *)&f->s : (void *)&f->c,
				      fl == 0 || fl == 4, &f->b), 0);
	}
	crypto_generichash_final(&h, out, 32);
}

static void test_deterministic(void **state)
{
	struct fixture *f = *state;
	uint8_t a[32], b[32], c[32];
	flights_digest(f, 11, a);
	flights_digest(f, 11, b);
	flights_digest(f, 12, c);
	assert_memory_equal(a, b, 32);
	assert_memory_not_equal(a, c, 32);
}

static void test_out_of_order(void **state)
{
	struct fixture *f = *state;
	uint8_t junk[8] = { 22, 3, 3, 0, 3, 1, 2, 3 };
	rng_seed(9);
	start(f, NULL);
	assert_int_equal(tls13_client_finished(&f->c, &f->b), -1);
	assert_int_equal(tls13_client_read(&f->c, junk, sizeof junk), -1);
	assert_int_equal(tls13_server_hello(&f->s, &f->b), -1);
	assert_int_equal(tls13_server_certificate(&f->s, &f->b), -1);
	assert_int_equal(tls13_server_finished(&f->s, &f->b), -1);
	assert_int_equal(tls13_seal_app(&f->c.conn, junk, 1, &f->b), -1);
	assert_int_equal(tls13_open_app(&f->s.conn, junk, sizeof junk, &f->b), -1);
	assert_int_equal(tls13_close(&f->c.conn, &f->b), -1);
	assert_int_equal(tls13_alert_record(&f->c.conn, &f->b), -1);
	/* Refusals change nothing. */
	assert_int_equal(f->c.conn.state, TLS13_START);
	assert_int_equal(f->s.conn.state, TLS13_START);
	assert_int_equal(f->b.len, 0);

	assert_int_equal(tls13_client_hello(&f->c, &f->b), 0);
	assert_int_equal(tls13_client_hello(&f->c, &f->b), -1);
	assert_int_equal(feed(&f->s, true, &f->b), 0);
	assert_int_equal(tls13_server_read(&f->s, f->b.p, f->b.len), -1);	/* twice */
	assert_int_equal(tls13_server_finished(&f->s, &f->b), -1);
	assert_int_equal(tls13_server_certificate(&f->s, &f->b), -1);
	f->b.len = 0;
	assert_int_equal(tls13_server_hello(&f->s, &f->b), 0);
	assert_int_equal(tls13_server_hello(&f->s, &f->b), -1);
	assert_int_equal(tls13_server_finished(&f->s, &f->b), -1);
	assert_int_equal(tls13_client_finished(&f->c, &f->b), -1);
	assert_int_equal(f->s.conn.state, TLS13_SENT_HELLO);
	assert_int_equal(f->c.conn.state, TLS13_WAIT_SH);
}

/* Every byte of every flight matters (but the clear record's legacy version). */
static void test_tamper_every_flight(void **state)
{
	struct fixture *f = *state;
	size_t len[5];
	unsigned runs = 0, waits = 0;

	rng_seed(10);
	start(f, NULL);
	assert_int_equal(handshake(f, -1, 0, len), 0);
	for (int fl = 0; fl < 5; fl++) {
		for (size_t at = 0; at < len[fl]; at++) {
			rng_seed(10);
			start(f, NULL);
			int rc = handshake(f, fl, at, NULL);
			if (rc == 1)
				continue;
			if (rc != -1)
				print_error("flight %d byte %zu changed, handshake went on\n", fl, at);
			assert_int_equal(rc, -1);
			struct tls13_conn *c = &f->c.conn, *s = &f->s.conn;
			struct tls13_conn *bad = c->state == TLS13_FAILED ? c : s;
			if (bad->state != TLS13_FAILED) {
				/* A length made longer: the reader waits for bytes that never come. */
				assert_true(c->hs_in.len > 0 || s->hs_in.len > 0);
				waits++;
				continue;
			}
			assert_true(bad->alert_due);
			assert_int_not_equal(bad->alert, TLS13_ALERT_CLOSE_NOTIFY);
			runs++;
		}
	}
	print_message("%u changed bytes failed a side with an alert, %u left a side waiting\n",
		      runs, waits);
	assert_true(runs > 1000);
	assert_true(waits < 10);
}

/* The alert a failed side owes, delivered to the other side, fails it too. */
static void deliver_alert(struct fixture *f, bool from_client, uint8_t want)
{
	struct tls13_conn *from = from_client ? &f->c.conn : &f->s.conn;
	struct tls13_conn *to = from_client ? &f->s.conn : &f->c.conn;
	f->b.len = 0;
	assert_int_equal(from->state, TLS13_FAILED);
	assert_int_equal(from->alert, want);
	assert_int_equal(tls13_alert_record(from, &f->b), 0);
	assert_int_equal(tls13_alert_record(from, &f->b), -1);	/* once */
	assert_int_equal(feed(from_client ? (void *)&f->s : (void *)&f->c, from_client, &f->b), -1);
	assert_int_equal(to->state, TLS13_FAILED);
	assert_int_equal(to->peer_alert, want);
	assert_false(to->alert_due);	/* no alert answers an alert */
}

/* The server signs with a key the certificate does not hold. */
static void test_wrong_signing_key(void **state)
{
	struct fixture *f = *state;
	uint8_t pk[32], sk[64];
	rng_seed(13);
	crypto_sign_keypair(pk, sk);
	start(f, sk);
	assert_int_equal(handshake(f, -1, 0, NULL), -1);
	assert_int_equal(f->c.verify_result, 0);	/* the chain itself was fine */
	assert_false(f->c.conn.cv_verified);
	assert_false(f->c.conn.server_fin_verified);
	deliver_alert(f, true, TLS13_ALERT_DECRYPT_ERROR);
	assert_int_equal(f->s.conn.state, TLS13_FAILED);
}

static void test_chain_rejected(void **state)
{
	struct fixture *f = *state;
	rng_seed(14);
	start(f, NULL);
	f->verify_answer = -7;
	assert_int_equal(handshake(f, -1, 0, NULL), -1);
	assert_int_equal(f->c.verify_result, -7);
	assert_false(f->c.conn.cv_verified);
	deliver_alert(f, true, TLS13_ALERT_BAD_CERTIFICATE);
}

/* A ClientHello whose X25519 share makes an all-zero secret gets a clear alert. */
static void test_zero_share(void **state)
{
	struct fixture *f = *state;
	rng_seed(15);
	start(f, NULL);
	assert_int_equal(tls13_client_hello(&f->c, &f->b), 0);
	memset(f->b.p + f->b.len - 32, 0, 32);	/* the key share ends the hello */
	assert_int_equal(feed(&f->s, true, &f->b), 0);
	f->b.len = 0;
	assert_int_equal(tls13_server_hello(&f->s, &f->b), -1);
	assert_int_equal(f->b.len, 0);
	assert_int_equal(f->s.conn.alert, TLS13_ALERT_ILLEGAL_PARAMETER);
	assert_int_equal(tls13_alert_record(&f->s.conn, &f->b), 0);
	const uint8_t want[] = { 21, 3, 3, 0, 2, 2, TLS13_ALERT_ILLEGAL_PARAMETER };
	assert_int_equal(f->b.len, sizeof want);
	assert_memory_equal(f->b.p, want, sizeof want);
	/* and the client, reading it in clear, fails with it */
	assert_int_equal(tls13_client_read(&f->c, f->b.p, f->b.len), -1);
	assert_int_equal(f->c.conn.peer_alert, TLS13_ALERT_ILLEGAL_PARAMETER);
}

/* OpenSSL's ClientHello from tests/data/tls-kat/tls13-chacha-ed25519.pcap, frame 4. */
static const char *const openssl_ch =
	"16030100e0010000dc030323ec1f6b02c05d14417c952bd4695b76f891cb858a9b8e7a41132e07d430fd6e207f"
	"69223686681458e5bf290160c2d719a835787d3a7374cd308895d6531c89b70004130300ff0100008f00000016"
	"00140000116d61696c2e6578616d706c652e74657374000b000403000102000a00040002001d00230000001600"
	"0000170000000d001e001c040305030603080708080809080a080b080408050806040105010601002b00030203"
	"04002d00020101003300260024001d0020a0c410c4ae941eb5f57b0e681630c1b5183c2bb86d156c315fd156af"
	"167e0612";

static void test_openssl_client_hello(void **state)
{
	struct fixture *f = *state;
	uint8_t rec[512];
	size_t n = unhex(openssl_ch, rec, sizeof rec);
	rng_seed(16);
	start(f, NULL);
	assert_int_equal(tls13_server_read(&f->s, rec, n), 0);
	assert_int_equal(f->s.conn.state, TLS13_GOT_HELLO);
	assert_string_equal(f->s.conn.server_name, NAME);
	assert_int_equal(f->s.conn.client_random[0], 0x23);
	assert_int_equal(f->s.conn.session_id_len, 32);
	assert_int_equal(tls13_server_hello(&f->s, &f->b), 0);
	/* Our ServerHello echoes its session id, as OpenSSL's own server did. */
	assert_memory_equal(f->b.p + 5 + 4 + 2 + 32 + 1, rec + 5 + 4 + 2 + 32 + 1, 32);
	assert_int_equal(tls13_server_certificate(&f->s, &f->b), 0);
	assert_int_equal(tls13_server_finished(&f->s, &f->b), 0);
}

/* Our ClientHello has OpenSSL's shape: the extensions in its order. */
static void test_client_hello_shape(void **state)
{
	struct fixture *f = *state;
	rng_seed(17);
	start(f, NULL);
	assert_int_equal(tls13_client_hello(&f->c, &f->b), 0);
	const uint8_t *m = f->b.p + 5;
	assert_int_equal(f->b.p[2], 1);		/* record says TLS 1.0 */
	assert_int_equal(m[0], TLS_HS_CLIENT_HELLO);
	struct tls_client_hello ch;
	assert_int_equal(tls_client_hello_parse(m + 4, f->b.len - 9, &ch), 0);
	assert_int_equal(ch.session_id_len, 32);
	assert_int_equal(ch.suites_len, 4);
	const uint16_t order[] = { 0, 11, 10, 35, 22, 23, 13, 43, 45, 51 };
	size_t at = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		assert_true(at + 4 <= ch.exts_len);
		assert_int_equal(get16(ch.exts + at), order[i]);
		at += 4 + get16(ch.exts + at + 2);
	}
	assert_int_equal(at, ch.exts_len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_handshake),
		cmocka_unit_test(test_long_data),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_tamper_every_flight),
		cmocka_unit_test(test_wrong_signing_key),
		cmocka_unit_test(test_chain_rejected),
		cmocka_unit_test(test_zero_share),
		cmocka_unit_test(test_openssl_client_hello),
		cmocka_unit_test(test_client_hello_shape),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	return rc;
}
