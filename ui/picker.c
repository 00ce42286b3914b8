/*
 * picker: the lesson picker's state, drawing and keys (see picker.h).
 */
#include "picker.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lines.h"
#include "progress.h"
#include "theme.h"
#include "util.h"
#include "wrap.h"

/* "done, 2/3 right" or "stopped at 12/25", from a progress file. */
static char *mark_of(const char *path, const char *lang, bool *done)
{
	struct progress pr;
	char *file = progress_path(path, lang);
	char *m = NULL;

	*done = false;
	if (file && progress_load(file, &pr) == 0) {
		*done = pr.done;
		size_t right = 0;
		for (size_t i = 0; i < pr.n_answers; i++)
			right += pr.answers[i].right;
		if (pr.done && pr.n_answers)
			m = xprintf(_("done, %zu/%zu right"), right, pr.n_answers);
		else if (pr.done)
			m = xstrdup(_("done"));
		else
			m = xprintf(_("stopped at %zu/%zu"), pr.ev + 1, pr.n_events);
	}
	free(file);
	return m;
}

void picker_marks(struct picker *p, const char *lang)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->marks[i]);
		p->marks[i] = mark_of(p->v[i].path, lang, &p->done[i]);
	}
}

void picker_init(struct picker *p, const char *lang)
{
	memset(p, 0, sizeof *p);
	p->n = lessons_find(lang, &p->v);
	p->marks = xcalloc(p->n ? p->n : 1, sizeof *p->marks);
	p->done = xcalloc(p->n ? p->n : 1, sizeof *p->done);
	picker_marks(p, lang);
	picker_select_from(p, 0);
}

size_t picker_find(const struct picker *p, const char *path)
{
	for (size_t i = 0; path && i < p->n; i++)
		if (strcmp(p->v[i].path, path) == 0)
			return i;
	return (size_t)-1;
}

void picker_select_from(struct picker *p, size_t i)
{
	if (i >= p->n)
		return;
	p->sel = i;
	for (size_t k = 0; k < p->n; k++) {
		size_t e = (i + k) % p->n;
		if (!p->done[e]) {
			p->sel = e;
			return;
		}
	}
}

void picker_free(struct picker *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->marks[i]);
	free(p->marks);
	free(p->done);
	lessons_free(p->v, p->n);
	memset(p, 0, sizeof *p);
}

/* Rows each entry takes: its title and its summary. */
#define ENTRY_ROWS 2

/* Lesson i as two display lines of width iw: its title (with a mark
 * when finished, and how far the student got) and its summary. */
static void entry_lines(const struct picker *p, size_t i, int iw)
{
	const struct glyphs *g = theme_glyphs();
	bool sel = i == p->sel;
	const char *mark = p->marks[i] ? lines_txt(p->marks[i]) : "";
	int mw = wrap_width(mark, strlen(mark));
	attr_t ta = sel ? theme_attr(ROLE_SELECT) | theme_attr(ROLE_TITLE) : theme_attr(ROLE_TITLE);
	const char *title = lines_txt(lines_printf("%s %s %s", sel ? g->right : " ",
						  p->done[i] ? g->ok : " ", p->v[i].title));
	int room = iw - (mw ? mw + 2 : 0);
	int used;
	size_t tf = wrap_fit(title, strlen(title), room, &used);
	lines_new();
	lines_seg(title, tf, ta);
	if (sel)
		lines_seg(lines_printf("%*s", room - used, ""), (size_t)(room - used), ta);
	else
		lines_pad(room - used);
	if (mw)
		lines_str(lines_printf("  %s", mark), theme_attr(p->done[i] ? ROLE_OK : ROLE_DIM));
	lines_emit("      ", 0, lines_txt(p->v[i].summary), theme_attr(ROLE_DIM), iw, 1);
	if (!*p->v[i].summary)
		lines_new();
}

/* "Up Down: previous/next ..." from the key table, or the question asked. */
static const char *hint_line(const struct picker *p)
{
	char names[64];
	if (p->prompt)
		return p->prompt;
	const char *keys = lines_printf("%s: %s  ", keys_names(KC_PICKER, ACT_PICK_UP, names, sizeof names),
					_("previous"));
	keys = lines_printf("%s%s: %s  ", keys, keys_names(KC_PICKER, ACT_PICK_DOWN, names, sizeof names),
			    _("next"));
	keys = lines_printf("%sEnter: %s  r: %s  ?: %s  q: %s", keys, _("open"), _("retake"),
			    _("help"), _("quit"));
	return lines_txt(keys);
}

/* On the border: how many lessons lie above and below the ones shown. */
static void more_marks(WINDOW *w, const struct picker *p, size_t fit)
{
	int h, wd;
	getmaxyx(w, h, wd);
	size_t below = p->top + fit < p->n ? p->n - p->top - fit : 0;
	if (p->top > 0) {
		const char *s = lines_txt(lines_printf(" %s %s ", theme_glyphs()->up,
				lines_printf(ngettext("%zu more above", "%zu more above", p->top), p->top)));
		mvwaddstr(w, 0, wd - 2 - wrap_width(s, strlen(s)), s);
	}
	if (below) {
		const char *s = lines_txt(lines_printf(" %s %s ", theme_utf8() ? "\u2193" : "v",
				lines_printf(ngettext("%zu more below", "%zu more below", below), below)));
		mvwaddstr(w, h - 1, wd - 2 - wrap_width(s, strlen(s)), s);
	}
}

void picker_draw(WINDOW *w, struct picker *p)
{
	int h, wd;

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, lines_txt(_("tlssim: choose a lesson")), ROLE_TITLE);
	int iw = wd - 4, ih = h - 4;	/* a blank row and the key hints below */
	if (iw < 8 || ih < ENTRY_ROWS)
		return;
	if (p->n == 0) {
		lines_emit("", 0, lines_txt(_("No lessons found. Run a scenario with --scenario NAME (see --list).")),
			   theme_attr(ROLE_NORMAL), iw, 3);
		lines_draw(w, 1, 2, ih, iw, 0);
		return;
	}
	size_t fit = (size_t)ih / ENTRY_ROWS;
	p->page = fit;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + fit)
		p->top = p->sel - fit + 1;
	if (p->top + fit > p->n)	/* no empty rows below while lessons hide above */
		p->top = p->n > fit ? p->n - fit : 0;
	for (size_t i = p->top; i < p->n && i < p->top + fit; i++)
		entry_lines(p, i, iw);
	lines_draw(w, 1, 2, ih, iw, 0);

	lines_begin();
	lines_emit("", 0, hint_line(p), theme_attr(p->prompt ? ROLE_ACCENT_TITLE : ROLE_DIM), iw, 1);
	lines_draw(w, h - 2, 2, 1, iw, 0);
	more_marks(w, p, fit);
}

/* The cursor moved by d entries, kept inside the list. */
static unsigned move_by(struct picker *p, long d)
{
	long to = (long)p->sel + d;
	if (to < 0)
		to = 0;
	if (p->n && to >= (long)p->n)
		to = (long)p->n - 1;
	p->sel = (size_t)to;
	return PICKER_REDRAW;
}

unsigned picker_key(struct picker *p, enum action a)
{
	long page = p->page > 1 ? (long)p->page - 1 : 1;	/* one entry stays in sight */
	switch (a) {
	case ACT_PICK_UP: return move_by(p, -1);
	case ACT_PICK_DOWN: return move_by(p, 1);
	case ACT_PICK_PGUP: return move_by(p, -page);
	case ACT_PICK_PGDN: return move_by(p, page);
	case ACT_PICK_FIRST: return move_by(p, -(long)p->n);
	case ACT_PICK_LAST: return move_by(p, (long)p->n);
	case ACT_OPEN: return p->n ? PICKER_OPEN : 0;
	case ACT_RETAKE: return p->n ? PICKER_RETAKE : 0;
	case ACT_ASK_QUIT: return PICKER_ASK_QUIT;
	case ACT_QUIT:
	case ACT_QUIT_NOW: return PICKER_QUIT;
	default: return 0;
	}
}
