/*
 * app: the interactive program, a cursor over an immutable timeline.
 *
 * Start reading at app_run().  The loop draws the panes whose dirty flag
 * is set (wnoutrefresh each, then one doupdate), then waits for a key:
 * blocking when nothing moves, with a short timeout while a packet
 * travels.  Keys are looked up in the key table (keys.c) and turned into
 * state changes that mark panes dirty; nothing draws outside render().
 * Resizes arrive as KEY_RESIZE and signals as a flag (term.c), so no
 * drawing ever happens in a signal handler.  The UI computes nothing
 * cryptographic: every byte it shows was made by timeline_build().
 */
#include "app.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim.h"
#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "panes.h"
#include "term.h"
#include "theme.h"
#include "timeline.h"

enum ui_mode { UI_VIEW, UI_HELP };

struct app {
	struct scenario sc;
	struct timeline *tl;
	size_t ev;			/* the cursor */
	enum ui_mode mode;
	bool animate, hex;
	int speed;			/* 1..ANIM_SPEEDS */
	struct anim anim;
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	bool dirty[PANE_COUNT];
	WINDOW *help;
	bool help_dirty;
	bool screen_dirty;		/* stdscr: after a resize, or too small */
	char flash[96];			/* one-shot status message */
	const struct fact **view;	/* scratch for the panes */
	size_t view_max;
	/* Lesson narration for an event, or NULL for the derived text.  Not
	 * set yet: lessons will plug in here (see panes.h, .narration). */
	const char *(*narrate)(void *ctx, const struct timeline *tl, size_t ev);
	void *narrate_ctx;
};

static void mark_all(struct app *a)
{
	for (int i = 0; i < PANE_COUNT; i++)
		a->dirty[i] = true;
	a->help_dirty = true;
}

static void set_flash(struct app *a, const char *msg)
{
	snprintf(a->flash, sizeof a->flash, "%s", msg);
	a->dirty[PANE_STATUS] = true;
}

static void free_windows(struct app *a)
{
	for (int i = 0; i < PANE_COUNT; i++) {
		if (a->win[i])
			delwin(a->win[i]);
		a->win[i] = NULL;
	}
	if (a->help)
		delwin(a->help);
	a->help = NULL;
}

/* Windows for the current terminal size; called at start and on resize. */
static void relayout(struct app *a)
{
	free_windows(a);
	layout_compute(&a->lay, COLS, LINES);
	a->screen_dirty = true;
	mark_all(a);
	if (a->lay.too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		struct rect r = a->lay.pane[i];
		a->win[i] = newwin(r.h, r.w, r.y, r.x);
		if (!a->win[i])
			term_fatal("%s", _("cannot create a window"));
		leaveok(a->win[i], TRUE);
	}
	int hr, hc;
	panes_help_size(&hr, &hc);
	struct rect r = layout_center(COLS, LINES, hc, hr);
	a->help = newwin(r.h, r.w, r.y, r.x);
	if (a->help)
		leaveok(a->help, TRUE);
}

static void render(struct app *a)
{
	struct pane_state ps = {
		.tl = a->tl, .ev = a->ev, .anim = &a->anim, .now = anim_now_ms(),
		.hex = a->hex, .view = a->view, .view_max = a->view_max,
		.narration = a->narrate ? a->narrate(a->narrate_ctx, a->tl, a->ev) : NULL,
	};
	struct status_info si = {
		.animate = a->animate, .speed = a->speed,
		.flash = a->flash[0] ? a->flash : NULL,
	};
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
	if (a->screen_dirty) {	/* only after a resize: the panes cover it all */
		werase(stdscr);
		wnoutrefresh(stdscr);
		a->screen_dirty = false;
	}
	for (int i = 0; i < PANE_COUNT; i++) {
		if (!a->dirty[i])
			continue;
		WINDOW *w = a->win[i];
		switch (i) {
		case PANE_CLIENT: panes_party(w, &ps, PARTY_CLIENT); break;
		case PANE_SERVER: panes_party(w, &ps, PARTY_SERVER); break;
		case PANE_WIRE: panes_wire(w, &ps); break;
		case PANE_NARRATION: panes_narration(w, &ps); break;
		case PANE_STATUS: panes_status(w, &ps, &si); break;
		}
		wnoutrefresh(w);
		a->dirty[i] = false;
		any = true;
	}
	if (a->mode == UI_HELP && a->help && (any || a->help_dirty)) {
		if (a->help_dirty)
			panes_help(a->help);
		touchwin(a->help);
		wnoutrefresh(a->help);
		a->help_dirty = false;
	}
	doupdate();
}

/* Moves the cursor; animates only a single step forward. */
static void go_to(struct app *a, size_t ev, bool animate)
{
	if (ev >= a->tl->n_events)
		ev = a->tl->n_events - 1;
	anim_finish(&a->anim);
	if (ev == a->ev && !animate)
		return;
	a->ev = ev;
	const struct event *e = &a->tl->events[ev];
	if (animate && a->animate && e->frame_count > 0)
		anim_start(&a->anim, ev, e->frame_first, e->frame_count,
			   anim_duration(a->speed), anim_now_ms());
	mark_all(a);
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

static int load(struct app *a, const struct scenario *sc)
{
	struct timeline *tl = timeline_build(sc);
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
	a->sc = *sc;
	return 0;
}

/* Tab: the same protocol in the next TLS mode, at the same point. */
static void switch_mode(struct app *a)
{
	static const enum tls_mode order[] = {MODE_PLAIN, MODE_UPGRADE, MODE_IMPLICIT};
	int cur = 0;
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
		timeline_free(old);
		mark_all(a);
		set_flash(a, scenario_mode_label(&a->sc));
		return;
	}
	set_flash(a, _("no other mode"));
}

/* Returns false when the user asked to quit. */
static bool handle_key(struct app *a, int ch)
{
	int arg;
	enum action act = keys_lookup(ch, &arg);
	char msg[64];

	if (a->flash[0]) {
		a->flash[0] = '\0';
		a->dirty[PANE_STATUS] = true;
	}
	if (a->mode == UI_HELP) {
		a->mode = UI_VIEW;
		mark_all(a);
		return true;	/* any key, q and Esc too, only closes help */
	}
	/* A key during an animation finishes it; "next" only does that. */
	if (a->anim.active && act != ACT_FASTER && act != ACT_SLOWER) {
		anim_finish(&a->anim);
		mark_all(a);
		if (act == ACT_NEXT)
			return true;
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
	case ACT_HELP:
		a->mode = UI_HELP;
		a->help_dirty = true;
		break;
	case ACT_QUIT:
		return false;
	case ACT_NONE:
	case ACT_COUNT:
		break;
	}
	return true;
}

int app_run(const struct app_options *opt)
{
	struct app a;
	int status = 0;

	memset(&a, 0, sizeof a);
	a.animate = opt->animate;
	a.speed = 3;
	if (load(&a, &opt->sc) != 0) {
		fprintf(stderr, "tlssim: %s\n", _("cannot build the scenario"));
		return 1;
	}
	if (term_init(opt->color) != 0) {
		timeline_free(a.tl);
		free(a.view);
		return 1;
	}
	relayout(&a);

	for (;;) {
		int sig = term_signal();
		if (sig) {
			status = 128 + sig;
			break;
		}
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
			if (keys_lookup(ch, NULL) == ACT_QUIT)
				break;
			continue;
		}
		if (!handle_key(&a, ch))
			break;
	}

	free_windows(&a);
	term_end();
	timeline_free(a.tl);
	free(a.view);
	return status;
}
