/*
 * lesson_check: checks of a parsed lesson against what it names.
 *
 * The parser (lesson.h) checks a lesson file on its own; these bind it to
 * the rest of the core: the events of its scenario's timeline, the
 * scenario and attack tables (lesson_scenario is the one place a lesson
 * becomes a struct scenario), and the other translation of the same
 * lesson.  They append diagnostics at the places the parser recorded.
 */
#ifndef LESSON_CHECK_H
#define LESSON_CHECK_H

#include <stddef.h>

#include "lesson.h"
#include "lesson_diag.h"
#include "scenario.h"

/*
 * Checks that every section names one of the scenario's events (names, in
 * timeline order) and that sections follow that order.  Appends one
 * diagnostic per problem at the event name.  Returns 0 when all is well,
 * else -1.
 */
__attribute__((warn_unused_result))
int lesson_check_events(const struct lesson *l, const char *const *names,
			size_t n, struct lesson_diags *diags);

/*
 * Fills *sc with the lesson's scenario: scenario_init() of its name, then
 * the header's attacks and options on top (an option left out keeps the
 * scenario's default; a seed makes the run seeded).  Returns 0, or -1 with
 * a diagnostic at each unknown scenario or attack name.
 */
__attribute__((warn_unused_result))
int lesson_scenario(const struct lesson *l, struct scenario *sc,
		    struct lesson_diags *diags);

/*
 * Compares two translations of one lesson: the same scenario and options,
 * the same sections (by event name), and in each section the same number
 * of questions with the same number of choices and the same right ones.
 * Appends a diagnostic per difference, at the place in whichever file has
 * the extra or differing item.  Returns 0 when they match, else -1.
 */
__attribute__((warn_unused_result))
int lesson_compare(const struct lesson *a, const struct lesson *b,
		   struct lesson_diags *diags);

#endif
