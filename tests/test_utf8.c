/*
 * test_utf8: the one UTF-8 decoder, width table and sanitiser (sim/utf8.c),
 * and the printable copy of captured bytes built on it (util).
 *
 * Known answers only: each case names the bytes and what they must give,
 * so a change of table or decoder shows up as a named failure.  Widths are
 * checked in a locale that knows nothing of UTF-8, since they must not
 * depend on it.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"
#include "util.h"

/* Decodes s (its strlen, or n when given) and checks length and value. */
static void decodes(const char *s, size_t n, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0x12345678;
	assert_int_equal(utf8_decode(s, n, &cp), want_len);
	if (want_len)
		assert_int_equal(cp, want_cp);
	else
		assert_int_equal(cp, 0x12345678);	/* left alone */
}

static void test_decode_valid(void **state)
{
	(void)state;
	decodes("a", 1, 1, 'a');
	decodes("", 1, 1, 0);			/* a NUL is a character */
	decodes("\x7f", 1, 1, 0x7f);
	decodes("\xc2\x80", 2, 2, 0x80);	/* smallest two-byte */
	decodes("\xc3\xa9", 2, 2, 0xe9);	/* é */
	decodes("\xdf\xbf", 2, 2, 0x7ff);
	decodes("\xe0\xa0\x80", 3, 3, 0x800);	/* smallest three-byte */
	decodes("\xe3\x81\x82", 3, 3, 0x3042);	/* あ */
	decodes("\xed\x9f\xbf", 3, 3, 0xd7ff);	/* just below the surrogates */
	decodes("\xee\x80\x80", 3, 3, 0xe000);	/* just above them */
	decodes("\xef\xbf\xbd", 3, 3, 0xfffd);
	decodes("\xf0\x90\x80\x80", 4, 4, 0x10000);	/* smallest four-byte */
	decodes("\xf0\x9f\x98\x80", 4, 4, 0x1f600);	/* 😀 */
	decodes("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);	/* the last code point */
	decodes("ab", 2, 1, 'a');		/* one character at a time */
}

static void test_decode_invalid(void **state)
{
	(void)state;
	decodes("", 0, 0, 0);			/* nothing to decode */
	decodes("\x80", 1, 0, 0);		/* stray continuation byte */
	decodes("\xbf", 1, 0, 0);
	decodes("\xff", 1, 0, 0);
	decodes("\xfe", 1, 0, 0);
	/* Overlong forms: a shorter sequence would do. */
	decodes("\xc0\xaf", 2, 0, 0);		/* '/' in two bytes */
	decodes("\xc1\xbf", 2, 0, 0);
	decodes("\xe0\x80\xaf", 3, 0, 0);
	decodes("\xe0\x9f\xbf", 3, 0, 0);
	decodes("\xf0\x80\x80\xaf", 4, 0, 0);
	decodes("\xf0\x8f\xbf\xbf", 4, 0, 0);
	/* Surrogates are not characters. */
	decodes("\xed\xa0\x80", 3, 0, 0);	/* U+D800 */
	decodes("\xed\xbf\xbf", 3, 0, 0);	/* U+DFFF */
	/* Above U+10FFFF. */
	decodes("\xf4\x90\x80\x80", 4, 0, 0);
	decodes("\xf5\x80\x80\x80", 4, 0, 0);
	decodes("\xf7\xbf\xbf\xbf", 4, 0, 0);
	/* Truncated: by the length, or by a byte that does not continue. */
	decodes("\xc3", 1, 0, 0);
	decodes("\xe3\x81", 2, 0, 0);
	decodes("\xe3\x81\x82", 2, 0, 0);	/* complete, but n cuts it */
	decodes("\xf0\x9f\x98", 3, 0, 0);
	decodes("\xe3\x81" "a", 3, 0, 0);
	decodes("\xf0\x9f\x98" "a", 4, 0, 0);
	decodes("\xc3\xc3\xa9", 3, 0, 0);
}

static void test_next_prev_count(void **state)
{
	uint32_t cp;
	/* "a", a bad byte, "é", a cut-short あ, "😀" */
	const char s[] = "a\xff\xc3\xa9\xe3\x81\xf0\x9f\x98\x80";
	size_t n = sizeof s - 1;
	(void)state;
	assert_int_equal(utf8_next(s, n, &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(utf8_next(s + 1, n - 1, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_next(s + 2, n - 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_next(s + 4, n - 4, &cp), 1);	/* e3 */
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_next(s + 5, n - 5, &cp), 1);	/* 81 */
	assert_int_equal(utf8_next(s + 6, n - 6, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_count(s, n), 6);
	assert_int_equal(utf8_count(s, 0), 0);

	assert_int_equal(utf8_prev(s, n), 6);		/* 😀 */
	assert_int_equal(utf8_prev(s, 6), 5);		/* lone 81 */
	assert_int_equal(utf8_prev(s, 4), 2);		/* é */
	assert_int_equal(utf8_prev(s, 2), 1);		/* ff */
	assert_int_equal(utf8_prev(s, 1), 0);
	assert_int_equal(utf8_prev("\x80\x80\x80\x80\x80", 5), 4);
}

static void test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width('a'), 1);
	assert_int_equal(utf8_cp_width(' '), 1);
	assert_int_equal(utf8_cp_width('~'), 1);
	assert_int_equal(utf8_cp_width(0xe9), 1);	/* é, precomposed */
	assert_int_equal(utf8_cp_width(0xa0), 1);	/* no-break space */
	assert_int_equal(utf8_cp_width(0xad), 1);	/* soft hyphen is drawn */
	assert_int_equal(utf8_cp_width(0x2713), 1);	/* ✓ */
	assert_int_equal(utf8_cp_width(0x303f), 1);	/* half-fill space */
	assert_int_equal(utf8_cp_width(UTF8_REPLACEMENT), 1);

	assert_int_equal(utf8_cp_width(0x3042), 2);	/* あ */
	assert_int_equal(utf8_cp_width(0x6f22), 2);	/* 漢 */
	assert_int_equal(utf8_cp_width(0xff21), 2);	/* full-width Ａ */
	assert_int_equal(utf8_cp_width(0x3000), 2);	/* ideographic space */
	assert_int_equal(utf8_cp_width(0x3001), 2);	/* 、 */
	assert_int_equal(utf8_cp_width(0xac00), 2);	/* 가 */
	assert_int_equal(utf8_cp_width(0x1f600), 2);	/* 😀 */
	assert_int_equal(utf8_cp_width(0x231a), 2);	/* ⌚, emoji presentation */
	assert_int_equal(utf8_cp_width(0x2705), 2);	/* ✅ */
	assert_int_equal(utf8_cp_width(0x20000), 2);	/* plane 2 ideograph */
	assert_int_equal(utf8_cp_width(0x2fffd), 2);

	assert_int_equal(utf8_cp_width(0x301), 0);	/* combining acute */
	assert_int_equal(utf8_cp_width(0x3099), 0);	/* combining voicing mark */
	assert_int_equal(utf8_cp_width(0x200b), 0);	/* zero-width space */
	assert_int_equal(utf8_cp_width(0x200d), 0);	/* zero-width joiner */
	assert_int_equal(utf8_cp_width(0xfe0f), 0);	/* variation selector */
	assert_int_equal(utf8_cp_width(0x202e), 0);	/* RLO */
	assert_int_equal(utf8_cp_width(0xe0041), 0);	/* tag A */
	assert_int_equal(utf8_cp_width(0x1160), 0);	/* hangul medial vowel */

	assert_int_equal(utf8_cp_width(0), -1);
	assert_int_equal(utf8_cp_width('\t'), -1);
	assert_int_equal(utf8_cp_width(0x1b), -1);	/* ESC */
	assert_int_equal(utf8_cp_width(0x7f), -1);	/* DEL */
	assert_int_equal(utf8_cp_width(0x9b), -1);	/* CSI */
	assert_int_equal(utf8_cp_width(0xd800), -1);	/* surrogate */
	assert_int_equal(utf8_cp_width(0x110000), -1);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("", 0), 0);
	assert_int_equal(utf8_width("abc", 3), 3);
	assert_int_equal(utf8_width("abc", 2), 2);
	assert_int_equal(utf8_width("ab\0cd", 5), 2);		/* stops at NUL */
	assert_int_equal(utf8_width("e\xcc\x81", 3), 1);	/* e + U+0301 */
	assert_int_equal(utf8_width("\xc3\xa9", 2), 1);		/* é */
	assert_int_equal(utf8_width("TLS\xe3\x81\xae", 6), 5);	/* TLSの */
	assert_int_equal(utf8_width("\xe6\xbc\xa2\xe5\xad\x97", 6), 4);	/* 漢字 */
	assert_int_equal(utf8_width("\xef\xbc\xa1", 3), 2);	/* Ａ */
	assert_int_equal(utf8_width("\xf0\x9f\x98\x80!", 5), 3);	/* 😀! */
	assert_int_equal(utf8_width("\xe3\x80\x80", 3), 2);	/* U+3000 */
	assert_int_equal(utf8_width("a\x1b[0m", 5), 4);		/* ESC counts 0 */
	assert_int_equal(utf8_width("a\xff\xfe", 3), 3);	/* bad bytes 1 each */
	assert_int_equal(utf8_width("\xe3\x81", 2), 2);
}

static void test_kind(void **state)
{
	(void)state;
	assert_int_equal(utf8_kind('a'), UTF8_TEXT);
	assert_int_equal(utf8_kind(0x1b), UTF8_C0);
	assert_int_equal(utf8_kind('\t'), UTF8_C0);
	assert_int_equal(utf8_kind(0x7f), UTF8_DEL);
	assert_int_equal(utf8_kind(0x80), UTF8_C1);
	assert_int_equal(utf8_kind(0x9b), UTF8_C1);
	assert_int_equal(utf8_kind(0x9f), UTF8_C1);
	assert_int_equal(utf8_kind(0xa0), UTF8_TEXT);
	for (uint32_t c = 0x202a; c <= 0x202e; c++)
		assert_int_equal(utf8_kind(c), UTF8_BIDI);
	for (uint32_t c = 0x2066; c <= 0x2069; c++)
		assert_int_equal(utf8_kind(c), UTF8_BIDI);
	assert_int_equal(utf8_kind(0x2029), UTF8_TEXT);
	assert_int_equal(utf8_kind(0x206a), UTF8_TEXT);
	assert_int_equal(utf8_kind(0x200e), UTF8_BIDI_MARK);
	assert_int_equal(utf8_kind(0x200f), UTF8_BIDI_MARK);
	assert_int_equal(utf8_kind(0x061c), UTF8_BIDI_MARK);
	assert_int_equal(utf8_kind(0xe0000), UTF8_TAG);
	assert_int_equal(utf8_kind(0xe0041), UTF8_TAG);
	assert_int_equal(utf8_kind(0xe007f), UTF8_TAG);
	assert_int_equal(utf8_kind(0xe0080), UTF8_TEXT);
}

/* Sanitises s with '.' for controls and '?' for bad bytes. */
static void sanitises(const char *s, size_t n, unsigned flags, const char *want)
{
	char out[64];
	assert_true(n < sizeof out);
	assert_int_equal(utf8_sanitize(out, s, n, '.', '?', flags), strlen(want));
	assert_string_equal(out, want);
}

static void test_sanitize(void **state)
{
	(void)state;
	sanitises("plain \xc3\xa9\xe3\x81\x82", 11, 0, "plain \xc3\xa9\xe3\x81\x82");
	sanitises("", 0, 0, "");
	/* ESC [ 2 J: the ESC goes, the harmless rest stays. */
	sanitises("\x1b[2J", 4, 0, ".[2J");
	/* A raw 0x9b byte is CSI on some terminals: invalid UTF-8. */
	sanitises("a\x9b" "2J", 4, 0, "a?2J");
	/* The same CSI as the code point U+009B: a C1 control. */
	sanitises("a\xc2\x9b" "2J", 5, 0, "a.2J");
	sanitises("\x7f\x00\r\n", 4, 0, "....");
	/* U+202E (RLO) would show the rest of the line backwards. */
	sanitises("abc\xe2\x80\xae" "def", 9, 0, "abc.def");
	sanitises("\xe2\x81\xa6x\xe2\x81\xa9", 7, 0, ".x.");	/* LRI, PDI */
	sanitises("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 8, 0, "...");	/* LRM RLM ALM */
	/* U+E0041 TAG LATIN CAPITAL LETTER A: invisible text. */
	sanitises("x\xf3\xa0\x81\x81y", 6, 0, "x.y");
	/* One '?' a bad byte: overlong, surrogate, cut short. */
	sanitises("\xc0\xaf", 2, 0, "??");
	sanitises("\xed\xa0\x80", 3, 0, "???");
	sanitises("ab\xe3\x81", 4, 0, "ab??");
	/* Tabs are controls unless kept. */
	sanitises("\ta\tb", 4, 0, ".a.b");
	sanitises("\ta\tb\x1b", 5, UTF8_KEEP_TAB, "\ta\tb.");
	/* Zero-width and combining characters are text. */
	sanitises("e\xcc\x81\xe2\x80\x8b", 6, 0, "e\xcc\x81\xe2\x80\x8b");
}

/* The copy never needs more than n + 1 bytes, and nothing of an escape
 * survives, whatever the bytes. */
static void test_sanitize_every_pair(void **state)
{
	(void)state;
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			const char in[3] = { (char)a, (char)b, (char)0xc2 };
			char out[5] = { 'X', 'X', 'X', 'X', 'X' };
			size_t len = utf8_sanitize(out, in, 3, '.', '?', 0);
			assert_true(len <= 3);
			assert_int_equal(out[len], '\0');
			assert_int_equal(out[4], 'X');
			for (size_t i = 0; i < len; i++) {
				unsigned char c = (unsigned char)out[i];
				assert_true(c >= 0x20 && c != 0x7f);
				if (c == 0xc2)
					assert_false((unsigned char)out[i + 1] >= 0x80 &&
						     (unsigned char)out[i + 1] <= 0x9f);
			}
		}
	}
}

/* util's printable copy of captured bytes is the sanitiser with '.' for
 * controls and '?' for bad bytes: what the sniffer pane has always shown. */
static void test_text_printable(void **state)
{
	static const uint8_t raw[] = "MAIL\r\n\x1b[2J\xff\xc3\xa9\xc2\x9b\xe2\x80\xae!";
	(void)state;
	char *s = text_printable(raw, sizeof raw - 1);
	assert_string_equal(s, "MAIL...[2J?\xc3\xa9..!");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_next_prev_count),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_every_pair),
		cmocka_unit_test(test_text_printable),
	};
	setlocale(LC_ALL, "C");
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
