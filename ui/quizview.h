/*
 * quizview: the question overlay and the end-of-lesson summary.
 *
 * A question is drawn in a box along the bottom of the screen, over the
 * narration: the question, its choices labelled a, b, c with a tick box
 * each and a cursor, and the keys.  Once answered, each choice is marked
 * right or wrong, the right ones are named and the explanation follows.
 * The summary lists every question of the lesson with its result.  Like
 * the panes, these only draw; the loop refreshes.  quizview_key() is the
 * question screen's key handler: like picker_key() it changes the state
 * and returns flags that say what the loop must do.
 */
#ifndef QUIZVIEW_H
#define QUIZVIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "quiz.h"

/* The question on show. */
struct quizview {
	size_t q;		/* the item asked */
	int cursor;		/* its choice under the cursor */
	bool peek;		/* hidden for a while, to look at the panes */
	long scroll;		/* answered: the first line shown */
};

/* What the loop should do after a key (bits). */
enum {
	QUIZVIEW_QUIT = 1,
	QUIZVIEW_REDRAW = 2,	/* the question box changed */
	QUIZVIEW_CLOSE = 4,	/* done with this event's questions */
	QUIZVIEW_LATER = 8,	/* closed to answer later: step back */
	QUIZVIEW_PEEK = 16,	/* hidden: show the panes below */
	QUIZVIEW_ANSWERED = 32,	/* an answer was given: keep it */
	QUIZVIEW_UNTICKED = 64,	/* submitted with nothing ticked: say so */
};

/*
 * Handles action act (arg: its argument) on the question v->q of qz;
 * next is the item to ask after it at this event ((size_t)-1: none).
 */
unsigned quizview_key(struct quizview *v, struct quiz *qz, size_t next, enum action act,
		      int arg);

/* Rows the box for item i would like at a width (borders included). */
int quizview_rows(const struct quiz *qz, size_t i, int cursor, int width);

/* Draws the question of v, the cursor's choice in sight. */
void quizview_draw(WINDOW *w, const struct quiz *qz, const struct quizview *v);

/* Rows and columns the summary would like. */
void quizview_summary_size(const struct quiz *qz, const char *hints, int *rows, int *cols);

/* Draws the summary of qz; title names the lesson, hints (UTF-8) says
 * what the keys do next. */
void quizview_summary(WINDOW *w, const struct quiz *qz, const char *title, const char *hints);

#endif
