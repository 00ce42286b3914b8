/*
 * app_draw: the app's windows and drawing.  Windows are made for the
 * layout (relayout, sync_layout) and drawn by app_render(): a pane when it
 * is marked or when what it shows changed (panesig.h), the overlays over
 * it after.  Nothing draws outside app_render().
 */
#include "app_impl.h"

#include <stdio.h>

#include "factlist.h"
#include "guide.h"
#include "i18n.h"
#include "keys.h"
#include "panesig.h"
#include "term.h"
#include "wirepane.h"

void app_mark_all(struct app *a)
{
	for (int i = 0; i < PANE_COUNT; i++)
		a->dirty[i] = true;
	a->help_dirty = a->quiz_dirty = a->sum_dirty = a->pick_dirty = a->insp_dirty = true;
}

void app_flash(struct app *a, const char *msg)
{
	snprintf(a->flash, sizeof a->flash, "%s", msg);
	a->dirty[PANE_STATUS] = true;
}

void app_drop(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

void app_free_windows(struct app *a)
{
	for (int i = 0; i < PANE_COUNT; i++)
		app_drop(&a->win[i]);
	app_drop(&a->helpw);
	app_drop(&a->quizw);
	app_drop(&a->sumw);
	app_drop(&a->pickw);
	app_drop(&a->inspw);
}

/* Keeps *w at rectangle r: a new window when the size or place changed.
 * Returns true when it made one. */
static bool fit_window(WINDOW **w, struct rect r)
{
	if (*w) {
		int y, x, h, wd;
		getbegyx(*w, y, x);
		getmaxyx(*w, h, wd);
		if (y == r.y && x == r.x && h == r.h && wd == r.w)
			return false;
		app_drop(w);
	}
	if (r.h < 1 || r.w < 1)
		return false;
	*w = newwin(r.h, r.w, r.y, r.x);
	if (!*w)
		term_fatal("%s", _("cannot create a window"));
	leaveok(*w, TRUE);
	return true;
}

/* Rows the lesson's narration of the current event needs at this width. */
static int narration_rows(const struct app *a, int width)
{
	if (!a->v.tl || a->mode == UI_PICKER)
		return 0;
	return panes_narration_rows(guide_at(&a->course.guide, a->v.ev), width);
}

/* Windows for the current terminal size; called at start and on resize. */
void app_relayout(struct app *a)
{
	app_free_windows(a);
	a->narr_rows = narration_rows(a, COLS - 4);
	a->narr_seen = NULL;
	layout_compute_text(&a->lay, COLS, LINES, a->narr_rows);
	a->screen_dirty = true;
	app_mark_all(a);
	if (a->lay.too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		a->win[i] = NULL;
		fit_window(&a->win[i], a->lay.pane[i]);
	}
}

/*
 * After the cursor moved: the narration box grows when this event's text
 * needs more rows, and keeps that height (until a resize or another
 * scenario), so that stepping redraws the panes in place instead of
 * moving every border back and forth.
 */
void app_sync_layout(struct app *a)
{
	struct layout l;
	const struct guide_section *gs = a->v.tl && a->mode != UI_PICKER ? guide_at(&a->course.guide, a->v.ev)
								      : NULL;
	if (a->lay.too_small || gs == a->narr_seen)
		return;		/* the same text as last time: measured already */
	a->narr_seen = gs;
	int want = narration_rows(a, COLS - 4);
	if (want <= a->narr_rows)
		return;
	layout_compute_text(&l, COLS, LINES, want);
	if (l.pane[PANE_NARRATION].h == a->lay.pane[PANE_NARRATION].h) {
		a->narr_rows = want;	/* already as tall as it may be */
		return;
	}
	app_free_windows(a);
	a->narr_rows = want;
	a->lay = l;
	a->screen_dirty = true;
	app_mark_all(a);
	for (int i = 0; i < PANE_COUNT; i++)
		fit_window(&a->win[i], a->lay.pane[i]);
}

unsigned app_key_ctx(const struct app *a)
{
	switch (a->mode) {
	case UI_PICKER: return KC_PICKER;
	case UI_QUIZ: return KC_QUIZ;
	case UI_VIEW:
	case UI_SUMMARY: break;
	}
	return a->insp.open ? KC_INSPECT : KC_VIEW;
}

/* Draws an overlay window over what is below it when it or that changed. */
static void draw_overlay(WINDOW *w, bool below, bool *dirty, void (*draw)(struct app *, WINDOW *),
		    struct app *a)
{
	if (!w || !(below || *dirty))
		return;
	if (*dirty)
		draw(a, w);
	touchwin(w);
	wnoutrefresh(w);
	*dirty = false;
}

static void draw_quiz(struct app *a, WINDOW *w)
{
	quizview_draw(w, &a->course.guide.quiz, a->qv.q, a->qv.cursor);
}

static void draw_summary(struct app *a, WINDOW *w)
{
	quizview_summary(w, &a->course.guide.quiz, a->course.guide.title);
}

static void draw_help(struct app *a, WINDOW *w)
{
	panes_help(w, app_key_ctx(a));
}

static void draw_inspector(struct app *a, WINDOW *w)
{
	inspector_draw(w, &a->insp, a->v.tl);
}

static void draw_picker(struct app *a, WINDOW *w)
{
	picker_draw(w, &a->picker);
}

/* The overlays' places: the question along the bottom, the rest centred. */
static void place_overlays(struct app *a)
{
	int hr, hc;
	if (a->mode == UI_QUIZ && !a->qv.peek) {
		int h = quizview_rows(&a->course.guide.quiz, a->qv.q, a->qv.cursor, COLS);
		if (h > LINES - 1)
			h = LINES - 1;
		struct rect r = {LINES - 1 - h, 0, h, COLS};
		if (fit_window(&a->quizw, r)) {
			a->quiz_dirty = true;
			app_mark_all(a);	/* what it no longer covers */
		}
	}
	if (a->mode == UI_SUMMARY) {
		quizview_summary_size(&a->course.guide.quiz, &hr, &hc);
		if (fit_window(&a->sumw, layout_center(COLS, LINES - 1, hc, hr)))
			a->sum_dirty = true;
	}
	if (a->insp.open && fit_window(&a->inspw, (struct rect){0, 0, LINES - 1, COLS})) {
		a->insp_dirty = true;	/* the status line stays in sight */
		lines_memo_forget(&a->insp.memo);
	}
	if (a->help) {
		panes_help_size(app_key_ctx(a), &hr, &hc);
		if (fit_window(&a->helpw, layout_center(COLS, LINES, hc, hr)))
			a->help_dirty = true;
	}
}

/* Draws the panes whose content changed or that are marked; true when
 * it drew any (the overlays over them are drawn again then). */
static bool render_panes(struct app *a)
{
	bool any = false;
	struct pane_state ps = {
		.tl = a->v.tl, .ev = a->v.ev, .anim = &a->v.anim, .now = anim_now_ms(),
		.hex = a->v.hex, .view = a->view, .view_max = a->view_max,
		.section = guide_at(&a->course.guide, a->v.ev),
		.lesson_title = a->course.guide.ask ? a->course.guide.title : NULL,
		.highlight = course_highlight(&a->course, a->v.ev),
		.cache = {&a->cache[PARTY_CLIENT], &a->cache[PARTY_SERVER],
			  &a->cache[PARTY_SNIFFER]},
	};
	struct status_info si = {
		.animate = a->v.animate, .speed = a->v.speed,
		.flash = a->flash[0] ? a->flash : NULL,
	};
	/* Damage: a pane is drawn when marked (a new window, an overlay
	 * gone) or when what it shows changed. */
	for (int i = 0; i < PANE_COUNT; i++) {
		uint64_t sig = panesig(&ps, (enum pane)i, &si);
		if (!a->dirty[i] && sig == a->sig[i])
			continue;
		if (a->dirty[i])	/* a new window, or uncovered */
			lines_memo_forget(&a->memo[i]);
		a->sig[i] = sig;
		ps.memo = &a->memo[i];
		WINDOW *w = a->win[i];
		switch (i) {
		case PANE_CLIENT: factlist_party(w, &ps, PARTY_CLIENT); break;
		case PANE_SERVER: factlist_party(w, &ps, PARTY_SERVER); break;
		case PANE_WIRE: wirepane_draw(w, &ps); break;
		case PANE_NARRATION: panes_narration(w, &ps); break;
		case PANE_STATUS: panes_status(w, &ps, &si); break;
		}
		wnoutrefresh(w);
		a->dirty[i] = false;
		any = true;
	}
	return any;
}

void app_render(struct app *a)
{
	bool any = false;

	if (a->lay.too_small) {
		if (a->screen_dirty) {
			panes_too_small(stdscr, COLS, LINES);
			wnoutrefresh(stdscr);
			a->screen_dirty = false;
		}
		doupdate();
		return;
	}
	place_overlays(a);
	if (a->screen_dirty) {	/* only after a resize: the panes cover it all */
		werase(stdscr);
		wnoutrefresh(stdscr);
		a->screen_dirty = false;
	}
	if (a->mode == UI_PICKER) {
		fit_window(&a->pickw, (struct rect){0, 0, LINES, COLS});
		draw_overlay(a->pickw, false, &a->pick_dirty, draw_picker, a);
		any = a->help_dirty;
	} else {
		any = render_panes(a);
		if (a->mode == UI_QUIZ && !a->qv.peek)
			draw_overlay(a->quizw, any, &a->quiz_dirty, draw_quiz, a);
		if (a->mode == UI_SUMMARY)
			draw_overlay(a->sumw, any, &a->sum_dirty, draw_summary, a);
		if (a->insp.open)
			draw_overlay(a->inspw, any, &a->insp_dirty, draw_inspector, a);
	}
	if (a->help)
		draw_overlay(a->helpw, any, &a->help_dirty, draw_help, a);
	doupdate();
}

