/* test_handshake: the eight steps, both key exchanges, and the machine's refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "handshake.h"
#include "rng.h"

#define NOW 1780304400
#define DAY 86400

struct fixture {
	struct ca ca;
	struct hs_identity id, other;
	struct trust_store ts;
	struct hs_client c;
	struct hs_server s;
	struct buf b;
	struct arena secrets;
};

static struct fixture fx;

static int setup(void **state)
{
	memset(&fx, 0, sizeof fx);
	if (arena_init(&fx.secrets, 16384) < 0 ||
	    ca_new(&fx.ca, &fx.secrets, "Example Test Root CA") < 0 ||
	    hs_identity_new(&fx.id, &fx.secrets, "mail.example.test", &fx.ca, NOW - DAY, NOW + DAY) < 0 ||
	    hs_identity_new(&fx.other, &fx.secrets, "mail.example.test", &fx.ca, NOW - DAY, NOW + DAY) < 0)
		return -1;
	trust_store_add(&fx.ts, &fx.ca);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hs_client_free(&f->c);
	hs_server_free(&f->s);
	hs_identity_free(&f->id);
	hs_identity_free(&f->other);
	ca_free(&f->ca);
	buf_free(&f->b);
	arena_free(&f->secrets);
	return 0;
}

/* Steps 1 to 3; the frame of each step is left in f->b. */
static void hello_and_certificate(struct fixture *f, enum kx kx, const struct hs_identity *id)
{
	hs_client_init(&f->c, &f->secrets, kx, "mail.example.test", &f->ts, NOW);
	hs_server_init(&f->s, &f->secrets, kx, id);
	f->b.len = 0;
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(f->b.p[0], REC_HANDSHAKE);
	assert_int_equal(hs_server_read_hello(&f->s, f->b.p, f->b.len), 0);
	assert_string_equal(f->s.server_name, "mail.example.test");
	f->b.len = 0;
	assert_int_equal(hs_server_hello(&f->s, &f->b), 0);
	assert_int_equal(hs_client_read_server(&f->c, f->b.p, f->b.len), 0);
	assert_int_equal(hs_client_validate(&f->c), CERT_OK);
}

static void full_handshake(struct fixture *f, enum kx kx)
{
	hello_and_certificate(f, kx, &f->id);
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
}

static void test_transport_agrees_on_key(void **state)
{
	struct fixture *f = *state;
	full_handshake(f, KX_TRANSPORT);
	assert_memory_equal(f->c.session_key, f->s.session_key, HS_SESSION_KEY_LEN);
}

static void test_sealed_box_is_80_bytes_and_opens_only_with_the_key(void **state)
{
	struct fixture *f = *state;
	uint8_t key[32];
	hello_and_certificate(f, KX_TRANSPORT, &f->id);
	assert_int_equal(hs_client_make_key(&f->c), 0);
	assert_int_equal(hs_client_wrap(&f->c), 0);
	assert_int_equal(sizeof f->c.sealed, 80);
	assert_int_equal(crypto_box_seal_open(key, f->c.sealed, 80, f->id.cert.enc_pk, f->id.enc_sk), 0);
	assert_memory_equal(key, f->c.session_key, 32);
	/* another server's private key does not open it */
	assert_int_equal(crypto_box_seal_open(key, f->c.sealed, 80, f->other.cert.enc_pk,
					      f->other.enc_sk), -1);
}

static void test_wrong_private_key_fails_step7(void **state)
{
	struct fixture *f = *state;
	hello_and_certificate(f, KX_TRANSPORT, &f->id);
	/* the server that answers holds another private key than the certificate's */
	f->s.id = &f->other;
	assert_int_equal(hs_client_make_key(&f->c), 0);
	assert_int_equal(hs_client_wrap(&f->c), 0);
	f->b.len = 0;
	assert_int_equal(hs_client_key_exchange(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_key_exchange(&f->s, f->b.p, f->b.len), -1);
	assert_null(f->s.session_key);
	assert_int_equal(f->s.state, HS_FAILED);
}

static void test_ephemeral_agrees_and_wipes(void **state)
{
	struct fixture *f = *state;
	full_handshake(f, KX_EPHEMERAL);
	assert_memory_equal(f->c.session_key, f->s.session_key, HS_SESSION_KEY_LEN);
	assert_null(f->c.share_sk);
	assert_null(f->s.share_sk);
}

static void test_out_of_order_refused(void **state)
{
	struct fixture *f = *state;
	hs_client_init(&f->c, &f->secrets, KX_TRANSPORT, "mail.example.test", &f->ts, NOW);
	f->b.len = 0;
	assert_int_equal(hs_client_make_key(&f->c), -1);	/* step 4 before 3 */
	assert_int_equal(hs_client_key_exchange(&f->c, &f->b), -1);
	assert_int_equal(hs_client_finished(&f->c, &f->b), -1);
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(hs_client_hello(&f->c, &f->b), -1);	/* twice */
}

static void test_bad_certificate_stops_before_key(void **state)
{
	struct fixture *f = *state;
	hs_client_init(&f->c, &f->secrets, KX_TRANSPORT, "other.example.test", &f->ts, NOW);
	hs_server_init(&f->s, &f->secrets, KX_TRANSPORT, &f->id);
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_hello(&f->s, f->b.p, f->b.len), 0);
	f->b.len = 0;
	assert_int_equal(hs_server_hello(&f->s, &f->b), 0);
	assert_int_equal(hs_client_read_server(&f->c, f->b.p, f->b.len), 0);
	assert_int_equal(hs_client_validate(&f->c), CERT_NAME_MISMATCH);
	assert_int_equal(hs_client_make_key(&f->c), -1);
	assert_null(f->c.session_key);
}

static void test_corrupt_server_flight_rejected(void **state)
{
	struct fixture *f = *state;
	hs_client_init(&f->c, &f->secrets, KX_TRANSPORT, "mail.example.test", &f->ts, NOW);
	hs_server_init(&f->s, &f->secrets, KX_TRANSPORT, &f->id);
	assert_int_equal(hs_client_hello(&f->c, &f->b), 0);
	assert_int_equal(hs_server_read_hello(&f->s, f->b.p, f->b.len), 0);
	f->b.len = 0;
	assert_int_equal(hs_server_hello(&f->s, &f->b), 0);
	assert_int_equal(hs_client_read_server(&f->c, f->b.p, f->b.len - 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transport_agrees_on_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_box_is_80_bytes_and_opens_only_with_the_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_private_key_fails_step7, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ephemeral_agrees_and_wipes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_certificate_stops_before_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_server_flight_rejected, setup, teardown),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("handshake", tests, NULL, NULL);
}
