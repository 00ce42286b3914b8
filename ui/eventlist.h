/*
 * eventlist: the list of every event of the story (`e`): its number, its
 * handshake step (1-8) where it has one, its name (as lessons write it)
 * and its title.  It scrolls; Enter jumps to the chosen event.
 */
#ifndef EVENTLIST_H
#define EVENTLIST_H

#include <curses.h>
#include <stddef.h>

#include "keys.h"
#include "listbox.h"
#include "timeline.h"

struct eventlist {
	struct listbox lb;
	const struct timeline *tl;	/* borrowed */
	size_t at;			/* the event on show when it opened */
};

/* What the loop should do after a key. */
enum {
	EVENTLIST_REDRAW = 1,
	EVENTLIST_CLOSE = 2,
	EVENTLIST_JUMP = 4,	/* go to event lb.sel */
};

/* Opens the list on tl with the cursor on ev. */
void eventlist_init(struct eventlist *l, const struct timeline *tl, size_t ev);

/* Rows and columns it would like. */
void eventlist_size(const struct eventlist *l, int *rows, int *cols);

void eventlist_draw(WINDOW *w, struct eventlist *l);

unsigned eventlist_key(struct eventlist *l, enum action act);

/* A click at row y of its window: the cursor goes there, a second click
 * on the same entry jumps (returns as eventlist_key). */
unsigned eventlist_click(struct eventlist *l, int y);

#endif
