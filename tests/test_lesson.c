/*
 * test_lesson: the lesson parser, its diagnostics, the binding checks, and
 * every lesson shipped in lessons/en and lessons/ja.
 *
 * Fixtures live in tests/data/lesson/; inputs too large for a fixture
 * (huge files, overlong lines, many problems) are built in memory.  Every
 * bad input asserts the exact line, column and message of its diagnostic.
 * The shipped lessons are bound to the event names of the timelines their
 * scenarios really produce.  Run from the repository root (make test does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson.h"
#include "lesson_check.h"
#include "lesson_markup.h"
#include "options.h"
#include "rng.h"
#include "runner.h"
#include "timeline.h"
#include "util.h"

#define DATA "tests/data/lesson/"

static const char header[] = "title: t\nlang: en\nscenario: handshake\n\n";

/* Parses a string; returns the diagnostics (caller frees). */
static struct lesson_diags parse_str(const char *text, size_t len,
				     struct lesson **l, int want_rc)
{
	struct lesson_diags d = {0};
	int rc = lesson_parse("mem.lesson", text, len, l, &d);
	assert_int_equal(rc, want_rc);
	if (rc == 0)
		assert_non_null(*l);
	else
		assert_null(*l);
	return d;
}

static struct lesson_diags load(const char *path, struct lesson **l,
				int want_rc)
{
	struct lesson_diags d = {0};
	int rc = lesson_load(path, l, &d);
	assert_int_equal(rc, want_rc);
	if (rc != 0)
		assert_null(*l);
	return d;
}

static void expect_diag(const struct lesson_diags *d, size_t i, int line,
			int col, const char *msg)
{
	assert_true(i < d->n);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, col);
	if (!strstr(d->v[i].message, msg))
		fail_msg("diagnostic %zu is '%s', expected it to contain '%s'",
			 i, d->v[i].message, msg);
}

/* ---- a good lesson ---------------------------------------------------- */

static void test_good(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "good.lesson", &l, 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(l->file, DATA "good.lesson");
	assert_string_equal(l->title, "The *eight* steps");
	assert_string_equal(l->summary, "How a session key reaches the server.");
	assert_int_equal(l->lang, LESSON_LANG_EN);
	assert_string_equal(l->scenario.name, "handshake");
	assert_int_equal(l->scenario.loc.line, 5);
	assert_int_equal(l->scenario.loc.col, 11);
	assert_int_equal(l->n_attacks, 1);
	assert_string_equal(l->attacks[0].name, "key-leak");
	/* The other options as written, in order, each a row of the table. */
	static const char *const opts[][2] = {
		{ "tls-policy", "required" }, { "server-policy", "strict" },
		{ "tls", "classic" }, { "hop-b", "plain" }, { "seed", "42" },
	};
	assert_int_equal(l->n_options, sizeof opts / sizeof opts[0]);
	for (size_t i = 0; i < l->n_options; i++) {
		assert_ptr_equal(l->options[i].spec, options_find(opts[i][0]));
		assert_string_equal(l->options[i].value, opts[i][1]);
	}

	assert_int_equal(l->n_sections, 2);
	const struct lesson_section *s = &l->sections[0];
	assert_string_equal(s->event.name, "connect");
	assert_int_equal(s->event.loc.line, 13);
	assert_int_equal(s->event.loc.col, 7);
	assert_int_equal(s->highlight, LESSON_PANE_CLIENT);
	assert_int_equal(s->n_paras, 2);
	assert_string_equal(s->paras[0], "The client opens a connection to the server.");
	assert_string_equal(s->paras[1], "Then it waits for the `220` greeting.");
	assert_int_equal(s->n_questions, 0);

	s = &l->sections[1];
	assert_string_equal(s->event.name, "session");
	assert_int_equal(s->highlight, LESSON_PANE_WIRE);
	assert_int_equal(s->n_paras, 1);
	assert_int_equal(s->n_questions, 2);
	const struct lesson_question *q = &s->questions[0];
	assert_string_equal(q->text, "Which key protects the data in step 8?");
	assert_int_equal(q->loc.line, 22);
	assert_int_equal(q->n_choices, 3);
	assert_false(q->choices[0].right);
	assert_true(q->choices[1].right);
	assert_false(q->choices[2].right);
	assert_string_equal(q->choices[1].text, "The shared *session key*");
	assert_string_equal(q->explanation,
			    "Step 8 uses the session key that both sides now hold; "
			    "the private key only unwrapped it in step 7.");
	q = &s->questions[1];
	assert_int_equal(q->n_choices, 3);
	assert_true(q->choices[0].right && q->choices[1].right);
	assert_false(q->choices[2].right);

	/* The escaped line is narration, with the escapes resolved on display. */
	char *plain = lesson_plain(s->paras[0]);
	assert_string_equal(plain, "# Not a comment: a literal hash sign, and a *literal* asterisk.");
	free(plain);
	lesson_free(l);
	lesson_diags_free(&d);
}

static void test_japanese_lines_join_without_space(void **state)
{
	(void)state;
	static const char text[] =
		"title: t\nlang: ja\nscenario: handshake\n\n== at connect\n"
		"クライアントが\nサーバーに接続します。\nThen\nEnglish words\n`220` が返る。\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, 0);
	assert_int_equal(l->lang, LESSON_LANG_JA);
	assert_string_equal(l->sections[0].paras[0],
			    "クライアントがサーバーに接続します。Then English words `220` が返る。");
	lesson_free(l);
	lesson_diags_free(&d);
}

static void test_bom_and_crlf(void **state)
{
	(void)state;
	static const char text[] =
		"\xef\xbb\xbftitle: t\r\nlang: en\r\nscenario: handshake\r\n\r\n"
		"== at connect\r\nHello\r\nworld.\r\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, 0);
	assert_string_equal(l->title, "t");
	assert_string_equal(l->sections[0].paras[0], "Hello world.");
	lesson_free(l);
	lesson_diags_free(&d);
}

static void test_spans(void **state)
{
	(void)state;
	struct lesson_span *v;
	size_t n = lesson_spans("Send `STARTTLS` *before* AUTH \\*not\\* `a*b`.", &v);
	assert_int_equal(n, 7);
	assert_int_equal(v[0].kind, LESSON_SPAN_TEXT);
	assert_string_equal(v[0].text, "Send ");
	assert_int_equal(v[1].kind, LESSON_SPAN_CODE);
	assert_string_equal(v[1].text, "STARTTLS");
	assert_int_equal(v[2].kind, LESSON_SPAN_TEXT);
	assert_string_equal(v[2].text, " ");
	assert_int_equal(v[3].kind, LESSON_SPAN_EMPH);
	assert_string_equal(v[3].text, "before");
	assert_int_equal(v[4].kind, LESSON_SPAN_TEXT);
	assert_string_equal(v[4].text, " AUTH *not* ");
	assert_int_equal(v[5].kind, LESSON_SPAN_CODE);
	assert_string_equal(v[5].text, "a*b");
	assert_int_equal(v[6].kind, LESSON_SPAN_TEXT);
	assert_string_equal(v[6].text, ".");
	lesson_spans_free(v, n);

	/* An unclosed marker (never from the parser) shows as typed. */
	n = lesson_spans("2 * 3", &v);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].text, "2 * 3");
	lesson_spans_free(v, n);

	/* Code keeps backslashes; emphasis resolves escapes. */
	n = lesson_spans("`a\\b` *x\\*y*", &v);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].text, "a\\b");
	assert_string_equal(v[2].text, "x*y");
	lesson_spans_free(v, n);

	n = lesson_spans("", &v);
	assert_int_equal(n, 0);
	lesson_spans_free(v, n);
}

/* ---- bad inputs ------------------------------------------------------- */

static void test_empty(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "empty.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "file is empty");
	char *s = lesson_diag_format(&d.v[0]);
	assert_string_equal(s, DATA "empty.lesson: file is empty");
	free(s);
	lesson_diags_free(&d);
}

static void test_binary_junk(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "junk.lesson", &l, -1);
	assert_int_equal(d.n, 6);
	expect_diag(&d, 0, 1, 1, "control character U+007F (DEL) is not allowed");
	expect_diag(&d, 1, 2, 1, "control character U+0000 (NUL) is not allowed");
	expect_diag(&d, 2, 0, 0, "no 'title:' line");
	expect_diag(&d, 3, 0, 0, "no 'lang:' line");
	expect_diag(&d, 4, 0, 0, "no 'scenario:' line");
	expect_diag(&d, 5, 0, 0, "no sections");
	/* The quoted line is safe to print: no control byte survives. */
	for (const char *c = d.v[0].line_text; *c; c++)
		assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
	lesson_diags_free(&d);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "bad-utf8.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 6, 16, "invalid UTF-8 (byte 0xff)");
	assert_string_equal(d.v[0].line_text, "A broken byte: ? here.");
	lesson_diags_free(&d);

	/* Overlong encodings, surrogates and truncated sequences too. */
	static const char *const bad[] = {
		"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe3\x81", "\x80",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = xprintf("%s== at connect\nab%s\n", header, bad[i]);
		d = parse_str(text, strlen(text), &l, -1);
		assert_int_equal(d.n, 1);
		expect_diag(&d, 0, 6, 3, "invalid UTF-8");
		lesson_diags_free(&d);
		free(text);
	}
}

static void test_nul_byte(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "nul.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 6, 6, "control character U+0000 (NUL) is not allowed");
	lesson_diags_free(&d);
}

static void test_escape_sequence(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "esc.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 6, 17, "control character U+001B (ESC) is not allowed");
	char *s = lesson_diag_format(&d.v[0]);
	assert_string_equal(s,
		DATA "esc.lesson:6:17: control character U+001B (ESC) is not allowed\n"
		"    6 | This turns red: ?[31mred?[0m.\n"
		"      |                 ^");
	free(s);
	lesson_diags_free(&d);
}

static void test_other_controls(void **state)
{
	(void)state;
	static const struct {
		const char *bytes, *msg;
	} cases[] = {
		{ "\x7f", "U+007F (DEL)" },
		{ "\xc2\x9b", "C1 control character U+009B" },
		{ "\r", "U+000D (CR)" },
		{ "\x07", "U+0007 (BEL)" },
		{ "\xe2\x80\xae", "bidirectional control character U+202E" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = xprintf("%s== at connect\nx%sy\n", header, cases[i].bytes);
		struct lesson *l;
		struct lesson_diags d = parse_str(text, strlen(text), &l, -1);
		assert_int_equal(d.n, 1);
		expect_diag(&d, 0, 6, 2, cases[i].msg);
		lesson_diags_free(&d);
		free(text);
	}
}

static void test_caret_under_wide_characters(void **state)
{
	(void)state;
	static const char text[] =
		"title: t\nlang: ja\nscenario: handshake\n\n== at connect\n"
		"\t日本語の文に\033[2J制御文字。\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 6, 8, "U+001B (ESC)");
	char *s = lesson_diag_format(&d.v[0]);
	assert_string_equal(s,
		"mem.lesson:6:8: control character U+001B (ESC) is not allowed\n"
		"    6 | \t日本語の文に?[2J制御文字。\n"
		"      | \t            ^");
	free(s);
	lesson_diags_free(&d);
}

/* The caret counts cells as the word wrapper does (sim/utf8): an emoji
 * two, a combining accent none, whatever the old tables said. */
static void test_caret_under_emoji_and_accents(void **state)
{
	(void)state;
	static const char text[] =
		"title: t\nlang: en\nscenario: handshake\n\n== at connect\n"
		"Cafe\xcc\x81 \xf0\x9f\x98\x80 *open\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 6, 9, "'*' opens emphasis");
	char *s = lesson_diag_format(&d.v[0]);
	assert_string_equal(s,
		"mem.lesson:6:9: '*' opens emphasis that is not closed on this line\n"
		"    6 | Cafe\xcc\x81 \xf0\x9f\x98\x80 *open\n"
		"      |         ^");
	free(s);
	lesson_diags_free(&d);
}

static void test_overlong_line(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_put(&b, header, strlen(header));
	buf_put(&b, "== at connect\n", 14);
	for (int i = 0; i < 5000; i++)
		buf_put8(&b, 'a');
	buf_put(&b, "\nfine\n", 6);
	/* Japanese: 3 bytes a character, the limit falls inside one. */
	for (int i = 0; i < 2000; i++)
		buf_put(&b, "あ", 3);
	buf_put8(&b, '\n');
	struct lesson *l;
	struct lesson_diags d = parse_str((char *)b.p, b.len, &l, -1);
	assert_int_equal(d.n, 2);
	expect_diag(&d, 0, 6, 4097, "line is longer than 4096 bytes");
	expect_diag(&d, 1, 8, 1366, "line is longer than 4096 bytes");
	/* The quote is cut around the column, so the caret stays on screen. */
	char *s = lesson_diag_format(&d.v[0]);
	assert_non_null(strstr(s, "\n    6 | ...aaaa"));
	const char *caret = strrchr(s, '\n');
	assert_true(strlen(caret) < 80);
	assert_int_equal(caret[strlen(caret) - 1], '^');
	free(s);
	lesson_diags_free(&d);
	buf_free(&b);
}

static void test_huge_input(void **state)
{
	(void)state;
	size_t n = LESSON_MAX_BYTES + 1;
	char *big = xmalloc(n);
	memset(big, 'a', n);
	struct lesson *l;
	struct lesson_diags d = parse_str(big, n, &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "file is larger than 1048576 bytes");

	/* The same through lesson_load, which refuses before reading. */
	lesson_diags_free(&d);
	mkdir("tests/out", 0777);
	FILE *f = fopen("tests/out/huge.lesson", "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(big, 1, n, f), n);
	fclose(f);
	d = load("tests/out/huge.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "file is larger than 1048576 bytes (1048577 bytes)");
	remove("tests/out/huge.lesson");
	lesson_diags_free(&d);
	free(big);
}

static void test_many_problems_stop(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < 500; i++)
		buf_put(&b, "\033\n", 2);
	struct lesson *l;
	struct lesson_diags d = parse_str((char *)b.p, b.len, &l, -1);
	assert_int_equal(d.n, LESSON_MAX_DIAGS + 1);
	expect_diag(&d, 99, 100, 1, "U+001B (ESC)");
	expect_diag(&d, LESSON_MAX_DIAGS, 0, 0, "too many problems; stopped after 100");
	lesson_diags_free(&d);
	buf_free(&b);
}

static void test_unknown_key(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "unknown-key.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 4, 1, "unknown key 'level'");
	lesson_diags_free(&d);
}

static void test_missing_title(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "no-title.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "the header has no 'title:' line");
	lesson_diags_free(&d);
}

static void test_question_without_right_answer(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "no-right-answer.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 8, 1, "question has no right answer");
	lesson_diags_free(&d);
}

static void test_three_mistakes_all_reported(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "three-mistakes.lesson", &l, -1);
	assert_int_equal(d.n, 3);
	expect_diag(&d, 0, 4, 1, "unknown key 'titel'");
	expect_diag(&d, 1, 6, 26, "expected a pane after 'highlight': client, wire or server");
	expect_diag(&d, 2, 9, 1, "question has no right answer");
	char *s = lesson_diag_format(&d.v[1]);
	assert_string_equal(s,
		DATA "three-mistakes.lesson:6:26: expected a pane after 'highlight': client, wire or server\n"
		"    6 | == at greeting highlight sniffer\n"
		"      |                          ^");
	free(s);
	lesson_diags_free(&d);
}

/* Structural mistakes, each with its exact place. */
static void test_structure_errors(void **state)
{
	(void)state;
	static const struct {
		const char *body;	/* after the header */
		int line, col;
		const char *msg;
	} cases[] = {
		{ "- [x] stray\n", 5, 1, "choice outside a question" },
		{ "> stray\n", 5, 1, "explanation outside a question" },
		{ "? stray\n", 5, 1, "question outside a section" },
		{ "title: again\n", 5, 1, "'title' was already given on line 1" },
		{ "tls: sideways\n", 5, 6, "tls must be one of 'classic', '1.2', '1.3'" },
		{ "seed: 18446744073709551616\n", 5, 7, "seed must be a whole number" },
		{ "seed: 12a\n", 5, 7, "seed must be a whole number" },
		{ "summary:\n", 5, 8, "'summary' needs a value" },
		{ "just words\n", 5, 1, "expected 'key: value' in the header" },
		{ "== at Connect\nx\n", 5, 7, "event names use only a-z, 0-9 and '-'" },
		{ "== on connect\nx\n", 5, 4, "expected 'at EVENT' after '=='" },
		{ "== at\nx\n", 5, 6, "expected an event name after 'at'" },
		{ "== at connect\n", 5, 7, "section 'connect' has no narration and no question" },
		{ "== at connect\nx\n== at connect\ny\n", 7, 7, "a section for 'connect' was already given on line 5" },
		{ "== at connect highlight client extra\nx\n", 5, 32, "unexpected text after the pane name" },
		{ "== at connect\nsome *bold\n", 6, 6, "'*' opens emphasis that is not closed" },
		{ "== at connect\nsome `code\n", 6, 6, "'`' opens a code span that is not closed" },
		{ "== at connect\n** empty\n", 6, 1, "empty *emphasis*" },
		{ "== at connect\n*a `b` c*\n", 6, 4, "code` span cannot be inside *emphasis*" },
		{ "== at connect\n? q\n- [x] a\n- [ ] b\n> e\nmore words\n", 10, 1, "narration after a question" },
		{ "== at connect\n? q\n- [x] a\n> e\n", 6, 1, "question needs at least two choices" },
		{ "== at connect\n? q\n- [x] a\n- [ ] b\n", 6, 1, "question has no explanation" },
		{ "== at connect\n? q\n- [x] a\n- [ ] c\n> e\n- [ ] b\n", 10, 1, "choice after the explanation" },
		{ "== at connect\n? q\n- [y] a\n- [x] b\n- [ ] c\n> e\n", 7, 3, "expected '[x]' (right) or '[ ]' (wrong)" },
		{ "== at connect\n? q\n- [x]a\n- [x] b\n- [ ] c\n> e\n", 7, 6, "expected a space after the box" },
		{ "== at connect\n?\n- [x] a\n- [ ] b\n> e\n", 6, 1, "empty question" },
		{ "attack: strip\nattack: strip\n", 6, 9, "attack 'strip' was already given on line 5" },
		{ "lang: en\n", 5, 1, "'lang' was already given on line 2" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = xprintf("%s%s%s", header, cases[i].body,
				     strstr(cases[i].body, "==") ? "" : "== at tcp\nx\n");
		struct lesson *l;
		struct lesson_diags d = {0};
		int rc = lesson_parse("mem.lesson", text, strlen(text), &l, &d);
		if (rc != -1 || d.n != 1) {
			for (size_t k = 0; k < d.n; k++)
				print_message("  %d:%d: %s\n", d.v[k].line, d.v[k].col, d.v[k].message);
			fail_msg("case %zu: rc %d, %zu diagnostics, expected one", i, rc, d.n);
		}
		expect_diag(&d, 0, cases[i].line, cases[i].col, cases[i].msg);
		lesson_diags_free(&d);
		free(text);
	}
}

static void test_load_refuses_non_files(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load("tests/data", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "is a directory");
	lesson_diags_free(&d);

	d = load("/dev/zero", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "is not a regular file");
	char *s = lesson_diag_format(&d.v[0]);
	assert_string_equal(s, "/dev/zero: is not a regular file");
	free(s);
	lesson_diags_free(&d);

	/* A file name is quoted safely too. */
	d = load("tests/out/\033]0;owned\007.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "tests/out/?]0;owned?.lesson");
	lesson_diags_free(&d);

	d = load(DATA "no-such-file.lesson", &l, -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 0, 0, "cannot open");
	lesson_diags_free(&d);
}

/* Every prefix of a good lesson and random bytes: no crash, no leak. */
static void test_truncations_and_noise(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "good.lesson", &l, 0);
	lesson_free(l);
	lesson_diags_free(&d);
	FILE *f = fopen(DATA "good.lesson", "rb");
	assert_non_null(f);
	char text[4096];
	size_t n = fread(text, 1, sizeof text, f);
	fclose(f);
	for (size_t len = 0; len <= n; len++) {
		if (lesson_parse("cut", text, len, &l, &d) == 0)
			lesson_free(l);
		lesson_diags_free(&d);
	}
	uint32_t x = 12345;
	for (int round = 0; round < 300; round++) {
		char noisy[4096];
		memcpy(noisy, text, n);
		for (int k = 0; k < 8; k++) {
			x = x * 1103515245 + 12345;
			noisy[(x >> 8) % n] = (char)(x >> 24);
		}
		if (lesson_parse("noise", noisy, n, &l, &d) == 0)
			lesson_free(l);
		lesson_diags_free(&d);
	}
	lesson_free(NULL);
	lesson_diags_free(NULL);
}

/* ---- binding and translation checks ----------------------------------- */

/* Fixed event lists for the checks (the shipped lessons use the timeline). */
static const char *const ev_smtp_plain[] = {
	"tcp", "greeting", "ehlo", "auth", "mail-from", "rcpt-to", "data",
	"message", "quit",
};
static const char *const ev_smtp_starttls[] = {
	"tcp", "greeting", "ehlo", "starttls", "connect", "certificate",
	"validation", "session-key", "wrap", "transfer", "unwrap", "session",
	"ehlo-again", "auth", "mail-from", "rcpt-to", "data", "message", "quit",
};
#define N(v) (sizeof v / sizeof v[0])

static void test_bad_event_name(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = load(DATA "bad-event.lesson", &l, 0);
	assert_int_equal(lesson_check_events(l, ev_smtp_starttls, N(ev_smtp_starttls), &d), -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 11, 7, "scenario 'smtp-starttls' has no event 'start-tls'");
	char *s = lesson_diag_format(&d.v[0]);
	assert_string_equal(s,
		DATA "bad-event.lesson:11:7: scenario 'smtp-starttls' has no event 'start-tls' "
		"(its events: tcp, greeting, ehlo, starttls, connect, certificate, validation, "
		"session-key, wrap, transfer, unwrap, session, ehlo-again, auth, mail-from, "
		"rcpt-to, data, message, quit)\n"
		"   11 | == at start-tls\n"
		"      |       ^");
	free(s);
	lesson_diags_free(&d);
	lesson_free(l);
}

static void test_events_out_of_order(void **state)
{
	(void)state;
	static const char text[] =
		"title: t\nlang: en\nscenario: smtp-plain\n\n"
		"== at ehlo\nx\n\n== at greeting\ny\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, 0);
	assert_int_equal(lesson_check_events(l, ev_smtp_plain, N(ev_smtp_plain), &d), -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 8, 7, "section 'greeting' comes after 'ehlo' (line 5) but happens before it");
	lesson_diags_free(&d);
	lesson_free(l);
}

static void test_lesson_scenario(void **state)
{
	(void)state;
	static const char text[] =
		"title: t\nlang: en\nscenario: smtp-fancy\nattack: strip\nattack: gremlins\n\n"
		"== at tcp\nx\n";
	struct lesson *l;
	struct scenario sc;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, 0);
	assert_int_equal(lesson_scenario(l, &sc, &d), -1);
	assert_int_equal(d.n, 2);
	expect_diag(&d, 0, 3, 11, "unknown scenario 'smtp-fancy' (known: handshake, smtp-plain, "
		    "smtp-starttls, smtps, pop3-plain, pop3-stls, pop3s, imap-plain, imap-starttls, "
		    "imaps, relay)");
	expect_diag(&d, 1, 5, 9, "unknown attack 'gremlins' (known: strip, forge, expired, "
		    "wrong-name, untrusted, tamper, key-leak)");
	lesson_diags_free(&d);
	lesson_free(l);

	/* Every header option lands in the scenario; hop-b, which means
	 * something in the relay only, is refused there. */
	d = load(DATA "good.lesson", &l, 0);
	assert_int_equal(lesson_scenario(l, &sc, &d), -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 10, 8, "'hop-b' does nothing in scenario handshake: it applies to relay");
	lesson_diags_free(&d);
	assert_string_equal(sc.name, "handshake");
	assert_int_equal(sc.attacks, ATTACK_KEY_LEAK);
	assert_int_equal(sc.tls_policy, POLICY_REQUIRED);
	assert_int_equal(sc.server_policy, SERVER_STRICT);
	assert_int_equal(sc.tls, TLS_CLASSIC);
	assert_int_equal(sc.hop_b, HOP_B_PLAIN);
	assert_true(sc.seeded);
	assert_true(sc.seed == 42);
	lesson_free(l);

	/* Options left out keep the scenario's defaults. */
	static const char bare[] =
		"title: t\nlang: en\nscenario: smtp-plain\ntls: 1.3\n\n== at tcp\nx\n";
	struct scenario def;
	assert_int_equal(scenario_init(&def, "smtp-plain"), 0);
	d = parse_str(bare, sizeof bare - 1, &l, 0);
	assert_int_equal(lesson_scenario(l, &sc, &d), 0);
	assert_int_equal(sc.tls, TLS_13);
	assert_int_equal(sc.server_policy, def.server_policy);
	assert_int_equal(sc.tls_policy, def.tls_policy);
	assert_false(sc.seeded);
	assert_int_equal(sc.attacks, 0);
	lesson_free(l);
}

/* --check's parse: a file with problems still gives what it holds, so
 * that the checks after the parser report theirs in the same run. */
static void test_load_partial(void **state)
{
	(void)state;
	struct lesson *l;
	struct lesson_diags d = { 0 };
	assert_int_equal(lesson_load_partial(DATA "many-kinds.lesson", &l, &d), -1);
	assert_non_null(l);
	assert_int_equal(d.n, 2);	/* the parser's: an unknown key, a missing explanation */
	expect_diag(&d, 0, 4, 1, "unknown key 'colour'");
	expect_diag(&d, 1, 13, 1, "question has no explanation");
	assert_int_equal(l->n_sections, 3);
	assert_int_equal(lesson_check_events(l, ev_smtp_plain, N(ev_smtp_plain), &d), -1);
	assert_int_equal(d.n, 4);	/* and the two unknown events after them */
	expect_diag(&d, 2, 6, 7, "scenario 'smtp-plain' has no event 'helo' (its events: tcp,");
	expect_diag(&d, 3, 9, 7, "scenario 'smtp-plain' has no event 'bye'");
	lesson_diags_free(&d);
	lesson_free(l);
	/* lesson_load() of the same file gives nothing, as before. */
	assert_int_equal(lesson_load(DATA "many-kinds.lesson", &l, NULL), -1);
	assert_null(l);
}

/* A tab in text is one space: the screen has no column for it. */
static void test_tabs_expanded(void **state)
{
	(void)state;
	static const char text[] =
		"title: a\ttitle\nlang: en\nscenario: smtp-plain\n\n== at tcp\nsome\ttext\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, 0);
	assert_string_equal(l->title, "a title");
	assert_string_equal(l->sections[0].paras[0], "some text");
	lesson_diags_free(&d);
	lesson_free(l);
}

static void test_compare_missing_section(void **state)
{
	(void)state;
	struct lesson *en, *ja;
	struct lesson_diags d = load(DATA "compare-en.lesson", &en, 0);
	lesson_diags_free(&d);
	d = load(DATA "compare-ja.lesson", &ja, 0);
	assert_int_equal(lesson_compare(en, ja, &d), -1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, DATA "compare-en.lesson");
	expect_diag(&d, 0, 8, 7, "section 'starttls' is missing from " DATA "compare-ja.lesson");
	lesson_diags_free(&d);

	/* The other way round the same section is reported. */
	assert_int_equal(lesson_compare(ja, en, &d), -1);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 8, 7, "section 'starttls' is missing from " DATA "compare-ja.lesson");
	lesson_diags_free(&d);
	assert_int_equal(lesson_compare(en, en, &d), 0);
	assert_int_equal(d.n, 0);
	lesson_free(en);
	lesson_free(ja);
}

static void test_compare_questions_and_header(void **state)
{
	(void)state;
	static const char a_text[] =
		"title: t\nlang: en\nscenario: smtp-plain\ntls: classic\n\n"
		"== at tcp\nx\n\n? q\n- [x] a\n- [ ] b\n> e\n";
	static const char b_text[] =
		"title: t\nlang: ja\nscenario: smtp-plain\n\n"
		"== at tcp\nx\n\n? q\n- [ ] a\n- [x] b\n> e\n";
	struct lesson *a, *b;
	struct lesson_diags d = parse_str(a_text, sizeof a_text - 1, &a, 0);
	d = parse_str(b_text, sizeof b_text - 1, &b, 0);
	assert_int_equal(lesson_compare(a, b, &d), -1);
	assert_int_equal(d.n, 2);
	expect_diag(&d, 0, 3, 11, "header differs from mem.lesson: 'scenario smtp-plain' here, "
		    "'scenario smtp-plain, tls classic' there");
	expect_diag(&d, 1, 8, 1, "question's choices differ from mem.lesson line 9");
	lesson_diags_free(&d);
	lesson_free(a);
	lesson_free(b);
}

/* ---- the shipped lessons ---------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.lesson names in dir, sorted; returns the count. */
static size_t list_lessons(const char *dir, char ***out)
{
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		size_t len = strlen(e->d_name);
		if (len > 7 && strcmp(e->d_name + len - 7, ".lesson") == 0) {
			grow(&v, &cap, n + 1, sizeof *v);
			v[n++] = xstrdup(e->d_name);
		}
	}
	closedir(dp);
	if (n)
		qsort(v, n, sizeof *v, cmp_str);
	*out = v;
	return n;
}

static void print_diags(const struct lesson_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = lesson_diag_format(&d->v[i]);
		print_message("%s\n", s);
		free(s);
	}
}

/*
 * Loads a lesson, builds its scenario's timeline and checks the sections
 * against the timeline's event names.  Problems go to d.
 */
static struct lesson *load_and_bind(const char *path, struct lesson_diags *d)
{
	struct lesson *l;
	struct scenario sc;
	if (lesson_load(path, &l, d) != 0)
		return NULL;
	if (lesson_scenario(l, &sc, d) != 0)
		return l;
	if (!sc.seeded) {
		sc.seeded = true;	/* the same events either way; keep it fast */
		sc.seed = 1;
	}
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	const char **names = xcalloc(tl->n_events, sizeof *names);
	for (size_t i = 0; i < tl->n_events; i++)
		names[i] = tl->events[i].name;
	int rc = lesson_check_events(l, names, tl->n_events, d);
	assert_int_equal(rc != 0, d->n != 0);
	free(names);
	timeline_free(tl);
	return l;
}

static void test_shipped_lessons(void **state)
{
	(void)state;
	char **en, **ja;
	size_t n_en = list_lessons("lessons/en", &en);
	size_t n_ja = list_lessons("lessons/ja", &ja);
	assert_true(n_en >= 8);
	assert_int_equal(n_en, n_ja);
	for (size_t i = 0; i < n_en; i++) {
		assert_string_equal(en[i], ja[i]);
		char *pe = xprintf("lessons/en/%s", en[i]);
		char *pj = xprintf("lessons/ja/%s", ja[i]);
		struct lesson_diags d = {0};
		struct lesson *le = load_and_bind(pe, &d);
		struct lesson *lj = load_and_bind(pj, &d);
		if (le && lj) {
			assert_int_equal(le->lang, LESSON_LANG_EN);
			assert_int_equal(lj->lang, LESSON_LANG_JA);
			if (lesson_compare(le, lj, &d) != 0)
				assert_true(d.n > 0);
		}
		if (d.n) {
			print_diags(&d);
			fail_msg("%s / %s: %zu problem(s)", pe, pj, d.n);
		}
		lesson_free(le);
		lesson_free(lj);
		free(pe);
		free(pj);
		free(en[i]);
		free(ja[i]);
	}
	free(en);
	free(ja);
}

/* The complete example in lessons/FORMAT.md is a valid lesson. */
static void test_format_example(void **state)
{
	(void)state;
	FILE *f = fopen("lessons/FORMAT.md", "rb");
	assert_non_null(f);
	static char md[65536];
	size_t n = fread(md, 1, sizeof md - 1, f);
	fclose(f);
	md[n] = '\0';
	const char *start = strstr(md, "## A complete example\n\n```\n");
	assert_non_null(start);
	start = strchr(strstr(start, "```"), '\n') + 1;
	const char *end = strstr(start, "\n```\n");
	assert_non_null(end);
	mkdir("tests/out", 0777);
	f = fopen("tests/out/example.lesson", "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(start, 1, (size_t)(end - start) + 1, f), (size_t)(end - start) + 1);
	fclose(f);
	struct lesson_diags d = {0};
	struct lesson *l = load_and_bind("tests/out/example.lesson", &d);
	if (d.n) {
		print_diags(&d);
		fail_msg("the example in lessons/FORMAT.md has %zu problem(s)", d.n);
	}
	assert_non_null(l);
	assert_int_equal(l->n_sections, 2);
	assert_int_equal(l->sections[1].n_questions, 1);
	lesson_free(l);
	remove("tests/out/example.lesson");
}

/* ---- quotes from the screen ------------------------------------------------ */

/* «...» is kept with its place in its section, shown as code, and its
 * mistakes are reported like those of the other spans. */
static void test_quote_markup(void **state)
{
	(void)state;
	static const char ok[] =
		"title: t\nlang: en\nscenario: handshake\n\n== at tcp\n"
		"See «C>S EHLO x» and `code` «a*b».\n"
		"? Which «q»?\n- [x] «c1»\n- [ ] no\n> Because «e».\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(ok, sizeof ok - 1, &l, 0);
	const struct lesson_section *s = &l->sections[0];
	assert_int_equal(s->n_quotes, 5);
	assert_string_equal(s->quotes[0].text, "C>S EHLO x");
	assert_int_equal(s->quotes[0].loc.line, 6);
	assert_int_equal(s->quotes[0].loc.col, 5);
	assert_string_equal(s->quotes[1].text, "a*b");
	assert_string_equal(s->quotes[2].text, "q");
	assert_string_equal(s->quotes[3].text, "c1");
	assert_string_equal(s->quotes[4].text, "e");
	lesson_free(l);
	lesson_diags_free(&d);

	static const char bad[] =
		"title: «t»\nlang: en\nscenario: handshake\n\n== at tcp\n"
		"Open «never closed.\nEmpty «».\nIn *emphasis «x»*.\n";
	d = parse_str(bad, sizeof bad - 1, &l, -1);
	assert_int_equal(d.n, 4);
	expect_diag(&d, 0, 1, 8, "a «quote» from the screen belongs in a section");
	expect_diag(&d, 1, 6, 6, "'«' opens a quote that is not closed on this line");
	expect_diag(&d, 2, 7, 7, "empty «quote»");
	expect_diag(&d, 3, 8, 14, "a «quote» cannot be inside *emphasis*");
	lesson_diags_free(&d);
}

static void test_quote_spans(void **state)
{
	(void)state;
	struct lesson_span *v;
	size_t n = lesson_spans("Read «S>C 250 *ok*» now, `«x»`.", &v);
	assert_int_equal(n, 5);
	assert_int_equal(v[1].kind, LESSON_SPAN_CODE);
	assert_string_equal(v[1].text, "S>C 250 *ok*");
	assert_string_equal(v[2].text, " now, ");
	assert_int_equal(v[3].kind, LESSON_SPAN_CODE);
	assert_string_equal(v[3].text, "«x»");
	lesson_spans_free(v, n);
	char *plain = lesson_plain("«日本語» と «a»");
	assert_string_equal(plain, "日本語 と a");
	free(plain);
}

/* Blanks count as one space, '…' stands for any text of one line, the
 * marks before a fact may be left out, and a quote never spans lines. */
static void test_quote_found(void **state)
{
	(void)state;
	static char l0[] = "C>S [23] 42 bytes, unreadable: 9be05810708c...";
	static char l1[] = "issuer: Example Test Root CA is in the trust store";
	static char l2[] = "発行者: Example Test Root CA";
	char *lines[] = { l0, l1, l2 };
	assert_true(lesson_quote_found("C>S [23] 42 bytes", lines, 3));
	assert_true(lesson_quote_found("C>S  [23]\t42 bytes, unreadable: …", lines, 3));
	assert_true(lesson_quote_found("C>S … unreadable", lines, 3));
	assert_true(lesson_quote_found("✓ issuer: Example Test Root CA", lines, 3));
	assert_true(lesson_quote_found("✓ 発行者: Example Test Root CA", lines, 3));
	assert_false(lesson_quote_found("unreadable … C>S", lines, 3));
	assert_false(lesson_quote_found("[22] 42 bytes", lines, 3));
	assert_false(lesson_quote_found("unreadable: 9be05810708c... issuer", lines, 3));
	assert_false(lesson_quote_found("x", lines, 0));
}

/* A quote is held to the screen at its section's event: what is on it
 * then or before passes, what comes later or never does not. */
static void test_quote_check(void **state)
{
	(void)state;
	static const char text[] =
		"title: t\nlang: en\nscenario: smtp-starttls\nseed: 1\n\n"
		"== at ehlo\nSee «S>C 250-STARTTLS» after «S>C 220 mail.example.test».\n"
		"Not yet: «C>S STARTTLS».\n\n"
		"== at validation\nThe title «Validation: is this really the server?», "
		"the check «✓ name: mail.example.test as asked» and «C>S STARTTLS».\n";
	struct lesson *l;
	struct lesson_diags d = parse_str(text, sizeof text - 1, &l, 0);
	struct scenario sc;
	assert_int_equal(lesson_scenario(l, &sc, &d), 0);
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	assert_int_equal(lesson_check_quotes(l, tl, NULL, &d), -1);
	if (d.n != 1)
		print_diags(&d);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, 8, 10,
		    "quoted text not on the screen at event 'ehlo': «C>S STARTTLS»");
	char **lines;
	size_t n = lesson_screen_lines(tl, 0, NULL, &lines);
	assert_true(n >= 1);
	assert_string_equal(lines[0], tl->events[0].title);
	lesson_lines_free(lines, n);
	timeline_free(tl);
	lesson_free(l);
	lesson_diags_free(&d);
}

static int setup(void **state)
{
	(void)state;
	return rng_init();
}

/* The header alone tells the same story as the whole lesson, with no
 * sections; a file that cannot be read gives nothing. */
static void test_load_header(void **state)
{
	(void)state;
	const char *paths[] = {"lessons/en/03-starttls.lesson", "lessons/en/06-certificates.lesson",
			       "lessons/ja/12-forward-secrecy.lesson"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct lesson *whole = NULL, *head = NULL;
		struct scenario a, b;
		assert_int_equal(lesson_load(paths[i], &whole, NULL), 0);
		(void)lesson_load_header(paths[i], &head);
		assert_non_null(head);
		assert_int_equal(head->n_sections, 0);
		assert_true(whole->n_sections > 0);
		assert_int_equal(lesson_scenario(whole, &a, NULL), 0);
		assert_int_equal(lesson_scenario(head, &b, NULL), 0);
		assert_true(options_same_story(&a, &b));
		lesson_free(whole);
		lesson_free(head);
	}
	struct lesson *none = NULL;
	assert_int_equal(lesson_load_header(DATA "no-such-file.lesson", &none), -1);
	assert_null(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_japanese_lines_join_without_space),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_binary_junk),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_escape_sequence),
		cmocka_unit_test(test_other_controls),
		cmocka_unit_test(test_caret_under_wide_characters),
		cmocka_unit_test(test_caret_under_emoji_and_accents),
		cmocka_unit_test(test_overlong_line),
		cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_many_problems_stop),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_title),
		cmocka_unit_test(test_question_without_right_answer),
		cmocka_unit_test(test_three_mistakes_all_reported),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_load_refuses_non_files),
		cmocka_unit_test(test_truncations_and_noise),
		cmocka_unit_test(test_bad_event_name),
		cmocka_unit_test(test_events_out_of_order),
		cmocka_unit_test(test_lesson_scenario),
		cmocka_unit_test(test_load_partial),
		cmocka_unit_test(test_load_header),
		cmocka_unit_test(test_tabs_expanded),
		cmocka_unit_test(test_compare_missing_section),
		cmocka_unit_test(test_compare_questions_and_header),
		cmocka_unit_test(test_shipped_lessons),
		cmocka_unit_test(test_format_example),
		cmocka_unit_test(test_quote_markup),
		cmocka_unit_test(test_quote_spans),
		cmocka_unit_test(test_quote_found),
		cmocka_unit_test(test_quote_check),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
