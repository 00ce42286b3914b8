/*
 * test_fact: a fact's value is a message id and its arguments; it renders
 * in English, through a translation that reorders its arguments, and
 * falls back to English when a translation asks for more than it has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fact.h"

static const char *to_japanese(const char *msgid)
{
	if (strcmp(msgid, "TCP to %s port %u") == 0)
		return "%2$u 番ポートの %1$s へ TCP 接続";
	if (strcmp(msgid, "%zu packets, %s") == 0)
		return "%3$s";	/* names an argument that is not there */
	return msgid;
}

static void test_english_and_translated(void **state)
{
	(void)state;
	struct fact_value v;
	fact_value_set(&v, "TCP to %s port %u", "mail.example.test", 587u);
	assert_string_equal(v.msg, "TCP to %s port %u");
	assert_int_equal(v.n_args, 2);
	assert_int_equal(v.args[0].kind, FACT_ARG_TEXT);
	assert_string_equal(v.args[0].text, "mail.example.test");
	assert_int_equal(v.args[1].kind, FACT_ARG_NUMBER);
	assert_string_equal(v.args[1].text, "587");
	char *en = fact_value_render(&v, NULL);
	assert_string_equal(en, "TCP to mail.example.test port 587");
	char *ja = fact_value_render(&v, to_japanese);
	assert_string_equal(ja, "587 番ポートの mail.example.test へ TCP 接続");
	free(en);
	free(ja);
	fact_value_free(&v);
}

static void test_conversions(void **state)
{
	(void)state;
	struct fact_value v;
	fact_value_set(&v, "%zu B, %02x -> %02x, %llu.%03llu s, %d, 100%%", (size_t)42, 0xau,
		       0xf5u, 3ull, 7ull, -1);
	char *s = fact_value_render(&v, NULL);
	assert_string_equal(s, "42 B, 0a -> f5, 3.007 s, -1, 100%");
	free(s);
	fact_value_free(&v);
}

static void test_bad_translation_falls_back(void **state)
{
	(void)state;
	struct fact_value v;
	fact_value_set(&v, "%zu packets, %s", (size_t)3, "fine");
	char *s = fact_value_render(&v, to_japanese);
	assert_string_equal(s, "3 packets, fine");
	free(s);
	fact_value_free(&v);
}

static void test_text_is_verbatim_and_defused(void **state)
{
	(void)state;
	struct fact_value v;
	fact_value_text(&v, "100% \x1b]0;pwned\x07 TCP to %s");
	assert_null(v.msg);
	char *s = fact_value_render(&v, to_japanese);
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x07'));
	assert_non_null(strstr(s, "100% "));
	assert_non_null(strstr(s, "TCP to %s"));
	free(s);
	fact_value_free(&v);
	/* arguments from the wire are defused too */
	fact_value_set(&v, "line %s", "EHLO \x9b" "31m");
	s = fact_value_render(&v, NULL);
	assert_null(strchr(s, '\x9b'));
	free(s);
	fact_value_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_and_translated),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_bad_translation_falls_back),
		cmocka_unit_test(test_text_is_verbatim_and_defused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
