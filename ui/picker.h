/*
 * picker: the lesson picker, the screen tlssim opens with no arguments.
 *
 * It lists the shipped lessons of one language, each with its title, its
 * summary and, when the student has opened it before, where they stopped
 * or that they finished it (from the progress files), and opens on the
 * first lesson not finished.  It scrolls, and its border says how many
 * lessons lie above and below.  picker_draw() draws it into a window;
 * picker_key() takes an action from the key table and says what the loop
 * should do.
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
	size_t page;			/* entries the last drawing showed */
	const char *prompt;		/* a note instead of the key hints until
					 * the next key (UTF-8, not owned), or NULL */
};

/* What the loop should do after a key. */
enum {
	PICKER_REDRAW = 1,
	PICKER_OPEN = 2,		/* open v[sel] */
	PICKER_QUIT = 4,
	PICKER_RETAKE = 8,		/* start v[sel] over (ask first if it has progress) */
	PICKER_ASK_QUIT = 16,		/* Esc: quit after asking */
};

/* Reads the shipped lessons of lang and their progress; the cursor on
 * the first lesson not finished (the first one when all are). */
void picker_init(struct picker *p, const char *lang);

/* The entry of lesson file path, or (size_t)-1. */
size_t picker_find(const struct picker *p, const char *path);

/* The cursor on entry i if it is not finished, else on the next
 * unfinished one after it (wrapping), else stays on i. */
void picker_select_from(struct picker *p, size_t i);
void picker_free(struct picker *p);

/* Reads the progress files again (after a lesson was left). */
void picker_marks(struct picker *p, const char *lang);

void picker_draw(WINDOW *w, struct picker *p);
unsigned picker_key(struct picker *p, enum action a);

#endif
