/*
 * dissect_field: appending to a dissection.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dissect_field.h"
#include "util.h"

void dissect_add(struct dissection *d, unsigned depth, const uint8_t *p, size_t n,
		 const char *fmt, ...)
{
	if (d->n >= DISSECT_MAX_FIELDS)
		return;
	grow(&d->f, &d->cap, d->n + 1, sizeof *d->f);
	struct dfield *f = &d->f[d->n++];
	memset(f, 0, sizeof *f);
	f->depth = depth;
	if (p && d->base && p >= d->base && n <= d->base_len &&
	    (size_t)(p - d->base) <= d->base_len - n) {
		f->off = (size_t)(p - d->base);
		f->len = n;
	}
	va_list ap;
	va_start(ap, fmt);
	fact_value_vset(&f->label, fmt, ap);
	va_end(ap);
}

void dissection_free(struct dissection *d)
{
	for (size_t i = 0; i < d->n; i++)
		fact_value_free(&d->f[i].label);
	free(d->f);
	memset(d, 0, sizeof *d);
}
