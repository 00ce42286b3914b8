/*
 * lesson_diag: the problems found in a lesson file, and how they read.
 *
 * The parser (lesson.h) and the checks after it (lesson_check.h) collect
 * problems here as file:line:col diagnostics; the command line and the
 * lesson picker format them for people.  Every string a diagnostic keeps
 * is made safe to print when it is added, so whatever a lesson file or
 * its name holds, a formatted diagnostic cannot drive the terminal.
 *
 * Columns are 1-based and counted in characters (code points); an invalid
 * UTF-8 byte counts as one character.  Line 0 means "the whole file".
 */
#ifndef LESSON_DIAG_H
#define LESSON_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "fact.h"

/* One problem.  All strings owned by the list. */
struct lesson_diag {
	char *file;
	int line, col;		/* 1-based; line 0: about the whole file */
	struct fact_value msg;	/* message id and arguments */
	char *message;		/* msg rendered (English, or as localized) */
	char *line_text;	/* the line, control bytes replaced; or NULL */
};

/* A list of diagnostics.  Start from a zeroed struct; free with
 * lesson_diags_free().  Problems are appended in the order found. */
struct lesson_diags {
	struct lesson_diag *v;
	size_t n, cap;
};

/*
 * Appends a diagnostic.  The format is translated (the user's language
 * when a catalogue has the message).  Copies every string through
 * lesson_diag_sanitize().  file NULL: "<input>"; line_text may be NULL.
 */
void lesson_diag_add(struct lesson_diags *d, const char *file, int line,
		     int col, const char *line_text, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Where something was written, for diagnostics after parsing. */
struct lesson_loc {
	int line, col;
	char *line_text;	/* owned, sanitized copy of the line */
};

/* lesson_diag_add() at a place the parser recorded in file. */
void lesson_diag_at(struct lesson_diags *d, const char *file, const struct lesson_loc *loc,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The same with a va_list, for reporters of the parser and the checks. */
void lesson_diag_vadd(struct lesson_diags *d, const char *file, int line,
		      int col, const char *line_text, const char *fmt,
		      va_list ap) __attribute__((format(printf, 6, 0)));

/*
 * A copy of n bytes of s that is safe to quote (caller frees): control
 * characters, bidirectional controls and marks, tag characters and each
 * byte of invalid UTF-8 become '?'; tabs stay.
 */
char *lesson_diag_sanitize(const char *s, size_t n);

/*
 * Formats one diagnostic as a new string (caller frees), without a final
 * newline:
 *
 *   lessons/en/01-steps.lesson:3:1: unknown key 'titel'
 *       3 | titel: The eight steps
 *         | ^
 *
 * or "FILE: message" for line 0.  The caret is placed by display width
 * (utf8_cp_width: Japanese characters and emoji take two cells, combining
 * marks none; tabs are copied).  Lines longer than a screen are cut
 * around the column.
 */
char *lesson_diag_format(const struct lesson_diag *dg);

/* Renders every message again in the language of tr (NULL: English). */
void lesson_diags_localize(struct lesson_diags *d, fact_translate_fn tr);

/* Frees the diagnostics in d and zeroes it; accepts NULL. */
void lesson_diags_free(struct lesson_diags *d);

#endif
