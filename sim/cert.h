/*
 * cert: a small certificate, its canonical bytes, and its validation.
 *
 * Not X.509, but the same ideas in a form a student can read byte by byte:
 * who it is for (subject), who vouches for it (issuer), when it is valid,
 * the server's public keys, and the issuer's Ed25519 signature over all of
 * that.  The server has two key pairs: X25519 to receive the wrapped
 * session key (the eight steps) and Ed25519 to sign its ephemeral key
 * (the TLS 1.3 style exchange).
 *
 * Encoding, all integers big-endian:
 *   "TSC1"                      magic
 *   u8 len, subject             1..63 bytes: a-z 0-9 '-' '.'
 *   u8 len, issuer              1..63 bytes: printable ASCII
 *   i64 not_before, i64 not_after   Unix seconds, not_before <= not_after
 *   u8 1                        key algorithm: X25519 + Ed25519
 *   32 bytes X25519 public key, 32 bytes Ed25519 public key
 *   u8 1                        signature algorithm: Ed25519
 *   64 bytes signature over every byte before it
 */
#ifndef CERT_H
#define CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define CERT_NAME_MAX 63
#define CERT_MAX_BYTES (4 + 2 * (1 + CERT_NAME_MAX) + 16 + 1 + 64 + 1 + 64)

struct cert {
	char subject[CERT_NAME_MAX + 1];
	char issuer[CERT_NAME_MAX + 1];
	int64_t not_before, not_after;
	uint8_t enc_pk[32];	/* X25519: crypto_box_seal wraps to this */
	uint8_t sig_pk[32];	/* Ed25519: signs the ephemeral key share */
	uint8_t sig[64];	/* issuer's signature */
};

/* A certificate authority: its name and key pair (secret in an arena). */
struct ca {
	char name[CERT_NAME_MAX + 1];
	uint8_t pk[32];
	uint8_t *sk;		/* 64 bytes in the run's arena */
};

/* The CAs a client trusts.  Anchors are copies; the store owns them. */
struct trust_store {
	struct {
		char name[CERT_NAME_MAX + 1];
		uint8_t pk[32];
	} anchor[8];
	size_t n;
};

enum cert_result {
	CERT_OK,
	CERT_MALFORMED,
	CERT_UNKNOWN_ISSUER,
	CERT_BAD_SIGNATURE,
	CERT_NOT_YET_VALID,
	CERT_EXPIRED,
	CERT_NAME_MISMATCH,
};

/* Each check on its own, for the client pane's list of ticks and crosses. */
struct cert_checks {
	bool issuer_trusted, signature_ok, started, not_expired, name_ok;
};

/* Makes a CA with a fresh Ed25519 key pair, the secret from secrets.  0 or -1. */
__attribute__((warn_unused_result))
int ca_new(struct ca *ca, struct arena *secrets, const char *name);
void ca_free(struct ca *ca);	/* wipes the secret; NULL-safe */

/* Fills in c->issuer and c->sig, signing with the CA's secret key. */
void cert_sign(struct cert *c, const struct ca *ca);

/* Writes the canonical bytes; returns their length (<= CERT_MAX_BYTES). */
size_t cert_encode(const struct cert *c, uint8_t out[CERT_MAX_BYTES]);

/* Parses exactly len bytes.  Returns 0, or -1 on any malformation. */
__attribute__((warn_unused_result))
int cert_decode(struct cert *c, const uint8_t *in, size_t len);

void trust_store_add(struct trust_store *ts, const struct ca *ca);

/*
 * Validates against the store at time now for the server name expected.
 * Checks, in order: issuer trusted, signature, not before, not after, name.
 * Returns the first failure (or CERT_OK); fills *checks when not NULL.
 */
enum cert_result cert_verify(const struct cert *c, const struct trust_store *ts,
			     int64_t now, const char *expected_name,
			     struct cert_checks *checks);

/* "ok", "bad signature", "unknown issuer", ... */
const char *cert_result_str(enum cert_result r);

/* "2026-06-01 09:00:00 UTC" into buf (at least 32 bytes). */
void cert_format_time(int64_t t, char *buf, size_t n);

#endif
