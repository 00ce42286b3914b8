/*
 * app: the interactive program, a cursor over an immutable timeline.
 *
 * Start reading at app_run().  The loop draws what is dirty (each window
 * with wnoutrefresh, then one doupdate), then waits for a key: blocking
 * when nothing moves, with a short timeout while a packet travels.  Keys
 * are looked up in the key table (keys.c) for the screen on show and
 * handed to that screen's key function, which changes state and marks
 * windows dirty; nothing draws outside app_render() (app_draw.c).
 * Resizes arrive as KEY_RESIZE and signals as a flag (term.c), so no
 * drawing ever happens in a signal handler.  The UI computes nothing cryptographic: every
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim.h"
#include "app_impl.h"
#include "guide.h"
#include "i18n.h"
#include "keys.h"
#include "lessons.h"
#include "runner.h"
#include "term.h"
#include "theme.h"
#include "timeline.h"

/* ---- progress and moves ---------------------------------------------------- */

static void save_progress(struct app *a)
{
	if (course_save(&a->course, a->v.tl, a->v.ev) < 0)
		app_flash(a, _("cannot save the lesson's progress"));
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
	if (a->mode != UI_VIEW || a->v.anim.active || a->help || a->insp.open)
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
		app_flash(a, _(why));
		return;
	}
	struct timeline *old = a->v.tl;
	size_t old_ev = a->v.ev;
	anim_finish(&a->v.anim);
	if (load(a, &sc) != 0) {
		a->v.tl = old;
		app_flash(a, _("could not build that scenario"));
		return;
	}
	a->v.ev = view_same_point(old, old_ev, a->v.tl);
	narrate_shipped(a);
	timeline_free(old);
	app_relayout(a);	/* the narration may want another height */
	if (what == VIEW_MODE)
		snprintf(msg, sizeof msg, "%s", _(scenario_mode_label(&a->sc)));
	else
		snprintf(msg, sizeof msg, _("switched to %s"), _(panes_version_label(&a->sc)));
	app_flash(a, msg);
}

/* ---- keys, one function per screen ---------------------------------------- */

/* The view's keys (view.c), and what they ask of the app. */
static unsigned view_keys(struct app *a, enum action act, int arg)
{
	char msg[160];	/* room for a translated message in UTF-8 */
	unsigned r = view_key(&a->v, act, arg, msg, sizeof msg);

	if (r & VIEW_UNCOVER)
		app_mark_all(a);
	moved(a, r);
	if (r & VIEW_WIRE)
		a->dirty[PANE_WIRE] = true;
	if (*msg)
		app_flash(a, msg);
	if (r & (VIEW_MODE | VIEW_VERSION))
		switch_scenario(a, r & (VIEW_MODE | VIEW_VERSION));
	return r & VIEW_QUIT ? KEY_QUIT : 0;
}

/* i: the packet inspector on frame (-1: the newest on the wire). */
static void open_inspector(struct app *a, long frame)
{
	anim_finish(&a->v.anim);
	if (inspector_open(&a->insp, a->v.tl, a->v.ev, frame) < 0) {
		app_flash(a, _("no frame on the wire yet"));
		return;
	}
	a->insp_dirty = true;
}

/* The inspector's keys (inspector.c); closing it uncovers the panes. */
static unsigned inspector_keys(struct app *a, enum action act)
{
	unsigned r = inspector_key(&a->insp, a->v.tl, act);
	if (r & INSP_CLOSE) {
		app_drop(&a->inspw);
		app_mark_all(a);
	}
	if (r & INSP_REDRAW)
		a->insp_dirty = true;
	return 0;
}

/* A click on the wire pane opens the inspector on the frame of that line. */
static void mouse_click(struct app *a)
{
	MEVENT me;
	if (getmouse(&me) != OK || a->mode != UI_VIEW || a->help || a->insp.open)
		return;
	WINDOW *w = a->win[PANE_WIRE];
	if (!w || !wenclose(w, me.y, me.x))
		return;
	int y = me.y, x = me.x;
	wmouse_trafo(w, &y, &x, FALSE);
	long frame = inspector_frame_at_row(w, y, a->v.tl, a->v.ev);
	if (frame >= 0)
		open_inspector(a, frame);
}

/* Closes the question overlay: the panes below show again. */
static void close_quiz(struct app *a)
{
	a->mode = UI_VIEW;
	app_drop(&a->quizw);
	app_mark_all(a);
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
		app_flash(a, _("tick at least one choice first"));
	if (r & QUIZVIEW_PEEK) {
		app_drop(&a->quizw);
		app_mark_all(a);
		app_flash(a, _("question hidden: any key shows it again"));
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
	app_drop(&a->sumw);
	app_mark_all(a);
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
		app_flash(a, _("cannot open that lesson"));
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
	app_relayout(a);
	return 0;
}

/* Ctrl-L: forget what the terminal shows and paint everything again. */
static void redraw_all(struct app *a)
{
	clearok(curscr, TRUE);
	a->screen_dirty = true;
	app_mark_all(a);
}

/* Returns false when the user asked to quit. */
static bool handle_key(struct app *a, int ch)
{
	int arg;
	unsigned ctx = app_key_ctx(a);
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
		app_drop(&a->helpw);
		app_mark_all(a);
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
	case UI_VIEW:
		if (a->insp.open && act == ACT_QUIT)
			r = KEY_QUIT;
		else if (a->insp.open)
			r = inspector_keys(a, act);
		else if (act == ACT_INSPECT)
			open_inspector(a, -1);
		else
			r = view_keys(a, act, arg);
		break;
	case UI_QUIZ: r = quiz_keys(a, act, arg); break;
	case UI_SUMMARY: r = summary_key(a); break;
	}
	return !(r & KEY_QUIT);
}

static void app_free(struct app *a)
{
	inspector_close(&a->insp);
	app_free_windows(a);
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
	/* Clicks select frames where the terminal reports them; else no mouse. */
	a->mouse = mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL) != 0;
	if (a->mouse)
		mouseinterval(0);
	app_relayout(a);
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
		app_render(&a);
		timeout(anim_timeout(&a.v.anim));
		int ch = getch();
		if (ch == ERR) {
			tick(&a);
			continue;
		}
		if (ch == KEY_RESIZE) {
			app_relayout(&a);
			continue;
		}
		if (ch == KEY_MOUSE) {
			if (!a.lay.too_small)
				mouse_click(&a);
			continue;
		}
		if (a.lay.too_small) {	/* only quitting makes sense */
			if (keys_lookup(KC_ALL, ch, NULL) == ACT_QUIT)
				break;
			continue;
		}
		if (!handle_key(&a, ch))
			break;
		app_sync_layout(&a);
	}
	char *lost = course_save_last(&a.course, a.v.tl, a.v.ev);
	app_free(&a);
	term_end();
	return course_report(lost, status);	/* a failed save is never silent */
}
