/*
 * arena: a bump allocator over one sodium_malloc region (see arena.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_ALIGN 16

int arena_init(struct arena *a, size_t cap)
{
	a->used = 0;
	a->cap = cap;
	a->base = sodium_malloc(cap);
	if (!a->base)
		return -1;
	memset(a->base, 0, cap);
	return 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t at = (a->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (!a->base || n > a->cap || at > a->cap - n) {
		fputs("tlssim: secret arena exhausted (a bug)\n", stderr);
		abort();
	}
	a->used = at + n;
	return a->base + at;
}

void arena_free(struct arena *a)
{
	sodium_free(a->base);	/* zeroes the whole region first */
	a->base = NULL;
	a->cap = a->used = 0;
}
