/*
 * fuzz_cert: certificate decoding on any bytes a server (or an attacker)
 * might send.
 *
 * cert_decode() must refuse what is malformed without reading outside the
 * input; what it accepts must be canonical, so cert_encode() gives back
 * exactly the input bytes.  Every decoded certificate then goes through
 * cert_verify() against an empty trust store (it must say "unknown
 * issuer"), against a store that trusts the issuer's name, and through the date formatter the screen uses.
 *
 * Built by "make fuzz"; tests/fuzz/run.sh runs it over
 * tests/fuzz/corpus/fuzz_cert.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "rng.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A store that trusts a CA with the seeded runs' name (not their key). */
static struct trust_store one_ca;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ca ca;
	static struct arena secrets;

	(void)argc;
	(void)argv;
	if (rng_init() != 0)
		abort();
	rng_seed(1);
	if (arena_init(&secrets, 4096) != 0 || ca_new(&ca, &secrets, "Example Test Root CA") != 0)
		abort();
	trust_store_add(&one_ca, &ca);
	ca_free(&ca);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert c;
	uint8_t again[CERT_MAX_BYTES];
	struct trust_store empty = { 0 };
	struct cert_checks checks;
	char from[40], to[40];
	size_t n;

	if (cert_decode(&c, data, size) != 0)
		return 0;
	if (memchr(c.subject, 0, sizeof c.subject) == NULL ||
	    memchr(c.issuer, 0, sizeof c.issuer) == NULL)
		abort();	/* names must be terminated */
	n = cert_encode(&c, again);
	if (n != size || memcmp(again, data, size) != 0)
		abort();	/* decoding accepted a non-canonical encoding */
	if (cert_verify(&c, &empty, 1780000000, "mail.example.test", &checks) !=
	    CERT_UNKNOWN_ISSUER || checks.issuer_trusted || checks.signature_ok)
		abort();
	/* trusted by name: the signature check runs on whatever came in */
	(void)cert_verify(&c, &one_ca, 1780000000, "mail.example.test", &checks);
	cert_format_time(c.not_before, from, sizeof from);
	cert_format_time(c.not_after, to, sizeof to);
	if (strlen(from) >= sizeof from || strlen(to) >= sizeof to)
		abort();
	return 0;
}
