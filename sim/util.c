/* util: checked allocation, formatted strings, hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "utf8.h"
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

char *text_printable(const uint8_t *p, size_t n)
{
	char *s = xmalloc(n + 1);
	utf8_sanitize(s, (const char *)p, n, '.', '?', UTF8_KEEP_TAB);
	return s;
}

void format_utc(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, n, "@%lld", (long long)t);
}
