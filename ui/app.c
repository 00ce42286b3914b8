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
#include "factlist.h"
#include "guide.h"
#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "lcache.h"
#include "lessons.h"
#include "lines.h"
#include "panes.h"
#include "picker.h"
#include "progress.h"
#include "quizview.h"
#include "term.h"
#include "theme.h"
#include "timeline.h"
#include "wirepane.h"

enum ui_mode { UI_PICKER, UI_VIEW, UI_QUIZ, UI_SUMMARY };

/* What a key function asks of the loop. */
enum { KEY_QUIT = 1 };

struct app {
	struct scenario sc;
	struct timeline *tl;		/* NULL while the picker shows */
	size_t ev;			/* the cursor */
	enum ui_mode mode;
	bool help;			/* the help overlay is open */
	bool animate, hex;
	int speed;			/* 1..ANIM_SPEEDS */
	struct anim anim;
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	bool dirty[PANE_COUNT];		/* must be drawn, whatever it shows */
	uint64_t sig[PANE_COUNT];	/* what each pane shows (panes_sig) */
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
	struct guide guide;		/* the lesson, or narration only; may be empty */
	char *progress_path;		/* a lesson file's progress, or NULL */
	struct progress prog;
	bool restart;			/* --restart: saved progress is ignored */
	bool save_failed;		/* said so once */
	size_t q;			/* the question asked (UI_QUIZ) */
	int cursor;			/* its choice under the cursor */
	bool peek;			/* the question is hidden for a while */
	bool quiz_pending, summary_pending;	/* after the packet lands */
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
	if (!a->tl || a->mode == UI_PICKER)
		return 0;
	return panes_narration_rows(guide_at(&a->guide, a->ev), width);
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
	const struct guide_section *gs = a->tl && a->mode != UI_PICKER ? guide_at(&a->guide, a->ev)
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
	quizview_draw(w, &a->guide.quiz, a->q, a->cursor);
}

static void draw_summary(struct app *a, WINDOW *w)
{
	quizview_summary(w, &a->guide.quiz, a->guide.title);
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
	if (a->mode == UI_QUIZ && !a->peek) {
		int h = quizview_rows(&a->guide.quiz, a->q, a->cursor, COLS);
		if (h > LINES - 1)
			h = LINES - 1;
		struct rect r = {LINES - 1 - h, 0, h, COLS};
		if (fit_window(&a->quizw, r)) {
			a->quiz_dirty = true;
			mark_all(a);	/* what it no longer covers */
		}
	}
	if (a->mode == UI_SUMMARY) {
		quizview_summary_size(&a->guide.quiz, &hr, &hc);
		if (fit_window(&a->sumw, layout_center(COLS, LINES - 1, hc, hr)))
			a->sum_dirty = true;
	}
	if (a->help) {
		panes_help_size(key_ctx(a), &hr, &hc);
		if (fit_window(&a->helpw, layout_center(COLS, LINES, hc, hr)))
			a->help_dirty = true;
	}
}

/* The pane the lesson points at: that of the latest section so far, so
 * that the student's eye (and the borders) stay put between sections. */
static enum lesson_pane highlight(const struct app *a)
{
	for (size_t e = a->ev + 1; e-- > 0;) {
		const struct guide_section *gs = guide_at(&a->guide, e);
		if (gs)
			return gs->sec->highlight;
	}
	return LESSON_PANE_NONE;
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
		const struct guide_section *gs = guide_at(&a->guide, a->ev);
		struct pane_state ps = {
			.tl = a->tl, .ev = a->ev, .anim = &a->anim, .now = anim_now_ms(),
			.hex = a->hex, .view = a->view, .view_max = a->view_max,
			.section = gs, .lesson_title = a->guide.ask ? a->guide.title : NULL,
			.highlight = highlight(a),
			.cache = {&a->cache[PARTY_CLIENT], &a->cache[PARTY_SERVER],
				  &a->cache[PARTY_SNIFFER]},
		};
		struct status_info si = {
			.animate = a->animate, .speed = a->speed,
			.flash = a->flash[0] ? a->flash : NULL,
		};
		/* Damage: a pane is drawn when marked (a new window, an overlay
		 * gone) or when what it shows changed. */
		for (int i = 0; i < PANE_COUNT; i++) {
			uint64_t sig = panes_sig(&ps, (enum pane)i, &si);
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
		if (a->mode == UI_QUIZ && !a->peek)
			draw_overlay(a->quizw, any, &a->quiz_dirty, draw_quiz, a);
		if (a->mode == UI_SUMMARY)
			draw_overlay(a->sumw, any, &a->sum_dirty, draw_summary, a);
	}
	if (a->help)
		draw_overlay(a->helpw, any, &a->help_dirty, draw_help, a);
	doupdate();
}

/* ---- progress ------------------------------------------------------------ */

static void save_progress(struct app *a)
{
	if (!a->progress_path || !a->tl)
		return;
	struct progress *p = &a->prog;
	p->ev = a->ev;
	snprintf(p->event, sizeof p->event, "%s", a->tl->events[a->ev].name);
	p->n_events = a->tl->n_events;
	for (size_t i = 0; i < a->guide.quiz.n; i++) {
		const struct quiz_item *it = &a->guide.quiz.items[i];
		if (it->answered)
			progress_set_answer(p, (unsigned)i, it->ticked, it->right);
	}
	if (progress_save(a->progress_path, p) < 0 && !a->save_failed) {
		a->save_failed = true;
		set_flash(a, _("cannot save the lesson's progress"));
	}
}

/* Where a saved run stopped, if the file says so and still fits. */
static size_t resume(struct app *a)
{
	struct progress *p = &a->prog;
	if (progress_load(a->progress_path, p) < 0)
		return 0;
	for (size_t i = 0; i < p->n_answers; i++)
		(void)quiz_restore(&a->guide.quiz, p->answers[i].q, p->answers[i].ticked);
	if (p->ev < a->tl->n_events && strcmp(a->tl->events[p->ev].name, p->event) == 0)
		return p->ev;
	int i = timeline_find(a->tl, p->event);
	return i >= 0 ? (size_t)i : 0;
}

/* ---- moving through the story ---------------------------------------------- */

/* The first unanswered question of the section at ev, or (size_t)-1. */
static size_t unanswered_at(const struct app *a, size_t ev)
{
	const struct guide_section *gs = guide_at(&a->guide, ev);
	if (!a->guide.ask || !gs)
		return (size_t)-1;
	for (size_t i = gs->first_q; i < gs->first_q + gs->n_q; i++)
		if (!a->guide.quiz.items[i].answered)
			return i;
	return (size_t)-1;
}

/* Having got to the cursor's event going forward (or at the start). */
static void arrive(struct app *a)
{
	if (!a->guide.ask)
		return;
	a->quiz_pending = unanswered_at(a, a->ev) != (size_t)-1;
	if (a->ev + 1 == a->tl->n_events) {
		a->prog.done = true;
		a->summary_pending = a->guide.quiz.n > 0;
	}
}

/* Shows a waiting question or summary once no packet is moving. */
static void show_pending(struct app *a)
{
	if (a->mode != UI_VIEW || a->anim.active || a->help)
		return;
	if (a->quiz_pending) {
		a->quiz_pending = false;
		size_t q = unanswered_at(a, a->ev);
		if (q != (size_t)-1) {
			a->mode = UI_QUIZ;
			a->q = q;
			a->cursor = 0;
			a->peek = false;
			a->quiz_dirty = true;
			return;
		}
	}
	if (a->summary_pending) {
		a->summary_pending = false;
		a->mode = UI_SUMMARY;
		a->sum_dirty = true;
	}
}

/* Moves the cursor; animates only a single step forward. */
static void go_to(struct app *a, size_t ev, bool animate)
{
	if (ev >= a->tl->n_events)
		ev = a->tl->n_events - 1;
	anim_finish(&a->anim);
	if (ev == a->ev && !animate)
		return;
	bool forward = ev > a->ev;
	a->ev = ev;
	const struct event *e = &a->tl->events[ev];
	if (animate && a->animate && e->frame_count > 0)
		anim_start(&a->anim, ev, e->frame_first, e->frame_count,
			   anim_duration(a->speed), anim_now_ms());
	a->quiz_pending = a->summary_pending = false;
	if (forward)
		arrive(a);
	/* No marking: render() redraws the panes whose content changed. */
}

/* Where the same moment of the story is in another timeline. */
static size_t same_point(const struct timeline *from, size_t ev, const struct timeline *to)
{
	int i = timeline_find(to, from->events[ev].name);
	if (i >= 0)
		return (size_t)i;
	if (from->events[ev].step > 0 && (i = timeline_find_step(to, from->events[ev].step)) >= 0)
		return (size_t)i;
	/* Nearest earlier event the other timeline also has. */
	for (size_t k = ev; k-- > 0;) {
		if ((i = timeline_find(to, from->events[k].name)) >= 0)
			return (size_t)i;
	}
	return 0;
}

/* Shows timeline tl, which it takes over (and frees when it cannot). */
static int adopt(struct app *a, struct timeline *tl)
{
	if (!tl || tl->n_events == 0) {
		timeline_free(tl);
		return -1;
	}
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
	a->tl = tl;
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
	guide_free(&a->guide);
	(void)guide_find_shipped(&a->guide, a->tl, a->lang, !theme_utf8());
}

/* Runs lesson l (taken over) on the loaded timeline: resume or restart. */
static int open_lesson(struct app *a, struct lesson *l)
{
	guide_free(&a->guide);
	if (guide_init(&a->guide, l, a->tl, true, !theme_utf8()) < 0)
		return -1;
	free(a->progress_path);
	a->progress_path = progress_path(l->file, lesson_lang_name(l->lang));
	memset(&a->prog, 0, sizeof a->prog);
	a->ev = 0;
	a->mode = UI_VIEW;
	if (a->progress_path && !a->restart)
		a->ev = resume(a);
	if (a->restart)
		save_progress(a);	/* starting over replaces what was saved */
	arrive(a);
	return 0;
}

/* Tab: the same protocol in the next TLS mode, at the same point. */
static void switch_mode(struct app *a)
{
	static const enum tls_mode order[] = {MODE_PLAIN, MODE_UPGRADE, MODE_IMPLICIT};
	int cur = 0;
	if (a->guide.ask) {
		set_flash(a, _("a lesson keeps its scenario; try --scenario to explore"));
		return;
	}
	for (int i = 0; i < 3; i++)
		if (order[i] == a->sc.mode)
			cur = i;
	for (int k = 1; k < 3; k++) {
		const char *name = scenario_sibling(&a->sc, order[(cur + k) % 3]);
		struct scenario sc;
		if (!name || scenario_init(&sc, name) != 0)
			continue;
		/* Same seed and settings the user chose, other mode. */
		sc.seeded = a->sc.seeded;
		sc.seed = a->sc.seed;
		sc.clock = a->sc.clock;
		sc.kx = a->sc.kx;
		struct timeline *old = a->tl;
		size_t old_ev = a->ev;
		anim_finish(&a->anim);
		if (load(a, &sc) != 0) {
			a->tl = old;
			set_flash(a, _("could not build that scenario"));
			return;
		}
		a->ev = same_point(old, old_ev, a->tl);
		narrate_shipped(a);
		timeline_free(old);
		relayout(a);	/* the narration may want another height */
		set_flash(a, _(scenario_mode_label(&a->sc)));
		return;
	}
	set_flash(a, _("no other mode"));
}

/* ---- keys, one function per screen ---------------------------------------- */

static unsigned view_key(struct app *a, enum action act, int arg)
{
	char msg[160];	/* room for a translated message in UTF-8 */

	/* A key during an animation finishes it; "next" only does that. */
	if (a->anim.active && act != ACT_FASTER && act != ACT_SLOWER) {
		anim_finish(&a->anim);
		mark_all(a);
		if (act == ACT_NEXT)
			return 0;
	}
	switch (act) {
	case ACT_NEXT:
		if (a->ev + 1 < a->tl->n_events)
			go_to(a, a->ev + 1, true);
		else
			set_flash(a, _("end of the story"));
		break;
	case ACT_PREV:
		if (a->ev > 0)
			go_to(a, a->ev - 1, false);
		break;
	case ACT_FIRST:
		go_to(a, 0, false);
		break;
	case ACT_LAST:
		go_to(a, a->tl->n_events - 1, false);
		break;
	case ACT_STEP: {
		int i = timeline_find_step(a->tl, arg);
		if (i >= 0) {
			go_to(a, (size_t)i, false);
		} else {
			snprintf(msg, sizeof msg, _("no step %d in this scenario"), arg);
			set_flash(a, msg);
		}
		break;
	}
	case ACT_MODE:
		switch_mode(a);
		break;
	case ACT_HEX:
		a->hex = !a->hex;
		a->dirty[PANE_WIRE] = true;
		set_flash(a, a->hex ? _("wire: hex") : _("wire: text"));
		break;
	case ACT_FASTER:
	case ACT_SLOWER: {
		int sp = a->speed + (act == ACT_FASTER ? 1 : -1);
		if (sp < 1)
			sp = 1;
		if (sp > ANIM_SPEEDS)
			sp = ANIM_SPEEDS;
		if (a->anim.active) {	/* keep the packet where it is */
			long long now = anim_now_ms();
			double p = anim_progress(&a->anim, now);
			a->anim.dur_ms = anim_duration(sp);
			a->anim.start_ms = now - (long long)(p * a->anim.dur_ms);
		}
		a->speed = sp;
		snprintf(msg, sizeof msg, _("speed %d/%d"), sp, ANIM_SPEEDS);
		set_flash(a, msg);
		break;
	}
	case ACT_ANIMATE:
		a->animate = !a->animate;
		set_flash(a, a->animate ? _("animation on") : _("animation off"));
		break;
	case ACT_QUIT:
		return KEY_QUIT;
	default:
		break;
	}
	return 0;
}

/* Closes the question overlay: the panes below show again. */
static void close_quiz(struct app *a)
{
	a->mode = UI_VIEW;
	drop(&a->quizw);
	mark_all(a);
}

static unsigned quiz_key(struct app *a, enum action act, int arg)
{
	struct quiz *qz = &a->guide.quiz;
	struct quiz_item *it = &qz->items[a->q];

	if (act == ACT_QUIT)
		return KEY_QUIT;
	if (a->peek) {		/* any key brings the question back */
		a->peek = false;
		a->quiz_dirty = true;
		return 0;
	}
	if (it->answered) {	/* the result is shown: any key goes on */
		size_t next = unanswered_at(a, a->ev);
		if (next != (size_t)-1) {
			a->q = next;
			a->cursor = 0;
			a->quiz_dirty = true;
			return 0;
		}
		close_quiz(a);
		return 0;
	}
	int n = (int)it->q->n_choices;
	switch (act) {
	case ACT_CHOICE_UP:
		a->cursor = (a->cursor + n - 1) % n;
		break;
	case ACT_CHOICE_DOWN:
		a->cursor = (a->cursor + 1) % n;
		break;
	case ACT_TOGGLE:
		if (arg > n)
			return 0;
		if (arg > 0)
			a->cursor = arg - 1;
		quiz_toggle(qz, a->q, (size_t)a->cursor);
		break;
	case ACT_SUBMIT:
		if (quiz_submit(qz, a->q) < 0) {
			set_flash(a, _("tick at least one choice first"));
			return 0;
		}
		save_progress(a);
		break;
	case ACT_PEEK:
		a->peek = true;
		drop(&a->quizw);
		mark_all(a);
		set_flash(a, _("question hidden: any key shows it again"));
		return 0;
	case ACT_LATER:
		close_quiz(a);
		if (a->ev > 0)
			go_to(a, a->ev - 1, false);
		return 0;
	default:
		return 0;
	}
	a->quiz_dirty = true;
	return 0;
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
	char *errs = NULL;
	size_t errlen = 0;
	FILE *err = open_memstream(&errs, &errlen);
	struct timeline *tl = NULL;
	struct lesson *l = err ? lessons_open(a->picker.v[a->picker.sel].path, &tl, err) : NULL;
	if (err)
		fclose(err);
	free(errs);
	if (!l || adopt(a, tl) != 0) {
		lesson_free(l);
		set_flash(a, _("cannot open that lesson"));
		a->pick_dirty = true;
		return 0;
	}
	if (open_lesson(a, l) < 0) {
		timeline_free(a->tl);
		a->tl = NULL;
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
	if (act == ACT_HELP && a->mode != UI_SUMMARY && !a->peek) {
		a->help = true;
		a->help_dirty = true;
		return true;
	}
	unsigned r = 0;
	switch (a->mode) {
	case UI_PICKER: r = pick_key(a, act); break;
	case UI_VIEW: r = view_key(a, act, arg); break;
	case UI_QUIZ: r = quiz_key(a, act, arg); break;
	case UI_SUMMARY: r = summary_key(a); break;
	}
	return !(r & KEY_QUIT);
}

static void app_free(struct app *a)
{
	free_windows(a);
	guide_free(&a->guide);
	if (a->have_picker)
		picker_free(&a->picker);
	free(a->progress_path);
	timeline_free(a->tl);
	free(a->view);
	for (int p = 0; p < PARTY_COUNT; p++)
		lcache_free(&a->cache[p]);
}

int app_run(const struct app_options *opt)
{
	struct app a;
	int status = 0;

	memset(&a, 0, sizeof a);
	a.animate = opt->animate;
	a.speed = 3;
	a.restart = opt->restart;
	a.lang = opt->lang && strcmp(opt->lang, "ja") == 0 ? "ja" : "en";
	a.mode = opt->picker && !opt->lesson ? UI_PICKER : UI_VIEW;
	if (a.mode == UI_VIEW && (opt->lesson ? adopt(&a, opt->tl) : load(&a, &opt->sc)) != 0) {
		fprintf(stderr, "tlssim: %s\n", _("cannot build the scenario"));
		lesson_free(opt->lesson);
		return 1;
	}
	if (term_init(opt->color) != 0) {
		lesson_free(opt->lesson);
		app_free(&a);
		return 1;
	}
	/* Text is made ready for the screen once the character set is known. */
	if (a.mode == UI_PICKER) {
		picker_init(&a.picker, a.lang);
		a.have_picker = true;
	} else if (opt->lesson) {
		if (open_lesson(&a, opt->lesson) < 0) {
			term_end();
			fprintf(stderr, "tlssim: %s\n", _("the lesson does not fit its scenario"));
			app_free(&a);
			return 1;
		}
	} else {
		narrate_shipped(&a);
	}
	relayout(&a);

	for (;;) {
		int sig = term_signal();
		if (sig) {
			status = 128 + sig;
			break;
		}
		show_pending(&a);
		render(&a);
		timeout(anim_timeout(&a.anim));
		int ch = getch();
		if (ch == ERR) {
			if (a.anim.active) {
				long long now = anim_now_ms();
				if (anim_update(&a.anim, now)) {
					a.dirty[PANE_CLIENT] = a.dirty[PANE_SERVER] = true;
				}
				a.dirty[PANE_WIRE] = true;
			}
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

	save_progress(&a);
	app_free(&a);
	term_end();
	return status;
}
