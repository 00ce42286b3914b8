/*
 * der: the Distinguished Encoding Rules of ASN.1, as much as X.509 needs.
 *
 * Every value is tag, length, content (TLV).  DER allows exactly one
 * encoding of each value: definite lengths in the fewest bytes, minimal
 * integers, booleans 00 or FF, strings primitive, SET OF sorted.  The
 * writer appends to a struct buf and only ever produces that encoding.
 * The reader is a cursor over untrusted bytes: it refuses what DER
 * forbids (indefinite or non-minimal lengths, a length past the end of
 * its container, high tag numbers) and returns -1 instead of guessing, so
 * a certificate has one meaning and one byte string.
 *
 * Only one-byte tags exist here (tag numbers 0..30): X.509 needs no more.
 */
#ifndef DER_H
#define DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define DER_BOOLEAN		0x01
#define DER_INTEGER		0x02
#define DER_BIT_STRING		0x03
#define DER_OCTET_STRING	0x04
#define DER_NULL		0x05
#define DER_OID			0x06
#define DER_UTF8_STRING		0x0c
#define DER_PRINTABLE_STRING	0x13
#define DER_IA5_STRING		0x16
#define DER_UTC_TIME		0x17
#define DER_GENERALIZED_TIME	0x18
#define DER_SEQUENCE		0x30
#define DER_SET			0x31
/* [n] IMPLICIT of a primitive type, e.g. dNSName [2] IA5String */
#define DER_CONTEXT(n)		(0x80 | (n))
/* [n] EXPLICIT, or [n] IMPLICIT of a constructed type */
#define DER_CONTEXT_CONS(n)	(0xa0 | (n))

/* ---- writing: appends to b (which grows; xrealloc aborts on no memory) */

/* One whole TLV with the given content. */
void der_put(struct buf *b, uint8_t tag, const void *content, size_t n);

/*
 * A constructed value written in two halves: der_open() writes the tag
 * and returns a mark, the content is appended, der_close() inserts the
 * length now that it is known.  Opens nest like brackets.
 */
size_t der_open(struct buf *b, uint8_t tag);
void der_close(struct buf *b, size_t mark);

/* A non-negative INTEGER from n big-endian bytes, minimal (leading zeros
 * dropped, one 00 added when the top bit is set). */
void der_put_uint(struct buf *b, const uint8_t *be, size_t n);
void der_put_small(struct buf *b, uint32_t v);	/* non-negative INTEGER */
void der_put_bool(struct buf *b, bool v);
/* BIT STRING of n bytes whose last `unused` bits (0..7) are padding. */
void der_put_bits(struct buf *b, const uint8_t *bits, size_t n, unsigned unused);

/* UTF8String (valid UTF-8) or PrintableString (its character set).
 * Returns -1 when s is not of that type. */
__attribute__((warn_unused_result))
int der_put_string(struct buf *b, uint8_t tag, const char *s);

/*
 * A time as RFC 5280 4.1.2.5 wants it: UTCTime YYMMDDHHMMSSZ for the
 * years 1950..2049, GeneralizedTime YYYYMMDDHHMMSSZ otherwise.  Returns
 * -1 for a year outside 0..9999.
 */
__attribute__((warn_unused_result))
int der_put_time(struct buf *b, int64_t unix_seconds);

/* ---- reading untrusted bytes */

struct der {
	const uint8_t *p;	/* next unread byte */
	const uint8_t *end;	/* one past the last byte of this container */
};

struct der_tlv {
	uint8_t tag;
	const uint8_t *raw;	/* tag, length and content: for hashing, comparing */
	size_t raw_len;
	const uint8_t *p;	/* content */
	size_t len;
};

/* A cursor over n bytes (borrowed: they must outlive the cursor). */
void der_init(struct der *d, const uint8_t *p, size_t n);

/* True when nothing is left in this container. */
bool der_empty(const struct der *d);

/* True when the next element has this tag (false when empty). */
bool der_at(const struct der *d, uint8_t tag);

/* Reads the next element, whatever its tag.  Returns 0 or -1. */
__attribute__((warn_unused_result))
int der_read(struct der *d, struct der_tlv *t);

/* Reads the next element, which must have this tag.  Returns 0 or -1. */
__attribute__((warn_unused_result))
int der_expect(struct der *d, uint8_t tag, struct der_tlv *t);

/* Reads a constructed element with this tag and points *in at its
 * content; t (may be NULL) receives the element.  Returns 0 or -1. */
__attribute__((warn_unused_result))
int der_enter(struct der *d, uint8_t tag, struct der *in, struct der_tlv *t);

/* 0 when the container was read to its end, -1 if bytes are left over. */
__attribute__((warn_unused_result))
int der_finish(const struct der *d);

/* ---- decoding the content of an element already read.  Each returns 0,
 * or -1 when the content is not the DER form of its type. */

/* A non-negative INTEGER: its value bytes without the sign byte. */
__attribute__((warn_unused_result))
int der_get_uint(const struct der_tlv *t, const uint8_t **be, size_t *n);
/* A non-negative INTEGER that fits in 32 bits. */
__attribute__((warn_unused_result))
int der_get_small(const struct der_tlv *t, uint32_t *v);
__attribute__((warn_unused_result))
int der_get_bool(const struct der_tlv *t, bool *v);
/* BIT STRING: the bytes after the unused-bits count, and that count;
 * the unused bits must be zero. */
__attribute__((warn_unused_result))
int der_get_bits(const struct der_tlv *t, const uint8_t **bits, size_t *n,
		 unsigned *unused);
/* UTCTime or GeneralizedTime in RFC 5280's form (Z, whole seconds, and
 * GeneralizedTime only for years outside 1950..2049), as Unix seconds. */
__attribute__((warn_unused_result))
int der_get_time(const struct der_tlv *t, int64_t *unix_seconds);

/*
 * An OBJECT IDENTIFIER's content in dotted form ("1.3.101.112") into out
 * (cap bytes).  Returns -1 for a malformed OID or one that does not fit.
 */
__attribute__((warn_unused_result))
int der_oid_text(const uint8_t *p, size_t n, char *out, size_t cap);

/* True when the n bytes are valid UTF-8 (no overlong forms, no surrogates). */
bool der_utf8_valid(const uint8_t *p, size_t n);

#endif
