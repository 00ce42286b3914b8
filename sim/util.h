/*
 * util: allocation that never returns NULL, formatted strings and hex.
 *
 * Running out of memory in a teaching tool is not worth a recovery path in
 * every caller: xmalloc and friends print one line and abort.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Marks a message id: a string that the UI translates where it shows it
 * (event titles, fact labels and values).  `make pot` collects them.
 */
#define N_(s) (s)

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A newly allocated string from a printf format. */
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "2026-06-01 09:00:00 UTC" into buf (at least 32 bytes). */
void format_utc(int64_t t, char *buf, size_t n);

/* Lower-case hex of n bytes into a new string. */
char *hex_new(const uint8_t *b, size_t n);

/* Like hex_new but at most max bytes, then "..." when n > max. */
char *hex_short(const uint8_t *b, size_t n, size_t max);

/* Grows *v (of *cap elements of size sz) to hold at least need elements. */
void grow(void *v, size_t *cap, size_t need, size_t sz);

/*
 * A printable copy of n bytes: valid UTF-8 is kept, and so is a tab (a
 * folded header line starts with one; the UI draws it as a mark).  Other
 * control characters (C0, DEL, C1), bidirectional controls and marks and
 * tag characters become '.', each byte of invalid UTF-8 becomes '?'.
 * Nothing that reaches a terminal through this can start an escape
 * sequence.
 */
char *text_printable(const uint8_t *p, size_t n);

/* A growable byte buffer.  buf_free() accepts a zeroed buffer. */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

void buf_put(struct buf *b, const void *data, size_t n);
void buf_put8(struct buf *b, uint8_t v);
void buf_put16(struct buf *b, uint16_t v);
void buf_put24(struct buf *b, uint32_t v);
void buf_free(struct buf *b);

/* Big-endian readers and writers. */
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void put24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}

static inline uint32_t get24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

static inline uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

#endif
