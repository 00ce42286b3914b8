/*
 * quizview: a question and the summary, as display lines (see quizview.h).
 */
#include "quizview.h"

#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "lines.h"
#include "panes.h"
#include "theme.h"
#include "wrap.h"

#define SUMMARY_COLS 72

/* "a-h Space: tick", from the key table. */
static const char *hint(enum action a, const char *what)
{
	char names[64];
	keys_names(KC_QUIZ, a, names, sizeof names);
	return lines_printf("%s: %s", names, what);
}

/* How many bits of m are set. */
static int bits(uint64_t m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/* Choice c of an item: its prefix (the mark, the tick box, the label)
 * and the attributes of the prefix and the text. */
static const char *choice_prefix(const struct quiz_item *it, uint64_t right, size_t c, int cursor,
				 attr_t *pa, attr_t *ta)
{
	const struct glyphs *g = theme_glyphs();
	bool ticked = c < QUIZ_MAX_CHOICES && (it->ticked >> c & 1);
	bool is_right = c < QUIZ_MAX_CHOICES && (right >> c & 1);
	char label = c < 26 ? (char)('a' + c) : '?';	/* the checker refuses more */
	const char *box = ticked ? "[x]" : "[ ]";

	*pa = *ta = theme_attr(ROLE_NORMAL);
	if (it->answered) {
		/* The mark says what the choice is: a right answer, or a wrong
		 * one that was ticked; a wrong one left alone gets none. */
		const char *mark = is_right ? g->ok : ticked ? g->fail : " ";
		*pa = theme_attr(is_right ? ROLE_OK : ticked ? ROLE_FAIL : ROLE_NORMAL);
		if (is_right)
			*ta = theme_attr(ROLE_OK) | theme_attr(ROLE_EMPH);
		return lines_printf("%s %s %c) ", mark, box, label);
	}
	if ((int)c == cursor)
		*pa = theme_attr(ROLE_SELECT);
	if (ticked)
		*ta = theme_attr(ROLE_EMPH);
	return lines_printf("%s %s %c) ", (int)c == cursor ? g->right : " ", box, label);
}

/* After the answer: whether it was right, what the marks mean. */
static void verdict_lines(const struct quiz_item *it, uint64_t right, int iw)
{
	const struct glyphs *g = theme_glyphs();
	const char *names = "";

	for (size_t c = 0; c < it->q->n_choices && c < QUIZ_MAX_CHOICES && c < 26; c++)
		if (right >> c & 1)
			names = lines_printf("%s%s%c", names, *names ? _(", ") : "", (char)('a' + c));
	lines_emit("", 0, lines_txt(it->right ? lines_printf(_("Right. (%s)"), names)
				     : lines_printf(_("Not quite: the right answer is %s."), names)),
		   theme_attr(it->right ? ROLE_OK : ROLE_FAIL) | theme_attr(ROLE_EMPH), iw, 2);
	lines_emit("", 0, lines_txt(lines_printf(_("%s a right answer   %s ticked, but wrong   "
						   "[x] what you ticked"), g->ok, g->fail)),
		   theme_attr(ROLE_DIM), iw, 2);
}

/* The question as display lines for an inner width iw; *cur gets the
 * first line of the cursor's choice and *cur_end the line after it. */
static void question_lines(const struct quiz *qz, size_t i, int cursor, int iw, size_t *cur,
			   size_t *cur_end)
{
	const struct quiz_item *it = &qz->items[i];
	uint64_t right = quiz_right_mask(qz, i);

	*cur = *cur_end = 0;
	lines_rich("", 0, &it->text, theme_attr(ROLE_TITLE), iw, 6);
	if (!it->answered && bits(right) > 1)
		lines_emit("", 0, lines_txt(_("(tick all that apply)")), theme_attr(ROLE_EMPH), iw, 1);
	if (it->answered)
		verdict_lines(it, right, iw);
	lines_new();
	for (size_t c = 0; c < it->q->n_choices; c++) {
		attr_t pa, ta;
		const char *pre = choice_prefix(it, right, c, cursor, &pa, &ta);
		if ((int)c == cursor)
			*cur = lines_count();
		lines_rich(pre, pa, &it->choices[c], ta, iw, 3);
		if ((int)c == cursor)
			*cur_end = lines_count();
	}
	lines_new();
	if (!it->answered) {
		lines_emit("", 0, lines_txt(lines_printf("%s   %s   %s   %s   %s",
				hint(ACT_TOGGLE, _("tick")), hint(ACT_SUBMIT, _("answer")),
				hint(ACT_PEEK, _("hide")), hint(ACT_LATER, _("later")),
				hint(ACT_HELP, _("help")))),
			   theme_attr(ROLE_DIM), iw, 2);
		return;
	}
	lines_rich("", 0, &it->expl, theme_attr(ROLE_NORMAL), iw, 12);
	lines_new();
	lines_emit("", 0, lines_txt(_("Press any key to go on.")), theme_attr(ROLE_DIM), iw, 1);
}

int quizview_rows(const struct quiz *qz, size_t i, int cursor, int width)
{
	size_t cur, end;
	if (i >= qz->n || width < 8)
		return 3;
	lines_begin();
	question_lines(qz, i, cursor, width - 4, &cur, &end);
	return (int)lines_count() + 2;
}

void quizview_draw(WINDOW *w, const struct quiz *qz, const struct quizview *v)
{
	int h, wd;
	size_t cur, end;

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	if (v->q >= qz->n)
		return;
	const char *title = lines_printf(_("Question %zu of %zu"), v->q + 1, qz->n);
	theme_box_role(w, lines_txt(title), ROLE_ACCENT, ROLE_ACCENT_TITLE);
	if (wd < 8 || h < 3)
		return;
	question_lines(qz, v->q, v->cursor, wd - 4, &cur, &end);
	/* Too long for the box: the cursor's choice stays in sight, or once
	 * answered the lines scroll with Up and Down. */
	size_t total = lines_count(), rows = (size_t)h - 2, top = 0;
	if (qz->items[v->q].answered)
		top = panes_scroll_top(v->scroll, total, (int)rows);
	else if (end > rows)
		top = end - rows;
	lines_draw(w, 1, 2, (int)rows, wd - 4, top);
	panes_scroll_marks(w, &(struct pane_scroll){top, total, (int)rows});
}

static void summary_lines(const struct quiz *qz, const char *hints, int iw)
{
	const struct glyphs *g = theme_glyphs();
	size_t answered, right = quiz_score(qz, &answered);

	lines_emit("", 0, lines_txt(lines_printf(ngettext("%zu of %zu question answered right.",
							  "%zu of %zu questions answered right.",
							  qz->n), right, qz->n)),
		   theme_attr(ROLE_TITLE), iw, 2);
	if (answered < qz->n)
		lines_emit("", 0, lines_txt(lines_printf(ngettext("%zu not answered yet.",
								  "%zu not answered yet.",
								  qz->n - answered), qz->n - answered)),
			   theme_attr(ROLE_DIM), iw, 1);
	lines_new();
	for (size_t i = 0; i < qz->n; i++) {
		const struct quiz_item *it = &qz->items[i];
		const char *mark = !it->answered ? "-" : it->right ? g->ok : g->fail;
		attr_t ma = theme_attr(!it->answered ? ROLE_DIM : it->right ? ROLE_OK : ROLE_FAIL);
		lines_rich(lines_printf("%s ", mark), ma, &it->text, theme_attr(ROLE_NORMAL), iw,
			   qz->n > 6 ? 1 : 2);
	}
	lines_new();
	lines_emit("", 0, lines_txt(hints), theme_attr(ROLE_TITLE), iw, 2);
}

void quizview_summary_size(const struct quiz *qz, const char *hints, int *rows, int *cols)
{
	lines_begin();
	summary_lines(qz, hints, SUMMARY_COLS - 4);
	*rows = (int)lines_count() + 2;
	*cols = SUMMARY_COLS;
}

void quizview_summary(WINDOW *w, const struct quiz *qz, const char *title, const char *hints)
{
	int h, wd;

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box_role(w, lines_printf(_("Lesson finished: %s"), lines_txt(title)), ROLE_ACCENT,
		       ROLE_ACCENT_TITLE);
	if (wd < 8 || h < 3)
		return;
	summary_lines(qz, hints, wd - 4);
	lines_draw(w, 1, 2, h - 2, wd - 4, 0);
}

unsigned quizview_key(struct quizview *v, struct quiz *qz, size_t next, enum action act,
		      int arg)
{
	const struct quiz_item *it = &qz->items[v->q];

	if (act == ACT_QUIT)
		return QUIZVIEW_QUIT;
	if (v->peek) {		/* any key brings the question back */
		v->peek = false;
		return QUIZVIEW_REDRAW;
	}
	if (it->answered) {	/* the result is shown: any key goes on */
		if (act == ACT_CHOICE_UP || act == ACT_CHOICE_DOWN) {	/* unless it scrolls */
			v->scroll = act == ACT_CHOICE_UP ? (v->scroll > 0 ? v->scroll - 1 : 0)
							 : v->scroll + 1;
			return QUIZVIEW_REDRAW;
		}
		v->scroll = 0;
		if (next == (size_t)-1)
			return QUIZVIEW_CLOSE;
		v->q = next;
		v->cursor = 0;
		return QUIZVIEW_REDRAW;
	}
	int n = (int)it->q->n_choices;
	switch (act) {
	case ACT_CHOICE_UP:
		v->cursor = (v->cursor + n - 1) % n;
		return QUIZVIEW_REDRAW;
	case ACT_CHOICE_DOWN:
		v->cursor = (v->cursor + 1) % n;
		return QUIZVIEW_REDRAW;
	case ACT_TOGGLE:
		if (arg > n)
			return 0;
		if (arg > 0)
			v->cursor = arg - 1;
		quiz_toggle(qz, v->q, (size_t)v->cursor);
		return QUIZVIEW_REDRAW;
	case ACT_SUBMIT:
		if (quiz_submit(qz, v->q) < 0)
			return QUIZVIEW_UNTICKED;
		return QUIZVIEW_ANSWERED | QUIZVIEW_REDRAW;
	case ACT_PEEK:
		v->peek = true;
		return QUIZVIEW_PEEK;
	case ACT_LATER:
		return QUIZVIEW_LATER;
	default:
		return 0;
	}
}
