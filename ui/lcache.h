/*
 * lcache: how many display lines each fact of a list takes, remembered.
 *
 * A list pane shows the newest lines of everything a party knows and
 * says how many lines are above them, so it must know how many lines
 * every fact wraps to, not only the ones on show.  The timeline never
 * changes, so a fact's count at a given width is worked out once: the
 * panes ask here first and wrap only the facts they draw.  Counts are
 * kept per fact index for one width and one variant (the wire's hex
 * view); asking with another key forgets them.  Pure: no curses.
 */
#ifndef LCACHE_H
#define LCACHE_H

#include <stddef.h>

struct lcache {
	unsigned short *rows;	/* owned; per fact: lines + 1, 0 unknown */
	size_t n;		/* facts it has room for */
	int width, variant;	/* the key the counts are for */
};

/*
 * Makes room for n facts and forgets every count: for a new timeline.
 * Returns 0, or -1 when out of memory; then the cache is empty and
 * lcache_get() knows nothing (drawing still works, only slower).
 */
int lcache_reserve(struct lcache *c, size_t n);

/* Forgets the counts unless they are for this width and variant. */
void lcache_key(struct lcache *c, int width, int variant);

/* Lines of fact i, or -1 when not known. */
int lcache_get(const struct lcache *c, size_t i);

/* Remembers that fact i takes rows lines (ignored beyond the room). */
void lcache_put(struct lcache *c, size_t i, int rows);

/* Frees the counts and zeroes c; accepts NULL. */
void lcache_free(struct lcache *c);

#endif
