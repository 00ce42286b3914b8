/*
 * quiz: the questions of a lesson and the answers given.
 *
 * Every question of every section becomes one item, numbered in the
 * order of the file; the number is how progress files (progress.h) name
 * a question.  An item holds the choices ticked so far and, once
 * answered, whether the answer was right: all the right choices ticked
 * and no wrong one.  The text is kept ready for the screen (rich.h).
 * Pure: no curses, no files.
 */
#ifndef QUIZ_H
#define QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson.h"
#include "rich.h"

#define QUIZ_MAX_CHOICES 64	/* choices after this one cannot be ticked */

struct quiz_item {
	const struct lesson_question *q;	/* borrowed from the lesson */
	size_t section;			/* index into the lesson's sections */
	struct rich text, expl;		/* the question and its explanation */
	struct rich *choices;		/* q->n_choices of them */
	uint64_t ticked;		/* bit c: choice c is ticked */
	bool answered, right;
};

struct quiz {
	struct quiz_item *items;	/* owned */
	size_t n;
};

/* Fills qz with the questions of l, which must outlive it; ascii folds
 * the text for non-UTF-8 terminals.  Free with quiz_free. */
void quiz_init(struct quiz *qz, const struct lesson *l, bool ascii);
void quiz_free(struct quiz *qz);

/* The items of section s: returns the first index, *count how many. */
size_t quiz_of_section(const struct quiz *qz, size_t s, size_t *count);

/* Ticks or unticks choice c of item i (not once answered). */
void quiz_toggle(struct quiz *qz, size_t i, size_t c);

/* The mask of the right choices of item i. */
uint64_t quiz_right_mask(const struct quiz *qz, size_t i);

/* Answers item i with the ticked choices.  Returns -1 (and changes
 * nothing) when none is ticked or it was answered already, else 0. */
int quiz_submit(struct quiz *qz, size_t i);

/* Sets item i as answered with the choices in mask, as a saved answer
 * says.  Returns -1 when the mask cannot be an answer to it. */
int quiz_restore(struct quiz *qz, size_t i, uint64_t mask);

/* How many are answered right; *answered gets how many are answered. */
size_t quiz_score(const struct quiz *qz, size_t *answered);

#endif
