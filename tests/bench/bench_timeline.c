/*
 * bench_timeline: what timeline_build() costs beyond its cryptography.
 *
 * For each scenario (seeded, default options) and each --tls version it
 * builds the timeline once while recording every libsodium call sim/
 * makes, with its inputs: the link wraps those functions (-Wl,--wrap=NAME,
 * listed in tests/bench/wrap.flags), so the recording sees exactly what
 * was called, how often and on how many bytes.  Then it measures two
 * things:
 *
 *   measure_build()  timeline_build() of the same scenario again;
 *   measure_bare()   the recorded libsodium calls replayed bare, same
 *                    functions, same inputs, same sizes, nothing else.
 *
 * Under valgrind --tool=callgrind --toggle-collect=measure_build
 * --toggle-collect=measure_bare --dump-after=... each call becomes one
 * dump of exact instruction counts (run.sh does that).  Without callgrind,
 * "bench_timeline time" times both with the monotonic clock instead and
 * prints the ratios of the medians.
 *
 * Replayed, so counted as cryptography: every cryptographic function sim/
 * calls.  Signatures: crypto_sign_keypair, _detached, _verify_detached,
 * the Ed25519 -> X25519 conversions (crypto_sign_ed25519_pk_to_curve25519,
 * _sk_to_curve25519); X25519: crypto_scalarmult, crypto_scalarmult_base;
 * crypto_box_seal, crypto_box_seal_open; the AEADs: XChaCha20-Poly1305
 * keygen/encrypt/decrypt and ChaCha20-Poly1305 IETF encrypt/decrypt;
 * hashes: crypto_generichash (one-shot and init/update/final),
 * crypto_hash_sha256 (one-shot and init/update/final), HMAC-SHA-256
 * (crypto_auth_hmacsha256_init/update/final, which HKDF and the TLS 1.2
 * PRF are made of); randombytes_buf.
 *
 * The streaming hashes keep a state in the caller's memory.  The replay
 * keeps states of its own, one for each state of the recording, and finds
 * which is which by content: before each update or final, a state whose
 * bytes are not those its last call left is a copy of the state whose
 * bytes it has (tls_transcript_hash finishes a copy of the running
 * transcript), and the replay copies its own state the same way.
 *
 * Not replayed, so counted as the simulation's own cost, because they are
 * not cryptography: sodium_malloc/free, sodium_memzero, sodium_memcmp,
 * base64 (sodium_bin2base64, sodium_base642bin), and the set-up calls
 * sodium_init and randombytes_set_implementation.  crypto_stream_chacha20_ietf
 * is not wrapped either: it is the seeded generator's engine (sim/rng.c),
 * which runs inside randombytes_buf, the keypairs and crypto_box_seal, in
 * the replay as in the build, so it is counted on both sides already.
 * run.sh checks that libsim.a calls nothing else of libsodium.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "options.h"
#include "rng.h"
#include "scenario.h"
#include "runner.h"
#include "timeline.h"

/* The named scenarios and the TLS versions: choices in the options table. */
#define SCENARIOS options_find("--scenario")
#define VERSIONS options_find("--tls")

enum call_kind {
	C_SIGN_KEYPAIR, C_SIGN, C_VERIFY, C_PK_TO_CURVE, C_SK_TO_CURVE,
	C_SCALARMULT, C_SCALARMULT_BASE, C_SEAL, C_SEAL_OPEN,
	C_XAEAD_KEYGEN, C_XAEAD_ENC, C_XAEAD_DEC, C_AEAD_ENC, C_AEAD_DEC,
	C_GH, C_GH_INIT, C_GH_UPDATE, C_GH_FINAL,
	C_SHA, C_SHA_INIT, C_SHA_UPDATE, C_SHA_FINAL,
	C_HMAC_INIT, C_HMAC_UPDATE, C_HMAC_FINAL, C_RANDOM, C_KINDS,
};

static const char *const kind_name[C_KINDS] = {
	"sign_keypair", "sign", "verify", "pk_to_curve", "sk_to_curve",
	"scalarmult", "scalarmult_base", "seal", "seal_open",
	"xaead_keygen", "xaead_enc", "xaead_dec", "aead_enc", "aead_dec",
	"generichash", "generichash_init", "generichash_update", "generichash_final",
	"sha256", "sha256_init", "sha256_update", "sha256_final",
	"hmac_init", "hmac_update", "hmac_final", "random",
};

/* One recorded call: what it was given. */
struct call {
	enum call_kind kind;
	unsigned char *in;	/* message, ciphertext, hashed data, HMAC key; owned */
	size_t in_len;
	unsigned char *ad;	/* AEAD additional data; owned */
	size_t ad_len;
	unsigned char k1[64];	/* secret key, signature, scalar */
	unsigned char k2[64];	/* public key, point */
	size_t k1_len;
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	size_t out_len;		/* hash length, randombytes size */
	int st;			/* streaming hashes: the replay's state */
	int from;		/* and the state it is a copy of first, or -1 */
};

static struct call *calls;
static size_t n_calls, cap_calls;
static int recording;

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("bench_timeline: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("bench_timeline: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static unsigned char *dup_bytes(const unsigned char *p, size_t n)
{
	unsigned char *q = xmalloc(n);
	if (n)
		memcpy(q, p, n);
	return q;
}

static struct call *record(enum call_kind kind)
{
	if (n_calls == cap_calls) {
		cap_calls = cap_calls ? 2 * cap_calls : 64;
		calls = xrealloc(calls, cap_calls * sizeof *calls);
	}
	struct call *c = &calls[n_calls++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->st = c->from = -1;
	return c;
}

static void record_in(struct call *c, const unsigned char *in, unsigned long long len)
{
	c->in = dup_bytes(in, (size_t)len);
	c->in_len = (size_t)len;
}

/* ---- the streaming states ------------------------------------------------ */

enum stream { S_GH, S_SHA, S_HMAC };

/* The replay's states, any of the three kinds. */
union state {
	crypto_generichash_state gh;
	crypto_hash_sha256_state sha;
	crypto_auth_hmacsha256_state hmac;
};

static const size_t stream_size[] = {
	[S_GH] = sizeof(crypto_generichash_state),
	[S_SHA] = sizeof(crypto_hash_sha256_state),
	[S_HMAC] = sizeof(crypto_auth_hmacsha256_state),
};

/* A state of the recording: where the caller had it, which replay state
 * stands for it, and its bytes as the last call left them. */
struct shadow {
	const void *ptr;
	enum stream stream;
	int id;
	unsigned char bytes[sizeof(union state)];
};

static struct shadow *shadows;
static size_t n_shadows, cap_shadows;
static int n_states;		/* replay states the recording needs */
static union state *states;	/* the replay's, n_states of them */
static size_t last_shadow;	/* the one the call being recorded uses */

static struct shadow *shadow_at(const void *p, enum stream s)
{
	for (size_t i = 0; i < n_shadows; i++)
		if (shadows[i].ptr == p && shadows[i].stream == s)
			return &shadows[i];
	return NULL;
}

static struct shadow *shadow_new(const void *p, enum stream s)
{
	if (n_shadows == cap_shadows) {
		cap_shadows = cap_shadows ? 2 * cap_shadows : 16;
		shadows = xrealloc(shadows, cap_shadows * sizeof *shadows);
	}
	struct shadow *e = &shadows[n_shadows++];
	memset(e, 0, sizeof *e);
	e->ptr = p;
	e->stream = s;
	e->id = n_states++;
	return e;
}

/*
 * Records a streaming call on the caller's state p: which replay state it
 * uses, and, when p does not hold what its last call left, which state p
 * was copied from.  remember() takes p's bytes after the real call.
 */
static struct call *record_stream(enum call_kind kind, enum stream s, const void *p, int init)
{
	struct call *c = record(kind);
	struct shadow *e = shadow_at(p, s);
	size_t n = stream_size[s];

	if (!init && (!e || memcmp(e->bytes, p, n) != 0)) {
		for (size_t i = 0; i < n_shadows; i++)
			if (shadows[i].stream == s && memcmp(shadows[i].bytes, p, n) == 0) {
				c->from = shadows[i].id;
				break;
			}
		if (c->from < 0) {
			fprintf(stderr, "bench_timeline: a %s state that no recorded call left\n",
				kind_name[kind]);
			exit(1);
		}
	}
	if (!e)
		e = shadow_new(p, s);
	c->st = e->id;
	last_shadow = (size_t)(e - shadows);
	return c;
}

static void remember(const void *p)
{
	struct shadow *e = &shadows[last_shadow];
	memcpy(e->bytes, p, stream_size[e->stream]);
}

/* ---- the wrappers ---------------------------------------------------------- */

/*
 * --wrap=NAME sends sim/'s calls of NAME to __wrap_NAME, and __real_NAME
 * is libsodium's.  Outside recording they only pass on.
 */
#define WRAP(ret, name, params) \
	ret __real_##name params; \
	ret __wrap_##name params; \
	ret __wrap_##name params

WRAP(int, crypto_sign_keypair, (unsigned char *pk, unsigned char *sk))
{
	if (recording)
		record(C_SIGN_KEYPAIR);
	return __real_crypto_sign_keypair(pk, sk);
}

WRAP(int, crypto_sign_detached, (unsigned char *sig, unsigned long long *siglen_p,
				 const unsigned char *m, unsigned long long mlen,
				 const unsigned char *sk))
{
	if (recording) {
		struct call *c = record(C_SIGN);
		record_in(c, m, mlen);
		memcpy(c->k1, sk, crypto_sign_SECRETKEYBYTES);
	}
	return __real_crypto_sign_detached(sig, siglen_p, m, mlen, sk);
}

WRAP(int, crypto_sign_verify_detached, (const unsigned char *sig, const unsigned char *m,
					unsigned long long mlen, const unsigned char *pk))
{
	if (recording) {
		struct call *c = record(C_VERIFY);
		record_in(c, m, mlen);
		memcpy(c->k1, sig, crypto_sign_BYTES);
		memcpy(c->k2, pk, crypto_sign_PUBLICKEYBYTES);
	}
	return __real_crypto_sign_verify_detached(sig, m, mlen, pk);
}

WRAP(int, crypto_sign_ed25519_pk_to_curve25519, (unsigned char *curve25519_pk,
						 const unsigned char *ed25519_pk))
{
	if (recording)
		memcpy(record(C_PK_TO_CURVE)->k2, ed25519_pk, crypto_sign_ed25519_PUBLICKEYBYTES);
	return __real_crypto_sign_ed25519_pk_to_curve25519(curve25519_pk, ed25519_pk);
}

WRAP(int, crypto_sign_ed25519_sk_to_curve25519, (unsigned char *curve25519_sk,
						 const unsigned char *ed25519_sk))
{
	if (recording)
		memcpy(record(C_SK_TO_CURVE)->k1, ed25519_sk, crypto_sign_ed25519_SECRETKEYBYTES);
	return __real_crypto_sign_ed25519_sk_to_curve25519(curve25519_sk, ed25519_sk);
}

WRAP(int, crypto_scalarmult, (unsigned char *q, const unsigned char *n, const unsigned char *p))
{
	if (recording) {
		struct call *c = record(C_SCALARMULT);
		memcpy(c->k1, n, crypto_scalarmult_SCALARBYTES);
		memcpy(c->k2, p, crypto_scalarmult_BYTES);
	}
	return __real_crypto_scalarmult(q, n, p);
}

WRAP(int, crypto_scalarmult_base, (unsigned char *q, const unsigned char *n))
{
	if (recording)
		memcpy(record(C_SCALARMULT_BASE)->k1, n, crypto_scalarmult_SCALARBYTES);
	return __real_crypto_scalarmult_base(q, n);
}

WRAP(int, crypto_box_seal, (unsigned char *c, const unsigned char *m,
			    unsigned long long mlen, const unsigned char *pk))
{
	if (recording) {
		struct call *r = record(C_SEAL);
		record_in(r, m, mlen);
		memcpy(r->k2, pk, crypto_box_PUBLICKEYBYTES);
	}
	return __real_crypto_box_seal(c, m, mlen, pk);
}

WRAP(int, crypto_box_seal_open, (unsigned char *m, const unsigned char *c,
				 unsigned long long clen, const unsigned char *pk,
				 const unsigned char *sk))
{
	if (recording) {
		struct call *r = record(C_SEAL_OPEN);
		record_in(r, c, clen);
		memcpy(r->k1, sk, crypto_box_SECRETKEYBYTES);
		memcpy(r->k2, pk, crypto_box_PUBLICKEYBYTES);
	}
	return __real_crypto_box_seal_open(m, c, clen, pk, sk);
}

WRAP(void, crypto_aead_xchacha20poly1305_ietf_keygen, (unsigned char *k))
{
	if (recording)
		record(C_XAEAD_KEYGEN);
	__real_crypto_aead_xchacha20poly1305_ietf_keygen(k);
}

/* Both AEADs: the nonce is npub_len bytes, the key 32. */
static void record_aead(enum call_kind kind, const unsigned char *in, unsigned long long len,
			const unsigned char *ad, unsigned long long adlen,
			const unsigned char *npub, size_t npub_len, const unsigned char *k)
{
	struct call *c = record(kind);
	record_in(c, in, len);
	c->ad = dup_bytes(ad, ad ? (size_t)adlen : 0);
	c->ad_len = ad ? (size_t)adlen : 0;
	memcpy(c->nonce, npub, npub_len);
	memcpy(c->k1, k, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
}

WRAP(int, crypto_aead_xchacha20poly1305_ietf_encrypt,
     (unsigned char *c, unsigned long long *clen_p, const unsigned char *m,
      unsigned long long mlen, const unsigned char *ad, unsigned long long adlen,
      const unsigned char *nsec, const unsigned char *npub, const unsigned char *k))
{
	if (recording)
		record_aead(C_XAEAD_ENC, m, mlen, ad, adlen, npub,
			    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, k);
	return __real_crypto_aead_xchacha20poly1305_ietf_encrypt(c, clen_p, m, mlen, ad, adlen,
								 nsec, npub, k);
}

WRAP(int, crypto_aead_xchacha20poly1305_ietf_decrypt,
     (unsigned char *m, unsigned long long *mlen_p, unsigned char *nsec,
      const unsigned char *c, unsigned long long clen, const unsigned char *ad,
      unsigned long long adlen, const unsigned char *npub, const unsigned char *k))
{
	if (recording)
		record_aead(C_XAEAD_DEC, c, clen, ad, adlen, npub,
			    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, k);
	return __real_crypto_aead_xchacha20poly1305_ietf_decrypt(m, mlen_p, nsec, c, clen, ad,
								 adlen, npub, k);
}

WRAP(int, crypto_aead_chacha20poly1305_ietf_encrypt,
     (unsigned char *c, unsigned long long *clen_p, const unsigned char *m,
      unsigned long long mlen, const unsigned char *ad, unsigned long long adlen,
      const unsigned char *nsec, const unsigned char *npub, const unsigned char *k))
{
	if (recording)
		record_aead(C_AEAD_ENC, m, mlen, ad, adlen, npub,
			    crypto_aead_chacha20poly1305_ietf_NPUBBYTES, k);
	return __real_crypto_aead_chacha20poly1305_ietf_encrypt(c, clen_p, m, mlen, ad, adlen,
								nsec, npub, k);
}

WRAP(int, crypto_aead_chacha20poly1305_ietf_decrypt,
     (unsigned char *m, unsigned long long *mlen_p, unsigned char *nsec,
      const unsigned char *c, unsigned long long clen, const unsigned char *ad,
      unsigned long long adlen, const unsigned char *npub, const unsigned char *k))
{
	if (recording)
		record_aead(C_AEAD_DEC, c, clen, ad, adlen, npub,
			    crypto_aead_chacha20poly1305_ietf_NPUBBYTES, k);
	return __real_crypto_aead_chacha20poly1305_ietf_decrypt(m, mlen_p, nsec, c, clen, ad,
								adlen, npub, k);
}

WRAP(int, crypto_generichash, (unsigned char *out, size_t outlen, const unsigned char *in,
			       unsigned long long inlen, const unsigned char *key,
			       size_t keylen))
{
	if (recording) {
		struct call *c = record(C_GH);
		record_in(c, in, inlen);
		c->k1_len = key ? keylen : 0;
		if (key)
			memcpy(c->k1, key, keylen);
		c->out_len = outlen;
	}
	return __real_crypto_generichash(out, outlen, in, inlen, key, keylen);
}

WRAP(int, crypto_generichash_init, (crypto_generichash_state *state, const unsigned char *key,
				    const size_t keylen, const size_t outlen))
{
	if (!recording)
		return __real_crypto_generichash_init(state, key, keylen, outlen);
	struct call *c = record_stream(C_GH_INIT, S_GH, state, 1);
	c->k1_len = key ? keylen : 0;
	if (key)
		memcpy(c->k1, key, keylen);
	c->out_len = outlen;
	int r = __real_crypto_generichash_init(state, key, keylen, outlen);
	remember(state);
	return r;
}

WRAP(int, crypto_generichash_update, (crypto_generichash_state *state,
				      const unsigned char *in, unsigned long long inlen))
{
	if (!recording)
		return __real_crypto_generichash_update(state, in, inlen);
	record_in(record_stream(C_GH_UPDATE, S_GH, state, 0), in, inlen);
	int r = __real_crypto_generichash_update(state, in, inlen);
	remember(state);
	return r;
}

WRAP(int, crypto_generichash_final, (crypto_generichash_state *state, unsigned char *out,
				     const size_t outlen))
{
	if (!recording)
		return __real_crypto_generichash_final(state, out, outlen);
	record_stream(C_GH_FINAL, S_GH, state, 0)->out_len = outlen;
	int r = __real_crypto_generichash_final(state, out, outlen);
	remember(state);
	return r;
}

WRAP(int, crypto_hash_sha256, (unsigned char *out, const unsigned char *in,
			       unsigned long long inlen))
{
	if (recording)
		record_in(record(C_SHA), in, inlen);
	return __real_crypto_hash_sha256(out, in, inlen);
}

WRAP(int, crypto_hash_sha256_init, (crypto_hash_sha256_state *state))
{
	if (!recording)
		return __real_crypto_hash_sha256_init(state);
	record_stream(C_SHA_INIT, S_SHA, state, 1);
	int r = __real_crypto_hash_sha256_init(state);
	remember(state);
	return r;
}

WRAP(int, crypto_hash_sha256_update, (crypto_hash_sha256_state *state,
				      const unsigned char *in, unsigned long long inlen))
{
	if (!recording)
		return __real_crypto_hash_sha256_update(state, in, inlen);
	record_in(record_stream(C_SHA_UPDATE, S_SHA, state, 0), in, inlen);
	int r = __real_crypto_hash_sha256_update(state, in, inlen);
	remember(state);
	return r;
}

WRAP(int, crypto_hash_sha256_final, (crypto_hash_sha256_state *state, unsigned char *out))
{
	if (!recording)
		return __real_crypto_hash_sha256_final(state, out);
	record_stream(C_SHA_FINAL, S_SHA, state, 0);
	int r = __real_crypto_hash_sha256_final(state, out);
	remember(state);
	return r;
}

WRAP(int, crypto_auth_hmacsha256_init, (crypto_auth_hmacsha256_state *state,
					const unsigned char *key, size_t keylen))
{
	if (!recording)
		return __real_crypto_auth_hmacsha256_init(state, key, keylen);
	record_in(record_stream(C_HMAC_INIT, S_HMAC, state, 1), key, keylen);
	int r = __real_crypto_auth_hmacsha256_init(state, key, keylen);
	remember(state);
	return r;
}

WRAP(int, crypto_auth_hmacsha256_update, (crypto_auth_hmacsha256_state *state,
					  const unsigned char *in, unsigned long long inlen))
{
	if (!recording)
		return __real_crypto_auth_hmacsha256_update(state, in, inlen);
	record_in(record_stream(C_HMAC_UPDATE, S_HMAC, state, 0), in, inlen);
	int r = __real_crypto_auth_hmacsha256_update(state, in, inlen);
	remember(state);
	return r;
}

WRAP(int, crypto_auth_hmacsha256_final, (crypto_auth_hmacsha256_state *state,
					 unsigned char *out))
{
	if (!recording)
		return __real_crypto_auth_hmacsha256_final(state, out);
	record_stream(C_HMAC_FINAL, S_HMAC, state, 0);
	int r = __real_crypto_auth_hmacsha256_final(state, out);
	remember(state);
	return r;
}

WRAP(void, randombytes_buf, (void *buf, const size_t size))
{
	if (recording)
		record(C_RANDOM)->out_len = size;
	__real_randombytes_buf(buf, size);
}

/* ---- the measurements ------------------------------------------------------ */

static unsigned char *scratch;	/* outputs of the replay, big enough for all */
static volatile int sink;	/* results, so that nothing is optimised away */

/* The measured functions: callgrind toggles collection on their names. */
__attribute__((noinline, noclone))
static struct timeline *measure_build(const struct scenario *sc)
{
	return timeline_build(sc);
}

__attribute__((noinline, noclone))
static void measure_bare(void)
{
	unsigned char pk[64], sk[64];
	unsigned long long len;
	int r = 0;

	for (size_t i = 0; i < n_calls; i++) {
		const struct call *c = &calls[i];
		union state *st = c->st >= 0 ? &states[c->st] : NULL;
		if (c->from >= 0)
			*st = states[c->from];
		switch (c->kind) {
		case C_SIGN_KEYPAIR: r |= crypto_sign_keypair(pk, sk); break;
		case C_SIGN:
			r |= crypto_sign_detached(scratch, &len, c->in, c->in_len, c->k1);
			break;
		case C_VERIFY:
			r |= crypto_sign_verify_detached(c->k1, c->in, c->in_len, c->k2);
			break;
		case C_PK_TO_CURVE: r |= crypto_sign_ed25519_pk_to_curve25519(scratch, c->k2); break;
		case C_SK_TO_CURVE: r |= crypto_sign_ed25519_sk_to_curve25519(scratch, c->k1); break;
		case C_SCALARMULT: r |= crypto_scalarmult(scratch, c->k1, c->k2); break;
		case C_SCALARMULT_BASE: r |= crypto_scalarmult_base(scratch, c->k1); break;
		case C_SEAL: r |= crypto_box_seal(scratch, c->in, c->in_len, c->k2); break;
		case C_SEAL_OPEN:
			r |= crypto_box_seal_open(scratch, c->in, c->in_len, c->k2, c->k1);
			break;
		case C_XAEAD_KEYGEN: crypto_aead_xchacha20poly1305_ietf_keygen(scratch); break;
		case C_XAEAD_ENC:
			r |= crypto_aead_xchacha20poly1305_ietf_encrypt(scratch, &len, c->in, c->in_len,
									c->ad, c->ad_len, NULL,
									c->nonce, c->k1);
			break;
		case C_XAEAD_DEC:
			r |= crypto_aead_xchacha20poly1305_ietf_decrypt(scratch, &len, NULL, c->in,
									c->in_len, c->ad, c->ad_len,
									c->nonce, c->k1);
			break;
		case C_AEAD_ENC:
			r |= crypto_aead_chacha20poly1305_ietf_encrypt(scratch, &len, c->in, c->in_len,
								       c->ad, c->ad_len, NULL,
								       c->nonce, c->k1);
			break;
		case C_AEAD_DEC:
			r |= crypto_aead_chacha20poly1305_ietf_decrypt(scratch, &len, NULL, c->in,
								       c->in_len, c->ad, c->ad_len,
								       c->nonce, c->k1);
			break;
		case C_GH:
			r |= crypto_generichash(scratch, c->out_len, c->in, c->in_len,
						c->k1_len ? c->k1 : NULL, c->k1_len);
			break;
		case C_GH_INIT:
			r |= crypto_generichash_init(&st->gh, c->k1_len ? c->k1 : NULL, c->k1_len,
						     c->out_len);
			break;
		case C_GH_UPDATE: r |= crypto_generichash_update(&st->gh, c->in, c->in_len); break;
		case C_GH_FINAL: r |= crypto_generichash_final(&st->gh, scratch, c->out_len); break;
		case C_SHA: r |= crypto_hash_sha256(scratch, c->in, c->in_len); break;
		case C_SHA_INIT: r |= crypto_hash_sha256_init(&st->sha); break;
		case C_SHA_UPDATE: r |= crypto_hash_sha256_update(&st->sha, c->in, c->in_len); break;
		case C_SHA_FINAL: r |= crypto_hash_sha256_final(&st->sha, scratch); break;
		case C_HMAC_INIT: r |= crypto_auth_hmacsha256_init(&st->hmac, c->in, c->in_len); break;
		case C_HMAC_UPDATE:
			r |= crypto_auth_hmacsha256_update(&st->hmac, c->in, c->in_len);
			break;
		case C_HMAC_FINAL: r |= crypto_auth_hmacsha256_final(&st->hmac, scratch); break;
		case C_RANDOM: randombytes_buf(scratch, c->out_len); break;
		case C_KINDS: break;
		}
	}
	sink = r;
}

static void forget_calls(void)
{
	for (size_t i = 0; i < n_calls; i++) {
		free(calls[i].in);
		free(calls[i].ad);
	}
	n_calls = 0;
	n_shadows = 0;
	n_states = 0;
}

/* Builds sc once while recording its calls; prints what they were. */
static void record_scenario(const struct scenario *sc, const char *version)
{
	size_t count[C_KINDS] = { 0 }, bytes = 0, biggest = 64, copies = 0;

	forget_calls();
	recording = 1;
	struct timeline *tl = timeline_build(sc);
	recording = 0;
	if (!tl) {
		fprintf(stderr, "bench_timeline: %s --tls %s: timeline_build failed\n", sc->name,
			version);
		exit(1);
	}
	timeline_free(tl);
	for (size_t i = 0; i < n_calls; i++) {
		count[calls[i].kind]++;
		copies += calls[i].from >= 0;
		bytes += calls[i].in_len + calls[i].out_len;
		if (calls[i].in_len + 64 > biggest)
			biggest = calls[i].in_len + 64;
		if (calls[i].out_len + 64 > biggest)
			biggest = calls[i].out_len + 64;
	}
	free(scratch);
	scratch = xmalloc(biggest);
	free(states);
	states = aligned_alloc(_Alignof(union state),
			       (size_t)(n_states ? n_states : 1) * sizeof *states);
	if (!states) {
		fputs("bench_timeline: out of memory\n", stderr);
		exit(1);
	}
	memset(states, 0, (size_t)(n_states ? n_states : 1) * sizeof *states);
	printf("calls %s %s n=%zu bytes=%zu", sc->name, version, n_calls, bytes);
	for (int k = 0; k < C_KINDS; k++)
		if (count[k])
			printf(" %s=%zu", kind_name[k], count[k]);
	printf(" state_copies=%zu\n", copies);
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define REPS 31

/* Times build and bare REPS times, interleaved; adds the medians to sums. */
static void time_scenario(const struct scenario *sc, const char *version, double *build,
			  double *bare)
{
	double tb[REPS], tr[REPS];

	for (int r = 0; r < REPS; r++) {
		double t = now_ns();
		struct timeline *tl = measure_build(sc);
		tb[r] = now_ns() - t;
		timeline_free(tl);
		rng_seed(sc->seed);
		t = now_ns();
		measure_bare();
		tr[r] = now_ns() - t;
	}
	qsort(tb, REPS, sizeof tb[0], cmp_double);
	qsort(tr, REPS, sizeof tr[0], cmp_double);
	printf("time %s %s build_ns=%.0f bare_ns=%.0f ratio=%.3f\n", sc->name, version,
	       tb[REPS / 2], tr[REPS / 2], tb[REPS / 2] / tr[REPS / 2]);
	*build += tb[REPS / 2];
	*bare += tr[REPS / 2];
}

int main(int argc, char **argv)
{
	int timed = argc > 1 && strcmp(argv[1], "time") == 0;

	if (argc > 2 || (argc == 2 && !timed && strcmp(argv[1], "once") != 0)) {
		fputs("usage: bench_timeline [once|time]\n", stderr);
		return 2;
	}
	if (rng_init() != 0) {
		fputs("bench_timeline: libsodium could not start\n", stderr);
		return 1;
	}
	for (size_t v = 0; v < VERSIONS->n_choices; v++) {
		const char *version = VERSIONS->choices[v].name;
		double total_build = 0, total_bare = 0;
		for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
			struct scenario sc;
			if (scenario_init(&sc, SCENARIOS->choices[i].name) != 0 ||
			    option_apply(VERSIONS, &sc, version) != 0)
				return 1;
			sc.seeded = true;
			sc.seed = 1;
			record_scenario(&sc, version);
			if (timed) {
				time_scenario(&sc, version, &total_build, &total_bare);
				continue;
			}
			/* One dump each under callgrind: build, then bare. */
			timeline_free(measure_build(&sc));
			rng_seed(sc.seed);
			measure_bare();
			printf("measured %s %s\n", sc.name, version);
		}
		/* The sums, unrounded: run.sh compares them. */
		if (timed)
			printf("time total %s build_ns=%.0f bare_ns=%.0f ratio=%.3f\n", version,
			       total_build, total_bare, total_build / total_bare);
	}
	forget_calls();
	free(calls);
	free(shadows);
	free(states);
	free(scratch);
	return 0;
}
