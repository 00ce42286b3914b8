/*
 * openings: a sniffer that holds the whole key log replays the recording;
 * each record it opens is copied into the timeline.  Two passes: the
 * first sizes the timeline's arena, the second fills it.
 */
#include <sodium.h>
#include <stdlib.h>

#include "openings.h"
#include "sniff.h"

/* The sniffer takes SNIFF_ARENA_BYTES, each piece rounded up to 16. */
#define OPENINGS_SNIFF_ARENA 4096

struct pass {
	struct timeline *tl;
	size_t bytes;		/* first pass: the arena the openings need */
	bool fill;		/* second pass: copy them in */
};

static void discard(void *ctx, enum fact_kind kind, enum wire_dir dir, int frame,
		    const char *label, struct fact_value *v)
{
	(void)ctx, (void)kind, (void)dir, (void)frame, (void)label;
	fact_value_free(v);
}

static void opened(void *ctx, const struct opening *o)
{
	struct pass *p = ctx;
	if (p->fill)
		timeline_add_opening(p->tl, o);
	else
		p->bytes += timeline_opening_bytes(o->plain_len);
}

static int replay(struct timeline *tl, struct pass *p)
{
	struct arena keys;
	if (arena_init(&keys, OPENINGS_SNIFF_ARENA) < 0)
		return -1;
	struct sniff *sn = sniff_new(tl->links, tl->n_links, discard, NULL, &keys);
	sniff_on_opened(sn, opened, p);
	sniff_use_keylog(sn, tl->keylog, tl->n_keylog, tl->frames, tl->n_frames);
	sniff_free(sn);
	arena_free(&keys);
	return 0;
}

int openings_build(struct timeline *tl)
{
	struct pass p = { .tl = tl };
	if (tl->n_keylog == 0)
		return 0;
	if (replay(tl, &p) < 0)
		return -1;
	if (p.bytes == 0)
		return 0;
	if (arena_init(&tl->opened, p.bytes) < 0)
		return -1;
	p.fill = true;
	return replay(tl, &p);
}
