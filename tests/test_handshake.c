/*
 * test_handshake: the classic model's eight steps (handshake.c) with an
 * X.509 certificate: both sides agree on the session key, the sealed box
 * opens only with the X25519 form of the certificate's private key, the
 * machines refuse calls out of order, and a refused certificate stops the
 * client before any key is made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "handshake.h"
#include "rng.h"
#include "x509.h"

#define NOW 1780304400	/* 2026-06-01 09:00:00 UTC */

struct fixture {
	struct arena secrets;
	struct pki_ca ca, rogue;
	struct server_identity id, other;
	struct hs_client c;
	struct hs_server s;
	struct buf b;
};

static struct fixture fx;

static int setup(void **state)
{
	memset(&fx, 0, sizeof fx);
	rng_seed(3);
	if (arena_init(&fx.secrets, 8192) < 0 ||
	    pki_ca_new(&fx.ca, &fx.secrets, "Example Test Root CA", NOW - 400 * 86400, NOW + 3000 * 86400) < 0 ||
	    pki_ca_new(&fx.rogue, &fx.secrets, "Other CA", NOW - 400 * 86400, NOW + 3000 * 86400) < 0 ||
	    identity_new(&fx.id, &fx.secrets, PKI_GOOD, &fx.ca, &fx.rogue, "mail.example.test", NOW) < 0 ||
	    identity_new(&fx.other, &fx.secrets, PKI_GOOD, &fx.ca, &fx.rogue, "mail.example.test", NOW) < 0)
		return -1;
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hs_client_free(&f->c);
	hs_server_free(&f->s);
	identity_free(&f->id);
	identity_free(&f->other);
	pki_ca_free(&f->ca);
	pki_ca_free(&f->rogue);
	buf_free(&f->b);
	arena_free(&f->secrets);
	rng_system();
	return 0;
}

/* Steps 1 and 2, and step 3 with the key the caller found in the certificate. */
static void hello_and_certificate(struct fixture *f, const struct server_identity *id)
{
	struct x509_cert cert;
	hs_client_init(&f->c, &f->secrets, "mail.example.test");
	hs_server_init(&f->s, &f->secrets, id);
	f->b.len = 0;
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(f->b.p[0], REC_HANDSHAKE);
	assert_int_equal(hs_server_read_hello(&f->s, f->b.p, f->b.len), 0);
	assert_string_equal(f->s.server_name, "mail.example.test");
	f->b.len = 0;
	assert_int_equal(hs_server_hello(&f->s, &f->b), 0);
	assert_int_equal(hs_client_read_server(&f->c, f->b.p, f->b.len), 0);
	/* the client received exactly the certificate the server holds */
	assert_int_equal(f->c.cert.len, id->cert.len);
	assert_memory_equal(f->c.cert.p, id->cert.p, id->cert.len);
	assert_int_equal(x509_parse(&cert, f->c.cert.p, f->c.cert.len), 0);
	assert_int_equal(hs_client_validate(&f->c, cert.key), 0);
}

static void test_agrees_on_key(void **state)
{
	struct fixture *f = *state;
	hello_and_certificate(f, &f->id);
	assert_int_equal(hs_client_make_key(&f->c), 0);
	assert_int_equal(hs_client_wrap(&f->c), 0);
	f->b.len = 0;
	assert_int_equal(hs_client_key_exchange(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_key_exchange(&f->s, f->b.p, f->b.len), 0);
	f->b.len = 0;
	assert_int_equal(hs_client_finished(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_finished(&f->s, f->b.p, f->b.len), 0);
	f->b.len = 0;
	assert_int_equal(hs_server_finished(&f->s, &f->b), 0);
	assert_int_equal(hs_client_read_finished(&f->c, f->b.p, f->b.len), 0);
	assert_int_equal(f->c.state, HS_DONE);
	assert_int_equal(f->s.state, HS_DONE);
	assert_memory_equal(f->c.session_key, f->s.session_key, HS_SESSION_KEY_LEN);
}

static void test_sealed_box_opens_only_with_the_certified_key(void **state)
{
	struct fixture *f = *state;
	uint8_t key[32];
	hello_and_certificate(f, &f->id);
	assert_int_equal(hs_client_make_key(&f->c), 0);
	assert_int_equal(hs_client_wrap(&f->c), 0);
	assert_int_equal(sizeof f->c.sealed, 80);
	/* the wrapping key is the X25519 form of the certificate's Ed25519 key */
	assert_memory_equal(f->c.wrap_pk, f->id.wrap_pk, 32);
	assert_int_equal(crypto_box_seal_open(key, f->c.sealed, 80, f->id.wrap_pk, f->id.wrap_sk), 0);
	assert_memory_equal(key, f->c.session_key, 32);
	assert_int_equal(crypto_box_seal_open(key, f->c.sealed, 80, f->other.wrap_pk,
					      f->other.wrap_sk), -1);
}

static void test_wrong_private_key_fails_step7(void **state)
{
	struct fixture *f = *state;
	hello_and_certificate(f, &f->id);
	f->s.id = &f->other;	/* the server that answers holds another private key */
	assert_int_equal(hs_client_make_key(&f->c), 0);
	assert_int_equal(hs_client_wrap(&f->c), 0);
	f->b.len = 0;
	assert_int_equal(hs_client_key_exchange(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_key_exchange(&f->s, f->b.p, f->b.len), -1);
	assert_null(f->s.session_key);
	assert_int_equal(f->s.state, HS_FAILED);
}

static void test_out_of_order_refused(void **state)
{
	struct fixture *f = *state;
	hs_client_init(&f->c, &f->secrets, "mail.example.test");
	f->b.len = 0;
	assert_int_equal(hs_client_make_key(&f->c), -1);	/* step 4 before 3 */
	assert_int_equal(hs_client_key_exchange(&f->c, &f->b), -1);
	assert_int_equal(hs_client_finished(&f->c, &f->b), -1);
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(hs_client_hello(&f->c, &f->b), -1);	/* twice */
}

static void test_refused_certificate_stops_before_key(void **state)
{
	struct fixture *f = *state;
	hs_client_init(&f->c, &f->secrets, "mail.example.test");
	hs_server_init(&f->s, &f->secrets, &f->id);
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_hello(&f->s, f->b.p, f->b.len), 0);
	f->b.len = 0;
	assert_int_equal(hs_server_hello(&f->s, &f->b), 0);
	assert_int_equal(hs_client_read_server(&f->c, f->b.p, f->b.len), 0);
	assert_int_equal(hs_client_validate(&f->c, NULL), -1);
	assert_int_equal(hs_client_make_key(&f->c), -1);
	assert_null(f->c.session_key);
}

static void test_corrupt_server_flight_rejected(void **state)
{
	struct fixture *f = *state;
	hs_client_init(&f->c, &f->secrets, "mail.example.test");
	hs_server_init(&f->s, &f->secrets, &f->id);
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_hello(&f->s, f->b.p, f->b.len), 0);
	f->b.len = 0;
	assert_int_equal(hs_server_hello(&f->s, &f->b), 0);
	for (size_t cut = 1; cut < f->b.len; cut += 37) {
		hs_client_free(&f->c);
		hs_client_init(&f->c, &f->secrets, "mail.example.test");
		struct buf hello = { 0 };
		assert_int_equal(hs_client_hello(&f->c, &hello), 0);
		buf_free(&hello);
		assert_int_equal(hs_client_read_server(&f->c, f->b.p, f->b.len - cut), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_agrees_on_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_box_opens_only_with_the_certified_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_private_key_fails_step7, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_certificate_stops_before_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_server_flight_rejected, setup, teardown),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
