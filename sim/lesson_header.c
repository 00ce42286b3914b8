/*
 * lesson_header: the header of a lesson file, its "key: value" lines.
 *
 * Part of the parser (lesson_parse.h): lesson_parse.c hands every line
 * before the first section here.  The header chooses the scenario and
 * its options; a key may be given once (attack: as often as there are
 * attacks), and title, lang and scenario must be.  Values are checked
 * for their syntax only: whether a scenario or attack name exists is for
 * lesson_scenario() to say, after parsing.
 *
 * Besides title, summary and lang, the keys and the values they take
 * are those of the options table (options.h): an option that changes a
 * scenario is a key, named as on the command line without the dashes.
 * Nothing here names one of them, so that an option or a value added to
 * the table is at once good in a lesson.
 *
 * The inline markup of every text line, header or section, is checked
 * here too (lesson_parse_markup), and each «quote» from the screen is
 * kept with its place for lesson_check_quotes().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_parse.h"
#include "options.h"
#include "util.h"

/* The lesson's own keys; those of the options table follow them, key
 * N_OWN + i being options_table[i]. */
enum { KEY_TITLE, KEY_SUMMARY, KEY_LANG, N_OWN };
static const char *const own_keys[N_OWN] = { "title", "summary", "lang" };

/* The order in which the table's keys are listed and compared: the
 * scenario, what happens to it, how it is played, the seed. */
static const enum option_kind kind_order[] = {
	OPTION_BASE, OPTION_MANY, OPTION_ONE, OPTION_NUMBER,
};

/* Whether an option of the table is a key of the header: it changes a
 * scenario (--lang, read by the UI alone, is not; lang: is our own). */
static bool is_key(const struct option_spec *o)
{
	return o->set || o->set_number;
}

static const char *key_name(int key)
{
	return key < N_OWN ? own_keys[key] : options_table[key - N_OWN].name + 2;
}

static int *key_lines(struct parser *p)
{
	if (!p->key_line)
		p->key_line = xcalloc(N_OWN + options_count, sizeof *p->key_line);
	return p->key_line;
}

/* Appends item to a list that reads "a, b, c". */
static void list_add(struct buf *b, const char *item)
{
	if (b->len)
		buf_put(b, ", ", 2);
	buf_put(b, item, strlen(item));
}

/* Every key of the header, ", " between them (caller frees). */
static char *known_keys(void)
{
	struct buf b = {0};
	for (int k = 0; k < N_OWN; k++)
		list_add(&b, own_keys[k]);
	for (size_t r = 0; r < sizeof kind_order / sizeof kind_order[0]; r++)
		for (size_t i = 0; i < options_count; i++)
			if (options_table[i].kind == kind_order[r] && is_key(&options_table[i]))
				list_add(&b, options_table[i].name + 2);
	buf_put8(&b, '\0');
	return (char *)b.p;
}

/* The choice of o written at [a, b), or NULL. */
static const struct option_choice *choice_at(struct parser *p, size_t a, size_t b,
					     const struct option_spec *o)
{
	for (size_t i = 0; i < o->n_choices; i++)
		if (word_is(p->ln, a, b, o->choices[i].name))
			return &o->choices[i];
	return NULL;
}

/* Reports that key takes only the choices of o. */
static void bad_choice(struct parser *p, size_t a, const char *key,
		       const struct option_spec *o)
{
	if (o->n_choices == 2) {
		err_at(p, a, "%s must be '%s' or '%s'", key, o->choices[0].name,
		       o->choices[1].name);
		return;
	}
	struct buf b = {0};
	for (size_t i = 0; i < o->n_choices; i++) {
		char *q = xprintf("'%s'", o->choices[i].name);
		list_add(&b, q);
		free(q);
	}
	buf_put8(&b, '\0');
	err_at(p, a, "%s must be one of %s", key, (char *)b.p);
	buf_free(&b);
}

/* "lang: en": the language of the lesson, one of --lang's. */
static void parse_lang(struct parser *p, size_t a, size_t b)
{
	const struct option_spec *o = options_find("lang");
	const struct option_choice *c = o ? choice_at(p, a, b, o) : NULL;
	if (c)
		p->l->lang = (enum lesson_lang)c->value;
	else if (o)
		bad_choice(p, a, "lang", o);
}

/* An option of one value or a number ("tls-policy: lax", "seed: 42"):
 * kept as written, once the table says it takes the value. */
static void parse_option(struct parser *p, size_t a, size_t b,
			 const struct option_spec *o)
{
	struct lesson *l = p->l;
	const char *key = o->name + 2;
	char *v = xstrndup(p->ln + a, b - a);
	bool ok = !memchr(p->ln + a, '\0', b - a) &&
		  (o->kind == OPTION_NUMBER ? option_takes(o, v) : choice_at(p, a, b, o) != NULL);
	if (!ok) {
		if (o->kind == OPTION_NUMBER)
			err_at(p, a, "%s must be a whole number from 0 to %llu", key,
			       (unsigned long long)UINT64_MAX);
		else
			bad_choice(p, a, key, o);
		free(v);
		return;
	}
	l->options = xrealloc(l->options, (l->n_options + 1) * sizeof *l->options);
	l->options[l->n_options++] = (struct lesson_option){
		.spec = o, .value = v, .loc = lesson_parse_loc(p, a),
	};
}

/* A scenario or attack name: [a-z0-9-]+, one word. */
static void parse_name(struct parser *p, size_t a, size_t b,
		       struct lesson_name *nm)
{
	for (size_t k = a; k < b; k++) {
		if (!is_name_char(p->ln[k])) {
			err_at(p, k, "names use only a-z, 0-9 and '-'");
			break;
		}
	}
	nm->name = xstrndup(p->ln + a, b - a);
	nm->loc = lesson_parse_loc(p, a);
}

/* "attack: NAME", once per attack. */
static void parse_attack(struct parser *p, size_t a, size_t b)
{
	struct lesson *l = p->l;
	for (size_t k = 0; k < l->n_attacks; k++) {
		if (word_is(p->ln, a, b, l->attacks[k].name)) {
			err_at(p, a, "attack '%s' was already given on line %d",
			       l->attacks[k].name, l->attacks[k].loc.line);
			return;
		}
	}
	l->attacks = xrealloc(l->attacks, (l->n_attacks + 1) * sizeof *l->attacks);
	parse_name(p, a, b, &l->attacks[l->n_attacks++]);
}

/*
 * The key of the current line, [0, n) without trailing blanks, with the
 * offset of its value in *value; or -1 after reporting why there is none
 * (no colon, an unknown key, no value, a key given twice).
 */
static int parse_key(struct parser *p, size_t n, size_t *value)
{
	const char *s = p->ln;
	size_t colon = 0;
	while (colon < n && s[colon] != ':' && !is_blank(s[colon]))
		colon++;
	if (colon == 0 || colon == n || s[colon] != ':') {
		err_at(p, 0, "expected 'key: value' in the header, or '== at EVENT' to start a section");
		return -1;
	}
	int key = -1;
	for (int k = 0; k < N_OWN; k++)
		if (word_is(s, 0, colon, own_keys[k]))
			key = k;
	for (size_t i = 0; key < 0 && i < options_count; i++)
		if (is_key(&options_table[i]) && word_is(s, 0, colon, options_table[i].name + 2))
			key = N_OWN + (int)i;
	if (key < 0) {
		char *known = known_keys();
		err_at(p, 0, "unknown key '%.*s' (known: %s)", (int)colon, s, known);
		free(known);
		return -1;
	}
	if (colon + 1 < n && !is_blank(s[colon + 1])) {
		err_at(p, colon + 1, "expected a space after '%s:'", key_name(key));
		return -1;
	}
	*value = skip_blanks(s, colon + 1, n);
	if (*value == n) {
		err_at(p, colon, "'%s' needs a value", key_name(key));
		return -1;
	}
	int *line = &key_lines(p)[key];
	bool many = key >= N_OWN && options_table[key - N_OWN].kind == OPTION_MANY;
	if (!many && *line) {
		err_at(p, 0, "'%s' was already given on line %d", key_name(key), *line);
		return -1;
	}
	*line = p->lineno;
	return key;
}

void lesson_header_line(struct parser *p)
{
	size_t n = trim_end(p->ln, p->n), a;
	int key = parse_key(p, n, &a);
	struct lesson *l = p->l;

	if (key < 0)
		return;
	if (key == KEY_TITLE)
		l->title = lesson_parse_text(p, a, n);
	else if (key == KEY_SUMMARY)
		l->summary = lesson_parse_text(p, a, n);
	else if (key == KEY_LANG)
		parse_lang(p, a, n);
	else {
		const struct option_spec *o = &options_table[key - N_OWN];
		if (o->kind == OPTION_BASE)
			parse_name(p, a, n, &l->scenario);
		else if (o->kind == OPTION_MANY)
			parse_attack(p, a, n);
		else
			parse_option(p, a, n, o);
	}
}

/* Reports the keys that must be given and were not: the title, the
 * language and the base option (the scenario). */
void lesson_header_check(struct parser *p)
{
	const int *line = key_lines(p);
	static const int required[] = { KEY_TITLE, KEY_LANG };
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (!line[required[k]])
			err_file(p, "the header has no '%s:' line", key_name(required[k]));
	for (size_t i = 0; i < options_count; i++)
		if (options_table[i].kind == OPTION_BASE && !line[N_OWN + i])
			err_file(p, "the header has no '%s:' line", key_name(N_OWN + (int)i));
}

static void untab(char *s)
{
	for (; s && *s; s++)
		if (*s == '\t')
			*s = ' ';
}

/* A tab in text becomes one space: the text is wrapped to the screen,
 * where a tab has no column to go to (FORMAT.md says so). */
void lesson_expand_tabs(struct lesson *l)
{
	untab(l->title);
	untab(l->summary);
	for (size_t i = 0; i < l->n_sections; i++) {
		struct lesson_section *s = &l->sections[i];
		for (size_t k = 0; k < s->n_paras; k++)
			untab(s->paras[k]);
		for (size_t k = 0; k < s->n_questions; k++) {
			untab(s->questions[k].text);
			untab(s->questions[k].explanation);
			for (size_t c = 0; c < s->questions[k].n_choices; c++)
				untab(s->questions[k].choices[c].text);
		}
		for (size_t k = 0; k < s->n_quotes; k++)
			untab(s->quotes[k].text);
	}
}

/* ---- inline markup ------------------------------------------------------ */

/* Keeps quote [a, b) of the current line (its « at open) in the current
 * section; refused before the first section. */
static void keep_quote(struct parser *p, size_t open, size_t a, size_t b)
{
	struct lesson *l = p->l;
	if (!l->n_sections) {
		err_at(p, open, "a «quote» from the screen belongs in a section");
		return;
	}
	struct lesson_section *s = &l->sections[l->n_sections - 1];
	s->quotes = xrealloc(s->quotes, (s->n_quotes + 1) * sizeof *s->quotes);
	s->quotes[s->n_quotes++] = (struct lesson_quote){
		.text = xstrndup(p->ln + a, b - a),
		.loc = lesson_parse_loc(p, open),
	};
}

/* A «quote» from byte i (its «): checked, kept; returns the offset of its
 * », or b when it does not close. */
static size_t quote_span(struct parser *p, size_t i, size_t b)
{
	for (size_t k = i + 2; k < b; k++) {
		if (lesson_mark_at(p->ln, k, b, LESSON_QUOTE_CLOSE)) {
			if (k == i + 2)
				err_at(p, i, "empty «quote»");
			else
				keep_quote(p, i, i + 2, k);
			return k + 1;
		}
	}
	err_at(p, i, "'«' opens a quote that is not closed on this line");
	return b;
}

void lesson_parse_markup(struct parser *p, size_t a, size_t b)
{
	const char *s = p->ln;
	size_t open = 0;
	char in = 0;		/* 0, '*' or '`' */
	for (size_t i = a; i < b; i++) {
		char c = s[i];
		bool quote = lesson_mark_at(s, i, b, LESSON_QUOTE_OPEN);
		if (in == '`') {
			if (c == '`') {
				if (i == open + 1)
					err_at(p, open, "empty `code` span");
				in = 0;
			}
		} else if (c == '\\' && i + 1 < b && lesson_escapable(s[i + 1])) {
			i++;
		} else if (c == '`' && in == '*') {
			err_at(p, i, "a `code` span cannot be inside *emphasis*");
			return;
		} else if (quote && in == '*') {
			err_at(p, i, "a «quote» cannot be inside *emphasis*");
			return;
		} else if (quote) {
			i = quote_span(p, i, b);
		} else if (c == '*' || c == '`') {
			if (in == '*') {
				if (i == open + 1)
					err_at(p, open, "empty *emphasis*");
				in = 0;
			} else {
				in = c;
				open = i;
			}
		}
	}
	if (in == '*')
		err_at(p, open, "'*' opens emphasis that is not closed on this line");
	else if (in == '`')
		err_at(p, open, "'`' opens a code span that is not closed on this line");
}

char *lesson_parse_text(struct parser *p, size_t a, size_t b)
{
	lesson_parse_markup(p, a, b);
	return xstrndup(p->ln + a, b - a);
}
