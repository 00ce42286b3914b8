/*
 * tls_hex: helpers for the TLS tests and the interop peer: hex strings to
 * bytes (spaces and newlines skipped, so values can be pasted in the
 * layout RFC 8448 prints them), whole files, the Ed25519 seed of a PKCS#8
 * PEM key, and the Ed25519 key of a DER certificate found by its
 * SubjectPublicKeyInfo prefix (a stand-in for real X.509 parsing).
 */
#ifndef TLS_HEX_H
#define TLS_HEX_H

#include <stddef.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int tls_hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s into out (at most max bytes); returns the length, or aborts on bad input. */
static inline size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n')
			continue;
		int v = tls_hex_nibble(*s);
		if (v < 0)
			abort();
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == max)
			abort();
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		abort();
	return n;
}

/* Reads a whole file (tests run from the top of the tree); NULL on error. */
static inline uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *p = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			uint8_t *q = realloc(p, cap);
			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		size_t got = fread(p + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return p;
}

/*
 * The Ed25519 secret key (libsodium's 64 bytes) of a PKCS#8 PEM file:
 * the seed is the last 32 bytes of the decoded DER.  0 or -1.
 */
static inline int load_ed25519_pem(const char *path, uint8_t pk[32], uint8_t sk[64])
{
	size_t n = 0, dl = 0;
	uint8_t *pem = read_file(path, &n), der[128];
	char b64[256];
	size_t bl = 0;
	int rc = -1;

	if (!pem)
		return -1;
	/* Keep the base64 lines: those that do not start with a dash. */
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && pem[e] != '\n')
			e++;
		if (pem[i] != '-')
			for (size_t j = i; j < e && bl + 1 < sizeof b64; j++)
				if (pem[j] != '\r')
					b64[bl++] = (char)pem[j];
		i = e + 1;
	}
	b64[bl] = '\0';
	if (sodium_base642bin(der, sizeof der, b64, bl, NULL, &dl, NULL,
			      sodium_base64_VARIANT_ORIGINAL) == 0 && dl >= 32 &&
	    crypto_sign_seed_keypair(pk, sk, der + dl - 32) == 0)
		rc = 0;
	sodium_memzero(der, sizeof der);
	free(pem);
	return rc;
}

/* The Ed25519 public key in a DER certificate: 0, or -1 when there is none. */
static inline int find_ed25519_pk(const uint8_t *der, size_t n, uint8_t pk[32])
{
	static const uint8_t spki[] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
					0x70, 0x03, 0x21, 0x00 };
	for (size_t i = 0; n >= sizeof spki + 32 && i <= n - sizeof spki - 32; i++)
		if (memcmp(der + i, spki, sizeof spki) == 0) {
			memcpy(pk, der + i + sizeof spki, 32);
			return 0;
		}
	return -1;
}

#endif
