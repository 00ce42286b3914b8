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
#include <stdint.h>

#include "rich.h"
#include "theme.h"

/* Starts a new set of lines and empties the scratch arena. */
void lines_begin(void);

/* Scratch space for n bytes, or NULL when the arena is full. */
char *lines_scratch(size_t n);

/* printf into the arena ("" when it is full). */
const char *lines_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The string as the terminal can show it: itself, or an ASCII copy. */
const char *lines_txt(const char *s);

/* A message of the core (an event title, a fact label: English msgids)
 * in the user's language and as the terminal can show it; "" stays "". */
const char *lines_msg(const char *msgid);

/* Starts a new, empty line; false when there is no room for one. */
bool lines_new(void);

/* Appends a segment to the last line. */
void lines_seg(const char *s, size_t len, attr_t a);
void lines_str(const char *s, attr_t a);
void lines_pad(int cols);

/* Appends s cut to cols columns, an ellipsis marking the cut; fill: spaces in a up to cols, so that a
 * list's selected row is highlighted across its width. */
void lines_fit(const char *s, int cols, attr_t a, bool fill);

/* Puts a one-column segment before lines [from, count): mark on the
 * first, a space on the others.  For a list's gutter. */
void lines_gutter(size_t from, const char *mark, attr_t a);

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
/* The foot of a list's box w: hint (UTF-8, dim, cut to the width) on the
 * row above the bottom border and, when only some of the n entries show,
 * " sel/n " on the border (sel counted from 1).  Call lines_begin()
 * before making hint. */
void lines_list_foot(WINDOW *w, const char *hint, size_t sel, size_t n, bool some);

/*
 * What a window shows, kept from one draw to the next so that rows which
 * did not change are not written again (damage, not repaint: curses
 * would find them equal, but only after the text was decoded and copied
 * cell by cell).  The caller owns it; zeroed, it knows nothing.
 */
#define LINES_MEMO_ROWS 128
struct lines_memo {
	uint64_t frame;			/* the fixed parts' fingerprint; 0 unknown */
	uint64_t body;			/* what the lines were made from; 0 unknown */
	uint64_t row[LINES_MEMO_ROWS];	/* each window row's; 0 unknown */
};

/*
 * Starts drawing w.  When m is NULL, or frame (a fingerprint of what the
 * caller draws besides lines: border, title) is not the one m saw last,
 * erases w and returns true: the caller then draws those parts.  Else
 * leaves w as it is and returns false.
 */
bool lines_frame(WINDOW *w, struct lines_memo *m, uint64_t frame);

/* For a row the caller draws itself: true (and remembered) when its
 * fingerprint is not the one m saw last, or m is NULL. */
bool lines_memo_row(struct lines_memo *m, int y, uint64_t hash);

/* For the lines below the fixed parts: true (and remembered) when body,
 * a fingerprint of what they are made from, is not the one m saw last
 * (or m is NULL); false means they are on show already. */
bool lines_memo_body(struct lines_memo *m, uint64_t body);

/* Makes the next lines_frame() on m erase and draw everything. */
void lines_memo_forget(struct lines_memo *m);

/* lines_draw() (m NULL) or, with m, only the rows that changed since m
 * saw them; rows without a line are blanked. */
void lines_draw_memo(WINDOW *w, struct lines_memo *m, int y0, int x0, int h, int width,
		     size_t from);

/* A fingerprint of a string, for lines_frame(). */
uint64_t lines_hash(uint64_t h, const char *s, size_t len);

/* The fingerprint of a box's fixed parts: its title in a role, at a size. */
uint64_t lines_frame_sig(const char *title, enum role tr, int h, int w);

/* Whether row y of the window shows what key stands for already. */
bool lines_memo_has(const struct lines_memo *m, int y, uint64_t key);

/*
 * Writes line i (a blank row when there is no line i) at row y, columns
 * [x0, x0 + width), unless m says the row shows it already; key is a
 * fingerprint of the line's content that the caller works out (without
 * making the line, so that unchanged rows cost nothing).
 */
void lines_draw_row(WINDOW *w, struct lines_memo *m, int y, int x0, int width, size_t i,
		    uint64_t key);

#endif
