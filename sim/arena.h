/*
 * arena: one guarded region for the secrets of a run.
 *
 * sodium_malloc puts every allocation between guard pages and locks it in
 * memory: right for secrets, but a page-sized system call or three per key
 * makes a run many times slower than the cryptography it does.  A run
 * takes one region instead and hands out pieces of it; the whole region is
 * wiped and freed once, when the run ends.  A piece that must not outlive
 * its use is wiped by its owner with sodium_memzero.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena {
	unsigned char *base;	/* sodium_malloc region, owned */
	size_t cap, used;
};

/* Reserves cap bytes.  Returns 0, or -1 when the region cannot be had. */
__attribute__((warn_unused_result))
int arena_init(struct arena *a, size_t cap);

/*
 * n zeroed bytes, 16-byte aligned, valid until arena_free.  Running out is
 * a programming error (the caller sized the arena): it aborts.
 */
void *arena_alloc(struct arena *a, size_t n);

/* Wipes and frees the region; accepts a zeroed or freed arena. */
void arena_free(struct arena *a);

#endif
