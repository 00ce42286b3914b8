/*
 * panesig: the fingerprint of what a pane shows (see panesig.h).
 *
 * Apart from panes.c because it asks every pane, the party panes and the
 * wire pane included, what it would draw: those draw from panes.h, so
 * the fingerprints sit above them all.
 */
#include "panesig.h"

#include <stdint.h>

#include "factlist.h"
#include "wirepane.h"

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 29);
}

static uint64_t mix_str(uint64_t h, const char *str)
{
	for (; str && *str; str++)
		h = mix(h, (unsigned char)*str);
	return mix(h, 0x100);
}

uint64_t panesig(const struct pane_state *s, enum pane pane, const struct status_info *si)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	uint64_t h = mix(0x5eed, (uintptr_t)tl);
	size_t ev;

	h = mix(h, (uint64_t)pane);
	h = mix(h, (uint64_t)s->scroll);
	h = mix(h, s->zoomed);
	switch (pane) {
	case PANE_CLIENT:
	case PANE_SERVER: {
		enum party p = pane == PANE_CLIENT ? PARTY_CLIENT : PARTY_SERVER;
		h = mix(h, e->link);
		h = mix(h, s->highlight == (p == PARTY_CLIENT ? LESSON_PANE_CLIENT
					     : LESSON_PANE_SERVER));
		if (!factlist_party_event(s, p, &ev))
			return mix(h, 1);
		/* The facts known are a prefix of the party's list. */
		h = mix(h, tl->events[ev].known[p]);
		return mix(h, ev == s->ev ? factlist_fresh_from(tl, ev, p) : SIZE_MAX);
	}
	case PANE_WIRE:
		h = mix(h, s->hex);
		h = mix(h, s->highlight == LESSON_PANE_WIRE);
		h = mix(h, wirepane_link(s));
		h = mix(h, e->known[PARTY_SNIFFER]);
		h = mix(h, factlist_fresh_from(tl, s->ev, PARTY_SNIFFER));
		if (panes_flying(s))	/* the packet moves: always redrawn */
			h = mix(mix(h, (uint64_t)s->now), s->anim->landed);
		return h;
	case PANE_NARRATION: {
		const struct guide_section *gs = s->section;
		h = mix(h, (uintptr_t)e->title);
		h = mix(h, (uint64_t)e->step);
		h = mix(h, (uintptr_t)gs);
		h = mix(h, (uintptr_t)s->lesson_title);
		if (!gs || gs->sec->n_paras == 0)	/* derived from the event */
			h = mix(h, s->ev);
		return h;
	}
	case PANE_STATUS:
		h = mix(h, s->ev);
		h = mix(h, si && si->zoomed);
		return mix_str(h, si ? si->flash : NULL);
	case PANE_COUNT:
		break;
	}
	return h;
}
