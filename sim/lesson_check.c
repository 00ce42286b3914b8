/*
 * lesson_check: checks of a parsed lesson against the rest of the core
 * (see lesson_check.h).
 *
 * The parser knows the file; these know what it names: the events of the
 * scenario's timeline, the scenario and attack tables, and the other
 * translation of the same lesson.  Every problem is a diagnostic at the
 * place in the file where the name was written.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_check.h"
#include "lesson_try.h"
#include "options.h"
#include "scenario.h"
#include "timeline.h"
#include "util.h"
#include "wire.h"

static long find_name(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

/* The n names joined with ", ", as a new string. */
static char *join_names(const char *const *names, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		if (b.len)
			buf_put(&b, ", ", 2);
		buf_put(&b, names[i], strlen(names[i]));
	}
	buf_put8(&b, 0);
	return (char *)b.p;
}

/* The names of o's choices joined with ", ", as a new string. */
static char *choice_names(const struct option_spec *o)
{
	const char **v = xcalloc(o->n_choices ? o->n_choices : 1, sizeof *v);
	for (size_t i = 0; i < o->n_choices; i++)
		v[i] = o->choices[i].name;
	char *s = join_names(v, o->n_choices);
	free(v);
	return s;
}

int lesson_check_events(const struct lesson *l, const char *const *names,
			size_t n, struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = 0;
	long prev = -1;		/* index of the previous bound section */
	const struct lesson_section *prev_s = NULL;
	for (size_t i = 0; i < l->n_sections; i++) {
		const struct lesson_section *s = &l->sections[i];
		long at = find_name(names, n, s->event.name);
		if (at < 0 && !*s->event.name) {	/* the parser said why */
			rc = -1;
			continue;
		}
		if (at < 0) {
			char *known = join_names(names, n);
			lesson_diag_at(d, l->file, &s->event.loc,
				  "scenario '%s' has no event '%s' (its events: %s)",
				  l->scenario.name, s->event.name, known);
			free(known);
			rc = -1;
			continue;
		}
		if (at < prev) {
			lesson_diag_at(d, l->file, &s->event.loc,
				  "section '%s' comes after '%s' (line %d) but happens before it",
				  s->event.name, prev_s->event.name,
				  prev_s->event.loc.line);
			rc = -1;
		}
		prev = at;
		prev_s = s;
	}
	lesson_diags_free(&local);
	return rc;
}

/* The option of the table of kind k: the base (the scenario) or the
 * repeatable one (the attacks). */
static const struct option_spec *option_of_kind(enum option_kind k)
{
	for (size_t i = 0; i < options_count; i++)
		if (options_table[i].kind == k)
			return &options_table[i];
	return NULL;
}

int lesson_scenario(const struct lesson *l, struct scenario *sc,
		    struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	const struct option_spec *many = option_of_kind(OPTION_MANY);
	int rc = 0;
	const struct option_spec *base = option_of_kind(OPTION_BASE);
	*sc = (struct scenario){0};
	if (!l->scenario.name || option_apply(base, sc, l->scenario.name) != 0) {
		char *known = choice_names(base);
		if (l->scenario.name)	/* else the parser said it is missing */
			lesson_diag_at(d, l->file, &l->scenario.loc, "unknown scenario '%s' (known: %s)",
				  l->scenario.name, known);
		free(known);
		rc = -1;
	}
	for (size_t i = 0; i < l->n_attacks; i++) {
		if (option_apply(many, sc, l->attacks[i].name) != 0) {
			char *known = choice_names(many);
			lesson_diag_at(d, l->file, &l->attacks[i].loc, "unknown attack '%s' (known: %s)",
				  l->attacks[i].name, known);
			free(known);
			rc = -1;
		}
	}
	/* The parser let through only values the table takes. */
	for (size_t i = 0; i < l->n_options; i++)
		if (option_apply(l->options[i].spec, sc, l->options[i].value) != 0)
			rc = -1;
	for (size_t i = 0; i < l->n_options && rc == 0; i++)
		if (l->options[i].spec->relay_only && sc->proto != PROTO_RELAY) {
			lesson_diag_at(d, l->file, &l->options[i].loc,
				  "'%s' does nothing in scenario %s: it applies to relay",
				  l->options[i].spec->name + 2, l->scenario.name);
			rc = -1;
		}
	lesson_diags_free(&local);
	return rc;
}

static const struct lesson_section *find_section(const struct lesson *l,
						 const char *event)
{
	for (size_t i = 0; i < l->n_sections; i++)
		if (strcmp(l->sections[i].event.name, event) == 0)
			return &l->sections[i];
	return NULL;
}

/* Reports the sections of a that b lacks. */
static int compare_sections(const struct lesson *a, const struct lesson *b,
			    struct lesson_diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < a->n_sections; i++) {
		const struct lesson_section *s = &a->sections[i];
		if (!find_section(b, s->event.name)) {
			lesson_diag_at(d, a->file, &s->event.loc,
				  "section '%s' is missing from %s",
				  s->event.name, b->file);
			rc = -1;
		}
	}
	return rc;
}

/* The value l gives option o, or NULL. */
static const struct lesson_option *given(const struct lesson *l,
					 const struct option_spec *o)
{
	for (size_t i = 0; i < l->n_options; i++)
		if (l->options[i].spec == o)
			return &l->options[i];
	return NULL;
}

static void put_str(struct buf *b, char *t)
{
	buf_put(b, t, strlen(t));
	free(t);
}

/* The header options as one comparable string: "scenario relay, attack
 * strip, tls-policy opportunistic, seed 7", the options in the order of
 * the table, those of one value before the numbers. */
static char *options_string(const struct lesson *l)
{
	static const enum option_kind kinds[] = { OPTION_ONE, OPTION_NUMBER };
	const struct option_spec *base = option_of_kind(OPTION_BASE);
	const struct option_spec *many = option_of_kind(OPTION_MANY);
	struct buf b = {0};
	put_str(&b, xprintf("%s %s", base->name + 2, l->scenario.name));
	for (size_t i = 0; i < l->n_attacks; i++)
		put_str(&b, xprintf(", %s %s", many->name + 2, l->attacks[i].name));
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (size_t i = 0; i < options_count; i++) {
			const struct option_spec *o = &options_table[i];
			const struct lesson_option *g = o->kind == kinds[k] ? given(l, o) : NULL;
			if (!g)
				continue;
			if (o->kind == OPTION_NUMBER)	/* "007" is 7 */
				put_str(&b, xprintf(", %s %llu", o->name + 2,
						    strtoull(g->value, NULL, 10)));
			else
				put_str(&b, xprintf(", %s %s", o->name + 2, g->value));
		}
	}
	buf_put8(&b, '\0');
	return (char *)b.p;
}

/* Reports where section sb of b asks other questions than sa of a: how
 * many, how many choices, which are right. */
static int compare_questions(const struct lesson *a,
			     const struct lesson_section *sa,
			     const struct lesson *b,
			     const struct lesson_section *sb,
			     struct lesson_diags *d)
{
	int rc = 0;
	if (sa->n_questions != sb->n_questions) {
		lesson_diag_at(d, b->file, &sb->event.loc,
			  "section '%s' has %zu question(s) here but %zu in %s",
			  sb->event.name, sb->n_questions, sa->n_questions,
			  a->file);
		return -1;
	}
	for (size_t k = 0; k < sa->n_questions; k++) {
		const struct lesson_question *qa = &sa->questions[k];
		const struct lesson_question *qb = &sb->questions[k];
		bool same = qa->n_choices == qb->n_choices;
		for (size_t c = 0; same && c < qa->n_choices; c++)
			same = qa->choices[c].right == qb->choices[c].right;
		if (!same) {
			lesson_diag_at(d, b->file, &qb->loc,
				  "question's choices differ from %s line %d "
				  "(number of choices or which are right)",
				  a->file, qa->loc.line);
			rc = -1;
		}
	}
	return rc;
}

int lesson_compare(const struct lesson *a, const struct lesson *b,
		   struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = 0;

	char *oa = options_string(a), *ob = options_string(b);
	if (strcmp(oa, ob) != 0) {
		lesson_diag_at(d, b->file, &b->scenario.loc,
			  "header differs from %s: '%s' here, '%s' there",
			  a->file, ob, oa);
		rc = -1;
	}
	free(oa);
	free(ob);

	if (compare_sections(a, b, d) != 0)
		rc = -1;
	if (compare_sections(b, a, d) != 0)
		rc = -1;

	for (size_t i = 0; i < a->n_sections; i++) {
		const struct lesson_section *sa = &a->sections[i];
		const struct lesson_section *sb = find_section(b, sa->event.name);
		if (sb && compare_questions(a, sa, b, sb, d) != 0)
			rc = -1;
	}
	if (lesson_compare_tries(a, b, d) != 0)
		rc = -1;
	lesson_diags_free(&local);
	return rc;
}

/* ---- quotes from the screen ----------------------------------------------- */

static bool blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s[0..n) with each run of blanks one space, none at either end; new. */
static char *squeeze(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	bool gap = false;
	for (size_t i = 0; i < n; i++) {
		if (blank_byte(s[i])) {
			gap = o > out;
			continue;
		}
		if (gap)
			*o++ = ' ';
		gap = false;
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

static void add_line(char ***v, size_t *n, size_t *cap, char *s)
{
	grow(v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = squeeze(s, strlen(s));
	free(s);
}

/* A fact as its pane writes it, without the mark before it. */
static char *fact_line(const struct fact *f, fact_translate_fn tr)
{
	char *value = fact_value_render(&f->v, tr);
	const char *label = f->label[0] ? (tr ? tr(f->label) : f->label) : "";
	char *line;
	if (f->kind == FACT_CLEAR || f->kind == FACT_CIPHER)
		line = xprintf("%s %s", wire_dir_arrow(f->dir), value);
	else if (!*label)
		line = xstrdup(value);
	else if (!*value)
		line = xstrdup(label);
	else
		line = xprintf("%s: %s", label, value);
	free(value);
	return line;
}

size_t lesson_screen_lines(const struct timeline *tl, size_t ev,
			   fact_translate_fn tr, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	for (size_t e = 0; e <= ev && e < tl->n_events; e++) {
		const char *t = tl->events[e].title;
		add_line(&v, &n, &cap, xstrdup(tr ? tr(t) : t));
	}
	for (int p = 0; ev < tl->n_events && p < PARTY_COUNT; p++)
		for (size_t i = 0; i < tl->events[ev].known[p]; i++)
			add_line(&v, &n, &cap, fact_line(&tl->facts[p][i], tr));
	*out = v;
	return n;
}

void lesson_lines_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The quote without the marks a pane puts before a fact (✓ ✗ ▸ !). */
static const char *unmarked(const char *q)
{
	static const char *const marks[] = { "\u2713", "\u2717", "\u25b8", "!" };
	for (bool again = true; again;) {
		again = false;
		while (blank_byte(*q))
			q++;
		for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
			size_t k = strlen(marks[i]);
			if (strncmp(q, marks[i], k) == 0) {
				q += k;
				again = true;
			}
		}
	}
	return q;
}

/* Whether the pieces of quote q (blanks squeezed), cut at each '…',
 * occur in line in their order. */
static bool pieces_in(const char *q, const char *line)
{
	static const char ellipsis[] = "\u2026";
	const char *at = line;
	while (*q) {
		const char *cut = strstr(q, ellipsis);
		size_t len = cut ? (size_t)(cut - q) : strlen(q);
		char *piece = squeeze(q, len);
		const char *hit = *piece ? strstr(at, piece) : at;
		if (hit)
			at = hit + strlen(piece);
		free(piece);
		if (!hit)
			return false;
		q += len + (cut ? sizeof ellipsis - 1 : 0);
	}
	return true;
}

bool lesson_quote_found(const char *quote, char *const *lines, size_t n)
{
	const char *q = unmarked(quote);
	for (size_t i = 0; i < n; i++)
		if (pieces_in(q, lines[i]))
			return true;
	return false;
}

int lesson_check_quotes(const struct lesson *l, const struct timeline *tl,
			fact_translate_fn tr, struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = 0;
	for (size_t i = 0; i < l->n_sections; i++) {
		const struct lesson_section *s = &l->sections[i];
		int ev = timeline_find(tl, s->event.name);
		if (ev < 0 || !s->n_quotes)
			continue;	/* lesson_check_events reports the name */
		char **lines;
		size_t n = lesson_screen_lines(tl, (size_t)ev, tr, &lines);
		for (size_t k = 0; k < s->n_quotes; k++) {
			const struct lesson_quote *q = &s->quotes[k];
			if (lesson_quote_found(q->text, lines, n))
				continue;
			lesson_diag_at(d, l->file, &q->loc,
				  "quoted text not on the screen at event '%s': «%s»",
				  s->event.name, q->text);
			rc = -1;
		}
		lesson_lines_free(lines, n);
	}
	lesson_diags_free(&local);
	return rc;
}
