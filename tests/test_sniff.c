/*
 * test_sniff: the eavesdropper against real handshakes made in memory.
 *
 * The TLS 1.3 and TLS 1.2 engines run client against server with an
 * X.509 chain from sim/pki.h and a seeded random source; the classic
 * model's frames are built by hand (a sealed box to the X25519 form of
 * the certificate's key, records sealed with rec_write_sealed).  An SMTP
 * login ("AUTH PLAIN" with alice's password) crosses each channel.
 *
 * What is proved, per version: what a passive sniffer sees (TLS 1.3: the
 * server name, the offers and key shares, then only record sizes; TLS
 * 1.2 and classic: the certificate in clear too); what the server's
 * stolen long-term key opens (classic: everything; ECDHE: nothing); what
 * a key log opens (everything, the login included).  Then every frame
 * truncated and every byte corrupted, replayed with both kinds of stolen
 * secrets, never crashes and only ever reports printable text.
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

#include "handshake.h"
#include "pki.h"
#include "record.h"
#include "rng.h"
#include "sniff.h"
#include "tls12.h"
#include "tls13.h"
#include "tls_msg.h"
#include "x509.h"

#define NAME "mail.example.test"
#define NOW 1780304400		/* 2026-06-01 09:00 UTC */
#define DAY 86400
#define LOGIN "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n"	/* alice, wonderland */
#define MAX_FRAMES 32
#define MAX_KEYLOG 8

static const struct wire_link links[1] = {
	{ "hop A", WIRE_TCP, 0xc000020a, 0xc0000219, 49731, 465,
	  "client.example.test", NAME },
};

struct seen {
	enum fact_kind kind;
	char *label, *value;
};

/* One recorded session: its frames, key log, the server's keys. */
struct fx {
	struct arena a;		/* engines, CA, server key, sniffer */
	struct pki_ca ca;
	uint8_t pk[32], *sk;	/* the server's Ed25519 key pair */
	struct buf leaf;
	const uint8_t *chain[2];
	size_t lens[2];
	struct wire_frame frames[MAX_FRAMES];
	size_t n_frames;
	struct keylog_entry keylog[MAX_KEYLOG];
	size_t n_keylog;
	struct seen *seen;
	size_t n_seen, cap_seen;
	bool loose;		/* hostile runs: facts are checked, not kept */
};

/* Aborts unless s is printable UTF-8 without control characters but a
 * tab (kept from a folded header; the screen draws it as a mark). */
static void check_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_true((*p >= 0x20 && *p != 0x7f) || *p == '\t');
}

static void emit(void *ctx, enum fact_kind kind, enum wire_dir dir, int frame,
		 const char *label, struct fact_value *v)
{
	struct fx *f = ctx;
	(void)dir;
	(void)frame;
	char *value = fact_value_render(v, NULL);
	check_printable(label);
	check_printable(value);
	fact_value_free(v);
	if (getenv("TEST_SNIFF_VERBOSE") && !f->loose)	/* to read what it says */
		printf("  %d %s%s%s\n", (int)kind, label, *label ? ": " : "", value);
	if (f->loose) {
		free(value);
		return;
	}
	grow(&f->seen, &f->cap_seen, f->n_seen + 1, sizeof *f->seen);
	f->seen[f->n_seen++] = (struct seen){ kind, xstrdup(label), value };
}

static void forget(struct fx *f)
{
	for (size_t i = 0; i < f->n_seen; i++) {
		free(f->seen[i].label);
		free(f->seen[i].value);
	}
	f->n_seen = 0;
}

/* How many facts of that kind (any kind when kind < 0) contain text in label or value. */
static int count(const struct fx *f, int kind, const char *text)
{
	int n = 0;
	for (size_t i = 0; i < f->n_seen; i++)
		if ((kind < 0 || (int)f->seen[i].kind == kind) &&
		    (strstr(f->seen[i].value, text) || strstr(f->seen[i].label, text)))
			n++;
	return n;
}

static void add_frame(struct fx *f, enum wire_dir dir, const struct buf *b)
{
	assert_true(f->n_frames < MAX_FRAMES);
	struct wire_frame *w = &f->frames[f->n_frames];
	w->link = 0;
	w->dir = dir;
	w->time_us = (uint64_t)NOW * 1000000u + f->n_frames * 1000u;
	w->len = b->len;
	w->bytes = xmalloc(b->len ? b->len : 1);
	memcpy(w->bytes, b->p, b->len);
	f->n_frames++;
}

static void keylog_cb(void *ctx, const char *label, const uint8_t cr[32], const uint8_t *secret,
		      size_t len)
{
	struct fx *f = ctx;
	assert_true(f->n_keylog < MAX_KEYLOG && len <= 48);
	struct keylog_entry *e = &f->keylog[f->n_keylog++];
	memset(e, 0, sizeof *e);
	snprintf(e->label, sizeof e->label, "%s", label);
	memcpy(e->client_random, cr, 32);
	memcpy(e->secret, secret, len);
	e->len = len;
}

/* The client's X.509 check, cut to what the tests need: the leaf's key. */
static int verify_cb(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
		     uint8_t pk[32])
{
	struct x509_cert c;
	(void)ctx;
	if (n < 1 || x509_parse(&c, certs[0], lens[0]) < 0 || !c.key_ed25519)
		return -1;
	memcpy(pk, c.key, 32);
	return 0;
}

static void fx_init(struct fx *f, uint64_t seed)
{
	memset(f, 0, sizeof *f);
	rng_seed(seed);
	assert_int_equal(arena_init(&f->a, 16384), 0);
	assert_int_equal(pki_ca_new(&f->ca, &f->a, "Example Test Root CA", NOW - 400 * DAY,
				    NOW + 3000 * DAY), 0);
	f->sk = arena_alloc(&f->a, 64);
	crypto_sign_keypair(f->pk, f->sk);
	struct pki_leaf l = { NAME, f->pk, NOW - 90 * DAY, NOW + 275 * DAY };
	assert_int_equal(pki_issue(&f->leaf, &l, &f->ca), 0);
	f->chain[0] = f->leaf.p;
	f->lens[0] = f->leaf.len;
	f->chain[1] = f->ca.der.p;
	f->lens[1] = f->ca.der.len;
}

static void fx_free(struct fx *f)
{
	forget(f);
	free(f->seen);
	for (size_t i = 0; i < f->n_frames; i++)
		free(f->frames[i].bytes);
	buf_free(&f->leaf);
	pki_ca_free(&f->ca);
	sodium_memzero(f->keylog, sizeof f->keylog);
	arena_free(&f->a);
}

/* Feeds a flight to a TLS 1.3 side record by record. */
static void feed13(void *side, bool to_server, const struct buf *b)
{
	for (size_t at = 0; at < b->len;) {
		long n = tls_rec_frame(b->p + at, b->len - at);
		assert_true(n > 0);
		assert_int_equal(to_server ? tls13_server_read(side, b->p + at, (size_t)n)
					   : tls13_client_read(side, b->p + at, (size_t)n), 0);
		at += (size_t)n;
	}
}

static void make_tls13(struct fx *f)
{
	struct tls13_client c;
	struct tls13_server s;
	struct buf b = { 0 }, got = { 0 };
	fx_init(f, 13);
	tls13_client_init(&c, &f->a, NAME, verify_cb, f);
	tls13_server_init(&s, &f->a, f->chain, f->lens, 2, f->sk);
	tls13_set_keylog(&c.conn, keylog_cb, f);
	assert_int_equal(tls13_client_hello(&c, &b), 0);
	add_frame(f, WIRE_C2S, &b);
	feed13(&s, true, &b);
	for (int flight = 0; flight < 3; flight++) {
		b.len = 0;
		assert_int_equal(flight == 0 ? tls13_server_hello(&s, &b)
				 : flight == 1 ? tls13_server_certificate(&s, &b)
				 : tls13_server_finished(&s, &b), 0);
		add_frame(f, WIRE_S2C, &b);
		feed13(&c, false, &b);
	}
	b.len = 0;
	assert_int_equal(tls13_client_finished(&c, &b), 0);
	add_frame(f, WIRE_C2S, &b);
	feed13(&s, true, &b);
	assert_int_equal(c.conn.state, TLS13_CONNECTED);
	b.len = 0;
	assert_int_equal(tls13_seal_app(&c.conn, (const uint8_t *)LOGIN, strlen(LOGIN), &b), 0);
	add_frame(f, WIRE_C2S, &b);
	assert_int_equal(tls13_open_app(&s.conn, b.p, b.len, &got), 0);
	assert_int_equal(got.len, strlen(LOGIN));
	b.len = 0;
	assert_int_equal(tls13_seal_app(&s.conn, (const uint8_t *)"235 2.7.0 ok\r\n", 14, &b), 0);
	add_frame(f, WIRE_S2C, &b);
	tls13_client_free(&c);
	tls13_server_free(&s);
	buf_free(&b);
	buf_free(&got);
}

static void make_tls12(struct fx *f)
{
	struct tls12_client c;
	struct tls12_server s;
	struct buf c2s = { 0 }, s2c = { 0 }, got = { 0 };
	fx_init(f, 12);
	tls12_client_init(&c, &f->a, NAME, verify_cb, f, keylog_cb, f);
	tls12_server_init(&s, &f->a, f->chain, f->lens, 2, f->sk);
	assert_int_equal(tls12_client_hello(&c, &c2s), 0);
	add_frame(f, WIRE_C2S, &c2s);
	assert_int_equal(tls12_server_read_client_hello(&s, c2s.p, c2s.len, NULL), 1);
	assert_int_equal(tls12_server_flight(&s, &s2c), 0);
	add_frame(f, WIRE_S2C, &s2c);
	c2s.len = 0;
	assert_int_equal(tls12_client_read_server_flight(&c, s2c.p, s2c.len, &c2s), 1);
	assert_int_equal(tls12_client_key_exchange(&c, &c2s), 0);
	assert_int_equal(tls12_client_finished(&c, &c2s), 0);
	add_frame(f, WIRE_C2S, &c2s);
	s2c.len = 0;
	assert_int_equal(tls12_server_read_client_finished(&s, c2s.p, c2s.len, &s2c), 1);
	assert_int_equal(tls12_server_finished(&s, &s2c), 0);
	add_frame(f, WIRE_S2C, &s2c);
	c2s.len = 0;
	assert_int_equal(tls12_client_read_server_finished(&c, s2c.p, s2c.len, &c2s), 1);
	assert_int_equal(tls12_write(&c.c, (const uint8_t *)LOGIN, strlen(LOGIN), &c2s), 0);
	add_frame(f, WIRE_C2S, &c2s);
	assert_int_equal(tls12_read(&s.c, c2s.p, c2s.len, &got, NULL), 0);
	assert_int_equal(got.len, strlen(LOGIN));
	s2c.len = 0;
	assert_int_equal(tls12_write(&s.c, (const uint8_t *)"235 2.7.0 ok\r\n", 14, &s2c), 0);
	add_frame(f, WIRE_S2C, &s2c);
	tls12_client_free(&c);
	tls12_server_free(&s);
	buf_free(&c2s);
	buf_free(&s2c);
	buf_free(&got);
}

/* A handshake message in its own clear record. */
static void put_msg(struct buf *out, uint8_t type, const struct buf *body)
{
	struct buf m = { 0 };
	buf_put8(&m, type);
	buf_put24(&m, (uint32_t)body->len);
	buf_put(&m, body->p, body->len);
	rec_write_plain(out, REC_HANDSHAKE, m.p, m.len);
	buf_free(&m);
}

static void classic_hellos(struct fx *f, struct buf *b, uint8_t client_random[32])
{
	struct buf m = { 0 };
	randombytes_buf(client_random, 32);
	buf_put16(&m, TLS_VERSION_12);
	buf_put(&m, client_random, 32);
	buf_put8(&m, 0);
	buf_put16(&m, 2);
	buf_put16(&m, HS_SUITE_CLASSIC);
	buf_put8(&m, 1);
	buf_put8(&m, 0);
	size_t ext = tls_wr_begin(&m, 2);
	tls_ext_put_server_name(&m, NAME);
	tls_ext_put_supported_groups(&m);
	assert_int_equal(tls_wr_end(&m, ext, 2), 0);
	b->len = 0;
	put_msg(b, TLS_HS_CLIENT_HELLO, &m);
	add_frame(f, WIRE_C2S, b);

	b->len = m.len = 0;
	uint8_t server_random[32];
	randombytes_buf(server_random, 32);
	buf_put16(&m, TLS_VERSION_12);
	buf_put(&m, server_random, 32);
	buf_put8(&m, 0);
	buf_put16(&m, HS_SUITE_CLASSIC);
	buf_put8(&m, 0);
	put_msg(b, TLS_HS_SERVER_HELLO, &m);
	m.len = 0;
	size_t list = tls_wr_begin(&m, 3);
	for (int i = 0; i < 2; i++) {
		size_t one = tls_wr_begin(&m, 3);
		buf_put(&m, f->chain[i], f->lens[i]);
		assert_int_equal(tls_wr_end(&m, one, 3), 0);
	}
	assert_int_equal(tls_wr_end(&m, list, 3), 0);
	put_msg(b, TLS_HS_CERTIFICATE, &m);
	m.len = 0;
	put_msg(b, TLS_HS_SERVER_HELLO_DONE, &m);
	add_frame(f, WIRE_S2C, b);
	buf_free(&m);
}

/* The classic model: a session key sealed to the X25519 form of the certificate's key. */
static void make_classic(struct fx *f)
{
	struct buf b = { 0 }, m = { 0 };
	struct rec_state cs = { 0 }, ss = { 0 };
	uint8_t cr[32], key[32], xpk[32], sealed[HS_SEALED_LEN];
	fx_init(f, 1);
	classic_hellos(f, &b, cr);
	randombytes_buf(key, 32);
	assert_int_equal(crypto_sign_ed25519_pk_to_curve25519(xpk, f->pk), 0);
	assert_int_equal(crypto_box_seal(sealed, key, 32, xpk), 0);
	buf_put16(&m, HS_SEALED_LEN);
	buf_put(&m, sealed, HS_SEALED_LEN);
	b.len = 0;
	put_msg(&b, TLS_HS_CLIENT_KEY_EXCHANGE, &m);
	add_frame(f, WIRE_C2S, &b);
	assert_int_equal(rec_set_key(&cs, &f->a, key, WIRE_C2S), 0);
	assert_int_equal(rec_set_key(&ss, &f->a, key, WIRE_S2C), 0);
	static const uint8_t fin[16] = { TLS_HS_FINISHED, 0, 0, 12 };
	struct rec_state *st[2] = { &cs, &ss };
	for (int d = 0; d < 2; d++) {
		b.len = 0;
		rec_write_plain(&b, REC_CHANGE_CIPHER_SPEC, (const uint8_t *)"\1", 1);
		rec_write_sealed(st[d], &b, REC_HANDSHAKE, fin, sizeof fin);
		add_frame(f, d ? WIRE_S2C : WIRE_C2S, &b);
	}
	b.len = 0;
	rec_write_sealed(&cs, &b, REC_APPLICATION_DATA, (const uint8_t *)LOGIN, strlen(LOGIN));
	add_frame(f, WIRE_C2S, &b);
	b.len = 0;
	rec_write_sealed(&ss, &b, REC_APPLICATION_DATA, (const uint8_t *)"235 ok\r\n", 8);
	add_frame(f, WIRE_S2C, &b);
	struct keylog_entry *e = &f->keylog[f->n_keylog++];
	snprintf(e->label, sizeof e->label, "%s", KEYLOG_CLASSIC);
	memcpy(e->client_random, cr, 32);
	memcpy(e->secret, key, 32);
	e->len = 32;
	sodium_memzero(key, sizeof key);
	rec_clear(&cs);
	rec_clear(&ss);
	buf_free(&b);
	buf_free(&m);
}

/* The frames as a sniffer sees them pass. */
static struct sniff *watch(struct fx *f)
{
	struct sniff *sn = sniff_new(links, 1, emit, f, &f->a);
	for (size_t i = 0; i < f->n_frames; i++)
		sniff_frame(sn, &f->frames[i], (int)i);
	sniff_summary(sn);
	return sn;
}

/* What every version shows in clear, and that the login is not among it. */
static void assert_passive_common(struct fx *f)
{
	assert_int_equal(count(f, FACT_CLEAR, "TLS ClientHello asks for server name " NAME), 1);
	assert_int_equal(count(f, FACT_INFO, "server name"), 1);
	assert_int_equal(count(f, FACT_CLEAR, "TLS ClientHello offers groups x25519"), 1);
	assert_true(count(f, FACT_CIPHER, "[23] ") >= 2);
	assert_int_equal(count(f, -1, "AUTH PLAIN"), 0);
	assert_int_equal(count(f, FACT_CREDENTIAL, ""), 0);
	assert_int_equal(count(f, FACT_META, "traffic hop A"), 1);
}

static void assert_login_seen(struct fx *f)
{
	assert_int_equal(count(f, FACT_CLEAR, "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ="), 1);
	assert_int_equal(count(f, FACT_CREDENTIAL, "user alice, password wonderland"), 1);
}

static void test_tls13(void **state)
{
	struct fx f;
	(void)state;
	make_tls13(&f);
	struct sniff *sn = watch(&f);
	assert_passive_common(&f);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ClientHello offers cipher suites "
			       "TLS_CHACHA20_POLY1305_SHA256, TLS_EMPTY_RENEGOTIATION_INFO_SCSV"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ClientHello offers versions TLS 1.3"), 1);
	assert_int_equal(count(&f, FACT_KEY, "client key share"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ServerHello: TLS 1.3, cipher suite "
			       "TLS_CHACHA20_POLY1305_SHA256"), 1);
	assert_int_equal(count(&f, FACT_KEY, "server key share"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "middlebox compatibility"), 2);
	assert_int_equal(count(&f, FACT_CIPHER, "[22]"), 0);	/* the outer type is always 23 */
	assert_int_equal(count(&f, -1, "Certificate"), 0);
	assert_int_equal(count(&f, FACT_INFO, "certificate"), 0);
	assert_int_equal(count(&f, -1, "Example Test Root CA"), 0);
	/* EE, Certificate, CertificateVerify, Finished, client Finished, data each way */
	assert_int_equal(count(&f, FACT_CIPHER, "[23] "), 7);

	forget(&f);
	assert_int_equal(sniff_steal_signing_key(sn, f.pk, f.sk, f.frames, f.n_frames), 0);
	assert_int_equal(count(&f, FACT_ALERT, "TLS 1.3: the stolen key opens nothing"), 1);
	assert_int_equal(count(&f, -1, "AUTH PLAIN"), 0);
	assert_int_equal(count(&f, FACT_CIPHER, ""), 0);	/* the replay is quiet */

	forget(&f);
	assert_int_equal(f.n_keylog, 5);	/* the four traffic secrets and the exporter's */
	assert_int_equal(sniff_use_keylog(sn, f.keylog, f.n_keylog, f.frames, f.n_frames), 7);
	assert_int_equal(count(&f, FACT_ALERT, "the key log holds CLIENT_HANDSHAKE_TRAFFIC_SECRET, "
			       "SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0, "
			       "SERVER_TRAFFIC_SECRET_0 for this handshake"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "decrypted TLS EncryptedExtensions"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "decrypted TLS Certificate: " NAME
			       ", issuer Example Test Root CA, valid 2026-03-03 to 2027-03-03"), 1);
	assert_int_equal(count(&f, FACT_INFO, "certificate"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "decrypted TLS CertificateVerify"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "decrypted TLS Finished"), 2);
	assert_int_equal(count(&f, FACT_CLEAR, "235 2.7.0 ok"), 1);
	assert_login_seen(&f);

	forget(&f);	/* only the application secrets: the data still opens */
	struct keylog_entry app[2];
	size_t n_app = 0;
	for (size_t i = 0; i < f.n_keylog; i++)
		if (strstr(f.keylog[i].label, "_TRAFFIC_SECRET_0"))
			app[n_app++] = f.keylog[i];
	assert_int_equal(n_app, 2);
	assert_int_equal(sniff_use_keylog(sn, app, n_app, f.frames, f.n_frames), 2);
	sodium_memzero(app, sizeof app);
	assert_login_seen(&f);
	forget(&f);
	assert_int_equal(sniff_use_keylog(sn, NULL, 0, f.frames, f.n_frames), 0);
	assert_int_equal(f.n_seen, 0);
	sniff_free(sn);
	fx_free(&f);
}

static void test_tls12(void **state)
{
	struct fx f;
	(void)state;
	make_tls12(&f);
	struct sniff *sn = watch(&f);
	assert_passive_common(&f);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ClientHello offers cipher suites "
			       "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ServerHello: TLS 1.2, cipher suite "
			       "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS Certificate in clear: " NAME
			       ", issuer Example Test Root CA, valid 2026-03-03 to 2027-03-03"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS Certificate chain also carries "
			       "Example Test Root CA, issuer Example Test Root CA"), 1);
	assert_int_equal(count(&f, FACT_INFO, "certificate"), 1);
	assert_int_equal(count(&f, FACT_KEY, "server public key"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ServerKeyExchange: named curve x25519, the "
			       "server's ephemeral share, signed with Ed25519"), 1);
	assert_int_equal(count(&f, FACT_KEY, "server key share"), 1);
	assert_int_equal(count(&f, FACT_KEY, "client key share"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ServerHelloDone"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ChangeCipherSpec: encrypted from here on"), 2);
	assert_int_equal(count(&f, FACT_CIPHER, "[22] "), 2);
	assert_int_equal(count(&f, FACT_CIPHER, "[23] "), 2);

	forget(&f);
	assert_int_equal(sniff_steal_signing_key(sn, f.pk, f.sk, f.frames, f.n_frames), 0);
	assert_int_equal(count(&f, FACT_ALERT, "TLS 1.2 ECDHE: the stolen key opens nothing"), 1);
	assert_int_equal(count(&f, -1, "AUTH PLAIN"), 0);

	forget(&f);
	assert_int_equal(f.n_keylog, 1);
	assert_int_equal(sniff_use_keylog(sn, f.keylog, f.n_keylog, f.frames, f.n_frames), 4);
	assert_int_equal(count(&f, FACT_ALERT, "the key log holds CLIENT_RANDOM"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "decrypted TLS Finished"), 2);
	assert_login_seen(&f);

	forget(&f);	/* a key log of another handshake opens nothing */
	f.keylog[0].client_random[0] ^= 1;
	assert_int_equal(sniff_use_keylog(sn, f.keylog, f.n_keylog, f.frames, f.n_frames), 0);
	assert_int_equal(count(&f, FACT_ALERT, "the key log holds nothing for this handshake"), 1);
	assert_int_equal(count(&f, -1, "AUTH PLAIN"), 0);
	sniff_free(sn);
	fx_free(&f);
}

static void test_classic(void **state)
{
	struct fx f;
	(void)state;
	make_classic(&f);
	struct sniff *sn = watch(&f);
	assert_passive_common(&f);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ClientHello offers cipher suites 0xffa1"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS ServerHello: TLS 1.2, cipher suite 0xffa1"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "classic key transport"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "TLS Certificate in clear: " NAME), 1);
	assert_int_equal(count(&f, FACT_KEY, "wrapped session key"), 1);
	assert_int_equal(count(&f, FACT_CIPHER, ""), 4);

	forget(&f);	/* a key that is not the server's */
	uint8_t pk[32], sk[32];
	crypto_box_keypair(pk, sk);
	assert_int_equal(sniff_steal_key(sn, pk, sk, f.frames, f.n_frames), 0);
	assert_int_equal(count(&f, FACT_ALERT, "the stolen key does not open the recorded box"), 1);

	forget(&f);
	assert_int_equal(sniff_steal_signing_key(sn, f.pk, f.sk, f.frames, f.n_frames), 4);
	assert_int_equal(count(&f, FACT_ALERT, "stolen private key opens the recorded wrapped "
			       "session key"), 1);
	assert_int_equal(count(&f, FACT_SECRET, "session key (recovered)"), 1);
	assert_int_equal(count(&f, FACT_CLEAR, "decrypted TLS Finished"), 2);
	assert_login_seen(&f);

	forget(&f);	/* the same key in its X25519 form */
	assert_int_equal(crypto_sign_ed25519_pk_to_curve25519(pk, f.pk), 0);
	assert_int_equal(crypto_sign_ed25519_sk_to_curve25519(sk, f.sk), 0);
	assert_int_equal(sniff_steal_key(sn, pk, sk, f.frames, f.n_frames), 4);
	sodium_memzero(sk, sizeof sk);

	forget(&f);
	assert_int_equal(sniff_use_keylog(sn, f.keylog, f.n_keylog, f.frames, f.n_frames), 4);
	assert_int_equal(count(&f, FACT_ALERT, "the key log holds " KEYLOG_CLASSIC), 1);
	assert_int_equal(count(&f, FACT_SECRET, "session key (from the key log)"), 1);
	assert_login_seen(&f);
	sniff_free(sn);
	fx_free(&f);
}

/* Sniffs, steals and replays with the key log; only printable facts, no crash. */
static void run_hostile(struct fx *f)
{
	struct sniff *sn = sniff_new(links, 1, emit, f, &f->a);
	for (size_t i = 0; i < f->n_frames; i++)
		sniff_frame(sn, &f->frames[i], (int)i);
	sniff_summary(sn);
	assert_true(sniff_steal_signing_key(sn, f->pk, f->sk, f->frames, f->n_frames) >= 0);
	assert_true(sniff_use_keylog(sn, f->keylog, f->n_keylog, f->frames, f->n_frames) >= 0);
	sniff_free(sn);
}

/* Every frame cut at every length, and every byte of it changed. */
static void hostile(struct fx *f)
{
	size_t mark = f->a.used;
	f->loose = true;
	for (size_t i = 0; i < f->n_frames; i++) {
		struct wire_frame *w = &f->frames[i];
		size_t len = w->len;
		uint8_t *orig = w->bytes;
		for (size_t cut = 0; cut < len; cut++) {
			w->len = cut;	/* ASan sees a read past the cut */
			uint8_t *copy = xmalloc(cut ? cut : 1);
			memcpy(copy, orig, cut);
			w->bytes = copy;
			run_hostile(f);
			free(copy);
			f->a.used = mark;
		}
		w->len = len;
		w->bytes = orig;
		uint8_t *mine = xmalloc(len);
		memcpy(mine, orig, len);
		for (size_t at = 0; at < len; at++) {
			w->bytes = mine;
			mine[at] ^= (uint8_t)(at % 7 == 0 ? 0xff : 1u << (at % 8));
			run_hostile(f);
			mine[at] = orig[at];
			f->a.used = mark;
		}
		free(mine);
		w->bytes = orig;
	}
	f->loose = false;
}

static void test_hostile(void **state)
{
	struct fx f;
	(void)state;
	make_tls13(&f);
	hostile(&f);
	fx_free(&f);
	make_tls12(&f);
	hostile(&f);
	fx_free(&f);
	make_classic(&f);
	hostile(&f);
	fx_free(&f);
}


int main(void)
{
	if (rng_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls13),
		cmocka_unit_test(test_tls12),
		cmocka_unit_test(test_classic),
		cmocka_unit_test(test_hostile),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	rng_system();
	return rc;
}
