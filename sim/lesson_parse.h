/*
 * lesson_parse: the parser's own header, shared by its two files and
 * included nowhere else (users of the parser include lesson.h).
 *
 * lesson_parse.c reads a lesson line by line, checks each line as text,
 * and parses the sections with their narration and questions;
 * lesson_header.c parses the "key: value" lines before the first section,
 * and checks the inline markup of every line that holds text.
 * Both work on one struct parser and report problems through err_at(),
 * err_loc() and err_file(): the Makefile's pot target finds the messages
 * by these names, so they stay the same in both files.
 */
#ifndef LESSON_PARSE_H
#define LESSON_PARSE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "lesson.h"
#include "util.h"

struct parser {
	const char *file;
	struct lesson_diags *d;
	struct lesson *l;
	int problems;		/* diagnostics added by this parse */
	bool stop;		/* too many problems */

	/* the current line, without newline or CR */
	int lineno;
	const char *ln;
	size_t n;
	bool line_bad;		/* already reported: no structural reports */
	char *ln_text;		/* sanitized copy, made on demand */

	int *key_line;		/* where each key was given, or 0; owned,
				 * indexed as lesson_header.c says */
	struct buf para;	/* the paragraph being gathered */
	bool have_q;		/* the last section's last question is open */
	bool q_explained;	/* it has its explanation already */
	bool text_after_q;	/* section already complained about it */
};

/*
 * Adds a problem of this parse at line and col, quoting text (may be
 * NULL).  After LESSON_MAX_DIAGS problems it adds a last one saying so and
 * sets p->stop; from then on it adds nothing.
 */
void lesson_parse_problem(struct parser *p, int line, int col,
			  const char *text, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

/* A problem at byte offset off of the current line, unless the line was
 * already reported as bad text. */
void lesson_parse_problem_at(struct parser *p, size_t off, const char *fmt,
			     va_list ap) __attribute__((format(printf, 3, 0)));

/*
 * The reporters.  Static inline so that each file of the parser has them
 * under the names `make pot` is told about, without exporting names as
 * short as these from the library.
 */
static inline __attribute__((format(printf, 3, 4)))
void err_at(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lesson_parse_problem_at(p, off, fmt, ap);
	va_end(ap);
}

/* A problem at a place recorded earlier. */
static inline __attribute__((format(printf, 3, 4)))
void err_loc(struct parser *p, const struct lesson_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lesson_parse_problem(p, loc->line, loc->col, loc->line_text, fmt, ap);
	va_end(ap);
}

/* A problem about the whole file. */
static inline __attribute__((format(printf, 2, 3)))
void err_file(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lesson_parse_problem(p, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

/* Where byte off of the current line is, for a diagnostic after parsing.
 * The copy of the line it holds is freed with the lesson. */
struct lesson_loc lesson_parse_loc(struct parser *p, size_t off);

/*
 * lesson_header.c also checks inline markup.  lesson_parse_markup checks
 * bytes [a, b) of the current line: every *emphasis*, `code` span and
 * «quote» closes on the same line and is not empty; no code span or quote
 * inside emphasis.  Each quote is kept in the current section (a quote
 * before the first section is a problem).  lesson_parse_text returns a
 * copy of the bytes after checking them so.
 */
void lesson_parse_markup(struct parser *p, size_t a, size_t b);
char *lesson_parse_text(struct parser *p, size_t a, size_t b);

/* lesson_header.c: parses a line of the header; after the last line,
 * reports the keys that must be given and were not. */
void lesson_header_line(struct parser *p);
void lesson_header_check(struct parser *p);
/* A tab in text becomes one space (lesson_header.c). */
void lesson_expand_tabs(struct lesson *l);

/* lesson_try.c: a "try: NAME=VALUE" line of a section, parsed into it;
 * false when the line is not one (a header line, or other text). */
bool lesson_try_line(struct parser *p);

/* Blanks, words and names in a line s of n bytes. */
static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && is_blank(s[i]))
		i++;
	return i;
}

/* End of s[0..n) without trailing blanks. */
static inline size_t trim_end(const char *s, size_t n)
{
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	return n;
}

static inline bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static inline bool word_is(const char *s, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && memcmp(s + a, w, b - a) == 0;
}

#endif
