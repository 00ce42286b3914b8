/*
 * test_x509: the DER writer and reader, X.509 parsing of real OpenSSL
 * certificates and of our own, chain validation with each of its reasons,
 * and malformed input (every truncation, bad lengths) refused without a
 * crash.  Expected values for tests/data/tls-kat/ are what
 * `openssl x509 -text` prints for those files.
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

#include "arena.h"
#include "der.h"
#include "pki.h"
#include "rng.h"
#include "util.h"
#include "x509.h"

#define NOW 1780304400	/* 2026-06-01 09:00:00 UTC */
#define DAY 86400
#define KAT_TIME 1798761600	/* 2027-01-01: inside both KAT certificates' validity */

struct fixture {
	struct arena a;
	struct pki_ca ca, attacker;
	uint8_t pk[32], *sk;		/* the server's key pair */
	struct buf der[PKI_KINDS];	/* one certificate of each kind */
	struct x509_cert cert[PKI_KINDS], anchor, attacker_cert;
};

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	rng_seed(42);
	if (arena_init(&f.a, 4096) != 0 ||
	    pki_ca_new(&f.ca, &f.a, "Example Test Mail CA", NOW - 365 * DAY, NOW + 3650 * DAY) ||
	    pki_ca_new(&f.attacker, &f.a, "Attacker Root CA", NOW - 30 * DAY, NOW + 3650 * DAY))
		return -1;
	f.sk = arena_alloc(&f.a, crypto_sign_SECRETKEYBYTES);
	if (crypto_sign_keypair(f.pk, f.sk) != 0)
		return -1;
	for (int k = 0; k < PKI_KINDS; k++)
		if (pki_make(&f.der[k], (enum pki_kind)k, &f.ca, &f.attacker, "mail.example.test",
			     f.pk, NOW) != 0 ||
		    x509_parse(&f.cert[k], f.der[k].p, f.der[k].len) != 0)
			return -1;
	if (x509_parse(&f.anchor, f.ca.der.p, f.ca.der.len) != 0 ||
	    x509_parse(&f.attacker_cert, f.attacker.der.p, f.attacker.der.len) != 0)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	for (int k = 0; k < PKI_KINDS; k++)
		buf_free(&f->der[k]);
	pki_ca_free(&f->ca);
	pki_ca_free(&f->attacker);
	arena_free(&f->a);
	rng_system();
	return 0;
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *p = xmalloc(65536);
	*n = fread(p, 1, 65536, f);
	fclose(f);
	return p;
}

/* ---- DER */

static void test_der_lengths(void **state)
{
	static const size_t lens[] = { 0, 1, 127, 128, 255, 256, 65535, 65536 };
	static const uint8_t head[][5] = {
		{ 0x04, 0x00 }, { 0x04, 0x01 }, { 0x04, 0x7f }, { 0x04, 0x81, 0x80 },
		{ 0x04, 0x81, 0xff }, { 0x04, 0x82, 0x01, 0x00 }, { 0x04, 0x82, 0xff, 0xff },
		{ 0x04, 0x83, 0x01, 0x00, 0x00 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		struct buf b = { 0 };
		uint8_t *content = xcalloc(1, lens[i] + 1);
		struct der d;
		struct der_tlv t;
		size_t hl = lens[i] < 128 ? 2 : lens[i] < 256 ? 3 : lens[i] < 65536 ? 4 : 5;
		der_put(&b, DER_OCTET_STRING, content, lens[i]);
		assert_int_equal(b.len, hl + lens[i]);
		assert_memory_equal(b.p, head[i], hl);
		der_init(&d, b.p, b.len);
		assert_int_equal(der_read(&d, &t), 0);
		assert_int_equal(t.len, lens[i]);
		assert_int_equal(der_finish(&d), 0);
		/* one byte short: the length points past the end */
		der_init(&d, b.p, b.len - 1);
		assert_int_equal(der_read(&d, &t), -1);
		free(content);
		buf_free(&b);
	}
}

static int read_one(const uint8_t *p, size_t n)
{
	struct der d;
	struct der_tlv t;
	der_init(&d, p, n);
	if (der_read(&d, &t) != 0)
		return -1;
	return der_finish(&d);
}

static void test_der_rejects(void **state)
{
	(void)state;
	assert_int_equal(read_one((const uint8_t *)"\x04\x01\x41", 3), 0);
	assert_int_equal(read_one((const uint8_t *)"\x30\x80\x00\x00", 4), -1);	/* indefinite */
	assert_int_equal(read_one((const uint8_t *)"\x04\x81\x01\x41", 4), -1);	/* short form would do */
	assert_int_equal(read_one((const uint8_t *)"\x04\x82\x00\x01\x41", 5), -1);	/* leading zero */
	assert_int_equal(read_one((const uint8_t *)"\x04\x85\x00\x00\x00\x00\x01", 7), -1);
	assert_int_equal(read_one((const uint8_t *)"\x04\x02\x41", 3), -1);	/* past the end */
	assert_int_equal(read_one((const uint8_t *)"\x04\x01\x41\x00", 4), -1);	/* trailing byte */
	assert_int_equal(read_one((const uint8_t *)"\x1f\x22\x00", 3), -1);	/* high tag number */
	assert_int_equal(read_one((const uint8_t *)"\x10\x00", 2), -1);	/* primitive SEQUENCE */
	assert_int_equal(read_one((const uint8_t *)"\x24\x00", 2), -1);	/* constructed OCTET STRING */
	assert_int_equal(read_one((const uint8_t *)"\x00\x00", 2), -1);	/* end-of-contents */
	assert_int_equal(read_one((const uint8_t *)"\x04", 1), -1);
	assert_int_equal(read_one((const uint8_t *)"", 0), -1);
}

static void test_der_integers(void **state)
{
	static const struct { const char *in; size_t n; const char *out; size_t on; } w[] = {
		{ "\x00\x00\x7f", 3, "\x02\x01\x7f", 3 },
		{ "\x80", 1, "\x02\x02\x00\x80", 4 },
		{ "\x00\x00", 2, "\x02\x01\x00", 3 },
		{ "", 0, "\x02\x01\x00", 3 },
	};
	struct der_tlv t = { .tag = DER_INTEGER };
	const uint8_t *be;
	size_t n;
	uint32_t v;
	(void)state;
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		struct buf b = { 0 };
		der_put_uint(&b, (const uint8_t *)w[i].in, w[i].n);
		assert_int_equal(b.len, w[i].on);
		assert_memory_equal(b.p, w[i].out, w[i].on);
		buf_free(&b);
	}
	t.p = (const uint8_t *)"\x00\x80";
	t.len = 2;
	assert_int_equal(der_get_uint(&t, &be, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(be[0], 0x80);
	t.p = (const uint8_t *)"\x00\x7f";	/* needless leading zero */
	assert_int_equal(der_get_uint(&t, &be, &n), -1);
	t.p = (const uint8_t *)"\x80";		/* negative */
	t.len = 1;
	assert_int_equal(der_get_uint(&t, &be, &n), -1);
	t.len = 0;
	assert_int_equal(der_get_uint(&t, &be, &n), -1);
	t.p = (const uint8_t *)"\x01\x00\x00\x00\x00";
	t.len = 5;
	assert_int_equal(der_get_small(&t, &v), -1);	/* over 32 bits */
}

static void test_der_bool_bits_oid(void **state)
{
	struct der_tlv t = { .tag = DER_BOOLEAN, .p = (const uint8_t *)"\x01", .len = 1 };
	const uint8_t *bits;
	size_t n;
	unsigned unused;
	bool v;
	char s[64];
	(void)state;
	assert_int_equal(der_get_bool(&t, &v), -1);	/* DER TRUE is FF */
	t.p = (const uint8_t *)"\xff";
	assert_int_equal(der_get_bool(&t, &v), 0);
	assert_true(v);
	t = (struct der_tlv){ .tag = DER_BIT_STRING, .p = (const uint8_t *)"\x07\x80", .len = 2 };
	assert_int_equal(der_get_bits(&t, &bits, &n, &unused), 0);
	assert_int_equal(unused, 7);
	t.p = (const uint8_t *)"\x07\x81";	/* a padding bit set */
	assert_int_equal(der_get_bits(&t, &bits, &n, &unused), -1);
	t.p = (const uint8_t *)"\x08\x00";
	assert_int_equal(der_get_bits(&t, &bits, &n, &unused), -1);
	assert_int_equal(der_oid_text((const uint8_t *)"\x2b\x65\x70", 3, s, sizeof s), 0);
	assert_string_equal(s, "1.3.101.112");
	assert_int_equal(der_oid_text((const uint8_t *)"\x55\x1d\x25\x00", 4, s, sizeof s), 0);
	assert_string_equal(s, "2.5.29.37.0");
	assert_int_equal(der_oid_text((const uint8_t *)"\x2b\x80\x01", 3, s, sizeof s), -1);
	assert_int_equal(der_oid_text((const uint8_t *)"\x2b\x86", 2, s, sizeof s), -1);
	assert_int_equal(der_oid_text((const uint8_t *)"\x2b\x65\x70", 3, s, 5), -1);

	struct buf b = { 0 };
	assert_int_equal(der_put_string(&b, DER_PRINTABLE_STRING, "Example Test"), 0);
	assert_int_equal(der_put_string(&b, DER_PRINTABLE_STRING, "a@b"), -1);
	assert_int_equal(der_put_string(&b, DER_UTF8_STRING, "\xc3\xa9"), 0);
	assert_int_equal(der_put_string(&b, DER_UTF8_STRING, "\xc0\xaf"), -1);	/* overlong */
	assert_memory_equal(b.p, "\x13\x0c" "Example Test" "\x0c\x02\xc3\xa9", b.len);
	assert_int_equal(b.len, 18);
	buf_free(&b);
}

static void test_der_time(void **state)
{
	static const struct { int64_t t; const char *der; } w[] = {
		{ 0, "\x17\x0d" "700101000000Z" },
		{ NOW, "\x17\x0d" "260601090000Z" },
		{ 1835438400, "\x17\x0d" "280229120000Z" },
		{ 2524607999, "\x17\x0d" "491231235959Z" },
		{ 2524608000, "\x18\x0f" "20500101000000Z" },
		{ -631152000, "\x17\x0d" "500101000000Z" },
		{ -631152001, "\x18\x0f" "19491231235959Z" },
	};
	static const char *bad[] = {
		"\x18\x0f" "20260601090000Z",	/* GeneralizedTime for a UTCTime year */
		"\x17\x0d" "260230090000Z", "\x17\x0d" "270229090000Z", "\x17\x0d" "261301090000Z",
		"\x17\x0d" "260601240000Z", "\x17\x0d" "260601095960Z", "\x17\x0d" "2606010900+0",
		"\x17\x0b" "2606010900Z",
	};
	(void)state;
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		struct buf b = { 0 };
		struct der d;
		struct der_tlv t;
		int64_t back;
		assert_int_equal(der_put_time(&b, w[i].t), 0);
		assert_int_equal(b.len, 2 + (size_t)w[i].der[1]);
		assert_memory_equal(b.p, w[i].der, b.len);
		der_init(&d, b.p, b.len);
		assert_int_equal(der_read(&d, &t), 0);
		assert_int_equal(der_get_time(&t, &back), 0);
		assert_int_equal(back, w[i].t);
		buf_free(&b);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct der_tlv t = { .tag = (uint8_t)bad[i][0], .p = (const uint8_t *)bad[i] + 2,
				     .len = (size_t)bad[i][1] };
		int64_t back;
		assert_int_equal(der_get_time(&t, &back), -1);
	}
	struct buf b = { 0 };
	assert_int_equal(der_put_time(&b, 253402300800LL), -1);	/* year 10000 */
	buf_free(&b);
}

/* ---- parsing real OpenSSL certificates */

static void test_kat_ca(void **state)
{
	size_t n;
	uint8_t *der = slurp("tests/data/tls-kat/ca.der", &n);
	struct x509_cert c;
	static const uint8_t pub[32] = {
		0xb1, 0xd5, 0x87, 0x48, 0x59, 0xc6, 0xa3, 0x77, 0x8e, 0x03, 0x8c, 0xf7, 0xf7, 0x35, 0x1f, 0x7b,
		0x26, 0x42, 0xa4, 0x46, 0x06, 0xd9, 0x09, 0x4d, 0x8b, 0x0a, 0x25, 0x95, 0x4e, 0x26, 0xd4, 0x2e,
	};
	static const uint8_t ski[] = { 0x10, 0x1c, 0x30, 0x92, 0x22, 0xac, 0x6c, 0x7a, 0xe3, 0x69,
				       0x44, 0x86, 0xfe, 0xb3, 0x68, 0x2a, 0xaf, 0x67, 0xad, 0xc3 };
	(void)state;
	assert_int_equal(x509_parse(&c, der, n), 0);
	assert_int_equal(c.version, 3);
	assert_string_equal(c.serial_hex, "09:d1:40:f5:44:ca:d5:dc:5d:b5:dd:b0:48:2d:b7:0c:53:d2:95:65");
	assert_string_equal(c.sig_alg, "Ed25519");
	assert_true(c.sig_ed25519);
	assert_string_equal(c.issuer.o, "Example Test");
	assert_string_equal(c.issuer.cn, "Example Test Mail CA");
	assert_string_equal(c.subject.cn, "Example Test Mail CA");
	assert_int_equal(c.issuer.raw.len, c.subject.raw.len);
	assert_memory_equal(c.issuer.raw.p, c.subject.raw.p, c.subject.raw.len);
	assert_int_equal(c.not_before, 1796185045);	/* Dec  2 04:17:25 2026 GMT */
	assert_int_equal(c.not_after, 2111545045);	/* Nov 29 04:17:25 2036 GMT */
	assert_true(c.key_ed25519);
	assert_string_equal(c.key_alg, "Ed25519");
	assert_memory_equal(c.key, pub, 32);
	assert_true(c.has_bc && c.is_ca);
	assert_int_equal(c.path_len, -1);
	assert_true(c.has_ku);
	assert_int_equal(c.key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
	assert_false(c.has_eku || c.has_san || c.unknown_critical);
	assert_int_equal(c.skid.len, sizeof ski);
	assert_memory_equal(c.skid.p, ski, sizeof ski);
	assert_int_equal(c.akid.len, sizeof ski);
	assert_memory_equal(c.akid.p, ski, sizeof ski);
	assert_int_equal(c.sig.len, 64);
	assert_int_equal(c.sig.p[0], 0x5d);
	assert_int_equal(c.sig.p[63], 0x03);
	assert_int_equal(c.tbs.p - der, 4);
	free(der);
}

static void test_kat_server(void **state)
{
	size_t n, cn;
	uint8_t *der = slurp("tests/data/tls-kat/server.der", &n);
	uint8_t *cader = slurp("tests/data/tls-kat/ca.der", &cn);
	struct x509_cert c, ca;
	struct x509_checks k;
	static const uint8_t pub[32] = {
		0x83, 0x58, 0x21, 0x3c, 0x70, 0x3e, 0x9a, 0xe5, 0x70, 0x95, 0xa2, 0xa3, 0x20, 0xbe, 0xe8, 0xdd,
		0x2a, 0x39, 0xca, 0x31, 0x64, 0x8d, 0x42, 0xbb, 0x87, 0xff, 0xe9, 0x9f, 0x93, 0xd8, 0x94, 0xb0,
	};
	(void)state;
	assert_int_equal(x509_parse(&c, der, n), 0);
	assert_int_equal(x509_parse(&ca, cader, cn), 0);
	assert_int_equal(c.version, 3);
	assert_string_equal(c.serial_hex, "71:64:9b:d1:34:34:77:c0:3f:0c:3b:1b:06:b8:c1:66:d1:dd:e2:ac");
	assert_string_equal(c.issuer.cn, "Example Test Mail CA");
	assert_string_equal(c.subject.o, "Example Test");
	assert_string_equal(c.subject.cn, "mail.example.test");
	assert_int_equal(c.not_before, 1796185045);	/* Dec  2 04:17:25 2026 GMT */
	assert_int_equal(c.not_after, 1867465045);	/* Mar  6 04:17:25 2029 GMT */
	assert_memory_equal(c.key, pub, 32);
	assert_true(c.has_bc);
	assert_false(c.is_ca);
	assert_int_equal(c.key_usage, X509_KU_DIGITAL_SIGNATURE);
	assert_true(c.has_eku && c.eku_server_auth);
	assert_false(c.eku_any);
	assert_true(c.has_san);
	assert_int_equal(c.n_dns, 1);
	assert_string_equal(c.dns[0], "mail.example.test");
	assert_int_equal(c.skid.len, 20);
	assert_int_equal(c.skid.p[0], 0xcb);
	assert_memory_equal(c.akid.p, ca.skid.p, 20);	/* keyid:10:1C:30:... */
	assert_int_equal(c.tbs.len, 374);
	assert_int_equal(c.sig.p[0], 0xb3);

	/* OpenSSL's chain validates here, with or without the CA sent along */
	assert_int_equal(x509_verify_chain(&c, NULL, 0, &ca, 1, KAT_TIME, "mail.example.test", &k),
			 X509_OK);
	assert_true(k.issuer_trusted && k.signature_ok && k.started && k.not_expired &&
		    k.name_ok && k.usage_ok);
	assert_int_equal(x509_verify_chain(&c, &ca, 1, &ca, 1, KAT_TIME, "MAIL.Example.TEST", &k),
			 X509_OK);
	assert_int_equal(x509_verify_chain(&c, NULL, 0, &ca, 1, 1796185044, "mail.example.test", &k),
			 X509_NOT_YET_VALID);
	free(der);
	free(cader);
}

/* ---- our own certificates */

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	const struct x509_cert *c = &f->cert[PKI_GOOD], *ca = &f->anchor;
	(void)state;
	assert_int_equal(ca->version, 3);
	assert_string_equal(ca->subject.cn, "Example Test Mail CA");
	assert_string_equal(ca->issuer.o, "Example Test");
	assert_int_equal(ca->serial_len, 16);
	assert_int_equal(strlen(ca->serial_hex), 16 * 3 - 1);
	assert_int_equal(ca->not_before, NOW - 365 * DAY);
	assert_int_equal(ca->not_after, NOW + 3650 * DAY);
	assert_memory_equal(ca->key, f->ca.pk, 32);
	assert_true(ca->has_bc && ca->is_ca && ca->has_ku);
	assert_int_equal(ca->key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
	assert_int_equal(ca->skid.len, 20);
	assert_memory_equal(ca->skid.p, f->ca.key_id, 20);
	assert_int_equal(ca->akid.len, 0);

	assert_int_equal(c->version, 3);
	assert_string_equal(c->sig_alg, "Ed25519");
	assert_string_equal(c->subject.o, "Example Test");
	assert_string_equal(c->subject.cn, "mail.example.test");
	assert_int_equal(c->issuer.raw.len, f->ca.name.len);
	assert_memory_equal(c->issuer.raw.p, f->ca.name.p, f->ca.name.len);
	assert_int_equal(c->not_before, NOW - 90 * DAY);
	assert_int_equal(c->not_after, NOW + 275 * DAY);
	assert_memory_equal(c->key, f->pk, 32);
	assert_true(c->has_bc && !c->is_ca);
	assert_int_equal(c->key_usage, X509_KU_DIGITAL_SIGNATURE);
	assert_true(c->has_eku && c->eku_server_auth);
	assert_int_equal(c->n_dns, 1);
	assert_string_equal(c->dns[0], "mail.example.test");
	assert_memory_equal(c->akid.p, f->ca.key_id, 20);
	assert_int_equal(crypto_sign_verify_detached(c->sig.p, c->tbs.p, c->tbs.len, f->ca.pk), 0);
	assert_string_equal(f->cert[PKI_WRONG_NAME].dns[0], PKI_OTHER_NAME);
}

/* The same seed twice gives the same bytes; another seed does not. */
static void make_seeded(uint64_t seed, struct buf *ca_der, struct buf *leaf)
{
	struct arena a;
	struct pki_ca ca;
	uint8_t pk[32], *sk;
	rng_seed(seed);
	assert_int_equal(arena_init(&a, 1024), 0);
	assert_int_equal(pki_ca_new(&ca, &a, "Example Test Mail CA", NOW, NOW + 3650 * DAY), 0);
	sk = arena_alloc(&a, crypto_sign_SECRETKEYBYTES);
	assert_int_equal(crypto_sign_keypair(pk, sk), 0);
	assert_int_equal(pki_make(leaf, PKI_GOOD, &ca, &ca, "mail.example.test", pk, NOW), 0);
	buf_put(ca_der, ca.der.p, ca.der.len);
	pki_ca_free(&ca);
	arena_free(&a);
}

static void test_seeded_identical(void **state)
{
	struct buf ca1 = { 0 }, ca2 = { 0 }, ca3 = { 0 }, l1 = { 0 }, l2 = { 0 }, l3 = { 0 };
	(void)state;
	make_seeded(7, &ca1, &l1);
	make_seeded(7, &ca2, &l2);
	make_seeded(8, &ca3, &l3);
	assert_int_equal(ca1.len, ca2.len);
	assert_memory_equal(ca1.p, ca2.p, ca1.len);
	assert_int_equal(l1.len, l2.len);
	assert_memory_equal(l1.p, l2.p, l1.len);
	assert_int_equal(l1.len, l3.len);	/* fixed-size fields: same length */
	assert_memory_not_equal(l1.p, l3.p, l1.len);
	buf_free(&ca1), buf_free(&ca2), buf_free(&ca3);
	buf_free(&l1), buf_free(&l2), buf_free(&l3);
}

/* Number of checks that failed. */
static int failed(const struct x509_checks *k)
{
	return !k->issuer_trusted + !k->signature_ok + !k->started + !k->not_expired +
	       !k->name_ok + !k->usage_ok;
}

static void test_good_verifies(void **state)
{
	struct fixture *f = *state;
	struct x509_checks k;
	assert_int_equal(x509_verify_chain(&f->cert[PKI_GOOD], NULL, 0, &f->anchor, 1, NOW,
					   "mail.example.test", &k), X509_OK);
	assert_int_equal(failed(&k), 0);
	/* the server may send the root along; it changes nothing */
	assert_int_equal(x509_verify_chain(&f->cert[PKI_GOOD], &f->anchor, 1, &f->anchor, 1, NOW,
					   "mail.example.test", &k), X509_OK);
	/* an empty trust store trusts nothing */
	assert_int_equal(x509_verify_chain(&f->cert[PKI_GOOD], NULL, 0, NULL, 0, NOW,
					   "mail.example.test", &k), X509_UNKNOWN_ISSUER);
	assert_false(k.issuer_trusted || k.signature_ok);
}

/* Each broken certificate fails for its own reason, and only that check. */
static void test_broken_each_own_reason(void **state)
{
	struct fixture *f = *state;
	static const struct { enum pki_kind kind; enum x509_result want; size_t check; } w[] = {
		{ PKI_EXPIRED, X509_EXPIRED, offsetof(struct x509_checks, not_expired) },
		{ PKI_WRONG_NAME, X509_NAME_MISMATCH, offsetof(struct x509_checks, name_ok) },
		{ PKI_UNTRUSTED, X509_UNKNOWN_ISSUER, offsetof(struct x509_checks, issuer_trusted) },
		{ PKI_FORGED, X509_BAD_SIGNATURE, offsetof(struct x509_checks, signature_ok) },
	};
	struct x509_checks k;
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		/* the untrusted server sends its own root along, as servers do */
		assert_int_equal(x509_verify_chain(&f->cert[w[i].kind], &f->attacker_cert, 1,
						   &f->anchor, 1, NOW, "mail.example.test", &k),
				 w[i].want);
		assert_int_equal(failed(&k), 1);
		assert_false(*(bool *)((char *)&k + w[i].check));
	}
	/* without that root nothing can check the signature either */
	assert_int_equal(x509_verify_chain(&f->cert[PKI_UNTRUSTED], NULL, 0, &f->anchor, 1, NOW,
					   "mail.example.test", &k), X509_UNKNOWN_ISSUER);
	assert_false(k.issuer_trusted || k.signature_ok);
	assert_true(k.started && k.not_expired && k.name_ok && k.usage_ok);
	/* the forgery names the real CA's key identifier too (what OpenSSL looks at) */
	assert_memory_equal(f->cert[PKI_FORGED].akid.p, f->ca.key_id, 20);
	/* and the good one, a second before it starts */
	assert_int_equal(x509_verify_chain(&f->cert[PKI_GOOD], NULL, 0, &f->anchor, 1,
					   NOW - 90 * DAY - 1, "mail.example.test", &k),
			 X509_NOT_YET_VALID);
	assert_int_equal(failed(&k), 1);
	assert_false(k.started);
	/* the last second of validity still counts */
	assert_int_equal(x509_verify_chain(&f->cert[PKI_GOOD], NULL, 0, &f->anchor, 1,
					   NOW + 275 * DAY, "mail.example.test", &k), X509_OK);
}

/* A server's certificate cannot issue another: it is no CA. */
static void test_leaf_is_no_ca(void **state)
{
	struct fixture *f = *state;
	struct pki_ca fake = { .sk = f->sk };
	struct pki_leaf l = { "www.example.test", f->pk, NOW - DAY, NOW + DAY };
	struct buf der = { 0 };
	struct x509_cert c;
	struct x509_checks k;
	const struct x509_cert *good = &f->cert[PKI_GOOD];

	buf_put(&fake.name, good->subject.raw.p, good->subject.raw.len);
	memcpy(fake.key_id, good->skid.p, 20);
	assert_int_equal(pki_issue(&der, &l, &fake), 0);
	assert_int_equal(x509_parse(&c, der.p, der.len), 0);
	assert_int_equal(x509_verify_chain(&c, good, 1, &f->anchor, 1, NOW, "www.example.test", &k),
			 X509_BAD_USAGE);
	assert_int_equal(failed(&k), 1);
	assert_false(k.usage_ok);
	buf_free(&der);
	buf_free(&fake.name);
}

/* Re-signs an edited certificate with the CA's key (the signature is last). */
static void resign(uint8_t *der, size_t n, const struct pki_ca *ca)
{
	struct x509_cert c;
	assert_int_equal(x509_parse(&c, der, n), 0);
	crypto_sign_detached(der + n - 64, NULL, c.tbs.p, c.tbs.len, ca->sk);
}

static uint8_t *find(uint8_t *p, size_t n, const void *what, size_t wn)
{
	for (size_t i = 0; i + wn <= n; i++)
		if (memcmp(p + i, what, wn) == 0)
			return p + i;
	fail_msg("bytes not found");
	return NULL;
}

static void test_unknown_extensions(void **state)
{
	struct fixture *f = *state;
	size_t n = f->der[PKI_GOOD].len;
	uint8_t *der = xmalloc(n);
	struct x509_cert c;
	struct x509_checks k;

	/* keyUsage (critical) becomes 2.5.29.127, unknown: validation refuses it */
	memcpy(der, f->der[PKI_GOOD].p, n);
	find(der, n, "\x06\x03\x55\x1d\x0f", 5)[4] = 0x7f;
	resign(der, n, &f->ca);
	assert_int_equal(x509_parse(&c, der, n), 0);
	assert_true(c.unknown_critical);
	assert_false(c.has_ku);
	assert_int_equal(x509_verify_chain(&c, NULL, 0, &f->anchor, 1, NOW, "mail.example.test", &k),
			 X509_BAD_USAGE);
	assert_int_equal(failed(&k), 1);
	assert_false(k.usage_ok);

	/* extendedKeyUsage (not critical) becomes unknown: skipped */
	memcpy(der, f->der[PKI_GOOD].p, n);
	find(der, n, "\x06\x03\x55\x1d\x25", 5)[4] = 0x7e;
	resign(der, n, &f->ca);
	assert_int_equal(x509_parse(&c, der, n), 0);
	assert_false(c.unknown_critical || c.has_eku);
	assert_int_equal(x509_verify_chain(&c, NULL, 0, &f->anchor, 1, NOW, "mail.example.test", &k),
			 X509_OK);

	/* basicConstraints' content (30 00) is also a valid, empty authority
	 * key identifier; renamed, it is unknown and critical... */
	memcpy(der, f->der[PKI_GOOD].p, n);
	uint8_t *bc = find(der, n, "\x06\x03\x55\x1d\x13\x01\x01\xff\x04\x02\x30\x00", 12);
	bc[4] = 0x7d;
	assert_int_equal(x509_parse(&c, der, n), 0);
	assert_true(c.unknown_critical);
	/* ...but as a second authorityKeyIdentifier it is malformed (RFC 5280 4.2) */
	bc[4] = 0x23;
	assert_int_equal(x509_parse(&c, der, n), -1);
	free(der);
}

static void test_dns_match(void **state)
{
	static const struct { const char *pattern, *name; bool want; } w[] = {
		{ "mail.example.test", "mail.example.test", true },
		{ "Mail.Example.TEST", "mail.example.test", true },
		{ "mail.example.test", "mail.example.tes", false },
		{ "mail.example.test", "xmail.example.test", false },
		{ "*.example.test", "mail.example.test", true },
		{ "*.example.test", "MAIL.example.test", true },
		{ "*.example.test", "example.test", false },
		{ "*.example.test", "a.mail.example.test", false },
		{ "*.example.test", ".example.test", false },
		{ "*.test", "example.test", false },		/* right above a TLD */
		{ "m*.example.test", "mail.example.test", false },	/* partial label */
		{ "mail.*.test", "mail.example.test", false },
		{ "**.example.test", "mail.example.test", false },
		{ "mail.example.test", "*.example.test", false },
		{ "", "", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (x509_dns_match(w[i].pattern, w[i].name) != w[i].want)
			fail_msg("'%s' vs '%s': want %d", w[i].pattern, w[i].name, w[i].want);
}

/* ---- malformed input */

static void test_every_truncation(void **state)
{
	struct fixture *f = *state;
	size_t kn;
	uint8_t *kat = slurp("tests/data/tls-kat/server.der", &kn);
	const struct buf *good = &f->der[PKI_GOOD];
	struct x509_cert c;
	for (size_t len = 0; len < good->len; len++) {
		uint8_t *copy = xmalloc(len + 1);	/* exactly len bytes, so ASan sees overreads */
		memcpy(copy, good->p, len);
		assert_int_equal(x509_parse(&c, copy, len), -1);
		free(copy);
	}
	for (size_t len = 0; len < kn; len++)
		assert_int_equal(x509_parse(&c, kat, len), -1);
	/* one byte too many is just as wrong */
	uint8_t *longer = xmalloc(good->len + 1);
	memcpy(longer, good->p, good->len);
	longer[good->len] = 0;
	assert_int_equal(x509_parse(&c, longer, good->len + 1), -1);
	free(longer);
	free(kat);
}

/* Offsets of every short-form length byte, found by walking the TLV tree. */
static size_t length_bytes(const uint8_t *base, const uint8_t *p, size_t n, size_t *out, size_t k)
{
	struct der d;
	struct der_tlv t;
	der_init(&d, p, n);
	while (!der_empty(&d) && der_read(&d, &t) == 0) {
		if (t.raw[1] < 0x80)
			out[k++] = (size_t)(t.raw + 1 - base);
		if (t.tag & 0x20)
			k = length_bytes(base, t.p, t.len, out, k);
		else if (t.tag == DER_OCTET_STRING && t.len && t.p[0] == 0x30)
			k = length_bytes(base, t.p, t.len, out, k);	/* an extension's DER */
	}
	return k;
}

static void test_corrupt_lengths(void **state)
{
	struct fixture *f = *state;
	const struct buf *good = &f->der[PKI_GOOD];
	size_t off[512], n = length_bytes(good->p, good->p, good->len, off, 0);
	uint8_t *der = xmalloc(good->len);
	struct x509_cert c;

	assert_true(n > 40);
	for (size_t i = 0; i < n; i++) {
		for (int delta = -1; delta <= 1; delta += 2) {
			memcpy(der, good->p, good->len);
			if (der[off[i]] + delta < 0 || der[off[i]] + delta >= 0x80)
				continue;
			der[off[i]] = (uint8_t)(der[off[i]] + delta);
			if (x509_parse(&c, der, good->len) != -1)
				fail_msg("length at %zu %+d accepted", off[i], delta);
		}
	}
	/* the outer length: indefinite, non-minimal, too long */
	memcpy(der, good->p, good->len);
	assert_int_equal(der[0], 0x30);
	assert_int_equal(der[1], 0x82);
	der[1] = 0x80;
	assert_int_equal(x509_parse(&c, der, good->len), -1);
	der[1] = 0x83;
	assert_int_equal(x509_parse(&c, der, good->len), -1);
	der[1] = 0x82;
	der[2] = 0xff;
	assert_int_equal(x509_parse(&c, der, good->len), -1);
	free(der);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_der_lengths),
		cmocka_unit_test(test_der_rejects),
		cmocka_unit_test(test_der_integers),
		cmocka_unit_test(test_der_bool_bits_oid),
		cmocka_unit_test(test_der_time),
		cmocka_unit_test(test_kat_ca),
		cmocka_unit_test(test_kat_server),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_seeded_identical),
		cmocka_unit_test(test_good_verifies),
		cmocka_unit_test(test_broken_each_own_reason),
		cmocka_unit_test(test_leaf_is_no_ca),
		cmocka_unit_test(test_unknown_extensions),
		cmocka_unit_test(test_dns_match),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_corrupt_lengths),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("x509", tests, setup, teardown);
}
