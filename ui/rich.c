/*
 * rich: markup to plain text plus styled runs (see rich.h).
 */
#include "rich.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wrap.h"

void rich_init(struct rich *r, const char *markup, bool ascii)
{
	struct lesson_span *sp;
	size_t n = lesson_spans(markup ? markup : "", &sp), total = 0, used = 0;

	for (size_t i = 0; i < n; i++)
		total += strlen(sp[i].text);
	r->text = xmalloc(total + 1);
	r->runs = xcalloc(n ? n : 1, sizeof *r->runs);
	r->n_runs = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(sp[i].text);
		/* An ASCII fold never makes the text longer. */
		if (ascii)
			len = wrap_ascii(sp[i].text, r->text + used, total + 1 - used);
		else
			memcpy(r->text + used, sp[i].text, len);
		if (len) {
			r->runs[r->n_runs++] = (struct rich_run){used, len, sp[i].kind};
			used += len;
		}
	}
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
