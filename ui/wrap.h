/*
 * wrap: display width and word wrapping of UTF-8 text for the terminal.
 *
 * Pure functions, no curses: widths come from the core's one table
 * (sim/utf8.h: East Asian wide characters and emoji count two columns,
 * combining marks zero), so Japanese and English measure the same
 * whatever the locale, and as the lesson checker measures them.  Text is
 * decoded with utf8_next().  Lines break at spaces
 * for words, between any two characters next to a wide character
 * (Japanese has no spaces), never before closing punctuation such as
 * "。" or "」", and a word longer than the width is cut.
 */
#ifndef WRAP_H
#define WRAP_H

#include <stddef.h>
#include <stdint.h>

/* Columns the first n bytes of s take (controls count 0). */
int wrap_width(const char *s, size_t n);

/* How many bytes of s (n bytes, stopping at a newline) fit in cols
 * columns without splitting a character; *used gets their width. */
size_t wrap_fit(const char *s, size_t n, int cols, int *used);

struct wrap_line {
	size_t off, len;	/* bytes of the text on this line */
	int width;		/* its display width, <= the wrap width */
};

/*
 * Breaks text into lines of at most width columns (width < 1 counts as 1).
 * A newline forces a break; spaces where a line breaks are dropped.  A
 * character wider than the whole width (a wide one at width 1) is left
 * out.  Stores at most max lines and returns how many there are in all.
 */
size_t wrap_text(const char *text, int width, struct wrap_line *lines, size_t max);

/*
 * Copies s into out (size n > 0, always terminated) with everything
 * outside ASCII replaced: common symbols by ASCII look-alikes ("..." for
 * the ellipsis, "->" for an arrow), anything else by '?'.  For terminals
 * whose locale is not UTF-8.  Returns the length written.
 */
size_t wrap_ascii(const char *s, char *out, size_t n);

#endif
