/*
 * panes: drawing the panes, the help overlay and the too-small message.
 * The client and server panes are in factlist.h, the wire pane in
 * wirepane.h; what they all draw from is here.
 *
 * Each function erases its window and draws it whole from the timeline
 * (and the lesson, when one is open); it does not refresh (the loop calls
 * wnoutrefresh and one doupdate), so curses sends only the cells that
 * really changed.  panesig.h says when a pane's content changed, so
 * that the loop draws only those.  Nothing here allocates: text is
 * measured and wrapped into static scratch space (lines.h), and the line
 * counts of facts are remembered in caches the caller owns (lcache.h).
 */
#ifndef PANES_H
#define PANES_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "anim.h"
#include "guide.h"
#include "layout.h"
#include "lcache.h"
#include "lines.h"
#include "timeline.h"

/* What a scrolled pane showed: its first line, how many it has and how
 * many rows it had for them; the keys that scroll it clamp to these. */
struct pane_scroll {
	size_t top, total;
	int rows;
};

/* A pane's scroll position that means "the last lines". */
#define PANE_SCROLL_END ((long)0x7fffffff)

/* What every pane draws from. */
struct pane_state {
	const struct timeline *tl;
	size_t ev;			/* the current event */
	const struct anim *anim;	/* frames still travelling, or inactive */
	long long now;			/* for the packet's position */
	bool hex;			/* wire pane shows frame bytes in hex */
	const struct guide_section *section;	/* the lesson's text here, or NULL */
	const char *lesson_title;	/* shown on the narration box, or NULL */
	enum lesson_pane highlight;	/* the pane the lesson points at */
	const struct fact **view;	/* scratch for timeline_view() */
	size_t view_max;
	struct lcache *cache[PARTY_COUNT];	/* line counts of each party's facts */
	struct lines_memo *memo;	/* what the window being drawn shows, or NULL */
	bool zoomed;			/* the pane being drawn fills the screen */
	long scroll;			/* its first line; -1: the usual (a list
					 * follows its news, the narration starts
					 * at the top); PANE_SCROLL_END: the end */
	struct pane_scroll *seen;	/* where the pane writes what it showed */
};

/* What the status line shows besides the position. */
struct status_info {
	bool animate;
	int speed;		/* 1..ANIM_SPEEDS */
	const char *flash;	/* a short message in place of the key hints */
	bool zoomed;		/* a pane fills the screen: its keys */
};

void panes_narration(WINDOW *w, const struct pane_state *s);
void panes_status(WINDOW *w, const struct pane_state *s, const struct status_info *si);
/* The keys of screen ctx in w, from line sc->top (clamped); sc gets what
 * is on show, for the help's scroll keys (KC_HELP). */
void panes_help(WINDOW *w, unsigned ctx, struct pane_scroll *sc);
void panes_too_small(WINDOW *w, int cols, int rows);

/* Rows and columns the help overlay of screen ctx (keys.h) would like. */
void panes_help_size(unsigned ctx, int *rows, int *cols);

/*
 * Marks on a box's borders that more lies above (top border, right) or
 * below (bottom border, left) the rows on show; sc says what is shown.
 */
void panes_scroll_marks(WINDOW *w, const struct pane_scroll *sc);

/* The first line to show of total lines in rows rows, for position
 * scroll (-1 as 0, PANE_SCROLL_END the last page). */
size_t panes_scroll_top(long scroll, size_t total, int rows);

/* The last handshake step reached at event ev (0 before step 1). */
int panes_step_reached(const struct timeline *tl, size_t ev);

/* Whether sc's attacks change traffic (an attacker in the middle); the
 * others are a passive recording or a server's own broken certificate. */
bool panes_in_middle(const struct scenario *sc);

/* The TLS version of sc as the status line names it: an English msgid
 * ("TLS 1.3", "classic"), or NULL when sc has no TLS. */
const char *panes_version_label(const struct scenario *sc);

/* Whether a frame of the current event is travelling (animated). */
bool panes_flying(const struct pane_state *s);

#endif
