/*
 * lesson: a lesson file, parsed.
 *
 * A lesson is a plain UTF-8 text file (lessons/FORMAT.md describes it): a
 * header of "key: value" lines that chooses the scenario, then sections
 * "== at EVENT" with narration paragraphs and multiple-choice questions.
 * This header holds the parsed lesson and the parser (lesson_parse.c and
 * lesson_header.c), which turns such a file into a struct lesson and
 * reports every problem it finds as a diagnostic with file, line and
 * column.  It never prints and knows nothing of terminals or of the
 * scenarios themselves, so the parser stays below the timeline.
 *
 * The lesson modules depend on each other in one direction only:
 *
 *   lesson_diag.h    diagnostics: file:line:col, the quoted line, a caret
 *   lesson.h         the parsed lesson and the parser
 *   lesson_check.h   checks against the scenarios and the translation
 *   lesson_markup.h  inline markup split for display; language and pane
 *                    names
 *
 * Text that reaches the screen is safe: a lesson that contains a control
 * character (C0 except tab, DEL, C1, ESC in particular), a bidirectional
 * override or invalid UTF-8 is refused, and the quoted line of a
 * diagnostic has such bytes, and invisible direction marks and tags,
 * replaced by '?' (utf8_sanitize).
 *
 * Narration, titles, questions, choices and explanations are kept with
 * their inline markup (*emphasis*, `code`, «quotes from the screen»,
 * backslash escapes); the parser has already checked that every span is
 * closed, and kept each quote with its place in the section it belongs
 * to.  lesson_spans() splits such a string into plain, emphasised and
 * code spans for display (a quote shows as code).
 */
#ifndef LESSON_H
#define LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson_diag.h"
#include "options.h"
#include "scenario.h"

struct option_spec;

#define LESSON_MAX_BYTES (1024 * 1024)	/* a larger file is refused */
#define LESSON_MAX_LINE 4096		/* bytes per line, without the newline */
#define LESSON_MAX_DIAGS 100		/* a parse stops after this many problems */


/* The pane a section asks the UI to draw attention to. */
enum lesson_pane {
	LESSON_PANE_NONE,
	LESSON_PANE_CLIENT,
	LESSON_PANE_WIRE,
	LESSON_PANE_SERVER,
};

/* A name given in the file (scenario, attack, event) and where. */
struct lesson_name {
	char *name;		/* owned; [a-z0-9-]+ */
	struct lesson_loc loc;	/* of the name itself */
};

struct lesson_choice {
	char *text;		/* owned, markup */
	bool right;		/* written "- [x]" */
};

struct lesson_question {
	char *text;		/* owned, markup */
	struct lesson_choice *choices;	/* at least two */
	size_t n_choices;
	char *explanation;	/* owned, markup; never NULL */
	struct lesson_loc loc;	/* of the "?" */
};

/*
 * Text the section quotes from the screen, written «...» in its narration,
 * questions, choices or explanations.  lesson_check_quotes() holds it to
 * what the screen shows at the section's event.
 */
struct lesson_quote {
	char *text;		/* owned, between the marks, as written */
	struct lesson_loc loc;	/* of the opening « */
};

struct lesson_section {
	struct lesson_name event;	/* "== at EVENT" */
	enum lesson_pane highlight;
	char **paras;		/* owned narration paragraphs, markup */
	size_t n_paras;
	struct lesson_question *questions;
	size_t n_questions;
	struct lesson_quote *quotes;	/* in the order written */
	size_t n_quotes;
	struct lesson_option *tries;	/* "try: NAME=VALUE": the changes it
					 * suggests (lesson_try.h) */
	size_t n_tries;
};

/*
 * An option of the header that changes one thing of the scenario
 * ("tls-policy: opportunistic", "seed: 42"): a row of the options table
 * (options.h) and the value written, which the parser checked is one the
 * row takes.  lesson_scenario() applies it.
 */
struct lesson_option {
	const struct option_spec *spec;
	char *value;		/* owned */
	struct lesson_loc loc;	/* of the value */
};

/*
 * A parsed lesson.  Options the header leaves out keep the scenario's
 * defaults.  The header's keys are those of the options table: the
 * scenario is its base option, the attacks its repeatable one, and every
 * other option that changes a scenario is in options.
 */
struct lesson {
	char *file;		/* owned copy of the name given to the parser */
	char *title;		/* markup */
	char *summary;		/* markup, or NULL */
	enum lesson_lang lang;
	struct lesson_name scenario;	/* syntax checked; see lesson_scenario */
	struct lesson_name *attacks;	/* "attack:" lines, in order */
	size_t n_attacks;
	struct lesson_option *options;	/* the other options, as written */
	size_t n_options;
	struct lesson_section *sections;	/* at least one */
	size_t n_sections;
};

/*
 * Parses len bytes of text (need not be NUL-terminated; any bytes at all).
 * file names the input in diagnostics (NULL: "<input>").  On success
 * returns 0 and stores a lesson the caller owns (lesson_free).  On any
 * problem returns -1, stores NULL and appends every problem found (up to
 * LESSON_MAX_DIAGS) to diags, which may be NULL.
 */
__attribute__((warn_unused_result))
int lesson_parse(const char *file, const char *text, size_t len,
		 struct lesson **out, struct lesson_diags *diags);

/*
 * Reads and parses a file.  Refuses, with a line-0 diagnostic, what cannot
 * be opened, directories, anything but a regular file (FIFOs, /dev/zero)
 * and files over LESSON_MAX_BYTES.  Same result as lesson_parse().
 */
__attribute__((warn_unused_result))
int lesson_load(const char *path, struct lesson **out,
		struct lesson_diags *diags);

/*
 * The same for a checker that reports every problem in one run: when the
 * file was read but has problems, *out still gets the lesson as far as
 * it could be read (names, sections and questions as written; a missing
 * text may be NULL) and -1 is returned, so that the checks against the
 * scenario can go on.  *out is NULL when the file could not be read or
 * the parse stopped after LESSON_MAX_DIAGS problems.
 */
__attribute__((warn_unused_result))
int lesson_load_partial(const char *path, struct lesson **out,
			struct lesson_diags *diags);

/*
 * Only the header (the lines before the first section), as far as it
 * could be read, for a caller that wants to know which story a lesson
 * tells without parsing the rest: *out is NULL only when the file could
 * not be read; the lesson has no sections.
 */
int lesson_load_header(const char *path, struct lesson **out);

/* Frees a lesson; accepts NULL. */
void lesson_free(struct lesson *l);

/* ASCII punctuation: what a backslash escapes in markup. */
static inline bool lesson_escapable(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* The marks of a quote from the screen, «...» (U+00AB, U+00BB), in UTF-8. */
#define LESSON_QUOTE_OPEN "\xc2\xab"
#define LESSON_QUOTE_CLOSE "\xc2\xbb"

/* Whether s[i..n) starts with the mark m (two bytes). */
static inline bool lesson_mark_at(const char *s, size_t i, size_t n, const char *m)
{
	return i + 1 < n && s[i] == m[0] && s[i + 1] == m[1];
}

#endif
