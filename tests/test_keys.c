/*
 * test_keys: the key table's names for the hints and the help (ui/keys.c).
 *
 * The question box and the help overlay ask for the names of their keys
 * on every redraw.  Making them must look up in the catalogue only the
 * keys it names, never every row of the table, and asking again in the
 * same language must look up nothing (gettext, and the dcgettext it
 * becomes when optimised, are wrapped at link time and counted); another language makes them again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "keys.h"

static int lookups;

/* gettext() compiles to dcgettext() when optimising: both are counted. */
char *__real_gettext(const char *msgid);
char *__wrap_gettext(const char *msgid);
char *__real_dcgettext(const char *domain, const char *msgid, int category);
char *__wrap_dcgettext(const char *domain, const char *msgid, int category);

char *__wrap_gettext(const char *msgid)
{
	lookups++;
	return __real_gettext(msgid);
}

char *__wrap_dcgettext(const char *domain, const char *msgid, int category)
{
	lookups++;
	return __real_dcgettext(domain, msgid, category);
}

/* The rows of the table named for action a on screen ctx. */
static int named_rows(unsigned ctx, enum action a)
{
	int n = 0;
	for (size_t i = 0; i < key_table_len; i++)
		n += key_table[i].action == a && (key_table[i].ctx & ctx) && key_table[i].name;
	return n;
}

static void test_names(void **state)
{
	char buf[64];
	(void)state;
	assert_string_equal(keys_names(KC_QUIZ, ACT_TOGGLE, buf, sizeof buf), "Space a-h");
	assert_string_equal(keys_names(KC_VIEW, ACT_MODE, buf, sizeof buf), "Tab");
	assert_string_equal(keys_names(KC_QUIZ, ACT_SUBMIT, buf, sizeof buf), "Enter");
	/* a buffer too small keeps the names that fit */
	assert_string_equal(keys_names(KC_VIEW, ACT_NEXT, buf, 8), "Right l");
}

static void test_only_the_named_keys_are_looked_up(void **state)
{
	char buf[64];
	(void)state;
	lookups = 0;
	keys_names(KC_PICKER, ACT_PICK_DOWN, buf, sizeof buf);
	assert_true(lookups > 0);	/* the counter counts */
	assert_true(lookups <= named_rows(KC_PICKER, ACT_PICK_DOWN));
	assert_true((size_t)lookups < key_table_len);
}

static void test_a_redraw_looks_up_nothing(void **state)
{
	static const enum action hints[] = { ACT_TOGGLE, ACT_SUBMIT, ACT_PEEK, ACT_LATER, ACT_HELP };
	char first[64], again[64];
	(void)state;
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
		keys_names(KC_QUIZ, hints[i], first, sizeof first);
	lookups = 0;
	for (int redraw = 0; redraw < 10; redraw++)
		for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
			keys_names(KC_QUIZ, hints[i], first, sizeof first);
			assert_string_equal(keys_names(KC_QUIZ, hints[i], again, sizeof again), first);
		}
	assert_int_equal(lookups, 0);
}

static void test_another_language_makes_them_again(void **state)
{
	char buf[64];
	(void)state;
	keys_names(KC_QUIZ, ACT_LATER, buf, sizeof buf);
	i18n_use("ja");
	lookups = 0;
	keys_names(KC_QUIZ, ACT_LATER, buf, sizeof buf);
	if (strcmp(i18n_lang(), "ja") == 0)
		assert_int_equal(lookups, named_rows(KC_QUIZ, ACT_LATER));
	i18n_use("en");
	lookups = 0;
	assert_string_equal(keys_names(KC_QUIZ, ACT_LATER, buf, sizeof buf), "Left Esc");
	assert_int_equal(lookups, named_rows(KC_QUIZ, ACT_LATER));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_only_the_named_keys_are_looked_up),
		cmocka_unit_test(test_a_redraw_looks_up_nothing),
		cmocka_unit_test(test_another_language_makes_them_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
