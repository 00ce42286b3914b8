/*
 * openings: a sniffer that holds the whole key log replays the recording
 * once; each record it opens is copied into the timeline's arena.  The
 * arena is sized before the replay from the record headers (every record
 * could be protected), so a run takes one guarded region more, and the
 * sniffer's record keys live in it too until the replay wipes them.
 */
#include <sodium.h>
#include <stdlib.h>

#include "openings.h"
#include "record.h"
#include "sniff.h"

/* What sniff_new takes: four links' keys (208 bytes each) and two 32-byte
 * keys, each piece rounded up to 16; SNIFF_ARENA_BYTES is too small for
 * four links. */
#define OPENINGS_SNIFF_BYTES 1024

static void discard(void *ctx, enum fact_kind kind, enum wire_dir dir, int frame,
		    const char *label, struct fact_value *v)
{
	(void)ctx, (void)kind, (void)dir, (void)frame, (void)label;
	fact_value_free(v);
}

static void opened(void *ctx, const struct opening *o)
{
	timeline_add_opening(ctx, o);
}

/* The arena every record of the recording would take if each opened. */
static size_t bound(const struct timeline *tl)
{
	size_t n = OPENINGS_SNIFF_BYTES;
	for (size_t i = 0; i < tl->n_frames; i++) {
		const uint8_t *p = tl->frames[i].bytes, *body;
		size_t left = tl->frames[i].len, blen, total;
		uint8_t type;
		while (left > 0 && rec_parse(p, left, &type, &body, &blen, &total) == 0) {
			n += timeline_opening_bytes(blen);
			p += total;
			left -= total;
		}
	}
	return n;
}

int openings_build(struct timeline *tl)
{
	if (tl->n_keylog == 0)
		return 0;	/* nothing was ever protected */
	if (arena_init(&tl->opened, bound(tl)) < 0)
		return -1;
	struct sniff *sn = sniff_new(tl->links, tl->n_links, discard, NULL, &tl->opened);
	sniff_on_opened(sn, opened, tl);
	sniff_use_keylog(sn, tl->keylog, tl->n_keylog, tl->frames, tl->n_frames);
	sniff_free(sn);
	return 0;
}
