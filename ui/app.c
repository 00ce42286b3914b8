/*
 * app: the interactive program, a cursor over an immutable timeline.
 *
 * Start reading at app_run().  The loop draws what is dirty (each window
 * with wnoutrefresh, then one doupdate), then waits for a key: blocking
 * when nothing moves, with a short timeout while a packet travels.  Keys
 * are looked up in the key table (keys.c) for the screen on show and
 * handed to that screen's key function, which changes state and marks
 * windows dirty; nothing draws outside render().  Resizes arrive as
 * KEY_RESIZE and signals as a flag (term.c), so no drawing ever happens
 * in a signal handler.  The UI computes nothing cryptographic: every
 * byte it shows was made by timeline_build().
 *
 * The screens: the lesson picker (no arguments), the view (panes over
 * the timeline), a question (an overlay on the view, when a lesson's
 * section asks one) and the summary at the end of a lesson; the help
 * overlay can open over any of them.  A lesson (guide.h) supplies the
 * narration, the highlighted pane and the questions; its progress is
 * saved (progress.h) when an answer is given and on quit.
 */
#include "app.h"

#include <curses.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim.h"
#include "course.h"
#include "factlist.h"
#include "guide.h"
#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "lcache.h"
#include "lesson_markup.h"
#include "lessons.h"
#include "lines.h"
#include "panes.h"
#include "panesig.h"
#include "picker.h"
#include "quizview.h"
#include "term.h"
#include "theme.h"
#include "runner.h"
#include "view.h"
#include "timeline.h"
#include "wirepane.h"

enum ui_mode { UI_PICKER, UI_VIEW, UI_QUIZ, UI_SUMMARY };

/* What a key function asks of the loop. */
enum { KEY_QUIT = 1 };

struct app {
	struct scenario sc;
	struct view v;			/* the cursor over the timeline; v.tl is
					 * NULL while the picker shows */
	enum ui_mode mode;
	bool help;			/* the help overlay is open */
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	bool dirty[PANE_COUNT];		/* must be drawn, whatever it shows */
	uint64_t sig[PANE_COUNT];	/* what each pane shows (panesig) */
	struct lines_memo memo[PANE_COUNT];	/* what each window holds, by row */
	struct lcache cache[PARTY_COUNT];	/* line counts of facts, per party */
	WINDOW *helpw, *quizw, *sumw, *pickw;	/* overlays, made when shown */
	bool help_dirty, quiz_dirty, sum_dirty, pick_dirty;
	bool screen_dirty;		/* stdscr: after a resize, or too small */
	int narr_rows;			/* text rows the narration box was made for */
	const struct guide_section *narr_seen;	/* last section sync_layout measured */
	char flash[160];		/* one-shot status message (UTF-8) */
	const struct fact **view;	/* scratch for the panes */
	size_t view_max;

	const char *lang;		/* "en" or "ja" */
	struct course course;		/* the lesson, its questions and progress */
	struct quizview qv;		/* the question asked (UI_QUIZ) */
	struct picker picker;
	bool have_picker;
};

static void mark_all(struct app *a)
{
	for (int i = 0; i < PANE_COUNT; i++)
		a->dirty[i] = true;
	a->help_dirty = a->quiz_dirty = a->sum_dirty = a->pick_dirty = true;
}

static void set_flash(struct app *a, const char *msg)
{
	snprintf(a->flash, sizeof a->flash, "%s", msg);
	a->dirty[PANE_STATUS] = true;
}

static void drop(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

static void free_windows(struct app *a)
{
	for (int i = 0; i < PANE_COUNT; i++)
		drop(&a->win[i]);
	drop(&a->helpw);
	drop(&a->quizw);
	drop(&a->sumw);
	drop(&a->pickw);
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
		drop(w);
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
static void relayout(struct app *a)
{
	free_windows(a);
	a->narr_rows = narration_rows(a, COLS - 4);
	a->narr_seen = NULL;
	layout_compute_text(&a->lay, COLS, LINES, a->narr_rows);
	a->screen_dirty = true;
	mark_all(a);
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
static void sync_layout(struct app *a)
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
	free_windows(a);
	a->narr_rows = want;
	a->lay = l;
	a->screen_dirty = true;
	mark_all(a);
	for (int i = 0; i < PANE_COUNT; i++)
		fit_window(&a->win[i], a->lay.pane[i]);
}

static unsigned key_ctx(const struct app *a)
{
	switch (a->mode) {
	case UI_PICKER: return KC_PICKER;
	case UI_QUIZ: return KC_QUIZ;
	case UI_VIEW:
	case UI_SUMMARY: break;
	}
	return KC_VIEW;
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
	panes_help(w, key_ctx(a));
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
			mark_all(a);	/* what it no longer covers */
		}
	}
	if (a->mode == UI_SUMMARY) {
		quizview_summary_size(&a->course.guide.quiz, &hr, &hc);
		if (fit_window(&a->sumw, layout_center(COLS, LINES - 1, hc, hr)))
			a->sum_dirty = true;
	}
	if (a->help) {
		panes_help_size(key_ctx(a), &hr, &hc);
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

static void render(struct app *a)
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
	}
	if (a->help)
		draw_overlay(a->helpw, any, &a->help_dirty, draw_help, a);
	doupdate();
}

/* ---- progress and moves ---------------------------------------------------- */

static void save_progress(struct app *a)
{
	if (course_save(&a->course, a->v.tl, a->v.ev) < 0)
		set_flash(a, _("cannot save the lesson's progress"));
}

/* After view_go() or a key that moved the cursor: what waited at the old
 * place is void, and going forward may find a question. */
static void moved(struct app *a, unsigned r)
{
	if (!(r & VIEW_MOVED))
		return;
	a->course.quiz_pending = a->course.summary_pending = false;
	if (r & VIEW_ARRIVED)
		course_arrive(&a->course, a->v.tl, a->v.ev);
}

/* Shows a waiting question or summary once no packet is moving. */
static void show_pending(struct app *a)
{
	if (a->mode != UI_VIEW || a->v.anim.active || a->help)
		return;
	if (a->course.quiz_pending) {
		a->course.quiz_pending = false;
		size_t q = course_unanswered(&a->course, a->v.ev);
		if (q != (size_t)-1) {
			a->mode = UI_QUIZ;
			a->qv = (struct quizview){ .q = q };
			a->quiz_dirty = true;
			return;
		}
	}
	if (a->course.summary_pending) {
		a->course.summary_pending = false;
		a->mode = UI_SUMMARY;
		a->sum_dirty = true;
	}
}

/* Shows timeline tl, which it takes over (and frees when it cannot). */
static int adopt(struct app *a, struct timeline *tl)
{
	if (!tl || tl->n_events == 0) {
		timeline_free(tl);
		return -1;
	}
	timeline_localize(tl, i18n_translate);
	size_t need = 1;
	for (int p = 0; p < PARTY_COUNT; p++)
		if (tl->n_facts[p] > need)
			need = tl->n_facts[p];
	if (need > a->view_max) {
		const struct fact **v = realloc(a->view, need * sizeof *v);
		if (!v) {
			timeline_free(tl);
			return -1;
		}
		a->view = v;
		a->view_max = need;
	}
	a->v.tl = tl;
	a->sc = tl->sc;
	for (int p = 0; p < PARTY_COUNT; p++)
		(void)lcache_reserve(&a->cache[p], tl->n_facts[p]);	/* else uncached */
	return 0;
}

/* Builds and shows sc's timeline; -1 when it cannot be built. */
static int load(struct app *a, const struct scenario *sc)
{
	return adopt(a, timeline_build(sc));
}

/* Narration for a plain scenario run, from a shipped lesson if one fits. */
static void narrate_shipped(struct app *a)
{
	course_narrate(&a->course, a->v.tl, a->lang, !theme_utf8());
}

/* Runs lesson l (taken over) on the loaded timeline: resume or restart. */
static int open_lesson(struct app *a, struct lesson *l)
{
	size_t ev;
	if (course_open(&a->course, l, a->v.tl, !theme_utf8(), &ev) < 0)
		return -1;
	a->v.ev = ev;
	a->mode = UI_VIEW;
	if (a->course.restart)
		save_progress(a);	/* starting over replaces what was saved */
	course_arrive(&a->course, a->v.tl, a->v.ev);
	return 0;
}

/* Tab or v (what: VIEW_MODE or VIEW_VERSION): the same story in another
 * TLS mode or version, at the same point. */
static void switch_scenario(struct app *a, unsigned what)
{
	struct scenario sc;
	const char *why;
	char msg[160];

	if (view_switch(&a->sc, what, a->course.guide.ask, &sc, &why) < 0) {
		set_flash(a, _(why));
		return;
	}
	struct timeline *old = a->v.tl;
	size_t old_ev = a->v.ev;
	anim_finish(&a->v.anim);
	if (load(a, &sc) != 0) {
		a->v.tl = old;
		set_flash(a, _("could not build that scenario"));
		return;
	}
	a->v.ev = view_same_point(old, old_ev, a->v.tl);
	narrate_shipped(a);
	timeline_free(old);
	relayout(a);	/* the narration may want another height */
	if (what == VIEW_MODE)
		snprintf(msg, sizeof msg, "%s", _(scenario_mode_label(&a->sc)));
	else
		snprintf(msg, sizeof msg, _("switched to %s"), _(panes_version_label(&a->sc)));
	set_flash(a, msg);
}

/* ---- keys, one function per screen ---------------------------------------- */

/* The view's keys (view.c), and what they ask of the app. */
static unsigned view_keys(struct app *a, enum action act, int arg)
{
	char msg[160];	/* room for a translated message in UTF-8 */
	unsigned r = view_key(&a->v, act, arg, msg, sizeof msg);

	if (r & VIEW_UNCOVER)
		mark_all(a);
	moved(a, r);
	if (r & VIEW_WIRE)
		a->dirty[PANE_WIRE] = true;
	if (*msg)
		set_flash(a, msg);
	if (r & (VIEW_MODE | VIEW_VERSION))
		switch_scenario(a, r & (VIEW_MODE | VIEW_VERSION));
	return r & VIEW_QUIT ? KEY_QUIT : 0;
}

/* Closes the question overlay: the panes below show again. */
static void close_quiz(struct app *a)
{
	a->mode = UI_VIEW;
	drop(&a->quizw);
	mark_all(a);
}

/* The question's keys (quizview.c), and what they ask of the app. */
static unsigned quiz_keys(struct app *a, enum action act, int arg)
{
	unsigned r = quizview_key(&a->qv, &a->course.guide.quiz, course_unanswered(&a->course, a->v.ev),
				  act, arg);

	if (r & QUIZVIEW_ANSWERED)
		save_progress(a);
	if (r & QUIZVIEW_REDRAW)
		a->quiz_dirty = true;
	if (r & QUIZVIEW_UNTICKED)
		set_flash(a, _("tick at least one choice first"));
	if (r & QUIZVIEW_PEEK) {
		drop(&a->quizw);
		mark_all(a);
		set_flash(a, _("question hidden: any key shows it again"));
	}
	if (r & (QUIZVIEW_CLOSE | QUIZVIEW_LATER))
		close_quiz(a);
	if ((r & QUIZVIEW_LATER) && a->v.ev > 0)
		moved(a, view_go(&a->v, a->v.ev - 1, false));
	return r & QUIZVIEW_QUIT ? KEY_QUIT : 0;
}

static unsigned summary_key(struct app *a)
{
	a->mode = UI_VIEW;
	drop(&a->sumw);
	mark_all(a);
	return 0;
}

static unsigned pick_key(struct app *a, enum action act)
{
	unsigned r = picker_key(&a->picker, act);
	if (r & PICKER_QUIT)
		return KEY_QUIT;
	if (r & PICKER_REDRAW)
		a->pick_dirty = true;
	if (!(r & PICKER_OPEN))
		return 0;

	/* Diagnostics of a broken lesson go nowhere: curses owns the screen. */
	struct timeline *tl;
	struct lesson *l = lessons_open_quiet(a->picker.v[a->picker.sel].path, &tl);
	if (!l || adopt(a, tl) != 0) {
		lesson_free(l);
		set_flash(a, _("cannot open that lesson"));
		a->pick_dirty = true;
		return 0;
	}
	if (open_lesson(a, l) < 0) {
		timeline_free(a->v.tl);
		a->v.tl = NULL;
		a->pick_dirty = true;
		return 0;
	}
	picker_free(&a->picker);
	a->have_picker = false;
	relayout(a);
	return 0;
}

/* Ctrl-L: forget what the terminal shows and paint everything again. */
static void redraw_all(struct app *a)
{
	clearok(curscr, TRUE);
	a->screen_dirty = true;
	mark_all(a);
}

/* Returns false when the user asked to quit. */
static bool handle_key(struct app *a, int ch)
{
	int arg;
	unsigned ctx = key_ctx(a);
	enum action act = keys_lookup(ctx, ch, &arg);

	if (a->flash[0]) {
		a->flash[0] = '\0';
		a->dirty[PANE_STATUS] = true;
	}
	if (act == ACT_REDRAW) {
		redraw_all(a);
		return true;
	}
	if (a->help) {		/* any key, q and Esc too, only closes help */
		a->help = false;
		drop(&a->helpw);
		mark_all(a);
		return true;
	}
	if (act == ACT_HELP && a->mode != UI_SUMMARY && !a->qv.peek) {
		a->help = true;
		a->help_dirty = true;
		return true;
	}
	unsigned r = 0;
	switch (a->mode) {
	case UI_PICKER: r = pick_key(a, act); break;
	case UI_VIEW: r = view_keys(a, act, arg); break;
	case UI_QUIZ: r = quiz_keys(a, act, arg); break;
	case UI_SUMMARY: r = summary_key(a); break;
	}
	return !(r & KEY_QUIT);
}

static void app_free(struct app *a)
{
	free_windows(a);
	course_free(&a->course);
	if (a->have_picker)
		picker_free(&a->picker);
	timeline_free(a->v.tl);
	free(a->view);
	for (int p = 0; p < PARTY_COUNT; p++)
		lcache_free(&a->cache[p]);
}

/* Sets a up from the options and takes over the terminal.  Returns 0, or
 * the exit status when it cannot (the message is printed). */
static int app_start(struct app *a, const struct app_options *opt)
{
	memset(a, 0, sizeof *a);
	a->v.animate = opt->animate;
	a->v.speed = 3;
	a->course.restart = opt->restart;
	a->lang = opt->lang && strcmp(opt->lang, "ja") == 0 ? "ja" : "en";
	a->mode = opt->picker && !opt->lesson ? UI_PICKER : UI_VIEW;
	if (a->mode == UI_VIEW && (opt->tl ? adopt(a, opt->tl) : load(a, &opt->sc)) != 0) {
		fprintf(stderr, "tlssim: %s\n", _("cannot build the scenario"));
		lesson_free(opt->lesson);
		return 1;
	}
	if (term_init(opt->color) != 0) {
		lesson_free(opt->lesson);
		app_free(a);
		return 1;
	}
	/* Text is made ready for the screen once the character set is known. */
	if (a->mode == UI_PICKER) {
		picker_init(&a->picker, a->lang);
		a->have_picker = true;
	} else if (opt->lesson) {
		if (open_lesson(a, opt->lesson) < 0) {
			term_end();
			fprintf(stderr, "tlssim: %s\n", _("the lesson does not fit its scenario"));
			app_free(a);
			return 1;
		}
	} else {
		narrate_shipped(a);
	}
	relayout(a);
	return 0;
}

/* A key timed out: the packet in flight moves on. */
static void tick(struct app *a)
{
	if (!a->v.anim.active)
		return;
	if (anim_update(&a->v.anim, anim_now_ms()))
		a->dirty[PANE_CLIENT] = a->dirty[PANE_SERVER] = true;
	a->dirty[PANE_WIRE] = true;
}

int app_run(const struct app_options *opt)
{
	struct app a;
	int status = app_start(&a, opt);

	if (status)
		return status;
	for (;;) {
		int sig = term_signal();
		if (sig) {
			status = 128 + sig;
			break;
		}
		show_pending(&a);
		render(&a);
		timeout(anim_timeout(&a.v.anim));
		int ch = getch();
		if (ch == ERR) {
			tick(&a);
			continue;
		}
		if (ch == KEY_RESIZE) {
			relayout(&a);
			continue;
		}
		if (a.lay.too_small) {	/* only quitting makes sense */
			if (keys_lookup(KC_ALL, ch, NULL) == ACT_QUIT)
				break;
			continue;
		}
		if (!handle_key(&a, ch))
			break;
		sync_layout(&a);
	}
	char *lost = course_save_last(&a.course, a.v.tl, a.v.ev);
	app_free(&a);
	term_end();
	return course_report(lost, status);	/* a failed save is never silent */
}
