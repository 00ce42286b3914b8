/*
 * fuzz_lesson: the lesson parser on any bytes a student might save.
 *
 * Parses the input, formats every diagnostic, and on success walks the
 * lesson the way the screen and the transcript do (spans, plain text,
 * the scenario it asks for), then frees everything.  Besides the
 * sanitizers it checks the promise of lesson.h: nothing it hands to the
 * terminal carries a control byte (tabs aside, which the parser allows
 * and the wrapper treats as spaces; a formatted diagnostic may also hold
 * newlines).
 *
 * Built by "make fuzz"; tests/fuzz/run.sh runs it over
 * tests/fuzz/corpus/fuzz_lesson.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "lesson_check.h"
#include "lesson_markup.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when s holds a byte that could start a terminal escape. */
static void check_shown(const char *s, const char *allowed)
{
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 || *p == 0x7f) && !strchr(allowed, *p))
			abort();
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)	/* C1 */
			abort();
	}
}

static void walk_markup(const char *markup)
{
	struct lesson_span *spans;
	size_t n;
	char *plain;

	if (!markup)
		return;
	check_shown(markup, "\t");	/* the parser lets tabs through */
	n = lesson_spans(markup, &spans);
	for (size_t i = 0; i < n; i++)
		check_shown(spans[i].text, "\t");
	lesson_spans_free(spans, n);
	plain = lesson_plain(markup);
	check_shown(plain, "\t");
	free(plain);
}

static void walk_lesson(const struct lesson *l, struct lesson_diags *diags)
{
	struct scenario sc;

	walk_markup(l->title);
	walk_markup(l->summary);
	for (size_t i = 0; i < l->n_sections; i++) {
		const struct lesson_section *s = &l->sections[i];
		for (size_t j = 0; j < s->n_paras; j++)
			walk_markup(s->paras[j]);
		for (size_t j = 0; j < s->n_questions; j++) {
			const struct lesson_question *q = &s->questions[j];
			walk_markup(q->text);
			walk_markup(q->explanation);
			for (size_t k = 0; k < q->n_choices; k++)
				walk_markup(q->choices[k].text);
		}
	}
	if (lesson_scenario(l, &sc, diags) == 0) {
		static const char *const names[] = { "tcp", "connect", "certificate",
						     "validation", "session-key", "wrap",
						     "transfer", "unwrap", "session", "data" };
		/* a mismatch is an ordinary result: only the diagnostics matter */
		int r = lesson_check_events(l, names, sizeof names / sizeof names[0], diags);
		(void)r;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson *l = NULL;
	struct lesson_diags diags = { 0 };

	if (lesson_parse("fuzz.lesson", (const char *)data, size, &l, &diags) == 0) {
		if (!l || diags.n != 0)
			abort();	/* success means a lesson and no problems */
		walk_lesson(l, &diags);
	} else if (l || diags.n == 0) {
		abort();		/* failure means no lesson and a reason */
	}
	for (size_t i = 0; i < diags.n; i++) {
		char *s = lesson_diag_format(&diags.v[i]);
		if (!s)
			abort();
		check_shown(s, "\n\t");
		free(s);
	}
	lesson_free(l);
	lesson_diags_free(&diags);
	return 0;
}
