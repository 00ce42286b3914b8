/*
 * lines: display lines for the panes and overlays.
 *
 * A pane is drawn in two passes: first its content becomes display lines
 * (a few styled segments each, wrapped to the width), then the lines
 * that fit are written into the window.  Segments point into the
 * timeline, the lesson or a static scratch arena that lines_begin()
 * resets, so drawing never allocates.  Only one pane is built at a time.
 */
#ifndef LINES_H
#define LINES_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "rich.h"

/* Starts a new set of lines and empties the scratch arena. */
void lines_begin(void);

/* Scratch space for n bytes, or NULL when the arena is full. */
char *lines_scratch(size_t n);

/* printf into the arena ("" when it is full). */
const char *lines_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The string as the terminal can show it: itself, or an ASCII copy. */
const char *lines_txt(const char *s);

/* Starts a new, empty line; false when there is no room for one. */
bool lines_new(void);

/* Appends a segment to the last line. */
void lines_seg(const char *s, size_t len, attr_t a);
void lines_str(const char *s, attr_t a);
void lines_pad(int cols);

/* How many lines there are. */
size_t lines_count(void);

/* A point to go back to: lines and scratch text made after it are
 * dropped by lines_rollback(), e.g. after counting what a fact takes. */
struct lines_mark {
	size_t lines, arena;
};
struct lines_mark lines_mark(void);
void lines_rollback(struct lines_mark m);

/*
 * Adds text wrapped to width after a prefix, continuation lines indented
 * under the text; at most maxl lines, the last cut with an ellipsis.
 */
void lines_emit(const char *prefix, attr_t pa, const char *text, attr_t ta,
		int width, size_t maxl);

/*
 * Adds rich text wrapped to width after a prefix (continuations indented
 * as in lines_emit): plain runs in base, emphasis bold, code in its own
 * style.  At most maxl lines, the last cut with an ellipsis.  Returns the
 * number of lines the whole text needs (which may be more than added).
 */
size_t lines_rich(const char *prefix, attr_t pa, const struct rich *r, attr_t base,
		  int width, size_t maxl);

/* Writes lines [from, count) into rows y0.. of w, h rows at most. */
void lines_draw(WINDOW *w, int y0, int x0, int h, int width, size_t from);

/*
 * Draws a list pane's rows: with above > 0, a first row saying that many
 * lines are above, then lines [from, count) in the rows left (see
 * layout_list_top()).
 */
void lines_list(WINDOW *w, int y0, int x0, int h, int width, size_t from, size_t above);

#endif
