/*
 * rng: a libsodium randombytes implementation that is either the system's
 * or a seeded ChaCha20 stream.  libsodium asks for its implementation only
 * through randombytes_buf/random/uniform, so installing this one before
 * sodium_init() routes crypto_box_seal's ephemeral keys, keypairs and
 * keygen calls through it too.
 */
#include <sodium.h>
#include <string.h>

#include "rng.h"

static struct {
	int seeded;
	unsigned char key[crypto_stream_chacha20_ietf_KEYBYTES];
	uint64_t calls;		/* each call gets its own nonce */
} rng;

static const char *rng_name(void)
{
	return "tlssim";
}

static void rng_buf(void *buf, size_t size)
{
	if (!rng.seeded) {
		randombytes_sysrandom_implementation.buf(buf, size);
		return;
	}
	unsigned char nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = { 0 };
	uint64_t n = rng.calls++;
	for (int i = 0; i < 8; i++)
		nonce[i] = (unsigned char)(n >> (8 * i));
	crypto_stream_chacha20_ietf(buf, size, nonce, rng.key);
}

static uint32_t rng_random(void)
{
	uint32_t r;
	rng_buf(&r, sizeof r);
	return r;
}

static struct randombytes_implementation rng_impl = {
	.implementation_name = rng_name,
	.random = rng_random,
	.buf = rng_buf,
};

int rng_init(void)
{
	if (randombytes_set_implementation(&rng_impl) != 0)
		return -1;
	return sodium_init() < 0 ? -1 : 0;
}

void rng_seed(uint64_t seed)
{
	/* The key is a hash of the seed, so seeds 1 and 2 share no structure. */
	unsigned char s[8];
	for (int i = 0; i < 8; i++)
		s[i] = (unsigned char)(seed >> (8 * i));
	crypto_generichash(rng.key, sizeof rng.key, s, sizeof s,
			   (const unsigned char *)"tlssim seed", 11);
	rng.calls = 0;
	rng.seeded = 1;
}

uint64_t rng_draws(void)
{
	return rng.calls;
}

void rng_skip(uint64_t n)
{
	if (rng.seeded)
		rng.calls += n;
}

void rng_system(void)
{
	sodium_memzero(rng.key, sizeof rng.key);
	rng.seeded = 0;
}

uint64_t rng_fresh_seed(void)
{
	unsigned char b[8];
	uint64_t seed = 0;
	randombytes_sysrandom_implementation.buf(b, sizeof b);
	for (int i = 0; i < 8; i++)
		seed = seed << 8 | b[i];
	return seed;
}
