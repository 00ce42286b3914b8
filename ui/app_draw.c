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
	a->help_dirty = a->quiz_dirty = a->sum_dirty = a->pick_dirty = a->ask_dirty = true;
	a->list_dirty = true;
	a->insp_dirty = true;
}

/*
 * An overlay is gone.  The panes' windows still hold what they show (an
 * overlay is a window of its own), so curses copies them to the screen
 * again at the next render and nothing is laid out or drawn anew; the
 * overlays still open are copied again on top.  The picker has no panes
 * below it.
 */
void app_uncover(struct app *a)
{
	if (a->mode == UI_PICKER || a->lay.too_small)
		app_mark_all(a);
	else
		a->uncovered = true;
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
	app_drop(&a->askw);
	app_drop(&a->listw);
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

/* Windows for the current terminal size; called at start, on resize and
 * when the zoom changes.  The narration box has the same height for every
 * event (its text scrolls), so that stepping redraws the panes in place. */
void app_relayout(struct app *a)
{
	app_free_windows(a);
	layout_compute(&a->lay, COLS, LINES);
	if (a->mode == UI_VIEW)
		layout_zoom(&a->lay, a->zoom);
	a->screen_dirty = true;
	app_mark_all(a);
	if (a->lay.too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		a->win[i] = NULL;
		fit_window(&a->win[i], a->lay.pane[i]);
	}
}

unsigned app_key_ctx(const struct app *a)
{
	if (a->confirm)
		return KC_CONFIRM;
	switch (a->mode) {
	case UI_PICKER: return KC_PICKER;
	case UI_QUIZ: return KC_QUIZ;
	case UI_SUMMARY: return KC_SUMMARY;
	case UI_MENU:
	case UI_EVENTS: return KC_LIST;
	case UI_VIEW: break;
	}
	if (a->insp.open)
		return KC_INSPECT;
	return a->zoom < PANE_COUNT ? KC_ZOOM : KC_VIEW;
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
	quizview_draw(w, &a->course.guide.quiz, &a->qv);
}

static void draw_summary(struct app *a, WINDOW *w)
{
	quizview_summary(w, &a->course.guide.quiz, a->course.guide.title, app_summary_hints(a));
}

static void draw_help(struct app *a, WINDOW *w)
{
	panes_help(w, app_key_ctx(a), &a->help_seen);
}

static void draw_inspector(struct app *a, WINDOW *w)
{
	inspector_draw(w, &a->insp, a->v.tl);
}

static void draw_picker(struct app *a, WINDOW *w)
{
	picker_draw(w, &a->picker);
}

#define ASK_COLS 52

/* A yes/no question: its text, then which key says what. */
static void ask_lines(const struct app *a, int iw)
{
	char yes[32], no[32];
	lines_emit("", 0, lines_txt(a->prompt), theme_attr(ROLE_TITLE), iw, 4);
	lines_new();
	lines_emit("", 0, lines_txt(lines_printf("%s: %s   %s: %s", keys_names(KC_CONFIRM, ACT_YES, yes, sizeof yes),
					     _("yes"), keys_names(KC_CONFIRM, ACT_NO, no, sizeof no), _("no"))),
		   theme_attr(ROLE_DIM), iw, 1);
}

static void draw_ask(struct app *a, WINDOW *w)
{
	int h, wd;
	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box_role(w, NULL, ROLE_ACCENT, ROLE_ACCENT_TITLE);
	if (wd < 8 || h < 3)
		return;
	ask_lines(a, wd - 4);
	lines_draw(w, 1, 2, h - 2, wd - 4, 0);
}

/* The overlays' places: the question along the bottom, the rest centred. */
static void place_overlays(struct app *a)
{
	int hr, hc;
	if (a->mode == UI_QUIZ && !a->qv.peek) {
		/* Above the narration, which often holds the answer. */
		int room = a->lay.pane[PANE_NARRATION].y;
		if (room < 8)
			room = LINES - 1;
		int h = quizview_rows(&a->course.guide.quiz, a->qv.q, a->qv.cursor, COLS);
		if (h > room)
			h = room;
		struct rect r = {room - h, 0, h, COLS};
		if (fit_window(&a->quizw, r)) {
			a->quiz_dirty = true;
			app_mark_all(a);	/* what it no longer covers */
		}
	}
	if (a->mode == UI_SUMMARY) {
		quizview_summary_size(&a->course.guide.quiz, app_summary_hints(a), &hr, &hc);
		if (fit_window(&a->sumw, layout_center(COLS, LINES - 1, hc, hr)))
			a->sum_dirty = true;
	}
	if (a->confirm) {
		hc = COLS - 4 < ASK_COLS ? COLS - 4 : ASK_COLS;
		lines_begin();
		ask_lines(a, hc - 4);
		hr = (int)lines_count() + 2;
		if (fit_window(&a->askw, layout_center(COLS, LINES - 1, hc, hr)))
			a->ask_dirty = true;
	}
	if (a->mode == UI_MENU || a->mode == UI_EVENTS) {	/* above the status line */
		app_explore_size(a, &hr, &hc);
		if (fit_window(&a->listw, layout_center(COLS, LINES - 1, hc, hr)))
			a->list_dirty = true;
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
		.zoomed = a->zoom != PANE_COUNT,
	};
	/* Damage: a pane is drawn when marked (a new window, an overlay
	 * gone) or when what it shows changed. */
	for (int i = 0; i < PANE_COUNT; i++) {
		if (!a->win[i])		/* another pane is zoomed */
			continue;
		ps.zoomed = a->zoom == (enum pane)i;
		ps.scroll = a->scroll[i];
		if (ps.zoomed && ps.scroll < 0 && i != PANE_NARRATION)
			ps.scroll = PANE_SCROLL_END;	/* every row used, the news last */
		ps.seen = &a->seen[i];
		uint64_t sig = panesig(&ps, (enum pane)i, &si);
		if (!a->dirty[i] && sig == a->sig[i])
			continue;
		/* A new window, uncovered, or zoomed (the marks on its borders
		 * change with what it shows): drawn whole. */
		if (a->dirty[i] || ps.zoomed)
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
		if (a->uncovered)
			for (int i = 0; i < PANE_COUNT; i++)
				if (a->win[i]) {
					touchwin(a->win[i]);
					wnoutrefresh(a->win[i]);
				}
		any = render_panes(a) || a->uncovered;
		if (a->mode == UI_QUIZ && !a->qv.peek)
			draw_overlay(a->quizw, any, &a->quiz_dirty, draw_quiz, a);
		if (a->mode == UI_SUMMARY)
			draw_overlay(a->sumw, any, &a->sum_dirty, draw_summary, a);
		if (a->mode == UI_MENU || a->mode == UI_EVENTS)
			draw_overlay(a->listw, any, &a->list_dirty, app_explore_draw, a);
		if (a->insp.open)
			draw_overlay(a->inspw, any, &a->insp_dirty, draw_inspector, a);
	}
	a->uncovered = false;
	app_class_draw(a, any);
	if (a->confirm)		/* over whatever is below, drawn again or not */
		draw_overlay(a->askw, true, &a->ask_dirty, draw_ask, a);
	if (a->help)
		draw_overlay(a->helpw, any, &a->help_dirty, draw_help, a);
	doupdate();
}

