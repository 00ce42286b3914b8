/*
 * rich: markup to plain text plus styled runs (see rich.h).
 */
#include "rich.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wrap.h"

#define TAB_STOP 8

/* s with each tab expanded to spaces up to the next stop (every TAB_STOP
 * columns from *col, the column s starts at; it gets the one s ends at):
 * a tab written to a window would jump out of the box.  Owned by the
 * caller. */
static char *expand_tabs(const char *s, int *col)
{
	size_t len = strlen(s), tabs = 0, o = 0;
	for (const char *t = s; (t = strchr(t, '\t')) != NULL; t++)
		tabs++;
	char *out = xmalloc(len + tabs * (TAB_STOP - 1) + 1);
	for (size_t i = 0; i < len;) {
		const char *nl = strpbrk(s + i, "\t\n");
		size_t run = nl ? (size_t)(nl - (s + i)) : len - i;
		memcpy(out + o, s + i, run);
		o += run;
		*col += wrap_width(s + i, run);
		i += run;
		if (i >= len)
			break;
		if (s[i] == '\n') {
			out[o++] = '\n';
			*col = 0;
		} else {
			do
				out[o++] = ' ';
			while (++*col % TAB_STOP);
		}
		i++;
	}
	out[o] = '\0';
	return out;
}

void rich_init(struct rich *r, const char *markup, bool ascii)
{
	struct lesson_span *sp;
	size_t n = lesson_spans(markup ? markup : "", &sp), total = 0, used = 0;
	char **text = xcalloc(n ? n : 1, sizeof *text);
	int col = 0;

	for (size_t i = 0; i < n; i++) {
		text[i] = expand_tabs(sp[i].text, &col);
		total += strlen(text[i]);
	}
	r->text = xmalloc(total + 1);
	r->runs = xcalloc(n ? n : 1, sizeof *r->runs);
	r->n_runs = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(text[i]);
		/* An ASCII fold never makes the text longer. */
		if (ascii)
			len = wrap_ascii(text[i], r->text + used, total + 1 - used);
		else
			memcpy(r->text + used, text[i], len);
		if (len) {
			r->runs[r->n_runs++] = (struct rich_run){used, len, sp[i].kind};
			used += len;
		}
		free(text[i]);
	}
	free(text);
	r->text[used] = '\0';
	lesson_spans_free(sp, n);
}

void rich_free(struct rich *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->runs);
	memset(r, 0, sizeof *r);
}
