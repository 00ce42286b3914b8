/*
 * layout: where each pane goes for a terminal of a given size.
 *
 * Pure computation, no curses, so the unit tests can check every size.
 * Wide terminals put client, wire and server side by side above the
 * narration and the status line; narrower but tall ones stack the wire
 * under client and server; anything smaller is "too small" and the app
 * says how big the terminal must be.
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Side by side needs this much; stacked needs the STACK sizes. */
#define LAYOUT_MIN_COLS 76
#define LAYOUT_MIN_ROWS 18
#define LAYOUT_STACK_MIN_COLS 50
#define LAYOUT_STACK_MIN_ROWS 24

/* Narrowest a party pane and the wire pane may be. */
#define LAYOUT_SIDE_MIN 22
#define LAYOUT_WIRE_MIN 30

enum pane {
	PANE_CLIENT,
	PANE_WIRE,
	PANE_SERVER,
	PANE_NARRATION,
	PANE_STATUS,
	PANE_COUNT,
};

struct rect {
	int y, x, h, w;
};

struct layout {
	int cols, rows;		/* the terminal it was computed for */
	bool too_small;		/* no panes: show the size message */
	bool stacked;		/* wire under client and server */
	struct rect pane[PANE_COUNT];	/* all zero when too_small */
};

void layout_compute(struct layout *l, int cols, int rows);

/* Zoom: pane zoom (not the status line) fills the screen above the
 * status line and the others get no room.  PANE_COUNT: no change. */
void layout_zoom(struct layout *l, enum pane zoom);

/* A w x h box centred on the screen, shrunk to fit it. */
struct rect layout_center(int cols, int rows, int w, int h);

/*
 * The first line a list pane of rows rows shows of total lines, newest at
 * the bottom: 0 when they all fit.  Otherwise the pane's first row says
 * how many lines are above and the others show lines from there on.
 * That moves on half a page at a time, so that most new lines are
 * written below the last one in place instead of moving every line up a
 * row; but not past line news (where the latest additions begin; total
 * or more for none) when the additions fit under it.
 */
size_t layout_list_top(size_t total, int rows, size_t news);

/* True when the two rectangles share at least one cell. */
bool rect_overlap(struct rect a, struct rect b);

#endif
