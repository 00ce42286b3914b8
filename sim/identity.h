/*
 * identity: a server's long-term identity, the same in every TLS version:
 * an Ed25519 key pair and the X.509 certificate that names it.  The
 * classic model wraps the session key to the X25519 form of the same key
 * (crypto_sign_ed25519_pk_to_curve25519), as a TLS_RSA_* server wraps to
 * its certificate's RSA key; TLS 1.2 and 1.3 only ever sign with it.
 */
#ifndef IDENTITY_H
#define IDENTITY_H

#include <stdint.h>

#include "arena.h"
#include "pki.h"
#include "util.h"

struct server_identity {
	struct buf cert;	/* its certificate, DER, owned */
	uint8_t sign_pk[32];	/* Ed25519: the key the certificate names */
	uint8_t *sign_sk;	/* 64 bytes in the run's arena */
	uint8_t wrap_pk[32];	/* X25519 form of sign_pk (classic) */
	uint8_t *wrap_sk;	/* X25519 form of sign_sk, 32 bytes in the arena */
};

/*
 * A fresh key pair (secrets from the arena) and a certificate of that
 * kind for name at time now (see pki_make: ca is trusted, attacker not).
 * Returns 0 or -1.  Draws IDENTITY_DRAWS times from the randomness.
 */
#define IDENTITY_DRAWS (1 + PKI_MAKE_DRAWS)

__attribute__((warn_unused_result))
int identity_new(struct server_identity *id, struct arena *secrets, enum pki_kind kind,
		 const struct pki_ca *ca, const struct pki_ca *attacker, const char *name,
		 int64_t now);

/* Replaces the certificate by one of another kind for the same key.  0 or -1. */
__attribute__((warn_unused_result))
int identity_reissue(struct server_identity *id, enum pki_kind kind, const struct pki_ca *ca,
		     const struct pki_ca *attacker, const char *name, int64_t now);

/* Frees the certificate and wipes the secrets; accepts a zeroed identity. */
void identity_free(struct server_identity *id);

#endif
