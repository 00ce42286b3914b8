/*
 * tls_kdf: HMAC, HKDF and the TLS 1.2 PRF over libsodium's SHA-256 (see
 * tls_kdf.h).  Intermediate blocks are wiped before returning: they are
 * as secret as the keys they lead to.
 */
#include <sodium.h>
#include <string.h>

#include "tls_kdf.h"

void tls_hmac(uint8_t out[TLS_HASH_LEN], const uint8_t *key, size_t key_len,
	      const uint8_t *msg, size_t n)
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, msg, n);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
}

void tls_hkdf_extract(uint8_t prk[TLS_HASH_LEN], const uint8_t *salt, size_t salt_len,
		      const uint8_t *ikm, size_t ikm_len)
{
	static const uint8_t zeros[TLS_HASH_LEN];
	if (!salt) {
		salt = zeros;
		salt_len = sizeof zeros;
	}
	tls_hmac(prk, salt, salt_len, ikm, ikm_len);
}

int tls_hkdf_expand(uint8_t *out, size_t out_len, const uint8_t prk[TLS_HASH_LEN],
		    const uint8_t *info, size_t info_len)
{
	uint8_t t[TLS_HASH_LEN];
	size_t tlen = 0, done = 0;
	uint8_t ctr = 1;

	if (out_len > 255 * TLS_HASH_LEN)
		return -1;
	while (done < out_len) {
		crypto_auth_hmacsha256_state st;
		crypto_auth_hmacsha256_init(&st, prk, TLS_HASH_LEN);
		crypto_auth_hmacsha256_update(&st, t, tlen);
		crypto_auth_hmacsha256_update(&st, info, info_len);
		crypto_auth_hmacsha256_update(&st, &ctr, 1);
		crypto_auth_hmacsha256_final(&st, t);
		sodium_memzero(&st, sizeof st);
		tlen = TLS_HASH_LEN;
		size_t take = out_len - done < TLS_HASH_LEN ? out_len - done : TLS_HASH_LEN;
		memcpy(out + done, t, take);
		done += take;
		ctr++;
	}
	sodium_memzero(t, sizeof t);
	return 0;
}

int tls13_expand_label(uint8_t *out, size_t out_len, const uint8_t secret[TLS_HASH_LEN],
		       const char *label, const uint8_t *context, size_t context_len)
{
	/* struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } */
	static const char prefix[] = "tls13 ";
	uint8_t info[2 + 1 + 255 + 1 + 255];
	size_t ll = strlen(label), pl = sizeof prefix - 1, n = 0;

	if (ll + pl > 255 || context_len > 255 || out_len > 0xffff)
		return -1;
	info[n++] = (uint8_t)(out_len >> 8);
	info[n++] = (uint8_t)out_len;
	info[n++] = (uint8_t)(pl + ll);
	memcpy(info + n, prefix, pl);
	n += pl;
	memcpy(info + n, label, ll);
	n += ll;
	info[n++] = (uint8_t)context_len;
	if (context_len)
		memcpy(info + n, context, context_len);
	n += context_len;
	return tls_hkdf_expand(out, out_len, secret, info, n);
}

void tls13_derive_secret(uint8_t out[TLS_HASH_LEN], const uint8_t secret[TLS_HASH_LEN],
			 const char *label, const uint8_t hash[TLS_HASH_LEN])
{
	uint8_t empty[TLS_HASH_LEN];
	if (!hash) {
		crypto_hash_sha256(empty, NULL, 0);
		hash = empty;
	}
	/* Our labels are all short constants: this cannot fail. */
	if (tls13_expand_label(out, TLS_HASH_LEN, secret, label, hash, TLS_HASH_LEN) < 0)
		memset(out, 0, TLS_HASH_LEN);
}

void tls13_traffic_keys(const uint8_t secret[TLS_HASH_LEN], uint8_t key[TLS_AEAD_KEY_LEN],
			uint8_t iv[TLS_AEAD_IV_LEN])
{
	if (tls13_expand_label(key, TLS_AEAD_KEY_LEN, secret, "key", NULL, 0) < 0 ||
	    tls13_expand_label(iv, TLS_AEAD_IV_LEN, secret, "iv", NULL, 0) < 0) {
		memset(key, 0, TLS_AEAD_KEY_LEN);
		memset(iv, 0, TLS_AEAD_IV_LEN);
	}
}

void tls13_finished(uint8_t out[TLS_HASH_LEN], const uint8_t base_secret[TLS_HASH_LEN],
		    const uint8_t hash[TLS_HASH_LEN])
{
	uint8_t fk[TLS_HASH_LEN];
	if (tls13_expand_label(fk, sizeof fk, base_secret, "finished", NULL, 0) < 0)
		memset(fk, 0, sizeof fk);
	tls_hmac(out, fk, sizeof fk, hash, TLS_HASH_LEN);
	sodium_memzero(fk, sizeof fk);
}

void tls_transcript_init(struct tls_transcript *t)
{
	crypto_hash_sha256_init(&t->st);
}

void tls_transcript_add(struct tls_transcript *t, const uint8_t *p, size_t n)
{
	crypto_hash_sha256_update(&t->st, p, n);
}

void tls_transcript_hash(const struct tls_transcript *t, uint8_t out[TLS_HASH_LEN])
{
	/* Finishing a copy leaves the running state free to go on. */
	crypto_hash_sha256_state copy = t->st;
	crypto_hash_sha256_final(&copy, out);
}

void tls12_prf(uint8_t *out, size_t out_len, const uint8_t *secret, size_t secret_len,
	       const char *label, const uint8_t *seed, size_t seed_len)
{
	/* A(0) = label + seed; A(i) = HMAC(secret, A(i-1));
	 * output = HMAC(secret, A(1) + label + seed) + HMAC(secret, A(2) + ...) ... */
	crypto_auth_hmacsha256_state st;
	uint8_t a[TLS_HASH_LEN], block[TLS_HASH_LEN];
	size_t ll = strlen(label), done = 0;

	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const uint8_t *)label, ll);
	crypto_auth_hmacsha256_update(&st, seed, seed_len);
	crypto_auth_hmacsha256_final(&st, a);
	while (done < out_len) {
		crypto_auth_hmacsha256_init(&st, secret, secret_len);
		crypto_auth_hmacsha256_update(&st, a, sizeof a);
		crypto_auth_hmacsha256_update(&st, (const uint8_t *)label, ll);
		crypto_auth_hmacsha256_update(&st, seed, seed_len);
		crypto_auth_hmacsha256_final(&st, block);
		size_t take = out_len - done < sizeof block ? out_len - done : sizeof block;
		memcpy(out + done, block, take);
		done += take;
		tls_hmac(a, secret, secret_len, a, sizeof a);
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(a, sizeof a);
	sodium_memzero(block, sizeof block);
}

void tls12_master_secret(uint8_t ms[TLS12_MASTER_LEN], const uint8_t *pms, size_t pms_len,
			 const uint8_t client_random[32], const uint8_t server_random[32])
{
	uint8_t seed[64];
	memcpy(seed, client_random, 32);
	memcpy(seed + 32, server_random, 32);
	tls12_prf(ms, TLS12_MASTER_LEN, pms, pms_len, "master secret", seed, sizeof seed);
}

void tls12_extended_master_secret(uint8_t ms[TLS12_MASTER_LEN], const uint8_t *pms,
				  size_t pms_len, const uint8_t session_hash[TLS_HASH_LEN])
{
	tls12_prf(ms, TLS12_MASTER_LEN, pms, pms_len, "extended master secret",
		  session_hash, TLS_HASH_LEN);
}

void tls12_key_block(struct tls12_key_block *kb, const uint8_t ms[TLS12_MASTER_LEN],
		     const uint8_t client_random[32], const uint8_t server_random[32])
{
	/* client key, server key, client IV, server IV (RFC 5246 6.3) */
	uint8_t seed[64], block[2 * TLS_AEAD_KEY_LEN + 2 * TLS_AEAD_IV_LEN];
	memcpy(seed, server_random, 32);
	memcpy(seed + 32, client_random, 32);
	tls12_prf(block, sizeof block, ms, TLS12_MASTER_LEN, "key expansion", seed, sizeof seed);
	memcpy(kb->client_key, block, TLS_AEAD_KEY_LEN);
	memcpy(kb->server_key, block + TLS_AEAD_KEY_LEN, TLS_AEAD_KEY_LEN);
	memcpy(kb->client_iv, block + 2 * TLS_AEAD_KEY_LEN, TLS_AEAD_IV_LEN);
	memcpy(kb->server_iv, block + 2 * TLS_AEAD_KEY_LEN + TLS_AEAD_IV_LEN, TLS_AEAD_IV_LEN);
	sodium_memzero(block, sizeof block);
}

void tls12_verify_data(uint8_t out[TLS12_VERIFY_LEN], const uint8_t ms[TLS12_MASTER_LEN],
		       const char *label, const uint8_t hash[TLS_HASH_LEN])
{
	tls12_prf(out, TLS12_VERIFY_LEN, ms, TLS12_MASTER_LEN, label, hash, TLS_HASH_LEN);
}
