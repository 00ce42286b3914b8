/*
 * layout: pane rectangles from the terminal size (see layout.h).
 */
#include "layout.h"

#include <string.h>

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct rect mk(int y, int x, int h, int w)
{
	struct rect r = {y, x, h, w};
	return r;
}

/* Narration box: four text lines at 24 rows, up to seven when tall.  The
 * same for every event (longer text scrolls), so that the panes above
 * keep their place and their room. */
static int narration_height(int rows)
{
	return clamp(rows / 5, 6, 9);
}

void layout_compute(struct layout *l, int cols, int rows)
{
	memset(l, 0, sizeof *l);
	l->cols = cols;
	l->rows = rows;

	bool wide = cols >= LAYOUT_MIN_COLS && rows >= LAYOUT_MIN_ROWS;
	bool stack = cols >= LAYOUT_STACK_MIN_COLS && rows >= LAYOUT_STACK_MIN_ROWS;
	if (!wide && !stack) {
		l->too_small = true;
		return;
	}

	int nh = narration_height(rows);
	int top = rows - 1 - nh;	/* rows above the narration */

	l->pane[PANE_STATUS] = mk(rows - 1, 0, 1, cols);
	l->pane[PANE_NARRATION] = mk(top, 0, nh, cols);
	if (wide) {
		/* The wire gets what the two parties do not need. */
		int side = clamp(cols * 27 / 100, LAYOUT_SIDE_MIN, 44);
		int wire = cols - 2 * side;
		l->pane[PANE_CLIENT] = mk(0, 0, top, side);
		l->pane[PANE_WIRE] = mk(0, side, top, wire);
		l->pane[PANE_SERVER] = mk(0, side + wire, top, side);
	} else {
		int ph = top * 2 / 5;
		int left = cols / 2;
		l->stacked = true;
		l->pane[PANE_CLIENT] = mk(0, 0, ph, left);
		l->pane[PANE_SERVER] = mk(0, left, ph, cols - left);
		l->pane[PANE_WIRE] = mk(ph, 0, top - ph, cols);
	}
}

void layout_zoom(struct layout *l, enum pane zoom)
{
	if (l->too_small || zoom >= PANE_STATUS)
		return;
	for (int i = 0; i < PANE_STATUS; i++)
		l->pane[i] = (struct rect){0, 0, 0, 0};
	l->pane[zoom] = mk(0, 0, l->rows - 1, l->cols);
}

struct rect layout_center(int cols, int rows, int w, int h)
{
	if (w > cols)
		w = cols;
	if (h > rows)
		h = rows;
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	return mk((rows - h) / 2, (cols - w) / 2, h, w);
}

size_t layout_list_top(size_t total, int rows, size_t news)
{
	if (rows < 1 || total <= (size_t)rows)
		return 0;
	if (rows == 1)		/* room for the "lines above" row only */
		return total;
	size_t body = (size_t)rows - 1;	/* under the "lines above" row */
	size_t jump = body / 2 > 0 ? body / 2 : 1;
	size_t need = total - body;	/* lines that must be above */
	size_t top = (need + jump - 1) / jump * jump;
	if (top > news)		/* the jump would hide what is new */
		top = news > need ? news : need;
	return top;
}

bool rect_overlap(struct rect a, struct rect b)
{
	if (a.w <= 0 || a.h <= 0 || b.w <= 0 || b.h <= 0)
		return false;
	return a.x < b.x + b.w && b.x < a.x + a.w &&
	       a.y < b.y + b.h && b.y < a.y + a.h;
}
