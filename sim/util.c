/* util: checked allocation, formatted strings, hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void out_of_memory(void)
{
	fputs("tlssim: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

char *hex_new(const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = xmalloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[b[i] >> 4];
		s[2 * i + 1] = digits[b[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

char *hex_short(const uint8_t *b, size_t n, size_t max)
{
	if (n <= max)
		return hex_new(b, n);
	char *h = hex_new(b, max);
	char *s = xprintf("%s...", h);
	free(h);
	return s;
}

void grow(void *v, size_t *cap, size_t need, size_t sz)
{
	void **pv = v;
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	*pv = xrealloc(*pv, c * sz);
	*cap = c;
}

void buf_put(struct buf *b, const void *data, size_t n)
{
	grow(&b->p, &b->cap, b->len + n, 1);
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

void buf_put8(struct buf *b, uint8_t v)
{
	buf_put(b, &v, 1);
}

void buf_put16(struct buf *b, uint16_t v)
{
	uint8_t t[2];
	put16(t, v);
	buf_put(b, t, 2);
}

void buf_put24(struct buf *b, uint32_t v)
{
	uint8_t t[3];
	put24(t, v);
	buf_put(b, t, 3);
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_len(const uint8_t *p, size_t n)
{
	size_t len;
	uint32_t cp, min;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		len = 2, cp = p[0] & 0x1f, min = 0x80;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3, cp = p[0] & 0x0f, min = 0x800;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))	/* C1 controls */
		return 0;
	return len;
}

char *text_printable(const uint8_t *p, size_t n)
{
	char *s = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_len(p + i, n - i);
		if (l == 0) {
			s[o++] = '?';
			i++;
		} else if (l == 1) {
			s[o++] = (p[i] < 0x20 || p[i] == 0x7f) ? '.' : (char)p[i];
			i++;
		} else {
			memcpy(s + o, p + i, l);
			o += l;
			i += l;
		}
	}
	s[o] = '\0';
	return s;
}
