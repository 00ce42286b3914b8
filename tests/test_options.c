/*
 * test_options: the options table is consistent, applies to a scenario as
 * the defaults of old did, and every option and value of it is documented
 * (the man page, the lesson format) and accepted in a lesson header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "lesson_check.h"
#include "options.h"
#include "scenario.h"
#include "util.h"

/* Whether word occurs in text between characters that cannot be part of
 * a name ("en" in "en|ja", not in "when"). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; (p = strstr(p, word)); p++) {
		bool before = p == text || !(p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					     (p[-1] >= '0' && p[-1] <= '9'));
		char c = p[n];
		bool after = !(c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
		if (before && after)
			return true;
	}
	return false;
}

/* A file's text with troff's "\-" read as "-" (the caller frees). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	buf_put8(&b, 0);
	char *s = (char *)b.p, *w = s;
	for (const char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == '-')
			r++;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

static void test_names_and_lookups(void **state)
{
	(void)state;
	assert_true(options_count > 0);
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		assert_true(strncmp(o->name, "--", 2) == 0);
		assert_ptr_equal(options_find(o->name), o);
		assert_ptr_equal(options_find(o->name + 2), o);	/* the lesson key */
		if (o->short_name) {
			char s[3] = { '-', o->short_name, 0 };
			assert_ptr_equal(options_find(s), o);
		}
		assert_non_null(o->metavar);
		assert_non_null(o->help);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(options_table[j].name, o->name);
		if (o->kind == OPTION_NUMBER) {
			assert_int_equal(o->n_choices, 0);
			continue;
		}
		assert_true(o->n_choices >= 2);
		for (size_t k = 0; k < o->n_choices; k++) {
			const struct option_choice *c = &o->choices[k];
			assert_ptr_equal(option_value(o, c->name), c);
			assert_ptr_equal(option_choice_of(o, c->value), c);	/* values differ */
			if (o->kind == OPTION_MANY)	/* one bit each */
				assert_true(c->value > 0 && (c->value & (c->value - 1)) == 0);
			if (o->list_title)
				assert_non_null(c->summary);
		}
		if (o->def)
			assert_non_null(option_value(o, o->def));
		assert_null(option_value(o, "no-such-value"));
	}
	assert_null(options_find("--no-such-option"));
	assert_int_equal(options_find("--scenario")->kind, OPTION_BASE);
	assert_non_null(option_value(options_find("--attack"), "strip"));
}

/* --help's text of an option names every value (or sends to --list, which
 * lists them) and the default; a usage message has one %s, nothing else. */
static void test_help_names_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		char *text = xprintf("%s %s", o->metavar, o->help);
		if (o->list_title)
			assert_non_null(strstr(o->help, "--list"));
		for (size_t k = 0; k < o->n_choices && !o->list_title; k++)
			if (!has_word(text, o->choices[k].name))
				fail_msg("--help of %s does not name '%s'", o->name, o->choices[k].name);
		if (o->def && !has_word(text, o->def))
			fail_msg("--help of %s does not name its default '%s'", o->name, o->def);
		if (o->bad_value) {
			const char *p = strchr(o->bad_value, '%');
			assert_non_null(p);
			assert_int_equal(p[1], 's');
			assert_null(strchr(p + 1, '%'));
		}
		free(text);
	}
}

/* The table's defaults are those every scenario had before it. */
static void test_scenario_defaults(void **state)
{
	(void)state;
	const struct option_spec *scn = options_find("--scenario");
	for (size_t k = 0; k < scn->n_choices; k++) {
		struct scenario sc;
		assert_int_equal(scenario_init(&sc, scn->choices[k].name), 0);
		assert_string_equal(sc.name, scn->choices[k].name);
		assert_int_equal(SCENARIO_KIND(sc.proto, sc.mode), scn->choices[k].value);
		assert_int_equal(sc.tls, TLS_CLASSIC);
		assert_int_equal(sc.tls_policy, POLICY_REQUIRED);
		assert_int_equal(sc.server_policy, sc.mode == MODE_PLAIN ? SERVER_LAX : SERVER_STRICT);
		assert_int_equal(sc.hop_b, HOP_B_OPPORTUNISTIC);
		assert_int_equal(sc.attack_hop, ATTACK_HOP_A);
		assert_false(sc.seeded);
		assert_int_equal(sc.attacks, 0);
	}
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, "nope"), -1);
	assert_int_equal(scenario_init(&sc, "pop3-plain"), 0);
	assert_string_equal(scenario_sibling(&sc, MODE_IMPLICIT), "pop3s");
	assert_string_equal(scenario_sibling(&sc, MODE_UPGRADE), "pop3-stls");
	assert_int_equal(scenario_init(&sc, "relay"), 0);
	assert_null(scenario_sibling(&sc, MODE_PLAIN));
	assert_int_equal(attack_from_name("key-leak"), ATTACK_KEY_LEAK);
	assert_int_equal(attack_from_name("nope"), 0);
	assert_string_equal(attack_name(ATTACK_WRONG_NAME), "wrong-name");
}

static void test_apply(void **state)
{
	(void)state;
	struct scenario sc;
	const struct option_spec *attack = options_find("--attack"), *seed = options_find("--seed");
	assert_int_equal(option_apply(options_find("--scenario"), &sc, "smtp-plain"), 0);
	assert_int_equal(sc.server_policy, SERVER_LAX);
	assert_int_equal(option_apply(attack, &sc, "strip"), 0);
	assert_int_equal(option_apply(attack, &sc, "tamper"), 0);
	assert_int_equal(sc.attacks, ATTACK_STRIP | ATTACK_TAMPER);
	assert_int_equal(option_apply(attack, &sc, "boom"), -1);
	assert_int_equal(option_apply(options_find("--tls"), &sc, "1.3"), 0);
	assert_int_equal(sc.tls, TLS_13);
	assert_int_equal(option_apply(options_find("--hop-b"), &sc, "plain"), 0);
	assert_int_equal(sc.hop_b, HOP_B_PLAIN);
	assert_int_equal(option_apply(options_find("--hop-b"), &sc, "dane"), 0);
	assert_int_equal(sc.hop_b, HOP_B_DANE);
	assert_int_equal(option_apply(options_find("--hop-b"), &sc, "starttls"), -1);
	assert_int_equal(option_apply(options_find("--attack-hop"), &sc, "b"), 0);
	assert_int_equal(sc.attack_hop, ATTACK_HOP_B);
	assert_int_equal(option_apply(options_find("--attack-hop"), &sc, "c"), -1);
	assert_int_equal(option_apply(options_find("--tls-policy"), &sc, "opportunistic"), 0);
	assert_int_equal(sc.tls_policy, POLICY_OPPORTUNISTIC);
	assert_int_equal(option_apply(options_find("--server-policy"), &sc, "strict"), 0);
	assert_int_equal(sc.server_policy, SERVER_STRICT);
	/* --lang is no part of a scenario */
	assert_true(option_takes(options_find("--lang"), "ja"));
	assert_int_equal(option_apply(options_find("--lang"), &sc, "ja"), -1);

	assert_true(option_takes(seed, "18446744073709551615"));
	assert_false(option_takes(seed, "18446744073709551616"));
	assert_false(option_takes(seed, "-1"));
	assert_false(option_takes(seed, "12abc"));
	assert_false(option_takes(seed, ""));
	assert_int_equal(option_apply(seed, &sc, "42"), 0);
	assert_true(sc.seeded);
	assert_int_equal(sc.seed, 42);
}

/* Two scenarios tell the same story unless an option other than the
 * seed differs. */
static void test_same_story(void **state)
{
	(void)state;
	struct scenario a, b;
	assert_int_equal(scenario_init(&a, "relay"), 0);
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		for (size_t k = 0; k < o->n_choices; k++) {
			b = a;
			if (option_apply(o, &b, o->choices[k].name) < 0)
				continue;	/* not part of a scenario */
			bool same = o->get(&a) == o->get(&b);
			assert_int_equal(options_same_story(&a, &b), same);
		}
	}
	b = a;
	assert_int_equal(option_apply(options_find("--seed"), &b, "9"), 0);
	assert_true(options_same_story(&a, &b));
}

/* The man page and the lesson format document every option and value. */
static void test_documented(void **state)
{
	(void)state;
	static const char *const docs[] = { "assets/tlssim.1", "lessons/FORMAT.md" };
	for (size_t d = 0; d < 2; d++) {
		char *text = slurp(docs[d]);
		for (size_t i = 0; i < options_count; i++) {
			const struct option_spec *o = &options_table[i];
			const char *name = d == 0 ? o->name : o->name + 2;
			if (!has_word(text, name))
				fail_msg("%s does not document %s", docs[d], name);
			for (size_t k = 0; k < o->n_choices; k++)
				if (!has_word(text, o->choices[k].name))
					fail_msg("%s does not document %s %s", docs[d], o->name,
						 o->choices[k].name);
		}
		free(text);
	}
}

/* A lesson header takes every option of the table by its key, with each
 * of its values. */
static void test_lesson_keys(void **state)
{
	(void)state;
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		size_t n = o->kind == OPTION_NUMBER ? 1 : o->n_choices;
		for (size_t k = 0; k < n; k++) {
			const char *v = o->kind == OPTION_NUMBER ? "7" : o->choices[k].name;
			char *text;
			if (o->kind == OPTION_BASE)
				text = xprintf("title: t\nlang: en\n%s: %s\n\n== at tcp\nx\n", o->name + 2, v);
			else if (strcmp(o->name, "--lang") == 0)
				text = xprintf("title: t\nlang: %s\nscenario: relay\n\n== at tcp\nx\n", v);
			else
				text = xprintf("title: t\nlang: en\nscenario: relay\n%s: %s\n\n== at tcp\nx\n",
					       o->name + 2, v);
			struct lesson *l = NULL;
			struct lesson_diags d = { 0 };
			if (lesson_parse("mem.lesson", text, strlen(text), &l, &d) != 0)
				fail_msg("a lesson does not take '%s: %s'", o->name + 2, v);
			struct scenario sc;
			assert_int_equal(lesson_scenario(l, &sc, NULL), 0);
			lesson_free(l);
			lesson_diags_free(&d);
			free(text);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_lookups),
		cmocka_unit_test(test_help_names_values),
		cmocka_unit_test(test_scenario_defaults),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_same_story),
		cmocka_unit_test(test_documented),
		cmocka_unit_test(test_lesson_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
