/*
 * bench_timeline: what timeline_build() costs beyond its cryptography.
 *
 * For each scenario (seeded, default options) it builds the timeline
 * once while recording every libsodium call sim/ makes, with its inputs:
 * the link wraps those functions (-Wl,--wrap=NAME, listed in
 * tests/bench/wrap.flags), so the recording sees exactly what was called,
 * how often and on how many bytes.  Then it measures two things:
 *
 *   measure_build()  timeline_build() of the same scenario again;
 *   measure_bare()   the recorded libsodium calls replayed bare, same
 *                    functions, same inputs, same sizes, nothing else.
 *
 * Under valgrind --tool=callgrind --toggle-collect=measure_build
 * --toggle-collect=measure_bare --dump-after=... each call becomes one
 * dump of exact instruction counts (run.sh does that).  Without callgrind,
 * "bench_timeline time" times both with the monotonic clock instead and
 * prints the ratio of the medians.
 *
 * Replayed: keypairs, sign, verify, seal, seal_open, kx session keys,
 * AEAD keygen/encrypt/decrypt, generichash and randombytes_buf.  Not
 * replayed, so counted as the simulation's own cost: sodium_malloc/free,
 * sodium_memzero/memcmp and base64.
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

/* The named scenarios: the choices of --scenario in the options table. */
#define SCENARIOS options_find("--scenario")

enum call_kind {
	C_SIGN_KEYPAIR, C_BOX_KEYPAIR, C_KX_KEYPAIR, C_SIGN, C_VERIFY, C_SEAL,
	C_SEAL_OPEN, C_KX_CLIENT, C_KX_SERVER, C_AEAD_KEYGEN, C_AEAD_ENC, C_AEAD_DEC,
	C_HASH, C_HASH_INIT, C_HASH_UPDATE, C_HASH_FINAL, C_RANDOM, C_KINDS,
};

static const char *const kind_name[C_KINDS] = {
	"sign_keypair", "box_keypair", "kx_keypair", "sign", "verify", "seal",
	"seal_open", "kx_client", "kx_server", "aead_keygen", "aead_enc", "aead_dec",
	"hash", "hash_init", "hash_update", "hash_final", "random",
};

/* One recorded call: what it was given. */
struct call {
	enum call_kind kind;
	unsigned char *in;	/* message, ciphertext or hashed data; owned */
	size_t in_len;
	unsigned char *ad;	/* AEAD additional data; owned */
	size_t ad_len;
	unsigned char k1[64];	/* secret key, signature or key-pair halves */
	unsigned char k2[64];	/* public key */
	size_t k1_len;
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	size_t out_len;		/* hash length, randombytes size */
	const void *state;	/* which generichash state, as the caller had it */
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
		struct call *c = realloc(calls, cap_calls * sizeof *c);
		if (!c) {
			fputs("bench_timeline: out of memory\n", stderr);
			exit(1);
		}
		calls = c;
	}
	struct call *c = &calls[n_calls++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	return c;
}

static void forget_calls(void)
{
	for (size_t i = 0; i < n_calls; i++) {
		free(calls[i].in);
		free(calls[i].ad);
	}
	n_calls = 0;
}

/*
 * The wrappers.  --wrap=NAME sends sim/'s calls of NAME to __wrap_NAME,
 * and __real_NAME is libsodium's.  Outside recording they only pass on.
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

WRAP(int, crypto_box_keypair, (unsigned char *pk, unsigned char *sk))
{
	if (recording)
		record(C_BOX_KEYPAIR);
	return __real_crypto_box_keypair(pk, sk);
}

WRAP(int, crypto_kx_keypair, (unsigned char *pk, unsigned char *sk))
{
	if (recording)
		record(C_KX_KEYPAIR);
	return __real_crypto_kx_keypair(pk, sk);
}

WRAP(int, crypto_sign_detached, (unsigned char *sig, unsigned long long *siglen_p,
				 const unsigned char *m, unsigned long long mlen,
				 const unsigned char *sk))
{
	if (recording) {
		struct call *c = record(C_SIGN);
		c->in = dup_bytes(m, (size_t)mlen);
		c->in_len = (size_t)mlen;
		memcpy(c->k1, sk, crypto_sign_SECRETKEYBYTES);
	}
	return __real_crypto_sign_detached(sig, siglen_p, m, mlen, sk);
}

WRAP(int, crypto_sign_verify_detached, (const unsigned char *sig, const unsigned char *m,
					unsigned long long mlen, const unsigned char *pk))
{
	if (recording) {
		struct call *c = record(C_VERIFY);
		c->in = dup_bytes(m, (size_t)mlen);
		c->in_len = (size_t)mlen;
		memcpy(c->k1, sig, crypto_sign_BYTES);
		memcpy(c->k2, pk, crypto_sign_PUBLICKEYBYTES);
	}
	return __real_crypto_sign_verify_detached(sig, m, mlen, pk);
}

WRAP(int, crypto_box_seal, (unsigned char *c, const unsigned char *m,
			    unsigned long long mlen, const unsigned char *pk))
{
	if (recording) {
		struct call *r = record(C_SEAL);
		r->in = dup_bytes(m, (size_t)mlen);
		r->in_len = (size_t)mlen;
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
		r->in = dup_bytes(c, (size_t)clen);
		r->in_len = (size_t)clen;
		memcpy(r->k1, sk, crypto_box_SECRETKEYBYTES);
		memcpy(r->k2, pk, crypto_box_PUBLICKEYBYTES);
	}
	return __real_crypto_box_seal_open(m, c, clen, pk, sk);
}

static void record_kx(enum call_kind kind, const unsigned char *own_pk,
		      const unsigned char *own_sk, const unsigned char *peer_pk)
{
	struct call *c = record(kind);
	memcpy(c->k1, own_pk, crypto_kx_PUBLICKEYBYTES);
	memcpy(c->k1 + crypto_kx_PUBLICKEYBYTES, own_sk, crypto_kx_SECRETKEYBYTES);
	memcpy(c->k2, peer_pk, crypto_kx_PUBLICKEYBYTES);
}

WRAP(int, crypto_kx_client_session_keys, (unsigned char *rx, unsigned char *tx,
					  const unsigned char *client_pk,
					  const unsigned char *client_sk,
					  const unsigned char *server_pk))
{
	if (recording)
		record_kx(C_KX_CLIENT, client_pk, client_sk, server_pk);
	return __real_crypto_kx_client_session_keys(rx, tx, client_pk, client_sk, server_pk);
}

WRAP(int, crypto_kx_server_session_keys, (unsigned char *rx, unsigned char *tx,
					  const unsigned char *server_pk,
					  const unsigned char *server_sk,
					  const unsigned char *client_pk))
{
	if (recording)
		record_kx(C_KX_SERVER, server_pk, server_sk, client_pk);
	return __real_crypto_kx_server_session_keys(rx, tx, server_pk, server_sk, client_pk);
}

WRAP(void, crypto_aead_xchacha20poly1305_ietf_keygen, (unsigned char *k))
{
	if (recording)
		record(C_AEAD_KEYGEN);
	__real_crypto_aead_xchacha20poly1305_ietf_keygen(k);
}

static void record_aead(enum call_kind kind, const unsigned char *in, unsigned long long len,
			const unsigned char *ad, unsigned long long adlen,
			const unsigned char *npub, const unsigned char *k)
{
	struct call *c = record(kind);
	c->in = dup_bytes(in, (size_t)len);
	c->in_len = (size_t)len;
	c->ad = dup_bytes(ad, ad ? (size_t)adlen : 0);
	c->ad_len = ad ? (size_t)adlen : 0;
	memcpy(c->nonce, npub, sizeof c->nonce);
	memcpy(c->k1, k, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
}

WRAP(int, crypto_aead_xchacha20poly1305_ietf_encrypt,
     (unsigned char *c, unsigned long long *clen_p, const unsigned char *m,
      unsigned long long mlen, const unsigned char *ad, unsigned long long adlen,
      const unsigned char *nsec, const unsigned char *npub, const unsigned char *k))
{
	if (recording)
		record_aead(C_AEAD_ENC, m, mlen, ad, adlen, npub, k);
	return __real_crypto_aead_xchacha20poly1305_ietf_encrypt(c, clen_p, m, mlen, ad, adlen,
								 nsec, npub, k);
}

WRAP(int, crypto_aead_xchacha20poly1305_ietf_decrypt,
     (unsigned char *m, unsigned long long *mlen_p, unsigned char *nsec,
      const unsigned char *c, unsigned long long clen, const unsigned char *ad,
      unsigned long long adlen, const unsigned char *npub, const unsigned char *k))
{
	if (recording)
		record_aead(C_AEAD_DEC, c, clen, ad, adlen, npub, k);
	return __real_crypto_aead_xchacha20poly1305_ietf_decrypt(m, mlen_p, nsec, c, clen, ad,
								 adlen, npub, k);
}

WRAP(int, crypto_generichash, (unsigned char *out, size_t outlen, const unsigned char *in,
			       unsigned long long inlen, const unsigned char *key,
			       size_t keylen))
{
	if (recording) {
		struct call *c = record(C_HASH);
		c->in = dup_bytes(in, (size_t)inlen);
		c->in_len = (size_t)inlen;
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
	if (recording) {
		struct call *c = record(C_HASH_INIT);
		c->k1_len = key ? keylen : 0;
		if (key)
			memcpy(c->k1, key, keylen);
		c->out_len = outlen;
		c->state = state;
	}
	return __real_crypto_generichash_init(state, key, keylen, outlen);
}

WRAP(int, crypto_generichash_update, (crypto_generichash_state *state,
				      const unsigned char *in, unsigned long long inlen))
{
	if (recording) {
		struct call *c = record(C_HASH_UPDATE);
		c->in = dup_bytes(in, (size_t)inlen);
		c->in_len = (size_t)inlen;
		c->state = state;
	}
	return __real_crypto_generichash_update(state, in, inlen);
}

WRAP(int, crypto_generichash_final, (crypto_generichash_state *state, unsigned char *out,
				     const size_t outlen))
{
	if (recording) {
		struct call *c = record(C_HASH_FINAL);
		c->out_len = outlen;
		c->state = state;
	}
	return __real_crypto_generichash_final(state, out, outlen);
}

WRAP(void, randombytes_buf, (void *buf, const size_t size))
{
	if (recording)
		record(C_RANDOM)->out_len = size;
	__real_randombytes_buf(buf, size);
}

/* The replay's generichash states, one per state the caller used. */
#define MAX_STATES 16
static struct {
	const void *orig;
	crypto_generichash_state st;
} states[MAX_STATES];
static size_t n_states;

static crypto_generichash_state *state_for(const void *orig)
{
	for (size_t i = 0; i < n_states; i++)
		if (states[i].orig == orig)
			return &states[i].st;
	if (n_states == MAX_STATES) {
		fputs("bench_timeline: too many generichash states\n", stderr);
		exit(1);
	}
	states[n_states].orig = orig;
	return &states[n_states++].st;
}

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
	unsigned char pk[64], sk[64], out2[64];
	unsigned long long len;
	int r = 0;

	for (size_t i = 0; i < n_calls; i++) {
		const struct call *c = &calls[i];
		switch (c->kind) {
		case C_SIGN_KEYPAIR: r |= crypto_sign_keypair(pk, sk); break;
		case C_BOX_KEYPAIR: r |= crypto_box_keypair(pk, sk); break;
		case C_KX_KEYPAIR: r |= crypto_kx_keypair(pk, sk); break;
		case C_SIGN:
			r |= crypto_sign_detached(scratch, &len, c->in, c->in_len, c->k1);
			break;
		case C_VERIFY:
			r |= crypto_sign_verify_detached(c->k1, c->in, c->in_len, c->k2);
			break;
		case C_SEAL: r |= crypto_box_seal(scratch, c->in, c->in_len, c->k2); break;
		case C_SEAL_OPEN:
			r |= crypto_box_seal_open(scratch, c->in, c->in_len, c->k2, c->k1);
			break;
		case C_KX_CLIENT:
			r |= crypto_kx_client_session_keys(scratch, out2, c->k1,
							   c->k1 + crypto_kx_PUBLICKEYBYTES, c->k2);
			break;
		case C_KX_SERVER:
			r |= crypto_kx_server_session_keys(scratch, out2, c->k1,
							   c->k1 + crypto_kx_PUBLICKEYBYTES, c->k2);
			break;
		case C_AEAD_KEYGEN: crypto_aead_xchacha20poly1305_ietf_keygen(scratch); break;
		case C_AEAD_ENC:
			r |= crypto_aead_xchacha20poly1305_ietf_encrypt(scratch, &len, c->in, c->in_len,
									c->ad, c->ad_len, NULL,
									c->nonce, c->k1);
			break;
		case C_AEAD_DEC:
			r |= crypto_aead_xchacha20poly1305_ietf_decrypt(scratch, &len, NULL, c->in,
									c->in_len, c->ad, c->ad_len,
									c->nonce, c->k1);
			break;
		case C_HASH:
			r |= crypto_generichash(scratch, c->out_len, c->in, c->in_len,
						c->k1_len ? c->k1 : NULL, c->k1_len);
			break;
		case C_HASH_INIT:
			r |= crypto_generichash_init(state_for(c->state), c->k1_len ? c->k1 : NULL,
						     c->k1_len, c->out_len);
			break;
		case C_HASH_UPDATE:
			r |= crypto_generichash_update(state_for(c->state), c->in, c->in_len);
			break;
		case C_HASH_FINAL:
			r |= crypto_generichash_final(state_for(c->state), scratch, c->out_len);
			break;
		case C_RANDOM: randombytes_buf(scratch, c->out_len); break;
		case C_KINDS: break;
		}
	}
	sink = r;
}

/* Builds sc once while recording its calls; prints what they were. */
static void record_scenario(const struct scenario *sc, int quiet)
{
	size_t count[C_KINDS] = { 0 }, bytes = 0, biggest = 64;

	forget_calls();
	recording = 1;
	struct timeline *tl = timeline_build(sc);
	recording = 0;
	if (!tl) {
		fprintf(stderr, "bench_timeline: %s: timeline_build failed\n", sc->name);
		exit(1);
	}
	timeline_free(tl);
	for (size_t i = 0; i < n_calls; i++) {
		count[calls[i].kind]++;
		bytes += calls[i].in_len + calls[i].out_len;
		if (calls[i].in_len + 64 > biggest)
			biggest = calls[i].in_len + 64;
		if (calls[i].out_len + 64 > biggest)
			biggest = calls[i].out_len + 64;
	}
	free(scratch);
	scratch = xmalloc(biggest);
	n_states = 0;
	if (quiet)
		return;
	printf("calls %s n=%zu bytes=%zu", sc->name, n_calls, bytes);
	for (int k = 0; k < C_KINDS; k++)
		if (count[k])
			printf(" %s=%zu", kind_name[k], count[k]);
	putchar('\n');
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

int main(int argc, char **argv)
{
	int timed = argc > 1 && strcmp(argv[1], "time") == 0;
	double total_build = 0, total_bare = 0;

	if (argc > 2 || (argc == 2 && !timed && strcmp(argv[1], "once") != 0)) {
		fputs("usage: bench_timeline [once|time]\n", stderr);
		return 2;
	}
	if (rng_init() != 0) {
		fputs("bench_timeline: libsodium could not start\n", stderr);
		return 1;
	}
	for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
		struct scenario sc;
		if (scenario_init(&sc, SCENARIOS->choices[i].name) != 0)
			return 1;
		sc.seeded = true;
		sc.seed = 1;
		record_scenario(&sc, 0);
		if (!timed) {
			/* One dump each under callgrind: build, then bare. */
			timeline_free(measure_build(&sc));
			rng_seed(sc.seed);
			measure_bare();
			printf("measured %s\n", sc.name);
			continue;
		}
		double tb[REPS], tr[REPS];
		for (int r = 0; r < REPS; r++) {
			double t = now_ns();
			struct timeline *tl = measure_build(&sc);
			tb[r] = now_ns() - t;
			timeline_free(tl);
			rng_seed(sc.seed);
			n_states = 0;
			t = now_ns();
			measure_bare();
			tr[r] = now_ns() - t;
		}
		qsort(tb, REPS, sizeof tb[0], cmp_double);
		qsort(tr, REPS, sizeof tr[0], cmp_double);
		printf("time %s build_ns=%.0f bare_ns=%.0f ratio=%.3f\n", sc.name, tb[REPS / 2],
		       tr[REPS / 2], tb[REPS / 2] / tr[REPS / 2]);
		total_build += tb[REPS / 2];
		total_bare += tr[REPS / 2];
	}
	if (timed)
		printf("time total build_ns=%.0f bare_ns=%.0f ratio=%.3f\n", total_build, total_bare,
		       total_build / total_bare);
	forget_calls();
	free(calls);
	free(scratch);
	return 0;
}
