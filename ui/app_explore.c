/*
 * app_explore: the screens for exploring the story, on top of the view:
 * the what-if menu (`w`), the event list (`e`) and auto-play (`P`).
 * Their state and drawing are menu.c, eventlist.c and autoplay.c; this
 * is how the app opens, closes and obeys them.
 */
#include "app_impl.h"

#include <stdio.h>
#include <stdlib.h>

#include "anim.h"
#include "guide.h"
#include "i18n.h"
#include "lesson_check.h"

/* The mouse reports clicks while a list is open, and only then, so that
 * the terminal's own selection works over the panes. */
static mmask_t saved_mask;

static void open_list(struct app *a, enum ui_mode mode)
{
	a->mode = mode;
	a->list_dirty = true;
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, &saved_mask);
}

static void close_list(struct app *a)
{
	a->mode = UI_VIEW;
	app_drop(&a->listw);
	app_uncover(a);
	mousemask(saved_mask, NULL);
}

static void open_menu(struct app *a)
{
	size_t n;
	const struct lesson_option *tries = guide_tries(&a->course.guide, a->v.ev, &n);
	struct scenario own;
	bool lesson = a->course.guide.ask &&
		      lesson_scenario(a->course.guide.lesson, &own, NULL) == 0;
	if (lesson) {	/* the lesson's own story, with the keys it runs with */
		own.seeded = a->sc.seeded;
		own.seed_kept = a->sc.seed_kept;
		own.seed = a->sc.seed;
	}
	menu_init(&a->menu, &a->sc, tries, n, lesson ? &own : NULL);
	open_list(a, UI_MENU);
}

/* P: plays, or pauses. */
static void toggle_play(struct app *a)
{
	bool on = !a->play.on;
	if (on && a->v.ev + 1 >= a->v.tl->n_events) {
		app_flash(a, _("end of the story"));
		return;
	}
	autoplay_set(&a->play, on, anim_now_ms());
	app_flash(a, on ? _("playing: P pauses") : _("paused: P plays on"));
}

unsigned app_explore_view_key(struct app *a, enum action act)
{
	if (a->v.anim.active) {	/* the packet lands: every pane shows it */
		anim_finish(&a->v.anim);
		app_mark_all(a);
	}
	switch (act) {
	case ACT_WHATIF:
		open_menu(a);
		break;
	case ACT_EVENTS:
		eventlist_init(&a->events, a->v.tl, a->v.ev);
		open_list(a, UI_EVENTS);
		break;
	case ACT_PLAY:
		toggle_play(a);
		break;
	default:
		break;
	}
	return 0;
}

/* The change under the menu's cursor, made. */
static void take_change(struct app *a)
{
	struct scenario sc;
	char what[160];
	if (menu_change(&a->menu, &sc, what, sizeof what) < 0)
		return;
	close_list(a);
	if (app_rebuild(a, &sc) == 0)
		app_flash(a, what);
}

static unsigned menu_result(struct app *a, unsigned r)
{
	if (r & MENU_REDRAW)
		a->list_dirty = true;
	if (r & MENU_REFUSED && menu_sel(&a->menu)->why)
		app_flash(a, _(menu_sel(&a->menu)->why));
	if (r & MENU_CHOSEN)
		take_change(a);
	else if (r & MENU_CLOSE)
		close_list(a);
	return 0;
}

static unsigned events_result(struct app *a, unsigned r)
{
	if (r & EVENTLIST_REDRAW)
		a->list_dirty = true;
	if (r & EVENTLIST_CLOSE)
		close_list(a);
	if (r & EVENTLIST_JUMP) {
		/* As the step keys: forward, a question there is asked. */
		app_moved(a, view_go(&a->v, a->events.lb.sel, false));
	}
	return 0;
}

/* A click: the row of the list under it, if any. */
static unsigned click(struct app *a)
{
	MEVENT me;
	if (getmouse(&me) != OK || !a->listw || !wenclose(a->listw, me.y, me.x))
		return 0;
	int y = me.y - getbegy(a->listw);
	if (a->mode == UI_MENU)
		return menu_result(a, menu_click(&a->menu, y));
	return events_result(a, eventlist_click(&a->events, y));
}

unsigned app_explore_key(struct app *a, enum action act)
{
	if (act == ACT_QUIT_NOW)
		return KEY_QUIT;
	if (act == ACT_CLICK)
		return click(a);
	if (a->mode == UI_MENU)
		return menu_result(a, menu_key(&a->menu, act));
	return events_result(a, eventlist_key(&a->events, act));
}

void app_explore_tick(struct app *a)
{
	if (!a->play.on)
		return;
	if (a->mode == UI_QUIZ) {
		autoplay_set(&a->play, false, 0);
		app_flash(a, _("question: answer, then P plays on"));
		return;
	}
	bool idle = a->mode == UI_VIEW && !a->help && !a->v.anim.active &&
		    !a->course.quiz_pending && !a->course.summary_pending;
	if (!autoplay_due(&a->play, idle, a->v.speed, anim_now_ms()))
		return;
	if (a->v.ev + 1 >= a->v.tl->n_events) {
		autoplay_set(&a->play, false, 0);
		app_flash(a, _("end of the story"));
		return;
	}
	app_moved(a, view_go(&a->v, a->v.ev + 1, true));
	app_flash(a, _("playing: P pauses"));
}

void app_explore_arrived(struct app *a)
{
	const struct guide_section *gs = guide_at(&a->course.guide, a->v.ev);
	if (!gs || gs->sec->n_tries == 0 || a->play.on)
		return;
	/* The hint of the narration, on the status line too: a long section
	 * may not show its end at 80x24. */
	char *list = guide_try_list(gs->sec, false), msg[160];
	snprintf(msg, sizeof msg, _("w: try %s"), list);
	free(list);
	app_flash(a, msg);
}

int app_explore_timeout(const struct app *a, int wait)
{
	return autoplay_timeout(&a->play, wait, anim_now_ms());
}

void app_explore_size(const struct app *a, int *rows, int *cols)
{
	if (a->mode == UI_MENU)
		menu_size(&a->menu, rows, cols);
	else
		eventlist_size(&a->events, rows, cols);
}

void app_explore_draw(struct app *a, WINDOW *w)
{
	if (a->mode == UI_MENU)
		menu_draw(w, &a->menu);
	else
		eventlist_draw(w, &a->events);
}
