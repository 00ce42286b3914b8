/*
 * der: a DER writer into struct buf and a strict reader over untrusted
 * bytes (see der.h).  The reader never trusts a length field: each one is
 * checked against what is left of its container before it is used.
 */
#include <stdio.h>
#include <string.h>

#include "der.h"

/* Number of bytes in the long form of len (0 when the short form fits). */
static unsigned len_bytes(size_t len)
{
	unsigned n = 0;
	if (len < 0x80)
		return 0;
	for (; len; len >>= 8)
		n++;
	return n;
}

static void put_len(uint8_t *out, size_t len)
{
	unsigned n = len_bytes(len);
	if (n == 0) {
		out[0] = (uint8_t)len;
		return;
	}
	out[0] = (uint8_t)(0x80 | n);
	for (unsigned i = 0; i < n; i++)
		out[1 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
}

void der_put(struct buf *b, uint8_t tag, const void *content, size_t n)
{
	uint8_t head[1 + 1 + sizeof(size_t)];
	head[0] = tag;
	put_len(head + 1, n);
	buf_put(b, head, 2 + len_bytes(n));
	buf_put(b, content, n);
}

size_t der_open(struct buf *b, uint8_t tag)
{
	size_t mark = b->len;
	buf_put8(b, tag);
	return mark;
}

void der_close(struct buf *b, size_t mark)
{
	size_t start = mark + 1, len = b->len - start;
	uint8_t head[1 + sizeof(size_t)];
	size_t hl = 1 + len_bytes(len);

	put_len(head, len);
	buf_put(b, head, hl);	/* grows b; the bytes are moved into place below */
	memmove(b->p + start + hl, b->p + start, len);
	memcpy(b->p + start, head, hl);
}

void der_put_uint(struct buf *b, const uint8_t *be, size_t n)
{
	while (n > 1 && be[0] == 0)
		be++, n--;
	if (n == 0) {
		der_put(b, DER_INTEGER, "", 1);		/* the value 0 is one 00 byte */
		return;
	}
	size_t mark = der_open(b, DER_INTEGER);
	if (be[0] & 0x80)
		buf_put8(b, 0);
	buf_put(b, be, n);
	der_close(b, mark);
}

void der_put_small(struct buf *b, uint32_t v)
{
	uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	der_put_uint(b, be, sizeof be);
}

void der_put_bool(struct buf *b, bool v)
{
	der_put(b, DER_BOOLEAN, v ? "\xff" : "", 1);
}

void der_put_bits(struct buf *b, const uint8_t *bits, size_t n, unsigned unused)
{
	size_t mark = der_open(b, DER_BIT_STRING);
	buf_put8(b, (uint8_t)(n ? unused : 0));
	buf_put(b, bits, n);
	der_close(b, mark);
}

static bool printable_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr(" '()+,-./:=?", c) != NULL;
}

int der_put_string(struct buf *b, uint8_t tag, const char *s)
{
	size_t n = strlen(s);
	if (tag == DER_PRINTABLE_STRING) {
		for (size_t i = 0; i < n; i++)
			if (!printable_char((uint8_t)s[i]))
				return -1;
	} else if (tag != DER_UTF8_STRING || !der_utf8_valid((const uint8_t *)s, n)) {
		return -1;
	}
	der_put(b, tag, s, n);
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

#define TIME_MIN (-62167219200LL)	/* 0000-01-01 00:00:00 */
#define TIME_MAX 253402300799LL		/* 9999-12-31 23:59:59 */

int der_put_time(struct buf *b, int64_t t)
{
	int64_t y, days, secs;
	unsigned mo, d;
	char s[64];	/* room for any unsigned the compiler imagines */

	if (t < TIME_MIN || t > TIME_MAX)
		return -1;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0)
		secs += 86400, days--;
	civil_from_days(days, &y, &mo, &d);
	unsigned h = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60),
		 se = (unsigned)(secs % 60);
	if (y >= 1950 && y <= 2049) {
		snprintf(s, sizeof s, "%02u%02u%02u%02u%02u%02uZ", (unsigned)(y % 100), mo, d, h,
			 mi, se);
		der_put(b, DER_UTC_TIME, s, 13);
	} else {
		snprintf(s, sizeof s, "%04u%02u%02u%02u%02u%02uZ", (unsigned)y, mo, d, h, mi, se);
		der_put(b, DER_GENERALIZED_TIME, s, 15);
	}
	return 0;
}

void der_init(struct der *d, const uint8_t *p, size_t n)
{
	d->p = p;
	d->end = p + n;
}

bool der_empty(const struct der *d)
{
	return d->p >= d->end;
}

bool der_at(const struct der *d, uint8_t tag)
{
	return !der_empty(d) && d->p[0] == tag;
}

/* A universal tag in the form DER allows: SEQUENCE and SET constructed,
 * the types X.509 uses primitive, never end-of-contents (0). */
static bool tag_ok(uint8_t tag)
{
	unsigned num = tag & 0x1f;
	bool cons = tag & 0x20;
	if (num == 0x1f)
		return false;	/* high tag number form */
	if (tag & 0xc0)
		return true;	/* context, application, private: any */
	if (num == 0)
		return false;
	if (num == 16 || num == 17)
		return cons;
	if ((num >= 1 && num <= 6) || num == 12 || num >= 18)
		return !cons;
	return true;
}

int der_read(struct der *d, struct der_tlv *t)
{
	const uint8_t *p = d->p;
	size_t left = (size_t)(d->end - d->p), len, hl;

	if (left < 2 || !tag_ok(p[0]))
		return -1;
	if (p[1] < 0x80) {
		len = p[1];
		hl = 2;
	} else {
		unsigned n = p[1] & 0x7f;
		/* 0x80 is the indefinite form; more than 4 bytes is never needed */
		if (n == 0 || n > 4 || left - 2 < n || p[2] == 0)
			return -1;
		len = 0;
		for (unsigned i = 0; i < n; i++)
			len = len << 8 | p[2 + i];
		if (len < 0x80)
			return -1;	/* the short form would have done */
		hl = 2 + n;
	}
	if (len > left - hl)
		return -1;
	t->tag = p[0];
	t->raw = p;
	t->raw_len = hl + len;
	t->p = p + hl;
	t->len = len;
	d->p = p + hl + len;
	return 0;
}

int der_expect(struct der *d, uint8_t tag, struct der_tlv *t)
{
	if (!der_at(d, tag))
		return -1;
	return der_read(d, t);
}

int der_enter(struct der *d, uint8_t tag, struct der *in, struct der_tlv *t)
{
	struct der_tlv tmp;
	if (!t)
		t = &tmp;
	if (!(tag & 0x20) || der_expect(d, tag, t) != 0)
		return -1;
	der_init(in, t->p, t->len);
	return 0;
}

int der_finish(const struct der *d)
{
	return der_empty(d) ? 0 : -1;
}

int der_get_uint(const struct der_tlv *t, const uint8_t **be, size_t *n)
{
	const uint8_t *p = t->p;
	size_t len = t->len;

	if (t->tag != DER_INTEGER || len == 0 || (p[0] & 0x80))
		return -1;	/* empty, or negative */
	if (len > 1 && p[0] == 0) {
		if (!(p[1] & 0x80))
			return -1;	/* a leading zero that was not needed */
		p++, len--;
	}
	*be = p;
	*n = len;
	return 0;
}

int der_get_small(const struct der_tlv *t, uint32_t *v)
{
	const uint8_t *be;
	size_t n;
	if (der_get_uint(t, &be, &n) != 0 || n > 4)
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v << 8 | be[i];
	return 0;
}

int der_get_bool(const struct der_tlv *t, bool *v)
{
	if (t->tag != DER_BOOLEAN || t->len != 1 || (t->p[0] != 0 && t->p[0] != 0xff))
		return -1;
	*v = t->p[0] == 0xff;
	return 0;
}

int der_get_bits(const struct der_tlv *t, const uint8_t **bits, size_t *n, unsigned *unused)
{
	if (t->tag != DER_BIT_STRING || t->len == 0 || t->p[0] > 7)
		return -1;
	*unused = t->p[0];
	*bits = t->p + 1;
	*n = t->len - 1;
	if (*n == 0)
		return *unused == 0 ? 0 : -1;
	/* DER: the padding bits are zero */
	if (t->p[t->len - 1] & ((1u << *unused) - 1))
		return -1;
	return 0;
}

/* n decimal digits at p, or -1. */
static int digits(const uint8_t *p, unsigned n)
{
	int v = 0;
	for (unsigned i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int der_get_time(const struct der_tlv *t, int64_t *unix_seconds)
{
	static const unsigned mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const uint8_t *p = t->p;
	int y;

	if (t->tag == DER_UTC_TIME && t->len == 13) {
		y = digits(p, 2);
		if (y < 0)
			return -1;
		y += y < 50 ? 2000 : 1900;
		p += 2;
	} else if (t->tag == DER_GENERALIZED_TIME && t->len == 15) {
		y = digits(p, 4);
		if (y < 0 || (y >= 1950 && y <= 2049))
			return -1;	/* RFC 5280: those years are UTCTime */
		p += 4;
	} else {
		return -1;
	}
	int mo = digits(p, 2), d = digits(p + 2, 2), h = digits(p + 4, 2),
	    mi = digits(p + 6, 2), s = digits(p + 8, 2);
	if (p[10] != 'Z' || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 59 || (unsigned)d > mdays[mo - 1])
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return -1;
	*unix_seconds = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
			mi * 60 + s;
	return 0;
}

int der_oid_text(const uint8_t *p, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool first = true;

	if (n == 0 || cap == 0)
		return -1;
	for (size_t i = 0; i < n;) {
		uint64_t v = 0;
		if (p[i] == 0x80)
			return -1;	/* a sub-identifier with a leading zero group */
		do {
			if (i == n || v > (UINT64_MAX >> 7))
				return -1;	/* cut short, or too big for us */
			v = v << 7 | (p[i] & 0x7f);
		} while (p[i++] & 0x80);
		int w;
		if (first) {
			unsigned arc = v < 40 ? 0 : v < 80 ? 1 : 2;
			w = snprintf(out + o, cap - o, "%u.%llu", arc,
				     (unsigned long long)(v - 40 * arc));
			first = false;
		} else {
			w = snprintf(out + o, cap - o, ".%llu", (unsigned long long)v);
		}
		if (w < 0 || (size_t)w >= cap - o)
			return -1;
		o += (size_t)w;
	}
	return 0;
}

bool der_utf8_valid(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp, min;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0)
			len = 2, cp = p[i] & 0x1f, min = 0x80;
		else if ((p[i] & 0xf0) == 0xe0)
			len = 3, cp = p[i] & 0x0f, min = 0x800;
		else if ((p[i] & 0xf8) == 0xf0)
			len = 4, cp = p[i] & 0x07, min = 0x10000;
		else
			return false;
		if (len > n - i)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}
