/*
 * test_session_keys: a plaintext session makes no keys it never uses,
 * and still spends the randomness they took (sim/session.c).
 *
 * crypto_sign_keypair is wrapped at link time and counted: a plaintext
 * scenario with no attack makes no key pair, one with TLS does.  What a
 * session that skips its keys spends instead is the sum of the draws
 * pki.h and identity.h declare; here each is held to what the function
 * really draws, so that a seeded plaintext run keeps repeating what it
 * showed (the transcripts in tests/golden/ show its queue ids).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>

#include "arena.h"
#include "identity.h"
#include "options.h"
#include "pki.h"
#include "rng.h"
#include "runner.h"
#include "timeline.h"

#define SCENARIOS options_find("--scenario")

static int keypairs;

int __real_crypto_sign_keypair(unsigned char *pk, unsigned char *sk);
int __wrap_crypto_sign_keypair(unsigned char *pk, unsigned char *sk);

int __wrap_crypto_sign_keypair(unsigned char *pk, unsigned char *sk)
{
	keypairs++;
	return __real_crypto_sign_keypair(pk, sk);
}

/* The key pairs timeline_build() made for scenario name. */
static int keypairs_of(const char *name, const char *tls)
{
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, name), 0);
	assert_int_equal(option_apply(options_find("--tls"), &sc, tls), 0);
	sc.seeded = true;
	sc.seed = 1;
	keypairs = 0;
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	timeline_free(tl);
	return keypairs;
}

static void test_plaintext_makes_no_keys(void **state)
{
	static const char *const tls[] = { "classic", "1.2", "1.3" };
	int plain = 0;
	(void)state;
	for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
		const char *name = SCENARIOS->choices[i].name;
		struct scenario sc;
		assert_int_equal(scenario_init(&sc, name), 0);
		for (size_t v = 0; v < sizeof tls / sizeof tls[0]; v++) {
			int n = keypairs_of(name, tls[v]);
			if (sc.mode == MODE_PLAIN && sc.proto != PROTO_RELAY)
				assert_int_equal(n, 0);
			else
				assert_true(n >= 2);	/* the CAs at least */
		}
		plain += sc.mode == MODE_PLAIN;
	}
	assert_true(plain >= 3);	/* smtp, pop3 and imap in clear */
}

static void test_declared_draws(void **state)
{
	struct arena a;
	struct pki_ca ca, rogue;
	struct server_identity id;
	struct buf cert = { 0 };
	(void)state;
	assert_int_equal(arena_init(&a, 4096), 0);
	rng_seed(1);
	uint64_t d = rng_draws();
	assert_int_equal(pki_ca_new(&ca, &a, "Test CA", 0, 86400), 0);
	assert_int_equal(rng_draws() - d, PKI_CA_DRAWS);
	assert_int_equal(pki_ca_new(&rogue, &a, "Rogue CA", 0, 86400), 0);
	d = rng_draws();
	assert_int_equal(identity_new(&id, &a, PKI_GOOD, &ca, &rogue, "mail.example.test", 3600), 0);
	assert_int_equal(rng_draws() - d, IDENTITY_DRAWS);
	d = rng_draws();
	assert_int_equal(pki_make(&cert, PKI_GOOD, &ca, &rogue, "mail.example.test", id.sign_pk, 3600), 0);
	assert_int_equal(rng_draws() - d, PKI_MAKE_DRAWS);
	d = rng_draws();
	rng_skip(5);
	assert_int_equal(rng_draws() - d, 5);
	buf_free(&cert);
	identity_free(&id);
	pki_ca_free(&ca);
	pki_ca_free(&rogue);
	arena_free(&a);
}

int main(void)
{
	if (rng_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plaintext_makes_no_keys),
		cmocka_unit_test(test_declared_draws),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
