/*
 * lesson_markup: the inline markup of lesson text, split for display
 * (see lesson_markup.h).
 *
 * The parser has already refused markup that does not close, so this
 * side only splits; what it cannot close it shows as typed, which keeps
 * it total over any string.
 */
#include <stdlib.h>
#include <string.h>

#include "lesson_markup.h"
#include "util.h"

/* Appends t as a span of kind, to the last span when it is of that kind;
 * empties t. */
static void span_add(struct lesson_span **v, size_t *n, size_t *cap,
		     enum lesson_span_kind kind, struct buf *t)
{
	if (!t->len)
		return;
	if (*n > 0 && (*v)[*n - 1].kind == kind) {
		char *old = (*v)[*n - 1].text;
		char *joined = xprintf("%s%.*s", old, (int)t->len, (char *)t->p);
		free(old);
		(*v)[*n - 1].text = joined;
	} else {
		grow(v, cap, *n + 1, sizeof **v);
		(*v)[*n].kind = kind;
		(*v)[(*n)++].text = xstrndup((const char *)t->p, t->len);
	}
	t->len = 0;
}

/*
 * The offset of the marker that closes a span opened by m[i], or 0 when
 * it is not closed.  Emphasis honours escapes and may not hold a code
 * span or a quote; a quote («...», shown as code) closes at its ».
 */
static size_t find_close(const char *m, size_t i, size_t len)
{
	for (size_t k = i + 1; k < len; k++) {
		if (lesson_mark_at(m, i, len, LESSON_QUOTE_OPEN)) {
			if (k > i + 1 && lesson_mark_at(m, k, len, LESSON_QUOTE_CLOSE))
				return k;
		} else if (m[i] == '`') {
			if (m[k] == '`')
				return k;
		} else if (m[k] == '\\' && k + 1 < len && lesson_escapable(m[k + 1])) {
			k++;
		} else if (m[k] == '`' || lesson_mark_at(m, k, len, LESSON_QUOTE_OPEN)) {
			return 0;
		} else if (m[k] == '*') {
			return k;
		}
	}
	return 0;
}

size_t lesson_spans(const char *m, struct lesson_span **out)
{
	struct lesson_span *v = NULL;
	size_t n = 0, cap = 0;
	struct buf t = {0};
	size_t len = strlen(m);
	enum lesson_span_kind kind = LESSON_SPAN_TEXT;
	size_t close = 0;	/* where the open span ends */
	for (size_t i = 0; i < len; i++) {
		char c = m[i];
		bool quote = lesson_mark_at(m, i, len, LESSON_QUOTE_OPEN);
		if (kind != LESSON_SPAN_TEXT && i == close) {
			span_add(&v, &n, &cap, kind, &t);
			kind = LESSON_SPAN_TEXT;
			i += lesson_mark_at(m, i, len, LESSON_QUOTE_CLOSE);	/* both bytes of » */
		} else if (kind == LESSON_SPAN_CODE) {
			buf_put8(&t, (uint8_t)c);
		} else if (c == '\\' && i + 1 < len && lesson_escapable(m[i + 1])) {
			buf_put8(&t, (uint8_t)m[++i]);
		} else if (kind == LESSON_SPAN_TEXT && (c == '*' || c == '`' || quote) &&
			   (close = find_close(m, i, len)) != 0) {
			span_add(&v, &n, &cap, kind, &t);
			kind = c == '*' ? LESSON_SPAN_EMPH : LESSON_SPAN_CODE;
			i += quote;	/* both bytes of « */
		} else {
			buf_put8(&t, (uint8_t)c);	/* unclosed: as typed */
		}
	}
	span_add(&v, &n, &cap, kind, &t);
	buf_free(&t);
	*out = v;
	return n;
}

void lesson_spans_free(struct lesson_span *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

char *lesson_plain(const char *markup)
{
	struct lesson_span *v;
	size_t n = lesson_spans(markup, &v);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_put(&b, v[i].text, strlen(v[i].text));
	buf_put8(&b, '\0');
	lesson_spans_free(v, n);
	return (char *)b.p;
}

const char *lesson_lang_name(enum lesson_lang lang)
{
	return lang == LESSON_LANG_JA ? "ja" : "en";
}

const char *lesson_pane_name(enum lesson_pane pane)
{
	switch (pane) {
	case LESSON_PANE_CLIENT:
		return "client";
	case LESSON_PANE_WIRE:
		return "wire";
	case LESSON_PANE_SERVER:
		return "server";
	case LESSON_PANE_NONE:
		break;
	}
	return "none";
}
