/*
 * inspector: the packet inspector, an overlay over the view.  For one
 * frame of the timeline: its fields as a tree (sim/dissect.h), its bytes
 * in hex with offsets and an ASCII column, the bytes of the field under
 * the cursor highlighted, and for a protected record what its receiver
 * read in it, with the key and nonce that opened it.  Everything shown was
 * computed when the timeline was built; the inspector only looks.
 */
#ifndef INSPECTOR_H
#define INSPECTOR_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "dissect.h"
#include "keys.h"
#include "lines.h"
#include "timeline.h"

struct inspector {
	bool open;
	size_t frame;		/* the frame shown */
	size_t limit;		/* frames [0, limit) have crossed by the current event */
	struct dissection d;
	char **labels;		/* each field's label: translated, safe to print
				 * (NULL until shown: inspector_label) */
	size_t cursor;		/* the field under the cursor */
	size_t tree_top;	/* the first field row on show */
	size_t hex_top;		/* the first hex row on show */
	bool follow;		/* the hex keeps the cursor's bytes in sight */
	struct lines_memo memo;	/* what its window shows: a key redraws what changed */
};

/* What inspector_key asks of the app. */
enum { INSP_REDRAW = 1, INSP_CLOSE = 2 };

/*
 * Opens on frame (or, when frame is -1, on the newest frame on the wire
 * at event ev).  Returns 0, or -1 when no frame has crossed yet.
 */
int inspector_open(struct inspector *in, const struct timeline *tl, size_t ev, long frame);
void inspector_close(struct inspector *in);	/* accepts a closed one */

/* Field i's label in the user's language, made safe to print. */
const char *inspector_label(struct inspector *in, size_t i);

unsigned inspector_key(struct inspector *in, const struct timeline *tl, enum action act);

/* The opening of the record the cursor is in (or the frame's first), or NULL. */
const struct opening *inspector_opening(const struct inspector *in, const struct timeline *tl);

/* Draws the inspector into w, which it fills; only the rows that changed
 * since the last call, unless lines_memo_forget(&in->memo) (a new w). */
void inspector_draw(WINDOW *w, struct inspector *in, const struct timeline *tl);

/*
 * The frame a row of the wire pane shows (y in w's coordinates), read
 * back from the row's text: the log's entries name no frame on screen.
 * -1 when the row shows none.
 */
long inspector_frame_at_row(WINDOW *wire, int y, const struct timeline *tl, size_t ev);

#endif
