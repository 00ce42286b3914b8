/*
 * lesson_markup: the inline markup of lesson text, for display.
 *
 * Narration, titles, questions, choices and explanations keep their
 * markup (*emphasis*, `code`, backslash escapes) in struct lesson; the
 * screen asks for spans to draw in their styles, the plain transcript for
 * the text without markup.  Also the names of languages and panes.
 */
#ifndef LESSON_MARKUP_H
#define LESSON_MARKUP_H

#include <stddef.h>

#include "lesson.h"

/* Inline markup, split for display. */
enum lesson_span_kind { LESSON_SPAN_TEXT, LESSON_SPAN_EMPH, LESSON_SPAN_CODE };

struct lesson_span {
	enum lesson_span_kind kind;
	char *text;		/* owned, markup and escapes removed */
};

/*
 * Splits markup into spans (adjacent text of one kind is merged, empty
 * spans are dropped).  Stores a new array in *out (free with
 * lesson_spans_free) and returns its length.  Unclosed markers, which the
 * parser refuses, are shown as plain text.
 */
size_t lesson_spans(const char *markup, struct lesson_span **out);
void lesson_spans_free(struct lesson_span *v, size_t n);

/* The text with markup removed, as a new string: for plain transcripts. */
char *lesson_plain(const char *markup);

/* "en" / "ja", "client" / "wire" / "server" / "none". */
const char *lesson_lang_name(enum lesson_lang lang);
const char *lesson_pane_name(enum lesson_pane pane);

#endif
