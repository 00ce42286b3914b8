/*
 * identity: key pair, certificate and the key's X25519 form (identity.h).
 */
#include <sodium.h>
#include <string.h>

#include "identity.h"

int identity_new(struct server_identity *id, struct arena *secrets, enum pki_kind kind,
		 const struct pki_ca *ca, const struct pki_ca *attacker, const char *name,
		 int64_t now)
{
	memset(id, 0, sizeof *id);
	id->sign_sk = arena_alloc(secrets, crypto_sign_SECRETKEYBYTES);
	id->wrap_sk = arena_alloc(secrets, crypto_scalarmult_BYTES);
	if (crypto_sign_keypair(id->sign_pk, id->sign_sk) != 0 ||
	    crypto_sign_ed25519_pk_to_curve25519(id->wrap_pk, id->sign_pk) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(id->wrap_sk, id->sign_sk) != 0)
		return -1;
	return identity_reissue(id, kind, ca, attacker, name, now);
}

int identity_reissue(struct server_identity *id, enum pki_kind kind, const struct pki_ca *ca,
		     const struct pki_ca *attacker, const char *name, int64_t now)
{
	id->cert.len = 0;
	return pki_make(&id->cert, kind, ca, attacker, name, id->sign_pk, now);
}

void identity_free(struct server_identity *id)
{
	if (id->sign_sk)
		sodium_memzero(id->sign_sk, crypto_sign_SECRETKEYBYTES);
	if (id->wrap_sk)
		sodium_memzero(id->wrap_sk, crypto_scalarmult_BYTES);
	buf_free(&id->cert);
	memset(id, 0, sizeof *id);
}
