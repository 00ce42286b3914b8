/*
 * fact: what a party learnt, as data.  The value of a fact is a message id
 * (an English printf-style format, the key into the message catalogue)
 * and the arguments it was given: host names, ports, byte counts, hex,
 * lines read from the wire.  sim/ never builds a sentence; a view renders
 * the value in the user's language with fact_value_render, passing the
 * catalogue's lookup.
 *
 * A translation may reorder the arguments with "%2$s"; each argument was
 * formatted once, when the fact was made, with the conversion the message
 * id gave it, so only digits, hex and names reach the translated text.
 */
#ifndef FACT_H
#define FACT_H

#include <stdarg.h>
#include <stddef.h>

enum fact_arg_kind {
	FACT_ARG_TEXT,		/* a name, a line from the wire, hex */
	FACT_ARG_NUMBER,	/* a count, a port, a size */
};

struct fact_arg {
	enum fact_arg_kind kind;
	char *text;		/* owned; the argument as its conversion printed it */
};

/* A message id and its arguments, or (msg NULL) one verbatim text in args[0]. */
struct fact_value {
	const char *msg;	/* a string literal: lives as long as the program */
	struct fact_arg *args;	/* owned */
	size_t n_args;
};

/* The catalogue's lookup: returns the translation of msgid, or msgid. */
typedef const char *(*fact_translate_fn)(const char *msgid);

/*
 * Captures fmt's arguments by their conversions (%s, %c, %d, %i, %u, %x,
 * with l, ll, z and field widths, and "%.*s"; no other '*', no %n).  fmt must be a
 * string literal: it is kept, not copied.
 */
void fact_value_vset(struct fact_value *v, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void fact_value_set(struct fact_value *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A value shown as it is, never translated (copied). */
void fact_value_text(struct fact_value *v, const char *text);

/*
 * The value in the language of tr (NULL: the message ids' English).  A
 * translation that names an argument it was not given renders in English.
 * Returns a new string.
 */
char *fact_value_render(const struct fact_value *v, fact_translate_fn tr);

void fact_value_free(struct fact_value *v);	/* accepts a zeroed value */

#endif
