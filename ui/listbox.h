/*
 * listbox: a cursor over a list of entries that scrolls, for the what-if
 * menu and the event list.  Entries that cannot be chosen (headings) are
 * skipped by the cursor.  No curses: the owner draws rows [top, top +
 * rows) and says how many rows it has.
 */
#ifndef LISTBOX_H
#define LISTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"

struct listbox {
	size_t n;		/* entries */
	size_t sel;		/* the cursor */
	size_t top;		/* first entry shown */
	int rows;		/* entries the window shows (set when drawn) */
	bool (*can_take)(const void *ctx, size_t i);	/* NULL: every entry */
	const void *ctx;
};

/* Moves the cursor for a list key (up, down, a page); true if it moved. */
bool listbox_key(struct listbox *b, enum action act);

/* Puts the cursor on entry i, or the nearest that can be taken after it. */
void listbox_set(struct listbox *b, size_t i);

/* Keeps the cursor on screen: top moves so that sel is within rows. */
void listbox_scroll(struct listbox *b, int rows);

/* The entry shown at row r of the list (0 the first), or false. */
bool listbox_at_row(const struct listbox *b, int r, size_t *i);

#endif
