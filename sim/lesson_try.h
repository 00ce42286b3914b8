/*
 * lesson_try: the changes a lesson section suggests.
 *
 * A section may hold lines "try: NAME=VALUE" (attack=strip,
 * tls-policy=required, mode=implicit): a change the student can make
 * with the what-if menu at that point of the story (whatif.h).  The
 * parser (lesson_try.c, a part of it) checks the name and the value;
 * these check them against the lesson's scenario and its translation.
 */
#ifndef LESSON_TRY_H
#define LESSON_TRY_H

#include "lesson.h"
#include "lesson_diag.h"
#include "scenario.h"

/*
 * Checks that every suggestion of l applies to sc (the lesson's own
 * scenario) and changes something in it.  Appends a diagnostic at each
 * that does not.  Returns 0 when all are fine, else -1.
 */
__attribute__((warn_unused_result))
int lesson_check_tries(const struct lesson *l, const struct scenario *sc,
		       struct lesson_diags *diags);

/*
 * Compares the suggestions of the sections of a and b that have the same
 * event: the same changes in the same order.  Appends a diagnostic in b
 * per section that differs.  Returns 0 when they match, else -1.
 */
__attribute__((warn_unused_result))
int lesson_compare_tries(const struct lesson *a, const struct lesson *b,
			 struct lesson_diags *diags);

#endif
