/*
 * lesson_parse: reads lesson files into struct lesson (see lesson.h).
 *
 * The parser works line by line over a byte buffer of known length and
 * never relies on NUL termination, so any input is safe.  Each line is
 * first checked as text (length, UTF-8, control characters); a line that
 * fails is reported once and its structural problems are not reported, so
 * that one bad byte does not cause a cascade.  Then the line is classified
 * by its first characters (comment, blank, header key, section, question,
 * choice, explanation, narration) and fed to a small state machine:
 * header (lesson_header.c), then sections, each with paragraphs and then
 * questions.
 *
 * Problems are collected, never fatal; the lesson is handed out only when
 * there were none.  Start reading at lesson_parse().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson_parse.h"
#include "utf8.h"
#include "util.h"

/* ---- problems ---------------------------------------------------------- */

/* The current line, safe to quote, made when a problem first needs it. */
static const char *line_text(struct parser *p)
{
	if (!p->ln_text)
		p->ln_text = lesson_diag_sanitize(p->ln, p->n);
	return p->ln_text;
}

void lesson_parse_problem(struct parser *p, int line, int col,
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
	lesson_diag_vadd(p->d, p->file, line, col, text, fmt, ap);
	p->problems++;
}

void lesson_parse_problem_at(struct parser *p, size_t off, const char *fmt,
			     va_list ap)
{
	if (p->line_bad)
		return;
	lesson_parse_problem(p, p->lineno, 1 + (int)utf8_count(p->ln, off),
			     line_text(p), fmt, ap);
}

struct lesson_loc lesson_parse_loc(struct parser *p, size_t off)
{
	return (struct lesson_loc){
		.line = p->lineno,
		.col = 1 + (int)utf8_count(p->ln, off),
		.line_text = xstrdup(line_text(p)),
	};
}

/* ---- lines as text ----------------------------------------------------- */

static const char *const c0_names[32] = {
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
	"BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
	"CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
};

/*
 * Checks the current line as text; reports its first bad character.
 * Invisible direction marks (U+200E, U+200F, U+061C) and tag characters
 * pass, as they always have: they turn no text around and drive no
 * terminal, and a diagnostic quotes them as '?'.
 */
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

/* A line over LESSON_MAX_LINE: reported at the character that crosses
 * the limit, and cut there. */
static void cut_long_line(struct parser *p)
{
	size_t off = 0, k;
	uint32_t cp;
	while ((k = utf8_next(p->ln + off, p->n - off, &cp)) <= LESSON_MAX_LINE - off)
		off += k;
	p->n = off;
	err_at(p, off, "line is longer than %d bytes", LESSON_MAX_LINE);
	p->line_bad = true;
}

/* ---- sections ---------------------------------------------------------- */

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
 * of the break is a wide character (two cells: kanji, kana, emoji), since
 * Japanese puts no spaces between words.
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
	lesson_parse_markup(p, a, b);
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

/* The end of the word starting at i (up to a blank). */
static size_t word_end(const char *s, size_t i, size_t n)
{
	while (i < n && !is_blank(s[i]))
		i++;
	return i;
}

/* The event name at [i, e) of a section line: its syntax, and that no
 * section before this one has it. */
static void check_event_name(struct parser *p, size_t i, size_t e)
{
	const char *s = p->ln;
	struct lesson *l = p->l;
	const char *name = l->sections[l->n_sections - 1].event.name;
	for (size_t k = i; k < e; k++) {
		if (!is_name_char(s[k])) {
			err_at(p, k, "event names use only a-z, 0-9 and '-'");
			break;
		}
	}
	for (size_t k = 0; k + 1 < l->n_sections; k++) {
		if (strcmp(l->sections[k].event.name, name) == 0) {
			err_at(p, i, "a section for '%s' was already given on line %d",
			       name, l->sections[k].event.loc.line);
			break;
		}
	}
}

/* "highlight PANE", the rest [i, n) of a section line. */
static void parse_highlight(struct parser *p, struct lesson_section *sec,
			    size_t i, size_t n)
{
	const char *s = p->ln;
	size_t e = word_end(s, i, n);
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
		sec->event.loc = lesson_parse_loc(p, 0);
		return;
	}
	i = skip_blanks(s, i, n);
	size_t e = word_end(s, i, n);
	if (!word_is(s, i, e, "at")) {
		err_at(p, i, "expected 'at EVENT' after '=='");
		sec->event.name = xstrdup("");
		sec->event.loc = lesson_parse_loc(p, i);
		return;
	}
	i = skip_blanks(s, e, n);
	e = word_end(s, i, n);
	sec->event.name = xstrndup(s + i, e - i);
	sec->event.loc = lesson_parse_loc(p, i);
	if (i == e) {
		err_at(p, i, "expected an event name after 'at'");
		return;
	}
	check_event_name(p, i, e);
	i = skip_blanks(s, e, n);
	if (i < n)
		parse_highlight(p, sec, i, n);
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
	q->loc = lesson_parse_loc(p, 0);
	p->have_q = true;
	p->q_explained = false;
	if (a >= b)
		err_at(p, 0, "empty question");
	q->text = lesson_parse_text(p, a, b > a ? b : a);
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
	q->choices[q->n_choices++].text = lesson_parse_text(p, a, b);
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
	lesson_parse_markup(p, a, b);
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

/* A narration line. */
static void parse_text(struct parser *p)
{
	struct lesson_section *s = cur_section(p);
	size_t a = skip_blanks(p->ln, 0, p->n), b = trim_end(p->ln, p->n);
	if (!s) {
		lesson_header_line(p);
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
	else if (!lesson_try_line(p))
		parse_text(p);
}

/* ---- the whole file ---------------------------------------------------- */

/* Makes ln, n bytes up to a newline, the current line. */
static void start_line(struct parser *p, const char *ln, size_t n)
{
	p->lineno++;
	p->ln = ln;
	p->n = n;
	p->line_bad = false;
	p->ln_text = NULL;
	if (p->n > 0 && p->ln[p->n - 1] == '\r')
		p->n--;	/* CRLF line ends */
}

/* Feeds each line of text to the parser, after checking it as text. */
static void parse_lines(struct parser *p, const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;		/* a byte order mark, as some editors write */
	while (i < len && !p->stop) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		start_line(p, text + i, end - i);
		if (p->n > LESSON_MAX_LINE) {
			cut_long_line(p);
		} else {
			check_chars(p);
			parse_line(p);
		}
		free(p->ln_text);
		p->ln_text = NULL;
		i = end + 1;
	}
	p->ln = NULL;
	p->n = 0;
	p->line_bad = false;
}

/* lesson_parse(); with keep, a lesson with problems is stored too (as
 * far as it was read) unless the parse stopped. */
static int parse_all(const char *file, const char *text, size_t len, struct lesson **out,
		     struct lesson_diags *diags, bool keep)
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
	parse_lines(&p, text, len);
	if (!p.stop) {
		end_section(&p);
		lesson_header_check(&p);
		if (p.l->n_sections == 0)
			err_file(&p, "the lesson has no sections: start one with '== at EVENT'");
	}
	buf_free(&p.para);
	free(p.key_line);
	lesson_diags_free(&local);
	if (p.problems && (!keep || p.stop)) {
		lesson_free(p.l);
		return -1;
	}
	lesson_expand_tabs(p.l);
	*out = p.l;
	return p.problems ? -1 : 0;
}

int lesson_parse(const char *file, const char *text, size_t len,
		 struct lesson **out, struct lesson_diags *diags)
{
	return parse_all(file, text, len, out, diags, false);
}

/* Refuses, with a diagnostic, anything but a regular file of at most
 * LESSON_MAX_BYTES. */
static int check_file(int fd, const char *path, struct lesson_diags *d)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		lesson_diag_add(d, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		lesson_diag_add(d, path, 0, 0, NULL, "is a directory, not a lesson file");
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		lesson_diag_add(d, path, 0, 0, NULL, "is not a regular file");
		return -1;
	}
	if (st.st_size > LESSON_MAX_BYTES) {
		lesson_diag_add(d, path, 0, 0, NULL, "file is larger than %d bytes (%lld bytes)",
				LESSON_MAX_BYTES, (long long)st.st_size);
		return -1;
	}
	return 0;
}

/*
 * Reads an open file whole, at most one byte past the cap: the file may
 * grow meanwhile, and lesson_parse refuses it then.  Returns the text
 * (caller frees) and its length in *len, or NULL with a diagnostic.
 */
static char *read_all(int fd, const char *path, struct lesson_diags *d,
		      size_t *len)
{
	char *text = xmalloc(LESSON_MAX_BYTES + 1);
	*len = 0;
	while (*len < LESSON_MAX_BYTES + 1) {
		ssize_t r = read(fd, text + *len, LESSON_MAX_BYTES + 1 - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			lesson_diag_add(d, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
			free(text);
			return NULL;
		}
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	return text;
}

/* The length of the header: the text before the first section line. */
static size_t header_len(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((i == 0 || text[i - 1] == '\n') && text[i] == '=' && text[i + 1] == '=')
			return i;
	return len;
}

static int load(const char *path, struct lesson **out, struct lesson_diags *diags, bool keep,
		bool header)
{
	struct lesson_diags local = {0};
	struct lesson_diags *d = diags ? diags : &local;
	int rc = -1;
	*out = NULL;

	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		lesson_diag_add(d, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
		lesson_diags_free(&local);
		return -1;
	}
	size_t len = 0;
	char *text = check_file(fd, path, d) == 0 ? read_all(fd, path, d, &len) : NULL;
	close(fd);
	if (text)
		rc = parse_all(path, text, header ? header_len(text, len) : len, out, d, keep);
	free(text);
	lesson_diags_free(&local);
	return rc;
}

int lesson_load(const char *path, struct lesson **out, struct lesson_diags *diags)
{
	return load(path, out, diags, false, false);
}

int lesson_load_header(const char *path, struct lesson **out)
{
	return load(path, out, NULL, true, true);
}

int lesson_load_partial(const char *path, struct lesson **out, struct lesson_diags *diags)
{
	return load(path, out, diags, true, false);
}

/* ---- freeing ----------------------------------------------------------- */

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
	for (size_t i = 0; i < l->n_options; i++) {
		free(l->options[i].value);
		loc_free(&l->options[i].loc);
	}
	free(l->options);
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
		for (size_t k = 0; k < s->n_quotes; k++) {
			free(s->quotes[k].text);
			loc_free(&s->quotes[k].loc);
		}
		free(s->quotes);
		for (size_t k = 0; k < s->n_tries; k++) {
			free(s->tries[k].value);
			loc_free(&s->tries[k].loc);
		}
		free(s->tries);
	}
	free(l->sections);
	free(l);
}

