/*
 * lesson: the lesson file parser.
 *
 * A lesson is a plain UTF-8 text file (lessons/FORMAT.md describes it): a
 * header of "key: value" lines that chooses the scenario, then sections
 * "== at EVENT" with narration paragraphs and multiple-choice questions.
 * This module turns such a file into a struct lesson and reports every
 * problem it finds as a diagnostic with file, line and column.  It never
 * prints and knows nothing of terminals or of the scenarios themselves:
 * binding a lesson to a scenario's event names is a separate check
 * (lesson_check_events), so the parser stays below the timeline; the
 * only thing it takes from the rest of the core is the scenario table
 * (lesson_scenario).
 *
 * Text that reaches the screen is safe: a lesson that contains a control
 * character (C0 except tab, DEL, C1, ESC in particular), a bidirectional
 * override or invalid UTF-8 is refused, and the quoted line of a
 * diagnostic has such bytes, and invisible direction marks and tags,
 * replaced by '?' (utf8_sanitize).
 *
 * Narration, titles, questions, choices and explanations are kept with
 * their inline markup (*emphasis*, `code`, backslash escapes); the parser
 * has already checked that every span is closed.  lesson_spans() splits
 * such a string into plain, emphasised and code spans for display.
 *
 * Columns are 1-based and counted in characters (code points); an invalid
 * UTF-8 byte counts as one character.  Line 0 means "the whole file".
 */
#ifndef LESSON_H
#define LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

#define LESSON_MAX_BYTES (1024 * 1024)	/* a larger file is refused */
#define LESSON_MAX_LINE 4096		/* bytes per line, without the newline */
#define LESSON_MAX_DIAGS 100		/* a parse stops after this many problems */

/* One problem.  All strings owned by the list. */
struct lesson_diag {
	char *file;
	int line, col;		/* 1-based; line 0: about the whole file */
	char *message;
	char *line_text;	/* the line, control bytes replaced; or NULL */
};

/* A list of diagnostics.  Start from a zeroed struct; free with
 * lesson_diags_free().  Problems are appended in the order found. */
struct lesson_diags {
	struct lesson_diag *v;
	size_t n, cap;
};

enum lesson_lang { LESSON_LANG_EN, LESSON_LANG_JA };

/* The pane a section asks the UI to draw attention to. */
enum lesson_pane {
	LESSON_PANE_NONE,
	LESSON_PANE_CLIENT,
	LESSON_PANE_WIRE,
	LESSON_PANE_SERVER,
};

/* Where something was written, for diagnostics after parsing. */
struct lesson_loc {
	int line, col;
	char *line_text;	/* owned, sanitized copy of the line */
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

struct lesson_section {
	struct lesson_name event;	/* "== at EVENT" */
	enum lesson_pane highlight;
	char **paras;		/* owned narration paragraphs, markup */
	size_t n_paras;
	struct lesson_question *questions;
	size_t n_questions;
};

/*
 * A parsed lesson.  Options the header leaves out keep the scenario's
 * defaults: the has_ flags say which ones were given.
 */
struct lesson {
	char *file;		/* owned copy of the name given to the parser */
	char *title;		/* markup */
	char *summary;		/* markup, or NULL */
	enum lesson_lang lang;
	struct lesson_name scenario;	/* syntax checked; see lesson_scenario */
	struct lesson_name *attacks;	/* "attack:" lines, in order */
	size_t n_attacks;
	bool has_tls_policy, has_server_policy, has_kx, has_hop_b, has_seed;
	enum tls_policy tls_policy;
	enum server_policy server_policy;
	enum kx kx;
	bool hop_b_plain;	/* "hop-b: plain" */
	uint64_t seed;
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

/* Frees a lesson; accepts NULL. */
void lesson_free(struct lesson *l);

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

/* Appends a diagnostic.  Copies every string, with control characters
 * and invalid UTF-8 replaced by '?'.  line_text may be NULL. */
void lesson_diag_add(struct lesson_diags *d, const char *file, int line,
		     int col, const char *line_text, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Formats one diagnostic as a new string (caller frees), without a final
 * newline:
 *
 *   lessons/en/01-steps.lesson:3:1: unknown key 'titel'
 *       3 | titel: The eight steps
 *         | ^
 *
 * or "FILE: message" for line 0.  The caret is placed by display width
 * (Japanese characters take two cells; tabs are copied).  Lines longer
 * than a screen are cut around the column.
 */
char *lesson_diag_format(const struct lesson_diag *dg);

/* Frees the diagnostics in d and zeroes it; accepts NULL. */
void lesson_diags_free(struct lesson_diags *d);

/* Inline markup, split for display. */
enum lesson_span_kind { LESSON_SPAN_TEXT, LESSON_SPAN_EMPH, LESSON_SPAN_CODE };

struct lesson_span {
	enum lesson_span_kind kind;
	char *text;		/* owned, markup and escapes removed */
};

/*
 * Splits markup into spans (adjacent text of one kind is merged, empty
 * spans are dropped).  Stores a new array in *out (free with
 * lesson_spans_free) and returns its length.  Unclosed markers, which the
 * parser refuses, are shown as plain text.
 */
size_t lesson_spans(const char *markup, struct lesson_span **out);
void lesson_spans_free(struct lesson_span *v, size_t n);

/* The text with markup removed, as a new string: for plain transcripts. */
char *lesson_plain(const char *markup);

/* "en" / "ja", "client" / "wire" / "server" / "none". */
const char *lesson_lang_name(enum lesson_lang lang);
const char *lesson_pane_name(enum lesson_pane pane);

#endif
