/*
 * tls_kdf: the key derivation both real TLS versions use, over SHA-256.
 *
 * TLS 1.3 (RFC 8446 section 7.1) derives every secret with HKDF
 * (RFC 5869): Extract mixes a new input into the running secret, and
 * Expand-Label stretches a secret into keys, IVs and the next secrets,
 * bound to a label and to the transcript hash of the handshake so far.
 * TLS 1.2 (RFC 5246 section 5) uses the older PRF P_SHA256 for its
 * master secret (RFC 7627's extended form binds it to the session hash)
 * and its key block.  Both hash the handshake messages as they pass:
 * struct tls_transcript keeps that running hash and can report it at
 * any point without ending it.
 *
 * Nothing here allocates; outputs go where the caller points (into its
 * guarded arena when they are secrets).
 */
#ifndef TLS_KDF_H
#define TLS_KDF_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#define TLS_HASH_LEN 32		/* SHA-256 */
#define TLS12_MASTER_LEN 48
#define TLS12_VERIFY_LEN 12
#define TLS_AEAD_KEY_LEN 32	/* ChaCha20-Poly1305 */
#define TLS_AEAD_IV_LEN 12

/* HMAC-SHA256 of msg under key (any length). */
void tls_hmac(uint8_t out[TLS_HASH_LEN], const uint8_t *key, size_t key_len,
	      const uint8_t *msg, size_t n);

/* HKDF-Extract(salt, ikm); a NULL salt means 32 zero bytes (RFC 5869). */
void tls_hkdf_extract(uint8_t prk[TLS_HASH_LEN], const uint8_t *salt, size_t salt_len,
		      const uint8_t *ikm, size_t ikm_len);

/* HKDF-Expand(prk, info, out_len).  -1 when out_len > 255 * 32. */
__attribute__((warn_unused_result))
int tls_hkdf_expand(uint8_t *out, size_t out_len, const uint8_t prk[TLS_HASH_LEN],
		    const uint8_t *info, size_t info_len);

/*
 * HKDF-Expand-Label(secret, "tls13 " + label, context, out_len).
 * -1 when the label or context do not fit their one-byte lengths.
 */
__attribute__((warn_unused_result))
int tls13_expand_label(uint8_t *out, size_t out_len, const uint8_t secret[TLS_HASH_LEN],
		       const char *label, const uint8_t *context, size_t context_len);

/*
 * Derive-Secret(secret, label, messages), given the transcript hash of the
 * messages (NULL = the hash of no messages, as "derived" uses).
 */
void tls13_derive_secret(uint8_t out[TLS_HASH_LEN], const uint8_t secret[TLS_HASH_LEN],
			 const char *label, const uint8_t hash[TLS_HASH_LEN]);

/* A traffic secret's record key (32 bytes) and IV (12 bytes). */
void tls13_traffic_keys(const uint8_t secret[TLS_HASH_LEN], uint8_t key[TLS_AEAD_KEY_LEN],
			uint8_t iv[TLS_AEAD_IV_LEN]);

/* Finished: HMAC(HKDF-Expand-Label(base, "finished", "", 32), hash). */
void tls13_finished(uint8_t out[TLS_HASH_LEN], const uint8_t base_secret[TLS_HASH_LEN],
		    const uint8_t hash[TLS_HASH_LEN]);

/* The running hash of handshake messages (type and length headers included). */
struct tls_transcript {
	crypto_hash_sha256_state st;
};

void tls_transcript_init(struct tls_transcript *t);
void tls_transcript_add(struct tls_transcript *t, const uint8_t *p, size_t n);
/* The hash of everything added so far; t goes on unchanged. */
void tls_transcript_hash(const struct tls_transcript *t, uint8_t out[TLS_HASH_LEN]);

/* TLS 1.2 PRF: P_SHA256(secret, label + seed) into out_len bytes. */
void tls12_prf(uint8_t *out, size_t out_len, const uint8_t *secret, size_t secret_len,
	       const char *label, const uint8_t *seed, size_t seed_len);

/* master_secret = PRF(pms, "master secret", client_random + server_random). */
void tls12_master_secret(uint8_t ms[TLS12_MASTER_LEN], const uint8_t *pms, size_t pms_len,
			 const uint8_t client_random[32], const uint8_t server_random[32]);

/* RFC 7627: PRF(pms, "extended master secret", session_hash). */
void tls12_extended_master_secret(uint8_t ms[TLS12_MASTER_LEN], const uint8_t *pms,
				  size_t pms_len, const uint8_t session_hash[TLS_HASH_LEN]);

/* The key block of an AEAD suite with a 12-byte implicit IV (RFC 7905): no MAC keys. */
struct tls12_key_block {
	uint8_t client_key[TLS_AEAD_KEY_LEN], server_key[TLS_AEAD_KEY_LEN];
	uint8_t client_iv[TLS_AEAD_IV_LEN], server_iv[TLS_AEAD_IV_LEN];
};

/* PRF(ms, "key expansion", server_random + client_random), cut into keys and IVs. */
void tls12_key_block(struct tls12_key_block *kb, const uint8_t ms[TLS12_MASTER_LEN],
		     const uint8_t client_random[32], const uint8_t server_random[32]);

/* verify_data = PRF(ms, "client finished" | "server finished", hash)[0..12]. */
void tls12_verify_data(uint8_t out[TLS12_VERIFY_LEN], const uint8_t ms[TLS12_MASTER_LEN],
		       const char *label, const uint8_t hash[TLS_HASH_LEN]);

#endif
