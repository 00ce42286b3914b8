/*
 * lesson_check: checks of a parsed lesson against what it names.
 *
 * The parser (lesson.h) checks a lesson file on its own; these bind it to
 * the rest of the core: the events of its scenario's timeline, the
 * scenario and attack tables (lesson_scenario is the one place a lesson
 * becomes a struct scenario), and the other translation of the same
 * lesson.  They append diagnostics at the places the parser recorded.
 *
 * Quotes: a lesson writes «text» where it points at text on the screen.
 * Each must be on the screen when the student reads it: at the event of
 * its section, or earlier.  What the screen can show by event ev is, one
 * line each, every event title up to ev and every fact the three panes
 * hold after ev as the panes write it: "label: value" (the marks ✓, ✗,
 * !, ▸ left out), and the wire's lines as "C>S value".  A quote matches a
 * line when it occurs in it, blanks counted as one space; '…' in a quote
 * stands for any text of that line ("C>S [23] 42 bytes, unreadable: …").
 */
#ifndef LESSON_CHECK_H
#define LESSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "fact.h"
#include "lesson.h"
#include "lesson_diag.h"
#include "scenario.h"
#include "timeline.h"

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

/*
 * The lines the screen can show by event ev (see above), rendered in the
 * language of tr (NULL: English) and blanks normalised.  Stores a new
 * array of new strings in *out (free with lesson_lines_free) and returns
 * its length.
 */
size_t lesson_screen_lines(const struct timeline *tl, size_t ev,
			   fact_translate_fn tr, char ***out);
void lesson_lines_free(char **v, size_t n);

/* Whether quote matches one of the n lines (see above). */
bool lesson_quote_found(const char *quote, char *const *lines, size_t n);

/*
 * Checks every quote of l against the screen of timeline tl (the run of
 * l's scenario), rendered with tr: the translation of l's language.
 * Appends "quoted text not on the screen at event 'NAME': «...»" at each
 * quote that is not there.  Returns 0 when all are, else -1.
 */
__attribute__((warn_unused_result))
int lesson_check_quotes(const struct lesson *l, const struct timeline *tl,
			fact_translate_fn tr, struct lesson_diags *diags);

#endif
