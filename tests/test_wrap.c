/*
 * test_wrap: display widths and word wrapping of UTF-8 text (ui/wrap.c);
 * decoding and the width table itself are tested in test_utf8.
 *
 * Every wrapping test checks the same invariants on top of its own
 * expectations: no line is wider than the limit, the stored width is the
 * real width of the bytes, and no visible character is lost or repeated.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"
#include "wrap.h"

#define MAXL 64

struct wrapped {
	struct wrap_line line[MAXL];
	size_t n;
};

/* Wraps and checks the invariants; returns the lines. */
static struct wrapped wrap_checked(const char *text, int width)
{
	struct wrapped w;
	size_t visible = 0, shown = 0;

	w.n = wrap_text(text, width, w.line, MAXL);
	assert_true(w.n <= MAXL);
	for (size_t i = 0; i < w.n; i++) {
		const struct wrap_line *l = &w.line[i];
		assert_true(l->off + l->len <= strlen(text));
		assert_int_equal(l->width, wrap_width(text + l->off, l->len));
		assert_true(l->width <= (width < 1 ? 1 : width));
		for (size_t k = 0; k < l->len; k++)
			assert_int_not_equal(text[l->off + k], '\n');
		shown += (size_t)wrap_width(text + l->off, l->len);
		if (i > 0)	/* lines come in order, never overlap */
			assert_true(l->off >= w.line[i - 1].off + w.line[i - 1].len);
	}
	/* Nothing visible is lost except blanks at breaks (and, at width 1,
	 * characters wider than the line). */
	for (size_t i = 0; text[i];) {
		uint32_t cp;
		size_t k = utf8_next(text + i, strlen(text) - i, &cp);
		int cw = utf8_cp_width(cp);
		if (cp != ' ' && cp != '\n' && cw > 0 && !(width < 2 && cw > 1))
			visible += (size_t)cw;
		i += k;
	}
	assert_true(shown >= visible);
	return w;
}

static void line_is(const char *text, const struct wrap_line *l, const char *want)
{
	assert_int_equal(l->len, strlen(want));
	assert_memory_equal(text + l->off, want, l->len);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(wrap_width("hello", 5), 5);
	assert_int_equal(wrap_width("\xe9\x8d\xb5", 3), 2);	/* 鍵 */
	assert_int_equal(wrap_width("TLS\xe3\x81\xae", 6), 5);	/* TLSの */
	assert_int_equal(wrap_width("\xe2\x9c\x93", 3), 1);	/* ✓ */
	assert_int_equal(wrap_width("e\xcc\x81", 3), 1);	/* e + combining acute */
	assert_int_equal(wrap_width("\xf0\x9f\x98\x80", 4), 2);	/* 😀, as the lesson caret */
	assert_int_equal(wrap_width("", 0), 0);
}

/* Each byte of invalid UTF-8 is drawn as one replacement character. */
static void test_invalid_bytes(void **state)
{
	(void)state;
	assert_int_equal(wrap_width("\xff", 1), 1);
	assert_int_equal(wrap_width("\xe3\x81", 2), 2);	/* cut short */
	assert_int_equal(wrap_width("\xc0\xaf", 2), 2);	/* overlong */
	assert_int_equal(wrap_width("\xe3\x81\x82", 3), 2);	/* あ */
}

static void test_fit(void **state)
{
	const char *s = "\xe5\x85\xac\xe9\x96\x8b\xe9\x8d\xb5";	/* 公開鍵 */
	int used;
	(void)state;
	/* 5 columns hold two wide characters, never half of the third. */
	assert_int_equal(wrap_fit(s, strlen(s), 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(wrap_fit("abc\ndef", 7, 10, &used), 3);
	assert_int_equal(used, 3);
	assert_int_equal(wrap_fit(s, strlen(s), 1, &used), 0);
	assert_int_equal(used, 0);
}

static void test_english_words(void **state)
{
	const char *t = "The client checks the certificate before it trusts the key.";
	(void)state;
	struct wrapped w = wrap_checked(t, 20);
	assert_int_equal(w.n, 4);
	line_is(t, &w.line[0], "The client checks");
	line_is(t, &w.line[1], "the certificate");
	line_is(t, &w.line[2], "before it trusts the");
	line_is(t, &w.line[3], "key.");
}

static void test_exact_fit_and_newlines(void **state)
{
	const char *t = "abcde fghij\n\nxy";
	(void)state;
	struct wrapped w = wrap_checked(t, 5);
	assert_int_equal(w.n, 4);
	line_is(t, &w.line[0], "abcde");
	line_is(t, &w.line[1], "fghij");
	line_is(t, &w.line[2], "");
	line_is(t, &w.line[3], "xy");
}

static void test_japanese_no_spaces(void **state)
{
	/* サーバーは証明書を送る。(12 wide characters, 24 columns) */
	const char *t = "\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x90\xe3\x83\xbc\xe3\x81\xaf"
			"\xe8\xa8\xbc\xe6\x98\x8e\xe6\x9b\xb8\xe3\x82\x92\xe9\x80\x81"
			"\xe3\x82\x8b\xe3\x80\x82";
	(void)state;
	struct wrapped w = wrap_checked(t, 10);
	assert_true(w.n >= 3);
	for (size_t i = 0; i < w.n; i++) {
		assert_true(w.line[i].width <= 10);
		/* "。" (e3 80 82) and "ー" (e3 83 bc) never start a line. */
		if (i > 0 && w.line[i].len >= 3) {
			assert_false(memcmp(t + w.line[i].off, "\xe3\x80\x82", 3) == 0);
			assert_false(memcmp(t + w.line[i].off, "\xe3\x83\xbc", 3) == 0);
		}
	}
	/* A width of 11 still only holds five wide characters. */
	w = wrap_checked(t, 11);
	assert_true(w.line[0].width <= 10);
	/* An odd width: every line still fits. */
	w = wrap_checked(t, 3);
	for (size_t i = 0; i < w.n; i++)
		assert_int_equal(w.line[i].width, 2);
}

static void test_mixed(void **state)
{
	/* "STARTTLS は平文で始まり、TLS に切り替わる。" */
	const char *t = "STARTTLS \xe3\x81\xaf\xe5\xb9\xb3\xe6\x96\x87\xe3\x81\xa7"
			"\xe5\xa7\x8b\xe3\x81\xbe\xe3\x82\x8a\xe3\x80\x81TLS \xe3\x81\xab"
			"\xe5\x88\x87\xe3\x82\x8a\xe6\x9b\xbf\xe3\x82\x8f\xe3\x82\x8b\xe3\x80\x82";
	(void)state;
	for (int width = 1; width <= 40; width++) {
		struct wrapped w = wrap_checked(t, width);
		assert_true(w.n >= 1);
	}
	struct wrapped w = wrap_checked(t, 12);
	/* The Latin word stays whole: the first line begins "STARTTLS". */
	assert_true(w.line[0].len >= 8);
	assert_memory_equal(t + w.line[0].off, "STARTTLS", 8);
	/* "、" (e3 80 81) is never moved to the start of a line. */
	for (size_t i = 1; i < w.n; i++)
		assert_false(w.line[i].len >= 3 &&
			     memcmp(t + w.line[i].off, "\xe3\x80\x81", 3) == 0);
}

static void test_long_word(void **state)
{
	const char *t = "key 3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c end";
	(void)state;
	struct wrapped w = wrap_checked(t, 10);
	line_is(t, &w.line[0], "key");
	line_is(t, &w.line[1], "3f9a1c0b7d");
	line_is(t, &w.line[2], "2e4f6a8b9c");
	line_is(t, &w.line[3], "0d1e2f3a4b");
	line_is(t, &w.line[4], "5c end");
	assert_int_equal(w.n, 5);
}

/* A host name or address too long for a line breaks after . @ - or /,
 * not in the middle of a label; a blank still wins. */
static void test_long_name(void **state)
{
	const char *t = "greeted as client.example.test, alice@example.test ok";
	(void)state;
	struct wrapped w = wrap_checked(t, 17);
	line_is(t, &w.line[0], "greeted as");
	line_is(t, &w.line[1], "client.example.");
	line_is(t, &w.line[2], "test,");
	line_is(t, &w.line[3], "alice@example.");
	line_is(t, &w.line[4], "test ok");
	assert_int_equal(w.n, 5);
}

static void test_width_one(void **state)
{
	const char *t = "ab \xe9\x8d\xb5" "c";	/* "ab 鍵c" */
	(void)state;
	struct wrapped w = wrap_checked(t, 1);
	/* Every narrow character gets its own line; the wide one cannot show. */
	size_t letters = 0;
	for (size_t i = 0; i < w.n; i++) {
		assert_true(w.line[i].width <= 1);
		letters += (size_t)w.line[i].width;
	}
	assert_int_equal(letters, 3);
	w = wrap_checked(t, 0);	/* treated as 1 */
	assert_int_equal(w.line[0].width, 1);
	w = wrap_checked("", 5);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.line[0].len, 0);
}

static void test_max_lines(void **state)
{
	struct wrap_line two[2];
	(void)state;
	/* Only two are stored but the count says how many there are. */
	assert_int_equal(wrap_text("a b c d", 1, two, 2), 4);
	assert_int_equal(two[1].len, 1);
}

static void test_ascii_fold(void **state)
{
	char out[64];
	(void)state;
	wrap_ascii("ok \xe2\x9c\x93 \xe2\x80\xa6 \xe2\x86\x92 \xe9\x8d\xb5", out, sizeof out);
	assert_string_equal(out, "ok ok ... -> ?");
	wrap_ascii("\x1b[31m", out, sizeof out);
	assert_string_equal(out, ".[31m");
	assert_int_equal(wrap_ascii("abcdef", out, 4), 3);
	assert_string_equal(out, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_english_words),
		cmocka_unit_test(test_exact_fit_and_newlines),
		cmocka_unit_test(test_japanese_no_spaces),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_width_one),
		cmocka_unit_test(test_max_lines),
		cmocka_unit_test(test_ascii_fold),
	};
	/* Widths must not depend on the locale: run in one that knows no
	 * UTF-8 at all. */
	setlocale(LC_ALL, "C");
	return cmocka_run_group_tests_name("wrap", tests, NULL, NULL);
}
