/*
 * factlist: what a party knows, drawn as a list of facts: the client and
 * server panes, and the log of the wire pane (wirepane.h).
 *
 * Each fact becomes display lines (lines.h); the list shows the lines
 * that fit, newest at the bottom, and keeps the latest news in sight.
 * What is new is marked in a gutter column left of the list.  Line
 * counts are remembered in the caller's caches (lcache.h).
 */
#ifndef FACTLIST_H
#define FACTLIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "lcache.h"
#include "lines.h"
#include "panes.h"
#include "timeline.h"

/* A list pane's content: facts of one party, the newest at the bottom. */
struct factlist {
	const struct timeline *tl;
	enum party p;
	const struct fact *const *v;	/* the facts on the list, in order */
	size_t n;
	size_t fresh;		/* facts from this index (in tl->facts[p]) are new */
	size_t news;		/* and from this one the latest additions */
	bool hex;		/* frames as hex bytes, one entry per frame */
	int width;
	struct lcache *cache;	/* line counts at this width */
	bool full;		/* every fact whole (a zoomed pane) */
	long scroll;		/* -1: keep the news in sight; else the first
				 * line (panes.h), marks on the borders */
	struct pane_scroll *seen;	/* gets what was shown, or NULL */
};

/*
 * Draws the list into h rows from (y0, x0), a gutter column to the left
 * of x0.  Facts are counted (from the cache when it knows them) and made
 * into lines only when a row of theirs on show is not on the screen
 * already.
 */
void factlist_draw(WINDOW *w, struct lines_memo *m, const struct factlist *l, int y0, int x0,
		   int h);

/* The client or the server pane: what party p knows at the cursor. */
void factlist_party(WINDOW *w, const struct pane_state *s, enum party p);

/*
 * The event whose knowledge party p's pane shows: while frames travel,
 * the receiver does not know their contents yet, so the one before.
 * False when that is before the first event (nothing known).
 */
bool factlist_party_event(const struct pane_state *s, enum party p, size_t *ev);

/* The first fact of the latest event up to ev that told party p anything
 * (SIZE_MAX when none did): the list keeps those in sight. */
size_t factlist_news_from(const struct timeline *tl, size_t ev, enum party p);

/* The first new fact of party p at ev shown as new, or SIZE_MAX for none. */
size_t factlist_fresh_from(const struct timeline *tl, size_t ev, enum party p);

#endif
