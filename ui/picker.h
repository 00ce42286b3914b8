/*
 * picker: the lesson picker, the screen tlssim opens with no arguments.
 *
 * It lists the shipped lessons of one language, each with its title, its
 * summary and, when the student has opened it before, where they stopped
 * or that they finished it (from the progress files).  picker_draw()
 * draws it into a window; picker_key() takes an action from the key
 * table and says what the loop should do.
 */
#ifndef PICKER_H
#define PICKER_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "lessons.h"

struct picker {
	struct lessons_entry *v;	/* owned */
	char **marks;			/* per lesson: progress, or NULL; owned */
	bool *done;			/* per lesson: finished; owned */
	size_t n;
	size_t sel, top;		/* chosen entry, first one shown */
};

/* What the loop should do after a key. */
enum {
	PICKER_REDRAW = 1,
	PICKER_OPEN = 2,		/* open v[sel] */
	PICKER_QUIT = 4,
};

void picker_init(struct picker *p, const char *lang);
void picker_free(struct picker *p);

/* Reads the progress files again (after a lesson was left). */
void picker_marks(struct picker *p, const char *lang);

void picker_draw(WINDOW *w, struct picker *p);
unsigned picker_key(struct picker *p, enum action a);

#endif
