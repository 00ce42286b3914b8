/*
 * rng: the randomness behind every key and nonce.
 *
 * rng_init() installs our libsodium random implementation and initialises
 * libsodium; call it once, before anything else in sim/.  By default it
 * draws from the operating system.  rng_seed() switches it to a ChaCha20
 * stream keyed by the seed, so that a seeded run repeats every key, nonce
 * and ciphertext exactly: for teaching and tests only.
 */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

__attribute__((warn_unused_result))
int rng_init(void);

void rng_seed(uint64_t seed);	/* deterministic from here on */
void rng_system(void);		/* real randomness from here on */

/* A seed from the system's randomness, whatever the stream in use: for a
 * lesson that keeps its keys between runs (struct scenario's seed_kept). */
uint64_t rng_fresh_seed(void);

/* The draws made since rng_seed() (each randombytes call is one). */
uint64_t rng_draws(void);

/* When seeded, moves the stream on as if n draws had been made: what
 * follows repeats whether or not they were.  Nothing when not seeded. */
void rng_skip(uint64_t n);

#endif
