/*
 * test_whatif: the changes a scenario can take in place (whatif.c) and a
 * lesson section's suggestions of them ("try:", lesson_try.c): which
 * apply where, what applying one does, and how the parser, the checker
 * and the translation check treat a suggestion.
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
#include "lesson_try.h"
#include "options.h"
#include "scenario.h"
#include "whatif.h"

static struct scenario named(const char *name)
{
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, name), 0);
	return sc;
}

static const struct option_choice *choice(const char *opt, const char *value)
{
	const struct option_spec *o = whatif_find(opt);
	assert_non_null(o);
	const struct option_choice *c = option_value(o, value);
	assert_non_null(c);
	return c;
}

static void test_applies(void **state)
{
	(void)state;
	struct scenario up = named("smtp-starttls"), imp = named("smtps"), pl = named("smtp-plain");
	const struct option_spec *attack = whatif_find("attack");
	assert_null(whatif_unavailable(attack, choice("attack", "strip"), &up));
	assert_non_null(whatif_unavailable(attack, choice("attack", "strip"), &imp));
	assert_null(whatif_unavailable(attack, choice("attack", "forge"), &imp));
	assert_non_null(whatif_unavailable(attack, choice("attack", "forge"), &pl));
	assert_non_null(whatif_unavailable(whatif_find("tls"), choice("tls", "1.3"), &pl));
	assert_non_null(whatif_unavailable(whatif_find("tls-policy"), choice("tls-policy", "opportunistic"),
					   &imp));
	/* Hop B only in the relay; the mode not in the relay or handshake. */
	assert_false(whatif_offered(whatif_find("hop-b"), &up));
	assert_true(whatif_offered(whatif_find("hop-b"), &(struct scenario){ .proto = PROTO_RELAY }));
	struct scenario relay = named("relay"), hs = named("handshake");
	assert_false(whatif_offered(whatif_find("mode"), &relay));
	assert_false(whatif_offered(whatif_find("mode"), &hs));
	assert_true(whatif_offered(whatif_find("mode"), &up));
	assert_null(whatif_find("seed"));
	assert_null(whatif_find("scenario"));
}

static void test_apply(void **state)
{
	(void)state;
	struct scenario up = named("smtp-starttls"), out;
	up.seeded = true;
	up.seed = 42;
	const struct option_spec *attack = whatif_find("attack");
	/* An attack toggles; the rest of the scenario stays. */
	assert_int_equal(whatif_apply(attack, choice("attack", "strip"), &up, &out), 0);
	assert_int_equal(out.attacks, ATTACK_STRIP);
	assert_true(out.seeded);
	assert_true(whatif_current(attack, choice("attack", "strip"), &out));
	struct scenario back;
	assert_int_equal(whatif_apply(attack, choice("attack", "strip"), &out, &back), 0);
	assert_int_equal(back.attacks, 0);
	/* One value replaces the other. */
	const struct option_spec *tls = whatif_find("tls");
	assert_int_equal(whatif_apply(tls, choice("tls", "1.3"), &up, &out), 0);
	assert_int_equal(out.tls, TLS_13);
	assert_true(whatif_current(tls, choice("tls", "1.3"), &out));
	/* Another mode: the sibling, with what still applies kept. */
	up.attacks = ATTACK_STRIP | ATTACK_FORGE;
	up.tls = TLS_12;
	assert_int_equal(whatif_apply(whatif_find("mode"), choice("mode", "implicit"), &up, &out), 0);
	assert_string_equal(out.name, "smtps");
	assert_int_equal(out.attacks, ATTACK_FORGE);
	assert_int_equal(out.tls, TLS_12);
	assert_int_equal(out.seed, 42);
	/* What does not apply is refused. */
	assert_int_equal(whatif_apply(attack, choice("attack", "strip"), &out, &back), -1);
}

static const char head[] = "title: t\nlang: en\nscenario: smtp-starttls\n\n== at ehlo\nText.\n";

/* Parses head followed by tail; returns the rc, the diagnostics in *d. */
static int parse(const char *tail, struct lesson **l, struct lesson_diags *d)
{
	char text[1024];
	snprintf(text, sizeof text, "%s%s", head, tail);
	return lesson_parse("mem.lesson", text, strlen(text), l, d);
}

/* Whether a diagnostic's message contains s. */
static bool said(const struct lesson_diags *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].message, s))
			return true;
	return false;
}

static void test_parse(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = {0};
	assert_int_equal(parse("try: attack=strip\ntry: mode=implicit\n", &l, &d), 0);
	assert_int_equal(l->sections[0].n_tries, 2);
	assert_string_equal(l->sections[0].tries[0].spec->name, "--attack");
	assert_string_equal(l->sections[0].tries[1].value, "implicit");
	assert_int_equal(l->sections[0].n_paras, 1);	/* not narration */
	lesson_free(l);

	static const struct { const char *tail, *says; int col; } bad[] = {
		{ "try: attack=stripp\n", "(valid: strip, forge, expired, wrong-name, untrusted, tamper, key-leak)", 13 },
		{ "try: tls=1.4\n", "(valid: classic, 1.2, 1.3)", 10 },
		{ "try: colour=red\n", "(known: attack, tls-policy, server-policy, tls, hop-b, attack-hop, mode)", 6 },
		{ "try:attack=strip\n", "a space after 'try:'", 5 },
		{ "try: attack = strip\n", "without blanks", 12 },
		{ "try: attack=strip\ntry: attack=strip\n", "already suggested on line 7", 6 },
		{ "? Q\n- [x] a\n- [ ] b\n> c\ntry: attack=strip\n", "before the section's first question", 1 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = (struct lesson_diags){0};
		assert_int_equal(parse(bad[i].tail, &l, &d), -1);
		assert_true(said(&d, bad[i].says));
		assert_int_equal(d.v[0].col, bad[i].col);
		lesson_diags_free(&d);
	}
	/* In the header, "try" is an unknown key like any other. */
	d = (struct lesson_diags){0};
	const char *h = "title: t\nlang: en\ntry: attack=strip\nscenario: smtps\n\n== at tcp\nx\n";
	assert_int_equal(lesson_parse("h", h, strlen(h), &l, &d), -1);
	assert_true(said(&d, "unknown key 'try'"));
	lesson_diags_free(&d);
}

static void test_check(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = {0};
	struct scenario sc;
	assert_int_equal(parse("try: attack=strip\ntry: tls-policy=opportunistic\n", &l, &d), 0);
	assert_int_equal(lesson_scenario(l, &sc, NULL), 0);
	assert_int_equal(lesson_check_tries(l, &sc, &d), 0);
	assert_int_equal(d.n, 0);
	lesson_free(l);

	assert_int_equal(parse("try: hop-b=dane\ntry: tls-policy=required\n", &l, &d), 0);
	assert_int_equal(lesson_scenario(l, &sc, NULL), 0);
	assert_int_equal(lesson_check_tries(l, &sc, &d), -1);
	assert_int_equal(d.n, 2);
	assert_true(said(&d, "'hop-b=dane' cannot be tried in scenario smtp-starttls"));
	assert_true(said(&d, "'tls-policy=required' changes nothing"));
	assert_int_equal(d.v[0].line, 7);
	lesson_diags_free(&d);
	lesson_free(l);
}

static void test_compare(void **state)
{
	(void)state;
	struct lesson *a, *b;
	struct lesson_diags d = {0};
	assert_int_equal(parse("try: attack=strip\n", &a, &d), 0);
	assert_int_equal(parse("try: attack=strip\n", &b, &d), 0);
	assert_int_equal(lesson_compare_tries(a, b, &d), 0);
	lesson_free(b);
	assert_int_equal(parse("try: attack=forge\n", &b, &d), 0);
	assert_int_equal(lesson_compare_tries(a, b, &d), -1);
	assert_true(said(&d, "suggestions differ from mem.lesson line 5: 'attack=forge' here, 'attack=strip' there"));
	lesson_diags_free(&d);
	d = (struct lesson_diags){0};
	assert_int_equal(lesson_compare(a, b, &d), -1);	/* the translation check holds it */
	lesson_diags_free(&d);
	lesson_free(a);
	lesson_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_applies),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
