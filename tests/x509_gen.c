/*
 * x509_gen: writes the simulator's certificates as files, for OpenSSL to
 * judge in tests/e2e_x509.sh and for the fuzz corpus.
 *
 *   x509_gen DIR [SEED [NOW]]
 *
 * With the seed (default 42) and time (Unix seconds, default 2026-06-01
 * 09:00 UTC) it makes the trusted CA "Example Test Mail CA", an attacker's
 * CA "Attacker Root CA", and one server certificate for
 * mail.example.test of each kind in sim/pki.h, and writes each as
 * NAME.der and NAME.pem: ca, attacker-ca, good, expired, wrong-name,
 * untrusted, forged.  The same arguments write the same bytes.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pki.h"
#include "rng.h"
#include "util.h"

#define NOW 1780304400	/* 2026-06-01 09:00:00 UTC */
#define DAY 86400

static int write_file(const char *dir, const char *name, const char *ext, const void *p,
		      size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "x509_gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* DER and PEM (base64 in 64-character lines between the usual markers). */
static int write_cert(const char *dir, const char *name, const struct buf *der)
{
	size_t b64len = sodium_base64_ENCODED_LEN(der->len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(b64len);
	struct buf pem = { 0 };
	int rc;

	sodium_bin2base64(b64, b64len, der->p, der->len, sodium_base64_VARIANT_ORIGINAL);
	buf_put(&pem, "-----BEGIN CERTIFICATE-----\n", 28);
	for (size_t i = 0, n = strlen(b64); i < n; i += 64) {
		buf_put(&pem, b64 + i, n - i < 64 ? n - i : 64);
		buf_put8(&pem, '\n');
	}
	buf_put(&pem, "-----END CERTIFICATE-----\n", 26);
	rc = write_file(dir, name, "der", der->p, der->len) == 0 &&
	     write_file(dir, name, "pem", pem.p, pem.len) == 0 ? 0 : -1;
	free(b64);
	buf_free(&pem);
	return rc;
}

int main(int argc, char **argv)
{
	struct arena a;
	struct pki_ca ca, attacker;
	struct buf der = { 0 };
	uint8_t pk[32], *sk;
	int rc = 0;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: x509_gen DIR [SEED [NOW]]\n");
		return 2;
	}
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
	int64_t now = argc > 3 ? strtoll(argv[3], NULL, 10) : NOW;
	if (rng_init() != 0 || arena_init(&a, 4096) != 0)
		return 1;
	rng_seed(seed);
	if (pki_ca_new(&ca, &a, "Example Test Mail CA", now - 365 * DAY, now + 3650 * DAY) != 0 ||
	    pki_ca_new(&attacker, &a, "Attacker Root CA", now - 30 * DAY, now + 3650 * DAY) != 0) {
		fprintf(stderr, "x509_gen: cannot make the CAs\n");
		return 1;
	}
	sk = arena_alloc(&a, crypto_sign_SECRETKEYBYTES);
	if (crypto_sign_keypair(pk, sk) != 0)
		return 1;
	rc |= write_cert(argv[1], "ca", &ca.der);
	rc |= write_cert(argv[1], "attacker-ca", &attacker.der);
	for (int k = 0; k < PKI_KINDS; k++) {
		if (pki_make(&der, (enum pki_kind)k, &ca, &attacker, "mail.example.test", pk,
			     now) != 0) {
			fprintf(stderr, "x509_gen: cannot make %s\n", pki_kind_str((enum pki_kind)k));
			rc = -1;
			continue;
		}
		rc |= write_cert(argv[1], pki_kind_str((enum pki_kind)k), &der);
	}
	buf_free(&der);
	pki_ca_free(&ca);
	pki_ca_free(&attacker);
	arena_free(&a);
	return rc ? 1 : 0;
}
