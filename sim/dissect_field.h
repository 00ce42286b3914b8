/*
 * dissect_field: the list a dissection produces.  Each field is a line of
 * the inspector's tree: its depth, its label as a message id and
 * arguments (fact.h: a view translates it), and the bytes of the frame it
 * stands for.
 */
#ifndef DISSECT_FIELD_H
#define DISSECT_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "fact.h"

struct dfield {
	unsigned depth;		/* 0 for the top lines */
	struct fact_value label;
	size_t off, len;	/* bytes of the frame; len 0 when it stands for none */
};

struct dissection {
	const uint8_t *base;	/* the frame's first byte: offsets count from it */
	size_t base_len;
	struct dfield *f;
	size_t n, cap;
};

/* Fields longer than this are cut: a frame of a long message body. */
#define DISSECT_MAX_FIELDS 512

/*
 * Appends a field for the n bytes at p, which lie inside the frame (a p
 * outside it makes a field without bytes).  fmt is a message id.
 */
void dissect_add(struct dissection *d, unsigned depth, const uint8_t *p, size_t n,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Frees the fields; d may be reused after. */
void dissection_free(struct dissection *d);

#endif
