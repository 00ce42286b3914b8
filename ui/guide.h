/*
 * guide: a lesson bound to the timeline the app shows.
 *
 * Which section (narration, highlighted pane, questions) belongs to which
 * event, with the narration made ready for the screen (rich.h) and the
 * questions' state (quiz.h).  A guide either teaches (a lesson file the
 * student opened: questions are asked, progress is kept) or only
 * narrates (a plain --scenario run borrowing a shipped lesson's text).
 * Pure: no curses.
 */
#ifndef GUIDE_H
#define GUIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"
#include "quiz.h"
#include "rich.h"
#include "timeline.h"

struct guide_section {
	const struct lesson_section *sec;	/* borrowed from the lesson, or
						 * own when it suggests a change */
	struct rich *paras;			/* sec->n_paras, ready to draw */
	size_t first_q, n_q;			/* its questions in the quiz */
	/* A section that suggests changes ("try:") is drawn from a copy
	 * whose last paragraph is the hint "press w and choose ...". */
	struct lesson_section own;
	char *hint;				/* that paragraph; owned */
};

struct guide {
	struct lesson *lesson;		/* owned */
	char *title;			/* the lesson's title, plain */
	bool ask;			/* questions are asked (a lesson file) */
	struct guide_section *secs;	/* lesson->n_sections */
	int *at;			/* per event: its section, or -1 */
	size_t n_events;
	struct quiz quiz;		/* empty unless ask */
};

/*
 * Binds l (the guide takes it over, also on failure) to tl: each section
 * to the first event of its name after the previous section's.  Returns
 * 0, or -1 when a section's event is not in tl (g zeroed, l freed).
 */
__attribute__((warn_unused_result))
int guide_init(struct guide *g, struct lesson *l, const struct timeline *tl,
	       bool ask, bool ascii);

/*
 * Binds g's lesson again, to tl (another run of the story, after a
 * what-if change): sections whose event tl does not have are left out.
 */
void guide_rebind(struct guide *g, const struct timeline *tl);

/* The changes the section on show at ev suggests (the latest section up
 * to ev); *n gets how many. */
const struct lesson_option *guide_tries(const struct guide *g, size_t ev, size_t *n);

/* The changes sec suggests as the menu names them, " or " between them,
 * each a code span when code (markup).  The caller frees it. */
char *guide_try_list(const struct lesson_section *sec, bool code);

/* Frees g's contents and zeroes it; accepts NULL. */
void guide_free(struct guide *g);

/* The section for event ev, or NULL. */
const struct guide_section *guide_at(const struct guide *g, size_t ev);

/*
 * Narration for a plain scenario run: the first shipped lesson of lang,
 * by file name, whose scenario is tl's with the same attacks and options
 * (the seed may differ) and whose every section names an event of tl.
 * Fills g (ask false) and returns 0, or -1 when no lesson fits.
 */
int guide_find_shipped(struct guide *g, const struct timeline *tl, const char *lang,
		       bool ascii);

#endif
