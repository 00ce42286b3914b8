/*
 * view: the cursor over the timeline and its keys (see view.h).
 */
#include "options.h"
#include "view.h"

#include <stdio.h>

#include "i18n.h"

unsigned view_go(struct view *v, size_t ev, bool animate)
{
	if (ev >= v->tl->n_events)
		ev = v->tl->n_events - 1;
	anim_finish(&v->anim);
	if (ev == v->ev && !animate)
		return 0;
	bool forward = ev > v->ev;
	v->ev = ev;
	const struct event *e = &v->tl->events[ev];
	if (animate && v->animate && e->frame_count > 0)
		anim_start(&v->anim, ev, e->frame_first, e->frame_count,
			   anim_duration(v->speed), anim_now_ms());
	/* No marking: the loop redraws the panes whose content changed. */
	return VIEW_MOVED | (forward ? VIEW_ARRIVED : 0);
}

/* Faster or slower by one, a moving packet kept where it is. */
static void change_speed(struct view *v, int by, char *msg, size_t n)
{
	int sp = v->speed + by;
	if (sp < 1)
		sp = 1;
	if (sp > ANIM_SPEEDS)
		sp = ANIM_SPEEDS;
	if (v->anim.active) {
		long long now = anim_now_ms();
		double p = anim_progress(&v->anim, now);
		v->anim.dur_ms = anim_duration(sp);
		v->anim.start_ms = now - (long long)(p * v->anim.dur_ms);
	}
	v->speed = sp;
	snprintf(msg, n, _("speed %d/%d"), sp, ANIM_SPEEDS);
}

/* The keys that move the cursor. */
static unsigned move_key(struct view *v, enum action act, int arg, char *msg, size_t n)
{
	switch (act) {
	case ACT_NEXT:
		if (v->ev + 1 < v->tl->n_events)
			return view_go(v, v->ev + 1, true);
		snprintf(msg, n, "%s", _("end of the story"));
		return 0;
	case ACT_PREV:
		return v->ev > 0 ? view_go(v, v->ev - 1, false) : 0;
	case ACT_FIRST:
		return view_go(v, 0, false);
	case ACT_LAST:
		return view_go(v, v->tl->n_events - 1, false);
	case ACT_STEP: {
		int i = timeline_find_step(v->tl, arg);
		if (i >= 0)
			return view_go(v, (size_t)i, false);
		snprintf(msg, n, _("no step %d in this scenario"), arg);
		return 0;
	}
	default:
		return 0;
	}
}

unsigned view_key(struct view *v, enum action act, int arg, char *msg, size_t n)
{
	unsigned r = 0;

	msg[0] = '\0';
	/* A key during an animation finishes it; "next" only does that. */
	if (v->anim.active && act != ACT_FASTER && act != ACT_SLOWER) {
		anim_finish(&v->anim);
		r |= VIEW_UNCOVER;
		if (act == ACT_NEXT)
			return r;
	}
	switch (act) {
	case ACT_NEXT:
	case ACT_PREV:
	case ACT_FIRST:
	case ACT_LAST:
	case ACT_STEP:
		return r | move_key(v, act, arg, msg, n);
	case ACT_MODE:
		return r | VIEW_MODE;
	case ACT_VERSION:
		return r | VIEW_VERSION;
	case ACT_HEX:
		v->hex = !v->hex;
		snprintf(msg, n, "%s", v->hex ? _("wire: hex") : _("wire: text"));
		return r | VIEW_WIRE;
	case ACT_FASTER:
	case ACT_SLOWER:
		change_speed(v, act == ACT_FASTER ? 1 : -1, msg, n);
		return r;
	case ACT_ANIMATE:
		v->animate = !v->animate;
		snprintf(msg, n, "%s", v->animate ? _("animation on") : _("animation off"));
		return r;
	case ACT_QUIT:
		return r | VIEW_QUIT;
	default:
		return r;
	}
}

size_t view_same_point(const struct timeline *from, size_t ev, const struct timeline *to)
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

/* Tab: cur's protocol in the k-th TLS mode after cur's (k 1 or 2), with
 * the seed and TLS version of cur.  Returns 0, or -1 when there is none. */
static int other_mode(const struct scenario *cur, int k, struct scenario *out)
{
	static const enum tls_mode order[] = {MODE_PLAIN, MODE_UPGRADE, MODE_IMPLICIT};
	int at = 0;
	for (int i = 0; i < 3; i++)
		if (order[i] == cur->mode)
			at = i;
	const char *name = scenario_sibling(cur, order[(at + k) % 3]);
	if (!name || scenario_init(out, name) != 0)
		return -1;
	/* Same seed and settings the user chose, other mode. */
	out->seeded = cur->seeded;
	out->seed_kept = cur->seed_kept;
	out->seed = cur->seed;
	out->clock = cur->clock;
	out->tls = cur->tls;
	return 0;
}

int view_switch(const struct scenario *cur, unsigned what, bool lesson, struct scenario *out,
		const char **why)
{
	static const enum tls_version next[] = {
		[TLS_CLASSIC] = TLS_12, [TLS_12] = TLS_13, [TLS_13] = TLS_CLASSIC,
	};
	*why = N_("a lesson keeps its scenario; try --scenario to explore");
	if (lesson)
		return -1;
	if (what == VIEW_MODE) {
		*why = N_("no other mode");
		for (int k = 1; k < 3; k++)
			if (other_mode(cur, k, out) == 0)
				return 0;
		return -1;
	}
	*why = N_("plain: no TLS, so no version to switch");
	if (cur->mode == MODE_PLAIN)
		return -1;
	*out = *cur;
	out->tls = next[cur->tls];
	return 0;
}
