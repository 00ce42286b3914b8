/* test_cert: certificate bytes, decoding, and every validation reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "handshake.h"
#include "rng.h"
#include "util.h"

#define NOW 1780304400	/* 2026-06-01 09:00:00 UTC */
#define DAY 86400

struct fixture {
	struct ca ca, other;
	struct hs_identity id;
	struct trust_store ts;
	struct arena secrets;
};

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	rng_seed(42);
	if (arena_init(&f.secrets, 4096) < 0 || ca_new(&f.ca, &f.secrets, "Example Test Root CA") < 0 ||
	    ca_new(&f.other, &f.secrets, "Other CA") < 0 ||
	    hs_identity_new(&f.id, &f.secrets, "mail.example.test", &f.ca, NOW - 90 * DAY, NOW + 275 * DAY) < 0)
		return -1;
	trust_store_add(&f.ts, &f.ca);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hs_identity_free(&f->id);
	ca_free(&f->ca);
	ca_free(&f->other);
	arena_free(&f->secrets);
	rng_system();
	return 0;
}

/* Known answer: seed 42 gives exactly these bytes (tests/data/cert-seed42.hex). */
static void test_encode_golden(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[CERT_MAX_BYTES];
	size_t n = cert_encode(&f->id.cert, buf);
	char want[2 * CERT_MAX_BYTES + 2] = { 0 };
	FILE *g = fopen("tests/data/cert-seed42.hex", "r");
	assert_non_null(g);
	assert_non_null(fgets(want, sizeof want, g));
	fclose(g);
	want[strcspn(want, "\n")] = '\0';
	char *got = hex_new(buf, n);
	assert_string_equal(got, want);
	free(got);
	/* and the layout: magic, subject length, subject */
	assert_memory_equal(buf, "TSC1", 4);
	assert_int_equal(buf[4], strlen("mail.example.test"));
	assert_memory_equal(buf + 5, "mail.example.test", 17);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[CERT_MAX_BYTES], again[CERT_MAX_BYTES];
	struct cert c;
	size_t n = cert_encode(&f->id.cert, buf);
	assert_int_equal(cert_decode(&c, buf, n), 0);
	assert_string_equal(c.subject, "mail.example.test");
	assert_string_equal(c.issuer, "Example Test Root CA");
	assert_int_equal(c.not_before, NOW - 90 * DAY);
	assert_int_equal(c.not_after, NOW + 275 * DAY);
	assert_memory_equal(c.enc_pk, f->id.cert.enc_pk, 32);
	assert_int_equal(cert_encode(&c, again), n);
	assert_memory_equal(again, buf, n);
}

static void test_decode_rejects_malformed(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[CERT_MAX_BYTES + 1], bad[CERT_MAX_BYTES + 1];
	struct cert c;
	size_t n = cert_encode(&f->id.cert, buf);
	/* every truncation */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cert_decode(&c, buf, i), -1);
	/* a trailing byte */
	buf[n] = 0;
	assert_int_equal(cert_decode(&c, buf, n + 1), -1);
	/* bad magic, bad subject character, zero-length subject, bad algorithm */
	memcpy(bad, buf, n);
	bad[0] = 'X';
	assert_int_equal(cert_decode(&c, bad, n), -1);
	memcpy(bad, buf, n);
	bad[5] = 'M';
	assert_int_equal(cert_decode(&c, bad, n), -1);
	memcpy(bad, buf, n);
	bad[5 + 17 + 1 + 20 + 16] = 2;	/* key algorithm */
	assert_int_equal(cert_decode(&c, bad, n), -1);
	memcpy(bad, buf, n);
	bad[4] = 0;
	assert_int_equal(cert_decode(&c, bad, n), -1);
	/* not_before after not_after */
	struct cert swapped = f->id.cert;
	swapped.not_before = swapped.not_after + 1;
	n = cert_encode(&swapped, bad);
	assert_int_equal(cert_decode(&c, bad, n), -1);
}

static void test_verify_ok(void **state)
{
	struct fixture *f = *state;
	struct cert_checks k;
	assert_int_equal(cert_verify(&f->id.cert, &f->ts, NOW, "mail.example.test", &k), CERT_OK);
	assert_true(k.issuer_trusted && k.signature_ok && k.started && k.not_expired && k.name_ok);
}

static void test_verify_reasons(void **state)
{
	struct fixture *f = *state;
	struct cert c = f->id.cert;
	struct trust_store empty = { 0 };

	assert_int_equal(cert_verify(&c, &empty, NOW, "mail.example.test", NULL), CERT_UNKNOWN_ISSUER);
	c.subject[0] = 'n';	/* the signature no longer covers these bytes */
	assert_int_equal(cert_verify(&c, &f->ts, NOW, "nail.example.test", NULL), CERT_BAD_SIGNATURE);
	c = f->id.cert;
	assert_int_equal(cert_verify(&c, &f->ts, NOW - 91 * DAY, "mail.example.test", NULL),
			 CERT_NOT_YET_VALID);
	assert_int_equal(cert_verify(&c, &f->ts, NOW + 276 * DAY, "mail.example.test", NULL),
			 CERT_EXPIRED);
	assert_int_equal(cert_verify(&c, &f->ts, NOW, "www.example.net", NULL), CERT_NAME_MISMATCH);
	/* signed by a CA with the trusted CA's name but another key */
	struct ca impostor;
	assert_int_equal(ca_new(&impostor, &f->secrets, "Example Test Root CA"), 0);
	cert_sign(&c, &impostor);
	assert_int_equal(cert_verify(&c, &f->ts, NOW, "mail.example.test", NULL), CERT_BAD_SIGNATURE);
	ca_free(&impostor);
	assert_string_equal(cert_result_str(CERT_UNKNOWN_ISSUER), "unknown issuer");
}

static void test_boundaries(void **state)
{
	struct fixture *f = *state;
	const struct cert *c = &f->id.cert;
	assert_int_equal(cert_verify(c, &f->ts, c->not_before, "mail.example.test", NULL), CERT_OK);
	assert_int_equal(cert_verify(c, &f->ts, c->not_after, "mail.example.test", NULL), CERT_OK);
	assert_int_equal(cert_verify(c, &f->ts, c->not_after + 1, "mail.example.test", NULL), CERT_EXPIRED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_golden),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_decode_rejects_malformed),
		cmocka_unit_test(test_verify_ok),
		cmocka_unit_test(test_verify_reasons),
		cmocka_unit_test(test_boundaries),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("cert", tests, setup, teardown);
}
