/*
 * lesson_header: the header of a lesson file, its "key: value" lines.
 *
 * Part of the parser (lesson_parse.h): lesson_parse.c hands every line
 * before the first section here.  The header chooses the scenario and
 * its options; a key may be given once (attack: as often as there are
 * attacks), and title, lang and scenario must be.  Values are checked
 * for their syntax only: whether a scenario or attack name exists is for
 * lesson_scenario() to say, after parsing.
 */
#include <stdint.h>
#include <string.h>

#include "lesson_parse.h"
#include "util.h"

static const char *const key_names[KEY_COUNT] = {
	"title", "summary", "lang", "scenario", "attack",
	"tls-policy", "server-policy", "kx", "hop-b", "seed",
};

/* A value that is one of two words; *is_v1 says which. */
static bool parse_enum(struct parser *p, size_t a, size_t b, const char *key,
		       const char *v0, const char *v1, bool *is_v1)
{
	if (word_is(p->ln, a, b, v0))
		*is_v1 = false;
	else if (word_is(p->ln, a, b, v1))
		*is_v1 = true;
	else {
		err_at(p, a, "%s must be '%s' or '%s'", key, v0, v1);
		return false;
	}
	return true;
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

static void parse_seed(struct parser *p, size_t a, size_t b)
{
	uint64_t v = 0;
	for (size_t k = a; k < b; k++) {
		unsigned d = (unsigned char)p->ln[k] - '0';
		if (d > 9 || v > (UINT64_MAX - d) / 10) {
			err_at(p, a, "seed must be a whole number from 0 to %llu",
			       (unsigned long long)UINT64_MAX);
			return;
		}
		v = v * 10 + d;
	}
	p->l->seed = v;
	p->l->has_seed = true;
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
	for (int k = 0; k < KEY_COUNT; k++)
		if (word_is(s, 0, colon, key_names[k]))
			key = k;
	if (key < 0) {
		err_at(p, 0, "unknown key '%.*s' (known: title, summary, lang, scenario, attack, "
		       "tls-policy, server-policy, kx, hop-b, seed)", (int)colon, s);
		return -1;
	}
	if (colon + 1 < n && !is_blank(s[colon + 1])) {
		err_at(p, colon + 1, "expected a space after '%s:'", key_names[key]);
		return -1;
	}
	*value = skip_blanks(s, colon + 1, n);
	if (*value == n) {
		err_at(p, colon, "'%s' needs a value", key_names[key]);
		return -1;
	}
	if (key != KEY_ATTACK && p->key_line[key]) {
		err_at(p, 0, "'%s' was already given on line %d", key_names[key],
		       p->key_line[key]);
		return -1;
	}
	p->key_line[key] = p->lineno;
	return key;
}

void lesson_header_line(struct parser *p)
{
	size_t n = trim_end(p->ln, p->n), a;
	int key = parse_key(p, n, &a);
	struct lesson *l = p->l;
	bool v1;

	if (key < 0)
		return;
	switch ((enum header_key)key) {
	case KEY_TITLE:
		l->title = lesson_parse_text(p, a, n);
		break;
	case KEY_SUMMARY:
		l->summary = lesson_parse_text(p, a, n);
		break;
	case KEY_LANG:
		if (parse_enum(p, a, n, "lang", "en", "ja", &v1))
			l->lang = v1 ? LESSON_LANG_JA : LESSON_LANG_EN;
		break;
	case KEY_SCENARIO:
		parse_name(p, a, n, &l->scenario);
		break;
	case KEY_ATTACK:
		parse_attack(p, a, n);
		break;
	case KEY_TLS_POLICY:
		if (parse_enum(p, a, n, "tls-policy", "required", "opportunistic", &v1)) {
			l->tls_policy = v1 ? POLICY_OPPORTUNISTIC : POLICY_REQUIRED;
			l->has_tls_policy = true;
		}
		break;
	case KEY_SERVER_POLICY:
		if (parse_enum(p, a, n, "server-policy", "strict", "lax", &v1)) {
			l->server_policy = v1 ? SERVER_LAX : SERVER_STRICT;
			l->has_server_policy = true;
		}
		break;
	case KEY_KX:
		if (parse_enum(p, a, n, "kx", "transport", "ephemeral", &v1)) {
			l->kx = v1 ? TLS_13 : TLS_CLASSIC;
			l->has_kx = true;
		}
		break;
	case KEY_HOP_B:
		if (parse_enum(p, a, n, "hop-b", "starttls", "plain", &v1)) {
			l->hop_b_plain = v1;
			l->has_hop_b = true;
		}
		break;
	case KEY_SEED:
		parse_seed(p, a, n);
		break;
	case KEY_COUNT:
		break;
	}
}

void lesson_header_check(struct parser *p)
{
	static const enum header_key required[] = { KEY_TITLE, KEY_LANG, KEY_SCENARIO };
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (!p->key_line[required[k]])
			err_file(p, "the header has no '%s:' line", key_names[required[k]]);
}
