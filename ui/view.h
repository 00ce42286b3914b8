/*
 * view: the main screen's state and keys: a cursor over the timeline,
 * the packet animation, the wire pane's hex or text, the speed.
 *
 * Like picker.h, view_key() takes an action from the key table, changes
 * the state and returns flags that say what the loop must do (mark
 * panes, switch mode, notice that the cursor arrived somewhere); it
 * never draws.  No curses.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "anim.h"
#include "keys.h"
#include "timeline.h"

struct view {
	struct timeline *tl;	/* what is shown; the app owns it */
	size_t ev;		/* the cursor */
	bool animate;		/* packets travel (false with --no-animation) */
	bool hex;		/* the wire pane shows frame bytes in hex */
	int speed;		/* 1..ANIM_SPEEDS */
	struct anim anim;
};

/* What the loop should do after a key (bits). */
enum {
	VIEW_QUIT = 1,
	VIEW_MOVED = 2,		/* the cursor was set: what waited there is void */
	VIEW_ARRIVED = 4,	/* ... and it went forward (with VIEW_MOVED) */
	VIEW_UNCOVER = 8,	/* an animation was cut short: redraw every pane */
	VIEW_WIRE = 16,		/* the wire pane changed its way of showing */
	VIEW_MODE = 32,		/* Tab: the same protocol in another TLS mode */
	VIEW_VERSION = 64,	/* v: the same scenario in the next TLS version */
};

/*
 * Moves the cursor to ev (the last event at most); animates only when
 * asked and the event has frames.  Returns VIEW_MOVED, with VIEW_ARRIVED
 * when it went forward, or 0 when it stayed without animating.
 */
unsigned view_go(struct view *v, size_t ev, bool animate);

/*
 * Handles action act (arg: its argument) on the view.  A message for the
 * status line, if any, goes to msg (n bytes; "" when none).  Returns the
 * flags above.
 */
unsigned view_key(struct view *v, enum action act, int arg, char *msg, size_t n);

/* Where the same moment of the story is in another timeline. */
size_t view_same_point(const struct timeline *from, size_t ev, const struct timeline *to);

/*
 * What Tab (what: VIEW_MODE) or v (VIEW_VERSION) switches cur to: cur's
 * protocol in the next TLS mode that exists, or cur in the next TLS
 * version (classic -> 1.2 -> 1.3 -> classic), the seed and the rest kept.
 * Returns 0 with *out set, or -1 with *why, an English msgid for the
 * status line: a lesson keeps its scenario, a plain one has no version.
 */
int view_switch(const struct scenario *cur, unsigned what, bool lesson, struct scenario *out,
		const char **why);

#endif
