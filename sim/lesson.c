/*
 * lesson: parses lesson files into struct lesson, with diagnostics.
 *
 * The parser works line by line over a byte buffer of known length and
 * never relies on NUL termination, so any input is safe.  Each line is
 * first checked as text (length, UTF-8, control characters); a line that
 * fails is reported once and its structural problems are not reported, so
 * that one bad byte does not cause a cascade.  Then the line is classified
 * by its first characters (comment, blank, header key, section, question,
 * choice, explanation, narration) and fed to a small state machine:
 * header, then sections, each with paragraphs and then questions.
 *
 * Problems are collected, never fatal; the lesson is handed out only when
 * there were none.  Start reading at lesson_parse().
 */
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"
#include "utf8.h"
#include "util.h"

/* ---- characters ------------------------------------------------------- */

static const char *const c0_names[32] = {
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
	"BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
	"CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
};

/* A copy of a line that is safe to print: bad characters become '?'. */
static char *sanitize(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	utf8_sanitize(out, s, n, '?', '?', UTF8_KEEP_TAB);
	return out;
}

/* ---- diagnostics ------------------------------------------------------ */

static void diag_vadd(struct lesson_diags *d, const char *file, int line,
		      int col, const char *line_text, const char *fmt,
		      va_list ap) __attribute__((format(printf, 6, 0)));

static void diag_vadd(struct lesson_diags *d, const char *file, int line,
		      int col, const char *line_text, const char *fmt,
		      va_list ap)
{
	va_list aq;
	/* The checker speaks the user's language when a catalogue has it. */
	fmt = dgettext("tlssim", fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);

	/* Every string is made safe to print, whatever the caller passed:
	 * a file name can hold an escape sequence too. */
	if (!file)
		file = "<input>";
	grow(&d->v, &d->cap, d->n + 1, sizeof *d->v);
	struct lesson_diag *dg = &d->v[d->n++];
	dg->file = sanitize(file, strlen(file));
	dg->line = line;
	dg->col = col;
	dg->message = sanitize(msg, strlen(msg));
	dg->line_text = line_text ? sanitize(line_text, strlen(line_text)) : NULL;
	free(msg);
}

void lesson_diag_add(struct lesson_diags *d, const char *file, int line,
		     int col, const char *line_text, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, file, line, col, line_text, fmt, ap);
	va_end(ap);
}

void lesson_diags_free(struct lesson_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
		free(d->v[i].line_text);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

#define QUOTE_MAX 100		/* characters of a line a diagnostic quotes */

char *lesson_diag_format(const struct lesson_diag *dg)
{
	if (dg->line <= 0)
		return xprintf("%s: %s", dg->file, dg->message);
	if (!dg->line_text)
		return xprintf("%s:%d:%d: %s", dg->file, dg->line, dg->col,
			       dg->message);

	/* Cut a long line to a window that contains the column. */
	const char *t = dg->line_text;
	size_t n = strlen(t);
	int col = dg->col > 0 ? dg->col : 1;
	int first = 1;		/* first character shown */
	if (col > QUOTE_MAX - 10)
		first = col - QUOTE_MAX / 2;
	uint32_t cp;
	size_t start = 0;
	for (int c = 1; c < first && start < n; c++)
		start += utf8_next(t + start, n - start, &cp);
	size_t end = start;
	int shown = 0;
	while (end < n && shown < QUOTE_MAX) {
		end += utf8_next(t + end, n - end, &cp);
		shown++;
	}
	const char *pre = start > 0 ? "..." : "";
	const char *post = end < n ? "..." : "";

	/* The caret line: a cell of padding per cell of text before col. */
	struct buf caret = {0};
	buf_put(&caret, pre, strlen(pre));
	for (size_t i = start; i < end && first < col; first++) {
		i += utf8_next(t + i, end - i, &cp);
		int w = utf8_cp_width(cp);
		if (cp == '\t')
			buf_put8(&caret, '\t');
		else
			buf_put(&caret, "  ", w > 0 ? (size_t)w : 0);
	}
	buf_put(&caret, "^", 2);	/* with the NUL */

	char *s = xprintf("%s:%d:%d: %s\n%5d | %s%.*s%s\n      | %s",
			  dg->file, dg->line, dg->col, dg->message, dg->line,
			  pre, (int)(end - start), t + start, post,
			  (char *)caret.p);
	buf_free(&caret);
	return s;
}

/* ---- the parser ------------------------------------------------------- */

enum key {
	KEY_TITLE, KEY_SUMMARY, KEY_LANG, KEY_SCENARIO, KEY_ATTACK,
	KEY_TLS_POLICY, KEY_SERVER_POLICY, KEY_KX, KEY_HOP_B, KEY_SEED,
	KEY_COUNT,
};

static const char *const key_names[KEY_COUNT] = {
	"title", "summary", "lang", "scenario", "attack",
	"tls-policy", "server-policy", "kx", "hop-b", "seed",
};

struct parser {
	const char *file;
	struct lesson_diags *d;
	struct lesson *l;
	int problems;		/* diagnostics added by this parse */
	bool stop;		/* too many problems */

	/* the current line, without newline or CR */
	int lineno;
	const char *ln;
	size_t n;
	bool line_bad;		/* already reported: no structural reports */
	char *ln_text;		/* sanitized copy, made on demand */

	int key_line[KEY_COUNT];	/* where each key was given, or 0 */
	struct buf para;	/* the paragraph being gathered */
	bool have_q;		/* the last section's last question is open */
	bool q_explained;	/* it has its explanation already */
	bool text_after_q;	/* section already complained about it */
};

static const char *line_text(struct parser *p)
{
	if (!p->ln_text)
		p->ln_text = sanitize(p->ln, p->n);
	return p->ln_text;
}

static void add_problem(struct parser *p, int line, int col,
			const char *text, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static void add_problem(struct parser *p, int line, int col,
			const char *text, const char *fmt, va_list ap)
{
	if (p->stop)
		return;
	if (p->problems == LESSON_MAX_DIAGS) {
		lesson_diag_add(p->d, p->file, 0, 0, NULL,
				"too many problems; stopped after %d",
				LESSON_MAX_DIAGS);
		p->stop = true;
		return;
	}
	diag_vadd(p->d, p->file, line, col, text, fmt, ap);
	p->problems++;
}

/* A problem at byte offset off of the current line. */
static void err_at(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err_at(struct parser *p, size_t off, const char *fmt, ...)
{
	if (p->line_bad)
		return;
	va_list ap;
	va_start(ap, fmt);
	add_problem(p, p->lineno, 1 + (int)utf8_count(p->ln, off),
		    line_text(p), fmt, ap);
	va_end(ap);
}

/* A problem at a place recorded earlier. */
static void err_loc(struct parser *p, const struct lesson_loc *loc,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err_loc(struct parser *p, const struct lesson_loc *loc,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_problem(p, loc->line, loc->col, loc->line_text, fmt, ap);
	va_end(ap);
}

/* A problem about the whole file. */
static void err_file(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void err_file(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_problem(p, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

static struct lesson_loc loc_at(struct parser *p, size_t off)
{
	return (struct lesson_loc){
		.line = p->lineno,
		.col = 1 + (int)utf8_count(p->ln, off),
		.line_text = xstrdup(line_text(p)),
	};
}

/* Checks the current line as text; reports its first bad character. */
static void check_chars(struct parser *p)
{
	for (size_t i = 0; i < p->n;) {
		uint32_t cp;
		size_t k = utf8_decode(p->ln + i, p->n - i, &cp);
		enum utf8_kind kind = k ? utf8_kind(cp) : UTF8_TEXT;
		if (k == 0) {
			err_at(p, i, "invalid UTF-8 (byte 0x%02x)",
			       (unsigned char)p->ln[i]);
		} else if (kind == UTF8_C0 && cp != '\t') {
			err_at(p, i, "control character U+%04X (%s) is not allowed",
			       (unsigned)cp, c0_names[cp]);
		} else if (kind == UTF8_DEL) {
			err_at(p, i, "control character U+007F (DEL) is not allowed");
		} else if (kind == UTF8_C1) {
			err_at(p, i, "C1 control character U+%04X is not allowed",
			       (unsigned)cp);
		} else if (kind == UTF8_BIDI) {
			err_at(p, i, "bidirectional control character U+%04X is not allowed",
			       (unsigned)cp);
		} else {
			i += k;
			continue;
		}
		p->line_bad = true;
		return;
	}
}

/* ASCII punctuation: what a backslash can escape. */
static bool is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	       (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && is_blank(s[i]))
		i++;
	return i;
}

/* End of s[0..n) without trailing blanks. */
static size_t trim_end(const char *s, size_t n)
{
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	return n;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* The end of the word starting at i (up to a blank). */
static size_t word_end(const char *s, size_t i, size_t n)
{
	while (i < n && !is_blank(s[i]))
		i++;
	return i;
}

static bool word_is(const char *s, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && memcmp(s + a, w, b - a) == 0;
}

/*
 * Checks inline markup in line bytes [a, b): every *emphasis* and `code`
 * span closes on the same line and is not empty; no code inside emphasis.
 */
static void check_markup(struct parser *p, size_t a, size_t b)
{
	const char *s = p->ln;
	size_t open = 0;
	char in = 0;		/* 0, '*' or '`' */
	for (size_t i = a; i < b; i++) {
		char c = s[i];
		if (in == '`') {
			if (c == '`') {
				if (i == open + 1)
					err_at(p, open, "empty `code` span");
				in = 0;
			}
		} else if (c == '\\' && i + 1 < b && is_punct(s[i + 1])) {
			i++;
		} else if (c == '`' && in == '*') {
			err_at(p, i, "a `code` span cannot be inside *emphasis*");
			return;
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

/* A copy of text [a, b) of the current line after checking its markup. */
static char *take_text(struct parser *p, size_t a, size_t b)
{
	check_markup(p, a, b);
	return xstrndup(p->ln + a, b - a);
}

static struct lesson_section *cur_section(struct parser *p)
{
	struct lesson *l = p->l;
	return l->n_sections ? &l->sections[l->n_sections - 1] : NULL;
}

static void flush_para(struct parser *p)
{
	struct lesson_section *s = cur_section(p);
	if (!p->para.len || !s)
		return;
	s->paras = xrealloc(s->paras, (s->n_paras + 1) * sizeof *s->paras);
	s->paras[s->n_paras++] = xstrndup((const char *)p->para.p, p->para.len);
	p->para.len = 0;
}

/* The last character in b (0 if none or invalid), for joining lines. */
static uint32_t last_char(const struct buf *b)
{
	if (!b->len)
		return 0;
	const char *s = (const char *)b->p;
	size_t i = utf8_prev(s, b->len);
	uint32_t cp;
	return utf8_decode(s + i, b->len - i, &cp) ? cp : 0;
}

/*
 * Lines of a paragraph join with a space, but directly when either side
 * of the break is a wide character: Japanese puts no spaces between words
 * (CSS removes such line breaks next to East Asian wide characters too).
 */
static bool join_directly(uint32_t last, uint32_t first)
{
	return utf8_cp_width(last) == 2 || utf8_cp_width(first) == 2;
}

/* Appends a narration line to the paragraph being gathered. */
static void add_para_line(struct parser *p, size_t a, size_t b)
{
	if (p->para.len) {
		uint32_t first = 0;
		if (!utf8_decode(p->ln + a, b - a, &first))
			first = 0;
		if (!join_directly(last_char(&p->para), first))
			buf_put8(&p->para, ' ');
	}
	check_markup(p, a, b);
	buf_put(&p->para, p->ln + a, b - a);
}

/* Closes the open question, reporting what it lacks. */
static void end_question(struct parser *p)
{
	if (!p->have_q)
		return;
	p->have_q = false;
	struct lesson_section *s = cur_section(p);
	struct lesson_question *q = &s->questions[s->n_questions - 1];
	size_t right = 0;
	for (size_t i = 0; i < q->n_choices; i++)
		right += q->choices[i].right;
	if (q->n_choices < 2)
		err_loc(p, &q->loc, "question needs at least two choices ('- [ ] ...')");
	else if (right == 0)
		err_loc(p, &q->loc, "question has no right answer: mark one or more choices '- [x]'");
	if (!q->explanation) {
		err_loc(p, &q->loc, "question has no explanation: add a line starting with '> '");
		q->explanation = xstrdup("");
	}
}

static void end_section(struct parser *p)
{
	flush_para(p);
	end_question(p);
	struct lesson_section *s = cur_section(p);
	if (s && s->n_paras == 0 && s->n_questions == 0)
		err_loc(p, &s->event.loc, "section '%s' has no narration and no question",
			s->event.name);
}

/* "== at EVENT [highlight PANE]" */
static void parse_section(struct parser *p)
{
	const char *s = p->ln;
	size_t n = trim_end(s, p->n);
	end_section(p);

	struct lesson *l = p->l;
	l->sections = xrealloc(l->sections, (l->n_sections + 1) * sizeof *l->sections);
	struct lesson_section *sec = &l->sections[l->n_sections++];
	memset(sec, 0, sizeof *sec);
	p->text_after_q = false;

	size_t i = 2;
	if (i < n && !is_blank(s[i])) {
		err_at(p, i, "expected a space after '=='");
		sec->event.name = xstrdup("");
		sec->event.loc = loc_at(p, 0);
		return;
	}
	i = skip_blanks(s, i, n);
	size_t e = word_end(s, i, n);
	if (!word_is(s, i, e, "at")) {
		err_at(p, i, "expected 'at EVENT' after '=='");
		sec->event.name = xstrdup("");
		sec->event.loc = loc_at(p, i);
		return;
	}
	i = skip_blanks(s, e, n);
	e = word_end(s, i, n);
	sec->event.name = xstrndup(s + i, e - i);
	sec->event.loc = loc_at(p, i);
	if (i == e) {
		err_at(p, i, "expected an event name after 'at'");
		return;
	}
	for (size_t k = i; k < e; k++) {
		if (!is_name_char(s[k])) {
			err_at(p, k, "event names use only a-z, 0-9 and '-'");
			break;
		}
	}
	for (size_t k = 0; k + 1 < l->n_sections; k++) {
		if (strcmp(l->sections[k].event.name, sec->event.name) == 0) {
			err_at(p, i, "a section for '%s' was already given on line %d",
			       sec->event.name, l->sections[k].event.loc.line);
			break;
		}
	}

	i = skip_blanks(s, e, n);
	if (i == n)
		return;
	e = word_end(s, i, n);
	if (!word_is(s, i, e, "highlight")) {
		err_at(p, i, "expected 'highlight client|wire|server' or the end of the line");
		return;
	}
	i = skip_blanks(s, e, n);
	e = word_end(s, i, n);
	if (word_is(s, i, e, "client"))
		sec->highlight = LESSON_PANE_CLIENT;
	else if (word_is(s, i, e, "wire"))
		sec->highlight = LESSON_PANE_WIRE;
	else if (word_is(s, i, e, "server"))
		sec->highlight = LESSON_PANE_SERVER;
	else {
		err_at(p, i, "expected a pane after 'highlight': client, wire or server");
		return;
	}
	i = skip_blanks(s, e, n);
	if (i < n)
		err_at(p, i, "unexpected text after the pane name");
}

/* "? text" */
static void parse_question(struct parser *p)
{
	struct lesson_section *s = cur_section(p);
	size_t a = skip_blanks(p->ln, 1, p->n), b = trim_end(p->ln, p->n);
	flush_para(p);
	end_question(p);
	if (!s) {
		err_at(p, 0, "question outside a section: start one with '== at EVENT'");
		return;
	}
	s->questions = xrealloc(s->questions, (s->n_questions + 1) * sizeof *s->questions);
	struct lesson_question *q = &s->questions[s->n_questions++];
	memset(q, 0, sizeof *q);
	q->loc = loc_at(p, 0);
	p->have_q = true;
	p->q_explained = false;
	if (a >= b)
		err_at(p, 0, "empty question");
	q->text = take_text(p, a, b > a ? b : a);
}

/* "- [x] text" or "- [ ] text" */
static void parse_choice(struct parser *p)
{
	const char *s = p->ln;
	size_t b = trim_end(s, p->n);
	if (!p->have_q) {
		err_at(p, 0, "choice outside a question: put it after a line starting with '? '");
		return;
	}
	if (p->q_explained) {
		err_at(p, 0, "choice after the explanation: choices come before the '> ' line");
		return;
	}
	bool right;
	if (b >= 5 && memcmp(s, "- [x]", 5) == 0)
		right = true;
	else if (b >= 5 && memcmp(s, "- [ ]", 5) == 0)
		right = false;
	else {
		err_at(p, 2, "expected '[x]' (right) or '[ ]' (wrong)");
		return;
	}
	size_t a = skip_blanks(s, 5, b);
	if (a == 5 && a < b) {
		err_at(p, 5, "expected a space after the box");
		return;
	}
	if (a >= b) {
		err_at(p, 0, "empty choice");
		return;
	}
	struct lesson_section *sec = cur_section(p);
	struct lesson_question *q = &sec->questions[sec->n_questions - 1];
	q->choices = xrealloc(q->choices, (q->n_choices + 1) * sizeof *q->choices);
	q->choices[q->n_choices].right = right;
	q->choices[q->n_choices++].text = take_text(p, a, b);
}

/* "> explanation"; several lines join into one paragraph. */
static void parse_explanation(struct parser *p)
{
	if (!p->have_q) {
		err_at(p, 0, "explanation outside a question: it follows a question's choices");
		return;
	}
	size_t a = skip_blanks(p->ln, 1, p->n), b = trim_end(p->ln, p->n);
	if (a >= b)
		return;
	struct lesson_section *sec = cur_section(p);
	struct lesson_question *q = &sec->questions[sec->n_questions - 1];
	p->q_explained = true;
	check_markup(p, a, b);
	char *add = xstrndup(p->ln + a, b - a);
	if (!q->explanation) {
		q->explanation = add;
		return;
	}
	uint32_t first = 0, last = 0;
	if (!utf8_decode(add, b - a, &first))
		first = 0;
	struct buf t = {0};
	buf_put(&t, q->explanation, strlen(q->explanation));
	last = last_char(&t);
	if (!join_directly(last, first))
		buf_put8(&t, ' ');
	buf_put(&t, add, strlen(add) + 1);
	free(q->explanation);
	free(add);
	q->explanation = (char *)t.p;
}

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
	nm->loc = loc_at(p, a);
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

/* "key: value" in the header. */
static void parse_header(struct parser *p)
{
	const char *s = p->ln;
	size_t n = trim_end(s, p->n);
	size_t colon = 0;
	while (colon < n && s[colon] != ':' && !is_blank(s[colon]))
		colon++;
	if (colon == 0 || colon == n || s[colon] != ':') {
		err_at(p, 0, "expected 'key: value' in the header, or '== at EVENT' to start a section");
		return;
	}
	int key = -1;
	for (int k = 0; k < KEY_COUNT; k++)
		if (word_is(s, 0, colon, key_names[k]))
			key = k;
	if (key < 0) {
		err_at(p, 0, "unknown key '%.*s' (known: title, summary, lang, scenario, attack, "
		       "tls-policy, server-policy, kx, hop-b, seed)", (int)colon, s);
		return;
	}
	if (colon + 1 < n && !is_blank(s[colon + 1])) {
		err_at(p, colon + 1, "expected a space after '%s:'", key_names[key]);
		return;
	}
	size_t a = skip_blanks(s, colon + 1, n);
	if (a == n) {
		err_at(p, colon, "'%s' needs a value", key_names[key]);
		return;
	}
	if (key != KEY_ATTACK && p->key_line[key]) {
		err_at(p, 0, "'%s' was already given on line %d", key_names[key],
		       p->key_line[key]);
		return;
	}
	p->key_line[key] = p->lineno;

	struct lesson *l = p->l;
	bool v1;
	switch ((enum key)key) {
	case KEY_TITLE:
		l->title = take_text(p, a, n);
		break;
	case KEY_SUMMARY:
		l->summary = take_text(p, a, n);
		break;
	case KEY_LANG:
		if (parse_enum(p, a, n, "lang", "en", "ja", &v1))
			l->lang = v1 ? LESSON_LANG_JA : LESSON_LANG_EN;
		break;
	case KEY_SCENARIO:
		parse_name(p, a, n, &l->scenario);
		break;
	case KEY_ATTACK:
		for (size_t k = 0; k < l->n_attacks; k++) {
			if (word_is(s, a, n, l->attacks[k].name)) {
				err_at(p, a, "attack '%s' was already given on line %d",
				       l->attacks[k].name, l->attacks[k].loc.line);
				return;
			}
		}
		l->attacks = xrealloc(l->attacks, (l->n_attacks + 1) * sizeof *l->attacks);
		parse_name(p, a, n, &l->attacks[l->n_attacks++]);
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
			l->kx = v1 ? KX_EPHEMERAL : KX_TRANSPORT;
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

/* A narration line. */
static void parse_text(struct parser *p)
{
	struct lesson_section *s = cur_section(p);
	size_t a = skip_blanks(p->ln, 0, p->n), b = trim_end(p->ln, p->n);
	if (!s) {
		parse_header(p);
		return;
	}
	if (s->n_questions) {
		if (!p->text_after_q)
			err_at(p, a, "narration after a question: write it before the section's first question, "
			       "or start explanation lines with '> '");
		p->text_after_q = true;
		return;
	}
	add_para_line(p, a, b);
}

static void parse_line(struct parser *p)
{
	const char *s = p->ln;
	size_t n = p->n;
	if (n > 0 && s[0] == '#')
		return;
	if (skip_blanks(s, 0, n) == n) {
		flush_para(p);
		return;
	}
	if (n >= 2 && s[0] == '=' && s[1] == '=')
		parse_section(p);
	else if (s[0] == '?')
		parse_question(p);
	else if (n >= 3 && memcmp(s, "- [", 3) == 0)
		parse_choice(p);
	else if (s[0] == '>')
		parse_explanation(p);
	else
		parse_text(p);
}

/* Checks for what the whole file must have. */
static void check_complete(struct parser *p)
{
	static const enum key required[] = { KEY_TITLE, KEY_LANG, KEY_SCENARIO };
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (!p->key_line[required[k]])
			err_file(p, "the header has no '%s:' line", key_names[required[k]]);
	if (p->l->n_sections == 0)
		err_file(p, "the lesson has no sections: start one with '== at EVENT'");
}

int lesson_parse(const char *file, const char *text, size_t len,
		 struct lesson **out, struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct parser p = {
		.file = file ? file : "<input>",
		.d = diags ? diags : &local,
	};
	*out = NULL;

	if (len > LESSON_MAX_BYTES) {
		err_file(&p, "file is larger than %d bytes (%zu bytes)",
			 LESSON_MAX_BYTES, len);
		lesson_diags_free(&local);
		return -1;
	}
	if (len == 0) {
		err_file(&p, "file is empty");
		lesson_diags_free(&local);
		return -1;
	}

	p.l = xcalloc(1, sizeof *p.l);
	p.l->file = xstrdup(p.file);
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;		/* a byte order mark, as some editors write */
	while (i < len && !p.stop) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		p.lineno++;
		p.ln = text + i;
		p.n = end - i;
		p.line_bad = false;
		p.ln_text = NULL;
		if (p.n > 0 && p.ln[p.n - 1] == '\r')
			p.n--;	/* CRLF line ends */
		if (p.n > LESSON_MAX_LINE) {
			/* Point at the character that crosses the limit. */
			size_t off = 0, k;
			uint32_t cp;
			while ((k = utf8_next(p.ln + off, p.n - off, &cp)) <= LESSON_MAX_LINE - off)
				off += k;
			p.n = off;
			err_at(&p, off, "line is longer than %d bytes",
			       LESSON_MAX_LINE);
			p.line_bad = true;
		} else {
			check_chars(&p);
			parse_line(&p);
		}
		free(p.ln_text);
		p.ln_text = NULL;
		i = end + 1;
	}
	p.ln = NULL;
	p.n = 0;
	p.line_bad = false;
	if (!p.stop) {
		end_section(&p);
		check_complete(&p);
	}
	buf_free(&p.para);
	lesson_diags_free(&local);
	if (p.problems) {
		lesson_free(p.l);
		return -1;
	}
	*out = p.l;
	return 0;
}

int lesson_load(const char *path, struct lesson **out,
		struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	*out = NULL;

	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		lesson_diag_add(d, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
		goto fail;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		lesson_diag_add(d, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
		close(fd);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		lesson_diag_add(d, path, 0, 0, NULL, "is a directory, not a lesson file");
		close(fd);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		lesson_diag_add(d, path, 0, 0, NULL, "is not a regular file");
		close(fd);
		goto fail;
	}
	if (st.st_size > LESSON_MAX_BYTES) {
		lesson_diag_add(d, path, 0, 0, NULL, "file is larger than %d bytes (%lld bytes)",
				LESSON_MAX_BYTES, (long long)st.st_size);
		close(fd);
		goto fail;
	}

	/* Read at most one byte past the cap: the file may grow meanwhile. */
	char *text = xmalloc(LESSON_MAX_BYTES + 1);
	size_t len = 0;
	while (len < LESSON_MAX_BYTES + 1) {
		ssize_t r = read(fd, text + len, LESSON_MAX_BYTES + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			lesson_diag_add(d, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
			free(text);
			close(fd);
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	int rc = lesson_parse(path, text, len, out, d);
	free(text);
	lesson_diags_free(&local);
	return rc;
fail:
	lesson_diags_free(&local);
	return -1;
}

static void loc_free(struct lesson_loc *loc)
{
	free(loc->line_text);
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	free(l->file);
	free(l->title);
	free(l->summary);
	free(l->scenario.name);
	loc_free(&l->scenario.loc);
	for (size_t i = 0; i < l->n_attacks; i++) {
		free(l->attacks[i].name);
		loc_free(&l->attacks[i].loc);
	}
	free(l->attacks);
	for (size_t i = 0; i < l->n_sections; i++) {
		struct lesson_section *s = &l->sections[i];
		free(s->event.name);
		loc_free(&s->event.loc);
		for (size_t k = 0; k < s->n_paras; k++)
			free(s->paras[k]);
		free(s->paras);
		for (size_t k = 0; k < s->n_questions; k++) {
			struct lesson_question *q = &s->questions[k];
			free(q->text);
			free(q->explanation);
			loc_free(&q->loc);
			for (size_t c = 0; c < q->n_choices; c++)
				free(q->choices[c].text);
			free(q->choices);
		}
		free(s->questions);
	}
	free(l->sections);
	free(l);
}

/* ---- checks after parsing --------------------------------------------- */

static void diag_name(struct lesson_diags *d, const char *file,
		      const struct lesson_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void diag_name(struct lesson_diags *d, const char *file,
		      const struct lesson_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, file, loc->line, loc->col, loc->line_text, fmt, ap);
	va_end(ap);
}

static long find_name(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

int lesson_check_events(const struct lesson *l, const char *const *names,
			size_t n, struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = 0;
	long prev = -1;		/* index of the previous bound section */
	const struct lesson_section *prev_s = NULL;
	for (size_t i = 0; i < l->n_sections; i++) {
		const struct lesson_section *s = &l->sections[i];
		long at = find_name(names, n, s->event.name);
		if (at < 0) {
			diag_name(d, l->file, &s->event.loc,
				  "scenario '%s' has no event '%s'",
				  l->scenario.name, s->event.name);
			rc = -1;
			continue;
		}
		if (at < prev) {
			diag_name(d, l->file, &s->event.loc,
				  "section '%s' comes after '%s' (line %d) but happens before it",
				  s->event.name, prev_s->event.name,
				  prev_s->event.loc.line);
			rc = -1;
		}
		prev = at;
		prev_s = s;
	}
	lesson_diags_free(&local);
	return rc;
}

int lesson_scenario(const struct lesson *l, struct scenario *sc,
		    struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = 0;
	*sc = (struct scenario){0};
	if (scenario_init(sc, l->scenario.name) != 0) {
		diag_name(d, l->file, &l->scenario.loc,
			  "unknown scenario '%s' (tlssim --list shows them)",
			  l->scenario.name);
		rc = -1;
	}
	for (size_t i = 0; i < l->n_attacks; i++) {
		unsigned bit = attack_from_name(l->attacks[i].name);
		if (!bit) {
			diag_name(d, l->file, &l->attacks[i].loc,
				  "unknown attack '%s' (tlssim --list shows them)",
				  l->attacks[i].name);
			rc = -1;
		}
		sc->attacks |= bit;
	}
	if (l->has_tls_policy)
		sc->tls_policy = l->tls_policy;
	if (l->has_server_policy)
		sc->server_policy = l->server_policy;
	if (l->has_kx)
		sc->kx = l->kx;
	if (l->has_hop_b)
		sc->hop_b_plain = l->hop_b_plain;
	if (l->has_seed) {
		sc->seeded = true;
		sc->seed = l->seed;
	}
	lesson_diags_free(&local);
	return rc;
}

static const struct lesson_section *find_section(const struct lesson *l,
						 const char *event)
{
	for (size_t i = 0; i < l->n_sections; i++)
		if (strcmp(l->sections[i].event.name, event) == 0)
			return &l->sections[i];
	return NULL;
}

/* Reports the sections of a that b lacks. */
static int compare_sections(const struct lesson *a, const struct lesson *b,
			    struct lesson_diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < a->n_sections; i++) {
		const struct lesson_section *s = &a->sections[i];
		if (!find_section(b, s->event.name)) {
			diag_name(d, a->file, &s->event.loc,
				  "section '%s' is missing from %s",
				  s->event.name, b->file);
			rc = -1;
		}
	}
	return rc;
}

/* The header options as one comparable string. */
static char *options_string(const struct lesson *l)
{
	struct buf b = {0};
	char *t = xprintf("scenario %s", l->scenario.name);
	buf_put(&b, t, strlen(t));
	free(t);
	for (size_t i = 0; i < l->n_attacks; i++) {
		t = xprintf(", attack %s", l->attacks[i].name);
		buf_put(&b, t, strlen(t));
		free(t);
	}
	t = xprintf("%s%s%s%s",
		    !l->has_tls_policy ? "" : l->tls_policy == POLICY_REQUIRED ?
		    ", tls-policy required" : ", tls-policy opportunistic",
		    !l->has_server_policy ? "" : l->server_policy == SERVER_STRICT ?
		    ", server-policy strict" : ", server-policy lax",
		    !l->has_kx ? "" : l->kx == KX_TRANSPORT ?
		    ", kx transport" : ", kx ephemeral",
		    !l->has_hop_b ? "" : l->hop_b_plain ?
		    ", hop-b plain" : ", hop-b starttls");
	buf_put(&b, t, strlen(t));
	free(t);
	if (l->has_seed) {
		t = xprintf(", seed %llu", (unsigned long long)l->seed);
		buf_put(&b, t, strlen(t));
		free(t);
	}
	buf_put8(&b, '\0');
	return (char *)b.p;
}

int lesson_compare(const struct lesson *a, const struct lesson *b,
		   struct lesson_diags *diags)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = 0;

	char *oa = options_string(a), *ob = options_string(b);
	if (strcmp(oa, ob) != 0) {
		diag_name(d, b->file, &b->scenario.loc,
			  "header differs from %s: '%s' here, '%s' there",
			  a->file, ob, oa);
		rc = -1;
	}
	free(oa);
	free(ob);

	if (compare_sections(a, b, d) != 0)
		rc = -1;
	if (compare_sections(b, a, d) != 0)
		rc = -1;

	for (size_t i = 0; i < a->n_sections; i++) {
		const struct lesson_section *sa = &a->sections[i];
		const struct lesson_section *sb = find_section(b, sa->event.name);
		if (!sb)
			continue;
		if (sa->n_questions != sb->n_questions) {
			diag_name(d, b->file, &sb->event.loc,
				  "section '%s' has %zu question(s) here but %zu in %s",
				  sb->event.name, sb->n_questions, sa->n_questions,
				  a->file);
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < sa->n_questions; k++) {
			const struct lesson_question *qa = &sa->questions[k];
			const struct lesson_question *qb = &sb->questions[k];
			bool same = qa->n_choices == qb->n_choices;
			for (size_t c = 0; same && c < qa->n_choices; c++)
				same = qa->choices[c].right == qb->choices[c].right;
			if (!same) {
				diag_name(d, b->file, &qb->loc,
					  "question's choices differ from %s line %d "
					  "(number of choices or which are right)",
					  a->file, qa->loc.line);
				rc = -1;
			}
		}
	}
	lesson_diags_free(&local);
	return rc;
}

/* ---- inline markup ---------------------------------------------------- */

static void span_add(struct lesson_span **v, size_t *n, size_t *cap,
		     enum lesson_span_kind kind, struct buf *t)
{
	if (!t->len)
		return;
	if (*n > 0 && (*v)[*n - 1].kind == kind) {
		char *old = (*v)[*n - 1].text;
		char *joined = xprintf("%s%.*s", old, (int)t->len, (char *)t->p);
		free(old);
		(*v)[*n - 1].text = joined;
	} else {
		grow(v, cap, *n + 1, sizeof **v);
		(*v)[*n].kind = kind;
		(*v)[(*n)++].text = xstrndup((const char *)t->p, t->len);
	}
	t->len = 0;
}

/*
 * The offset of the marker that closes a span opened by m[i], or 0 when
 * it is not closed.  Emphasis honours escapes and may not hold a code span.
 */
static size_t find_close(const char *m, size_t i, size_t len)
{
	for (size_t k = i + 1; k < len; k++) {
		if (m[i] == '`') {
			if (m[k] == '`')
				return k;
		} else if (m[k] == '\\' && k + 1 < len && is_punct(m[k + 1])) {
			k++;
		} else if (m[k] == '`') {
			return 0;
		} else if (m[k] == '*') {
			return k;
		}
	}
	return 0;
}

size_t lesson_spans(const char *m, struct lesson_span **out)
{
	struct lesson_span *v = NULL;
	size_t n = 0, cap = 0;
	struct buf t = {0};
	size_t len = strlen(m);
	enum lesson_span_kind kind = LESSON_SPAN_TEXT;
	size_t close = 0;	/* where the open span ends */
	for (size_t i = 0; i < len; i++) {
		char c = m[i];
		if (kind != LESSON_SPAN_TEXT && i == close) {
			span_add(&v, &n, &cap, kind, &t);
			kind = LESSON_SPAN_TEXT;
		} else if (kind == LESSON_SPAN_CODE) {
			buf_put8(&t, (uint8_t)c);
		} else if (c == '\\' && i + 1 < len && is_punct(m[i + 1])) {
			buf_put8(&t, (uint8_t)m[++i]);
		} else if (kind == LESSON_SPAN_TEXT && (c == '*' || c == '`') &&
			   (close = find_close(m, i, len)) != 0) {
			span_add(&v, &n, &cap, kind, &t);
			kind = c == '*' ? LESSON_SPAN_EMPH : LESSON_SPAN_CODE;
		} else {
			buf_put8(&t, (uint8_t)c);	/* unclosed: as typed */
		}
	}
	span_add(&v, &n, &cap, kind, &t);
	buf_free(&t);
	*out = v;
	return n;
}

void lesson_spans_free(struct lesson_span *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

char *lesson_plain(const char *markup)
{
	struct lesson_span *v;
	size_t n = lesson_spans(markup, &v);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_put(&b, v[i].text, strlen(v[i].text));
	buf_put8(&b, '\0');
	lesson_spans_free(v, n);
	return (char *)b.p;
}

const char *lesson_lang_name(enum lesson_lang lang)
{
	return lang == LESSON_LANG_JA ? "ja" : "en";
}

const char *lesson_pane_name(enum lesson_pane pane)
{
	switch (pane) {
	case LESSON_PANE_CLIENT:
		return "client";
	case LESSON_PANE_WIRE:
		return "wire";
	case LESSON_PANE_SERVER:
		return "server";
	case LESSON_PANE_NONE:
		break;
	}
	return "none";
}
