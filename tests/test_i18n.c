/*
 * test_i18n: the language of messages, chosen as gettext programs choose
 * it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), and what happens when
 * Japanese cannot be shown: the program moves to C.UTF-8, or, on a system
 * without it (setlocale is wrapped to play one), goes on in English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static bool no_c_utf8;

char *__real_setlocale(int category, const char *locale);
char *__wrap_setlocale(int category, const char *locale);

char *__wrap_setlocale(int category, const char *locale)
{
	if (no_c_utf8 && locale && strncmp(locale, "C.", 2) == 0)
		return NULL;
	return __real_setlocale(category, locale);
}

/* Sets the four variables; NULL unsets one. */
static void env(const char *language, const char *lc_all, const char *lc_messages,
		const char *lang)
{
	const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *values[] = { language, lc_all, lc_messages, lang };
	for (int i = 0; i < 4; i++)
		values[i] ? setenv(names[i], values[i], 1) : unsetenv(names[i]);
}

static void test_env_order(void **state)
{
	(void)state;
	env(NULL, NULL, NULL, NULL);
	assert_string_equal(i18n_env_lang(), "en");
	env(NULL, NULL, NULL, "ja_JP.UTF-8");
	assert_string_equal(i18n_env_lang(), "ja");
	env(NULL, NULL, "ja_JP.UTF-8", "en_US.UTF-8");
	assert_string_equal(i18n_env_lang(), "ja");
	env(NULL, "C", "ja_JP.UTF-8", "ja_JP.UTF-8");	/* LC_ALL wins */
	assert_string_equal(i18n_env_lang(), "en");
	env("ja", "C", NULL, NULL);			/* LANGUAGE before all */
	assert_string_equal(i18n_env_lang(), "ja");
	env("fr:ja_JP", NULL, NULL, NULL);		/* its first entry we have */
	assert_string_equal(i18n_env_lang(), "ja");
	env("en_GB:ja", NULL, NULL, "ja_JP.UTF-8");
	assert_string_equal(i18n_env_lang(), "en");
	env("de", NULL, NULL, "ja_JP.UTF-8");		/* names nothing we have */
	assert_string_equal(i18n_env_lang(), "ja");
	env("", "", "", "ja_JP.eucJP");			/* empty means unset */
	assert_string_equal(i18n_env_lang(), "ja");
	env(NULL, "jam", NULL, NULL);
	assert_string_equal(i18n_env_lang(), "en");
}

static void test_moves_to_c_utf8(void **state)
{
	(void)state;
	no_c_utf8 = false;
	env(NULL, NULL, NULL, NULL);
	__real_setlocale(LC_ALL, "C");
	assert_string_equal(i18n_use("ja"), "ja");
	assert_false(i18n_fell_back());
	assert_string_equal(i18n_lang(), "ja");
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	assert_non_null(getenv("LC_ALL"));
	assert_int_equal(strncmp(getenv("LC_ALL"), "C.", 2), 0);
	assert_string_equal(getenv("LANGUAGE"), "ja");
}

static void test_falls_back_to_english(void **state)
{
	(void)state;
	no_c_utf8 = true;
	env(NULL, NULL, NULL, NULL);
	__real_setlocale(LC_ALL, "C");
	assert_string_equal(i18n_use("ja"), "en");
	assert_true(i18n_fell_back());
	assert_string_equal(i18n_lang(), "en");
	assert_string_equal(getenv("LANGUAGE"), "en");
	assert_null(getenv("LC_ALL"));
	assert_string_equal(i18n_use("en"), "en");	/* English asks nothing of the locale */
	assert_false(i18n_fell_back());
	no_c_utf8 = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_order),
		cmocka_unit_test(test_moves_to_c_utf8),
		cmocka_unit_test(test_falls_back_to_english),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
