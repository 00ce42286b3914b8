/*
 * lcache: remembered line counts of facts (see lcache.h).
 */
#include "lcache.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int lcache_reserve(struct lcache *c, size_t n)
{
	if (n > c->n) {
		unsigned short *r = realloc(c->rows, n * sizeof *r);
		if (!r) {
			lcache_free(c);
			return -1;
		}
		c->rows = r;
		c->n = n;
	}
	if (c->rows)
		memset(c->rows, 0, c->n * sizeof *c->rows);
	return 0;
}

void lcache_key(struct lcache *c, int width, int variant)
{
	if (c->width == width && c->variant == variant)
		return;
	c->width = width;
	c->variant = variant;
	if (c->rows)
		memset(c->rows, 0, c->n * sizeof *c->rows);
}

int lcache_get(const struct lcache *c, size_t i)
{
	if (i >= c->n || c->rows[i] == 0)
		return -1;
	return c->rows[i] - 1;
}

void lcache_put(struct lcache *c, size_t i, int rows)
{
	if (i < c->n && rows >= 0 && rows < USHRT_MAX)
		c->rows[i] = (unsigned short)(rows + 1);
}

void lcache_free(struct lcache *c)
{
	if (!c)
		return;
	free(c->rows);
	memset(c, 0, sizeof *c);
}
