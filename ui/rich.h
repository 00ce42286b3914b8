/*
 * rich: lesson markup made ready for the screen.
 *
 * A lesson's text keeps its inline markup (*emphasis*, `code`, escapes);
 * lesson_spans() splits it.  rich_init() does that once, when a lesson is
 * bound, and keeps the result as one plain string plus the styled runs
 * over it, so that drawing can wrap the plain text (ui/wrap.c) and colour
 * each line's pieces without allocating.  Pure: no curses.
 */
#ifndef RICH_H
#define RICH_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson_markup.h"

struct rich_run {
	size_t off, len;		/* bytes of text */
	enum lesson_span_kind kind;
};

struct rich {
	char *text;			/* owned; markup removed */
	struct rich_run *runs;		/* owned; in order, covering text */
	size_t n_runs;
};

/* Fills r from markup; ascii folds the text for non-UTF-8 terminals
 * (wrap_ascii).  Free with rich_free. */
void rich_init(struct rich *r, const char *markup, bool ascii);

/* Frees r's contents and zeroes it; accepts NULL. */
void rich_free(struct rich *r);

#endif
