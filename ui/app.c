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
 * drawing ever happens in a signal handler.  The UI computes nothing
 * cryptographic: every byte it shows was made by timeline_build().
 *
 * The screens: the lesson picker (no arguments), the view (panes over
 * the timeline, one of them zoomed or not), a question (an overlay on
 * the view, when a lesson's section asks one), the summary at the end
 * of a lesson, the what-if menu and the event list (app_explore.c) and
 * the packet inspector; the help overlay can open over any of them, and
 * a class (app_class.c) joins the loop at four points.  A lesson
 * (guide.h) supplies the narration, the highlighted pane and the
 * questions; its progress is saved (progress.h) when an answer is given
 * and when it is left.  The way from one screen to another through the
 * lessons (q back to the picker, the next lesson, a retake, "quit?") is
 * app_flow.c.
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

/* ---- moves ------------------------------------------------------------------ */

/* After view_go() or a key that moved the cursor: what waited at the old
 * place is void, and going forward may find a question. */
void app_moved(struct app *a, unsigned r)
{
	if (!(r & VIEW_MOVED))
		return;
	for (int i = 0; i < PANE_COUNT; i++)
		a->scroll[i] = -1;	/* the new text from its start, the news */
	a->course.quiz_pending = a->course.summary_pending = false;
	if (r & VIEW_ARRIVED) {
		course_arrive(&a->course, a->v.tl, a->v.ev);
		app_explore_arrived(a);
	}
}

/* Zooms pane z (PANE_COUNT: the normal view). */
static void zoom_to(struct app *a, enum pane z)
{
	a->zoom = z;
	for (int i = 0; i < PANE_COUNT; i++)
		a->scroll[i] = -1;
	app_relayout(a);
}

/* Shows a waiting question or summary once no packet is moving; in the
 * normal view, where the question leaves the narration readable. */
static void show_pending(struct app *a)
{
	if (a->mode != UI_VIEW || a->v.anim.active || a->help || a->insp.open)
		return;
	if ((a->course.quiz_pending || a->course.summary_pending) && a->zoom != PANE_COUNT)
		zoom_to(a, PANE_COUNT);
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

int app_adopt(struct app *a, struct timeline *tl)
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
	return app_adopt(a, timeline_build(sc));
}

/* Narration for a plain scenario run, from a shipped lesson if one fits. */
static void narrate_shipped(struct app *a)
{
	course_narrate(&a->course, a->v.tl, a->lang, !theme_utf8());
}

/* The story of sc at the same point: Tab, v and the what-if menu.  A
 * lesson keeps its text, bound to the events the new story still has. */
int app_rebuild(struct app *a, const struct scenario *sc)
{
	struct timeline *old = a->v.tl;
	size_t old_ev = a->v.ev;
	anim_finish(&a->v.anim);
	if (load(a, sc) != 0) {
		a->v.tl = old;
		app_flash(a, _("could not build that scenario"));
		return -1;
	}
	a->v.ev = view_same_point(old, old_ev, a->v.tl);
	if (a->insp.open) {	/* it shows the old story's bytes */
		inspector_close(&a->insp);
		app_drop(&a->inspw);
	}
	if (a->course.guide.ask)
		guide_rebind(&a->course.guide, a->v.tl);
	else
		narrate_shipped(a);
	a->course.quiz_pending = a->course.summary_pending = false;
	timeline_free(old);
	app_relayout(a);	/* the narration may want another height */
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
	if (app_rebuild(a, &sc) < 0)
		return;
	if (what == VIEW_MODE)
		snprintf(msg, sizeof msg, "%s", _(scenario_mode_label(&a->sc)));
	else
		snprintf(msg, sizeof msg, _("switched to %s"), _(panes_version_label(&a->sc)));
	app_flash(a, msg);
}

/* ---- for a classroom (app_class.c) ------------------------------------------ */

void app_close_overlay(struct app *a)
{
	a->mode = UI_VIEW;
	app_drop(&a->quizw);
	app_drop(&a->sumw);
	app_uncover(a);
}

/* ---- keys, one function per screen ---------------------------------------- */

/* q, Q and Esc on the view or a question: a lesson goes back to the
 * picker, anything else quits, a class too (it has no picker to go
 * to); Esc asks first.  True when handled. */
static bool leave_keys(struct app *a, enum action act, unsigned *r)
{
	*r = 0;
	if (act == ACT_QUIT_NOW || (act == ACT_QUIT && (!a->lesson_file || a->cls)))
		*r = KEY_QUIT;
	else if (act == ACT_QUIT)
		app_to_picker(a);
	else if (act == ACT_ASK_QUIT)
		app_ask_quit(a);
	else
		return false;
	return true;
}

/* z: the next pane zoomed, after the narration the normal view. */
static void zoom_next(struct app *a)
{
	static const char *const names[] = {
		[PANE_CLIENT] = N_("zoom: client (Esc: normal view)"),
		[PANE_WIRE] = N_("zoom: wire (Esc: normal view)"),
		[PANE_SERVER] = N_("zoom: server (Esc: normal view)"),
		[PANE_NARRATION] = N_("zoom: narration (Esc: normal view)"),
	};
	enum pane z = a->zoom == PANE_COUNT ? PANE_CLIENT
		    : a->zoom == PANE_NARRATION ? PANE_COUNT : a->zoom + 1;
	zoom_to(a, z);
	app_flash(a, z == PANE_COUNT ? _("normal view") : _(names[z]));
}

/* Where act moves the top line of what sc says was on show. */
static size_t scrolled(const struct pane_scroll *sc, enum action act)
{
	size_t last = sc->rows > 0 && sc->total > (size_t)sc->rows ? sc->total - (size_t)sc->rows : 0;
	size_t top = sc->top, page = sc->rows > 2 ? (size_t)sc->rows - 1 : 1;

	switch (act) {
	case ACT_SCROLL_UP:
	case ACT_TEXT_UP: return top > 0 ? top - 1 : 0;
	case ACT_SCROLL_DOWN:
	case ACT_TEXT_DOWN: return top < last ? top + 1 : last;
	case ACT_PAGE_UP: return top > page ? top - page : 0;
	case ACT_PAGE_DOWN: return top + page < last ? top + page : last;
	case ACT_SCROLL_TOP: return 0;
	case ACT_SCROLL_END: return last;
	default: return top;
	}
}

/* Scrolls pane p by act, within what it showed last. */
static void scroll_pane(struct app *a, enum pane p, enum action act)
{
	a->scroll[p] = (long)scrolled(&a->seen[p], act);
	a->dirty[p] = true;
}

/* The keys of zoom and scrolling; false for any other. */
static bool zoom_keys(struct app *a, enum action act)
{
	switch (act) {
	case ACT_ZOOM:
		zoom_next(a);
		return true;
	case ACT_UNZOOM:
		zoom_to(a, PANE_COUNT);
		app_flash(a, _("normal view"));
		return true;
	case ACT_SCROLL_UP:
	case ACT_SCROLL_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_SCROLL_TOP:
	case ACT_SCROLL_END:
		/* The zoomed pane; in the normal view the narration. */
		scroll_pane(a, a->zoom != PANE_COUNT ? a->zoom : PANE_NARRATION, act);
		return true;
	default:
		return false;
	}
}

/* The view's keys (view.c), and what they ask of the app. */
static unsigned view_keys(struct app *a, enum action act, int arg)
{
	char msg[160];	/* room for a translated message in UTF-8 */
	unsigned k;
	if (leave_keys(a, act, &k))
		return k;
	if (zoom_keys(a, act))
		return 0;
	if (act == ACT_WHATIF || act == ACT_EVENTS || act == ACT_PLAY)
		return app_explore_view_key(a, act);
	unsigned r = view_key(&a->v, act, arg, msg, sizeof msg);

	if (r & VIEW_UNCOVER)
		app_mark_all(a);
	app_moved(a, r);
	if (r & VIEW_WIRE)
		a->dirty[PANE_WIRE] = true;
	if (*msg)
		app_flash(a, msg);
	if (r & (VIEW_MODE | VIEW_VERSION))
		switch_scenario(a, r & (VIEW_MODE | VIEW_VERSION));
	return 0;
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
		app_uncover(a);
	}
	if (r & INSP_REDRAW)
		a->insp_dirty = true;
	return 0;
}

/* A class's teacher zooms pane z (PANE_COUNT: the normal view). */
void app_zoom(struct app *a, enum pane z)
{
	if (z != a->zoom)
		zoom_to(a, z);
}

/* A class's teacher inspects frame (negative: the inspector closed). */
void app_inspect(struct app *a, long frame)
{
	if (a->insp.open && (frame < 0 || (size_t)frame != a->insp.frame))
		inspector_keys(a, ACT_INSPECT);	/* closes it */
	if (frame >= 0 && !a->insp.open)
		open_inspector(a, frame);
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
	app_uncover(a);
}

/* The question's keys (quizview.c), and what they ask of the app. */
static unsigned quiz_keys(struct app *a, enum action act, int arg)
{
	unsigned k;
	if ((act == ACT_QUIT || act == ACT_QUIT_NOW) && leave_keys(a, act, &k))
		return k;
	if (act == ACT_TEXT_UP || act == ACT_TEXT_DOWN) {	/* the narration beside it */
		scroll_pane(a, PANE_NARRATION, act);
		return 0;
	}
	unsigned r = quizview_key(&a->qv, &a->course.guide.quiz, course_unanswered(&a->course, a->v.ev),
				  act, arg);

	if (r & QUIZVIEW_ANSWERED)
		app_save_progress(a);
	if (r & QUIZVIEW_REDRAW)
		a->quiz_dirty = true;
	if (r & QUIZVIEW_UNTICKED)
		app_flash(a, _("tick at least one choice first"));
	if (r & QUIZVIEW_PEEK) {
		app_drop(&a->quizw);
		app_uncover(a);
		app_flash(a, _("question hidden: any key shows it again"));
	}
	if (r & (QUIZVIEW_CLOSE | QUIZVIEW_LATER))
		close_quiz(a);
	if ((r & QUIZVIEW_CLOSE) && act == ACT_PLAY)	/* P after the answer plays on */
		(void)app_explore_view_key(a, ACT_PLAY);
	if ((r & QUIZVIEW_LATER) && a->v.ev > 0)
		app_moved(a, view_go(&a->v, a->v.ev - 1, false));
	return r & QUIZVIEW_QUIT ? KEY_QUIT : 0;
}

/* Ctrl-L: forget what the terminal shows and paint everything again.  The
 * windows still hold what they show: curses repaints the screen from them
 * (the next doupdate), nothing is laid out or drawn again. */
static void redraw_all(struct app *a)
{
	(void)a;
	clearok(curscr, TRUE);
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
	if (a->confirm)		/* y, or anything else for no */
		return !(app_confirm_key(a, act) & KEY_QUIT);
	if (a->help && keys_lookup(KC_HELP, ch, NULL) != ACT_NONE) {
		a->help_seen.top = scrolled(&a->help_seen, keys_lookup(KC_HELP, ch, NULL));
		a->help_dirty = true;
		return true;
	}
	if (a->help) {		/* any other key, q and Esc too, only closes help */
		a->help = false;
		app_drop(&a->helpw);
		app_uncover(a);
		return true;
	}
	if (act == ACT_HELP && a->mode != UI_SUMMARY && !a->qv.peek) {
		a->help = true;
		a->help_seen.top = 0;
		a->help_dirty = true;
		return true;
	}
	if (a->cls && app_class_key(a, act, arg))
		return true;	/* a classroom's key, or its answer to a question */
	unsigned r = 0;
	switch (a->mode) {
	case UI_PICKER: r = app_pick_key(a, act); break;
	case UI_VIEW:
		if (a->insp.open && (act == ACT_QUIT || act == ACT_QUIT_NOW))
			inspector_keys(a, ACT_INSPECT);	/* closed, then q as in the view */
		if (a->insp.open)
			r = inspector_keys(a, act);
		else if (act == ACT_INSPECT)
			open_inspector(a, -1);
		else
			r = view_keys(a, act, arg);
		break;
	case UI_QUIZ: r = quiz_keys(a, act, arg); break;
	case UI_SUMMARY: r = app_summary_key(a, act); break;
	case UI_MENU:
	case UI_EVENTS: r = app_explore_key(a, act); break;
	}
	return !(r & KEY_QUIT);
}

static void app_free(struct app *a)
{
	app_class_end(a);
	inspector_close(&a->insp);
	app_free_windows(a);
	course_free(&a->course);
	if (a->have_picker)
		picker_free(&a->picker);
	timeline_free(a->v.tl);
	free(a->lesson_file);
	free(a->next_file);
	free(a->retake_file);
	free(a->lost);
	free(a->view);
	for (int p = 0; p < PARTY_COUNT; p++)
		lcache_free(&a->cache[p]);
}

/* Sets a up from the options and takes over the terminal.  Returns 0, or
 * the exit status when it cannot (the message is printed). */
static int app_start(struct app *a, const struct app_options *opt)
{
	memset(a, 0, sizeof *a);
	a->zoom = PANE_COUNT;
	for (int i = 0; i < PANE_COUNT; i++)
		a->scroll[i] = -1;
	a->v.animate = opt->animate;
	a->v.speed = 3;
	a->course.restart = opt->restart;
	a->lang = opt->lang && strcmp(opt->lang, "ja") == 0 ? "ja" : "en";
	a->mode = opt->picker && !opt->lesson ? UI_PICKER : UI_VIEW;
	if (a->mode == UI_VIEW && (opt->tl ? app_adopt(a, opt->tl) : load(a, &opt->sc)) != 0) {
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
		if (app_begin_lesson(a, opt->lesson) < 0) {
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
	app_class_start(a, opt);	/* a student goes to the teacher's place */
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
		/* getch(), and the class */
		int ch = app_class_getch(&a, app_explore_timeout(&a, anim_timeout(&a.v.anim)));
		if (ch == ERR) {
			tick(&a);
			app_explore_tick(&a);
			continue;
		}
		if (ch == KEY_RESIZE) {
			app_relayout(&a);
			continue;
		}
		if (ch == KEY_MOUSE && a.mode == UI_VIEW) {	/* lists take theirs as keys */
			if (!a.lay.too_small)
				mouse_click(&a);
			continue;
		}
		if (a.lay.too_small) {	/* only quitting makes sense */
			enum action act = keys_lookup(KC_ALL, ch, NULL);
			if (act == ACT_QUIT || act == ACT_QUIT_NOW)
				break;
			continue;
		}
		if (!handle_key(&a, ch))
			break;
		app_class_moved(&a);	/* the class follows */
	}
	char *lost = course_save_last(&a.course, a.v.tl, a.v.ev);
	if (!lost)
		lost = a.lost, a.lost = NULL;	/* a lesson left before */
	app_free(&a);
	term_end();
	return course_report(lost, status);	/* a failed save is never silent */
}
