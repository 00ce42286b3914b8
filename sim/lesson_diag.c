/*
 * lesson_diag: collects and formats the problems of a lesson file (see
 * lesson_diag.h).
 *
 * A message is a message id (an English format that `make pot` finds by the
 * function it is given to, see the Makefile's pot target) and its
 * arguments, kept as data like a fact's value: the UI renders it in the
 * user's language (lesson_diags_localize).  The caret under a quoted line
 * is placed with the widths of sim/utf8, the ones the screen wraps text by.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_diag.h"
#include "utf8.h"
#include "util.h"

char *lesson_diag_sanitize(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	utf8_sanitize(out, s, n, '?', '?', UTF8_KEEP_TAB);
	return out;
}

/* The message in the language of tr (NULL: English), made safe to print. */
static void render(struct lesson_diag *dg, fact_translate_fn tr)
{
	char *m = fact_value_render(&dg->msg, tr);
	free(dg->message);
	dg->message = lesson_diag_sanitize(m, strlen(m));
	free(m);
}

void lesson_diag_vadd(struct lesson_diags *d, const char *file, int line,
		      int col, const char *line_text, const char *fmt,
		      va_list ap)
{
	/* Every string is made safe to print, whatever the caller passed:
	 * a file name can hold an escape sequence too. */
	if (!file)
		file = "<input>";
	grow(&d->v, &d->cap, d->n + 1, sizeof *d->v);
	struct lesson_diag *dg = &d->v[d->n++];
	dg->file = lesson_diag_sanitize(file, strlen(file));
	dg->line = line;
	dg->col = col;
	fact_value_vset(&dg->msg, fmt, ap);
	dg->message = NULL;
	render(dg, NULL);
	dg->line_text = line_text ?
		lesson_diag_sanitize(line_text, strlen(line_text)) : NULL;
}

void lesson_diags_localize(struct lesson_diags *d, fact_translate_fn tr)
{
	for (size_t i = 0; i < d->n; i++)
		render(&d->v[i], tr);
}

void lesson_diag_add(struct lesson_diags *d, const char *file, int line,
		     int col, const char *line_text, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lesson_diag_vadd(d, file, line, col, line_text, fmt, ap);
	va_end(ap);
}

void lesson_diags_free(struct lesson_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
		fact_value_free(&d->v[i].msg);
		free(d->v[i].line_text);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

#define QUOTE_MAX 100		/* characters of a line a diagnostic quotes */

char *lesson_diag_format(const struct lesson_diag *dg)
{
	if (dg->line <= 0)
		return xprintf("%s: %s", dg->file, dg->message);
	if (!dg->line_text)
		return xprintf("%s:%d:%d: %s", dg->file, dg->line, dg->col,
			       dg->message);

	/* Cut a long line to a window that contains the column. */
	const char *t = dg->line_text;
	size_t n = strlen(t);
	int col = dg->col > 0 ? dg->col : 1;
	int first = 1;		/* first character shown */
	if (col > QUOTE_MAX - 10)
		first = col - QUOTE_MAX / 2;
	uint32_t cp;
	size_t start = 0;
	for (int c = 1; c < first && start < n; c++)
		start += utf8_next(t + start, n - start, &cp);
	size_t end = start;
	int shown = 0;
	while (end < n && shown < QUOTE_MAX) {
		end += utf8_next(t + end, n - end, &cp);
		shown++;
	}
	const char *pre = start > 0 ? "..." : "";
	const char *post = end < n ? "..." : "";

	/* The caret line: a cell of padding per cell of text before col. */
	struct buf caret = {0};
	buf_put(&caret, pre, strlen(pre));
	for (size_t i = start; i < end && first < col; first++) {
		i += utf8_next(t + i, end - i, &cp);
		int w = utf8_cp_width(cp);
		if (cp == '\t')
			buf_put8(&caret, '\t');
		else
			buf_put(&caret, "  ", w > 0 ? (size_t)w : 0);
	}
	buf_put(&caret, "^", 2);	/* with the NUL */

	char *s = xprintf("%s:%d:%d: %s\n%5d | %s%.*s%s\n      | %s",
			  dg->file, dg->line, dg->col, dg->message, dg->line,
			  pre, (int)(end - start), t + start, post,
			  (char *)caret.p);
	buf_free(&caret);
	return s;
}

void lesson_diag_at(struct lesson_diags *d, const char *file, const struct lesson_loc *loc,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lesson_diag_vadd(d, file, loc->line, loc->col, loc->line_text, fmt, ap);
	va_end(ap);
}
