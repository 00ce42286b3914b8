/*
 * lesson_try: "try: NAME=VALUE" lines of a section (see lesson_try.h).
 *
 * The parsing is a part of the parser (lesson_parse.h: it reports with
 * err_at like the rest); the checks against the scenario and the
 * translation come after, like lesson_check's.
 */
#include "lesson_try.h"

#include <stdlib.h>
#include <string.h>

#include "lesson_parse.h"
#include "util.h"
#include "whatif.h"

#define TRY "try:"

/* Reports a name that is not a value of o, with the values it takes. */
static void bad_value(struct parser *p, size_t at, const struct option_spec *o, size_t a, size_t b)
{
	char *valid = whatif_choices(o);
	err_at(p, at, "'%.*s' is not a value of %s (valid: %s)", (int)(b - a), p->ln + a,
	       o->name + 2, valid);
	free(valid);
}

/* NAME=VALUE at [a, b) of the current line: checked, then kept in s. */
static void parse_change(struct parser *p, struct lesson_section *s, size_t a, size_t b)
{
	const char *ln = p->ln;
	const char *eq = memchr(ln + a, '=', b - a);
	size_t e = eq ? (size_t)(eq - ln) : b;
	for (size_t k = a; k < b; k++) {
		if (k != e && !is_name_char(ln[k]) && ln[k] != '.') {
			err_at(p, k, "expected 'try: NAME=VALUE', without blanks (try: attack=strip)");
			return;
		}
	}
	char *name = xstrndup(ln + a, e - a);
	const struct option_spec *o = whatif_find(name);
	free(name);
	if (!o) {
		err_at(p, a, "'%.*s' cannot be tried (known: %s)", (int)(e - a), ln + a, whatif_names());
		return;
	}
	if (!eq || e + 1 == b) {
		bad_value(p, eq ? e + 1 : e, o, b, b);
		return;
	}
	char *value = xstrndup(ln + e + 1, b - e - 1);
	if (!option_value(o, value)) {
		bad_value(p, e + 1, o, e + 1, b);
		free(value);
		return;
	}
	for (size_t k = 0; k < s->n_tries; k++) {
		if (s->tries[k].spec == o && strcmp(s->tries[k].value, value) == 0) {
			err_at(p, a, "'%s=%s' was already suggested on line %d", o->name + 2, value,
			       s->tries[k].loc.line);
			free(value);
			return;
		}
	}
	s->tries = xrealloc(s->tries, (s->n_tries + 1) * sizeof *s->tries);
	s->tries[s->n_tries++] = (struct lesson_option){
		.spec = o, .value = value, .loc = lesson_parse_loc(p, a),
	};
}

bool lesson_try_line(struct parser *p)
{
	struct lesson *l = p->l;
	size_t n = trim_end(p->ln, p->n);
	if (l->n_sections == 0 || n < strlen(TRY) || memcmp(p->ln, TRY, strlen(TRY)) != 0)
		return false;
	struct lesson_section *s = &l->sections[l->n_sections - 1];
	size_t a = skip_blanks(p->ln, strlen(TRY), n);
	if (s->n_questions)
		err_at(p, 0, "a suggestion after a question: write 'try:' before the section's first question");
	else if (a == strlen(TRY))
		err_at(p, a, "expected a space after 'try:'");
	else if (a == n)
		err_at(p, a, "expected 'try: NAME=VALUE' (try: attack=strip)");
	else
		parse_change(p, s, a, n);
	return true;
}

/* ---- checks after parsing ------------------------------------------------- */

int lesson_check_tries(const struct lesson *l, const struct scenario *sc,
		       struct lesson_diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < l->n_sections; i++) {
		const struct lesson_section *s = &l->sections[i];
		for (size_t k = 0; k < s->n_tries; k++) {
			const struct lesson_option *t = &s->tries[k];
			const struct option_choice *c = option_value(t->spec, t->value);
			const char *why = whatif_unavailable(t->spec, c, sc);
			if (why) {
				lesson_diag_at(d, l->file, &t->loc, "'%s=%s' cannot be tried in scenario %s: %s",
					  t->spec->name + 2, t->value, sc->name, why);
				rc = -1;
			} else if (whatif_current(t->spec, c, sc)) {
				lesson_diag_at(d, l->file, &t->loc, "'%s=%s' changes nothing: the lesson runs it already",
					  t->spec->name + 2, t->value);
				rc = -1;
			}
		}
	}
	return rc;
}

/* A section's suggestions as "a=b c=d" (caller frees). */
static char *tries_string(const struct lesson_section *s)
{
	struct buf b = {0};
	for (size_t k = 0; k < s->n_tries; k++) {
		char *one = xprintf("%s%s=%s", k ? " " : "", s->tries[k].spec->name + 2, s->tries[k].value);
		buf_put(&b, one, strlen(one));
		free(one);
	}
	buf_put8(&b, '\0');
	return (char *)b.p;
}

int lesson_compare_tries(const struct lesson *a, const struct lesson *b,
			 struct lesson_diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < a->n_sections; i++) {
		const struct lesson_section *sa = &a->sections[i], *sb = NULL;
		for (size_t k = 0; k < b->n_sections && !sb; k++)
			if (strcmp(b->sections[k].event.name, sa->event.name) == 0)
				sb = &b->sections[k];
		if (!sb)
			continue;	/* lesson_compare reports the section */
		char *ta = tries_string(sa), *tb = tries_string(sb);
		if (strcmp(ta, tb) != 0) {
			lesson_diag_at(d, b->file, &sb->event.loc,
				  "suggestions differ from %s line %d: '%s' here, '%s' there",
				  a->file, sa->event.loc.line, tb, ta);
			rc = -1;
		}
		free(ta);
		free(tb);
	}
	return rc;
}
