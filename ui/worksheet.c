/*
 * worksheet: a lesson as a handout for paper (see worksheet.h).
 */
#include "worksheet.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson_markup.h"
#include "safe.h"
#include "transcript.h"
#include "util.h"
#include "wrap.h"

/* Choices are labelled a to z; the checker refuses more. */
static char label(size_t c)
{
	return c < 26 ? (char)('a' + c) : '?';
}

/*
 * text wrapped to WORKSHEET_COLS: the first line after first, the others
 * after rest (both as wide as each other).  A word longer than a line (a
 * frame's hex) is cut into rows.
 */
static void put_wrapped(FILE *out, const char *first, const char *rest, const char *text)
{
	int width = WORKSHEET_COLS - wrap_width(rest, strlen(rest));
	size_t n = wrap_text(text, width, NULL, 0);
	struct wrap_line *v = xcalloc(n ? n : 1, sizeof *v);
	n = wrap_text(text, width, v, n);
	if (n == 0)
		fprintf(out, "%s\n", first);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%.*s\n", i ? rest : first, (int)v[i].len, text + v[i].off);
	free(v);
}

/* Lesson text (markup) through the one sanitiser, wrapped. */
static void put_markup(FILE *out, const char *first, const char *rest, const char *markup)
{
	char *plain = lesson_plain(markup), *safe = safe_text(plain);
	put_wrapped(out, first, rest, safe);
	free(safe);
	free(plain);
}

/* One event as the transcript writes it, each of its lines wrapped. */
static void put_event(FILE *out, const struct timeline *tl, size_t ev)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return;
	transcript_event(mem, tl, ev);
	if (fclose(mem) != 0) {
		free(text);
		return;
	}
	for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		put_wrapped(out, "", "    ", line);
	}
	free(text);
}

/* A question with a box before each choice, and no answer. */
static void put_question(FILE *out, const struct lesson_question *q, size_t number)
{
	char *head = xprintf(_("Question %zu. "), number);
	int hw = wrap_width(head, strlen(head));
	char *pad = xprintf("%*s", hw, "");
	fputc('\n', out);
	put_markup(out, head, pad, q->text);
	for (size_t c = 0; c < q->n_choices; c++) {
		char first[16];
		snprintf(first, sizeof first, "  [ ] %c) ", label(c));
		put_markup(out, first, "         ", q->choices[c].text);
	}
	free(pad);
	free(head);
}

/* The appendix: each question's right choices and its explanation. */
static void put_answers(FILE *out, const struct lesson *l)
{
	size_t number = 0;
	if (l->n_sections == 0)
		return;
	fprintf(out, "\n%s\n", _("== Answers"));
	for (size_t s = 0; s < l->n_sections; s++) {
		for (size_t i = 0; i < l->sections[s].n_questions; i++) {
			const struct lesson_question *q = &l->sections[s].questions[i];
			struct buf right = { 0 };
			for (size_t c = 0; c < q->n_choices; c++) {
				if (!q->choices[c].right)
					continue;
				if (right.len)
					buf_put(&right, ", ", 2);
				buf_put8(&right, (uint8_t)label(c));
			}
			buf_put8(&right, 0);
			char *head = xprintf(_("%zu. %s"), ++number, (char *)right.p);
			fputc('\n', out);
			put_wrapped(out, "", "   ", head);
			put_markup(out, "   ", "   ", q->explanation);
			free(head);
			buf_free(&right);
		}
	}
}

/* The title, a line for the student's name, and how to use the sheet. */
static void put_header(FILE *out, const struct lesson *l)
{
	char *title = lesson_plain(l->title), *safe = safe_text(title);
	char *head = xprintf(_("Worksheet: %s"), safe);
	put_wrapped(out, "", "", head);
	free(head);
	free(safe);
	free(title);
	if (l->summary)
		put_markup(out, "", "", l->summary);
	fputc('\n', out);
	put_wrapped(out, "", "", _("Name: ______________________________   Date: ______________"));
	fputc('\n', out);
	put_wrapped(out, "", "", _("Read each event as the screen shows it, then its narration. "
				   "Answer each question by ticking every right choice: "
				   "one or more may be right. The answers are at the end."));
}

void worksheet_write(const struct lesson *l, const struct timeline *tl, FILE *out)
{
	size_t s = 0, number = 0;
	i18n_use(lesson_lang_name(l->lang));	/* a handout speaks its lesson's language */
	put_header(out, l);
	for (size_t ev = 0; ev < tl->n_events; ev++) {
		fputc('\n', out);
		put_event(out, tl, ev);
		for (; s < l->n_sections &&
		       strcmp(l->sections[s].event.name, tl->events[ev].name) == 0; s++) {
			const struct lesson_section *sec = &l->sections[s];
			for (size_t p = 0; p < sec->n_paras; p++) {
				fputc('\n', out);
				put_markup(out, "", "", sec->paras[p]);
			}
			for (size_t q = 0; q < sec->n_questions; q++)
				put_question(out, &sec->questions[q], ++number);
		}
	}
	put_answers(out, l);
}
