/*
 * quizview: the question overlay and the end-of-lesson summary.
 *
 * A question is drawn in a box along the bottom of the screen, over the
 * narration: the question, its choices labelled a, b, c with a tick box
 * each and a cursor, and the keys.  Once answered, each choice is marked
 * right or wrong, the right ones are named and the explanation follows.
 * The summary lists every question of the lesson with its result.  Like
 * the panes, these only draw; the loop refreshes.
 */
#ifndef QUIZVIEW_H
#define QUIZVIEW_H

#include <curses.h>
#include <stddef.h>

#include "quiz.h"

/* Rows the box for item i would like at a width (borders included). */
int quizview_rows(const struct quiz *qz, size_t i, int cursor, int width);

/* Draws item i, the cursor on choice cursor. */
void quizview_draw(WINDOW *w, const struct quiz *qz, size_t i, int cursor);

/* Rows and columns the summary would like. */
void quizview_summary_size(const struct quiz *qz, int *rows, int *cols);

/* Draws the summary of qz; title names the lesson. */
void quizview_summary(WINDOW *w, const struct quiz *qz, const char *title);

#endif
