/*
 * timeline: the immutable record of one run, and the queries the views
 * make of it.  The runner (runner.c) fills it through the session layer.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"
#include "util.h"

void timeline_free(struct timeline *tl)
{
	if (!tl)
		return;
	for (size_t i = 0; i < tl->n_frames; i++)
		free(tl->frames[i].bytes);
	for (size_t i = 0; i < tl->n_events; i++) {
		free(tl->events[i].name);
		free(tl->events[i].title);
	}
	for (int p = 0; p < PARTY_COUNT; p++) {
		for (size_t i = 0; i < tl->n_facts[p]; i++) {
			free(tl->facts[p][i].label);
			free(tl->facts[p][i].value);
			fact_value_free(&tl->facts[p][i].v);
		}
		free(tl->facts[p]);
	}
	if (tl->keylog)
		sodium_memzero(tl->keylog, tl->cap_keylog * sizeof *tl->keylog);
	free(tl->keylog);
	free(tl->openings);
	arena_free(&tl->opened);	/* wipes every plaintext and key */
	free(tl->frames);
	free(tl->events);
	free(tl);
}

static bool is_log(const struct fact *f)
{
	return f->label[0] == '\0' || f->kind == FACT_CLEAR || f->kind == FACT_CIPHER ||
	       f->kind == FACT_CREDENTIAL;
}

size_t timeline_view(const struct timeline *tl, size_t ev, enum party p,
		     const struct fact **out, size_t max)
{
	if (ev >= tl->n_events)
		return 0;
	size_t known = tl->events[ev].known[p], n = 0;
	const struct fact *f = tl->facts[p];
	for (size_t i = 0; i < known && n < max; i++) {
		bool superseded = false;
		/* A labelled fact stands until a later one with the same label. */
		if (!is_log(&f[i]))
			for (size_t j = i + 1; j < known && !superseded; j++)
				superseded = !is_log(&f[j]) && strcmp(f[i].label, f[j].label) == 0;
		if (!superseded)
			out[n++] = &f[i];
	}
	return n;
}

void timeline_new_facts(const struct timeline *tl, size_t ev, enum party p,
			size_t *first, size_t *count)
{
	*first = ev > 0 ? tl->events[ev - 1].known[p] : 0;
	*count = tl->events[ev].known[p] - *first;
}

int timeline_find(const struct timeline *tl, const char *name)
{
	for (size_t i = 0; i < tl->n_events; i++)
		if (strcmp(tl->events[i].name, name) == 0)
			return (int)i;
	return -1;
}

int timeline_find_step(const struct timeline *tl, int step)
{
	for (size_t i = 0; i < tl->n_events; i++)
		if (tl->events[i].step == step)
			return (int)i;
	return -1;
}

const char *party_name(enum party p)
{
	switch (p) {
	case PARTY_CLIENT: return "client";
	case PARTY_SERVER: return "server";
	case PARTY_SNIFFER: return "sniffer";
	case PARTY_COUNT: break;
	}
	return "?";
}

size_t timeline_add_event(struct timeline *tl, int step, const char *name,
			  const char *title, enum party actor, unsigned link)
{
	grow(&tl->events, &tl->cap_events, tl->n_events + 1, sizeof *tl->events);
	struct event *e = &tl->events[tl->n_events++];
	memset(e, 0, sizeof *e);
	e->step = step;
	e->name = xstrdup(name);
	e->title = xstrdup(title);
	e->actor = actor;
	e->link = link;
	e->frame_first = tl->n_frames;
	for (int p = 0; p < PARTY_COUNT; p++)
		e->known[p] = tl->n_facts[p];
	return tl->n_events - 1;
}

size_t timeline_add_frame(struct timeline *tl, unsigned link, enum wire_dir dir,
			  uint64_t time_us, const uint8_t *bytes, size_t len)
{
	grow(&tl->frames, &tl->cap_frames, tl->n_frames + 1, sizeof *tl->frames);
	struct wire_frame *f = &tl->frames[tl->n_frames++];
	f->link = link;
	f->dir = dir;
	f->time_us = time_us;
	f->len = len;
	f->bytes = xmalloc(len);
	memcpy(f->bytes, bytes, len);
	if (tl->n_events > 0)
		tl->events[tl->n_events - 1].frame_count++;
	return tl->n_frames - 1;
}

void timeline_add_fact(struct timeline *tl, enum party p, enum fact_kind kind,
		       enum wire_dir dir, int frame, const char *label, struct fact_value *v)
{
	grow(&tl->facts[p], &tl->cap_facts[p], tl->n_facts[p] + 1, sizeof *tl->facts[p]);
	struct fact *f = &tl->facts[p][tl->n_facts[p]++];
	f->kind = kind;
	f->dir = dir;
	f->frame = frame;
	f->label = xstrdup(label ? label : "");
	f->v = *v;
	memset(v, 0, sizeof *v);
	f->value = fact_value_render(&f->v, NULL);
	if (tl->n_events > 0)
		tl->events[tl->n_events - 1].known[p] = tl->n_facts[p];
}

void timeline_add_keylog(struct timeline *tl, const struct keylog_entry *e)
{
	grow(&tl->keylog, &tl->cap_keylog, tl->n_keylog + 1, sizeof *tl->keylog);
	tl->keylog[tl->n_keylog++] = *e;
}

size_t timeline_opening_bytes(size_t plain_len)
{
	/* arena pieces are 16-byte aligned */
	return ((plain_len ? plain_len : 1) + 15) / 16 * 16 + 32;
}

void timeline_add_opening(struct timeline *tl, const struct opening *o)
{
	size_t cap = tl->n_openings;	/* grown one at a time: a run has a few dozen */
	struct opening *n = xrealloc(tl->openings, (cap + 1) * sizeof *n);
	tl->openings = n;
	struct opening *c = &n[tl->n_openings++];
	*c = *o;
	uint8_t *plain = arena_alloc(&tl->opened, o->plain_len ? o->plain_len : 1);
	uint8_t *key = arena_alloc(&tl->opened, 32);
	memcpy(plain, o->plain, o->plain_len);
	memcpy(key, o->key, 32);
	c->plain = plain;
	c->key = key;
}

size_t timeline_frame_openings(const struct timeline *tl, size_t frame, size_t *first)
{
	size_t i = 0;
	while (i < tl->n_openings && tl->openings[i].frame < frame)
		i++;
	*first = i;
	size_t n = 0;
	while (i + n < tl->n_openings && tl->openings[i + n].frame == frame)
		n++;
	return n;
}

void timeline_localize(struct timeline *tl, fact_translate_fn tr)
{
	for (int p = 0; p < PARTY_COUNT; p++)
		for (size_t i = 0; i < tl->n_facts[p]; i++) {
			struct fact *f = &tl->facts[p][i];
			free(f->value);
			f->value = fact_value_render(&f->v, tr);
		}
}
