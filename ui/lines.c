/*
 * lines: display lines, scratch text and the writing of lines into a
 * window (see lines.h).  Shared by the panes, the question and summary
 * overlays and the lesson picker.
 */
#include "lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "theme.h"
#include "utf8.h"
#include "wrap.h"

/* ---- scratch text ---------------------------------------------------- */

static char arena[32768];
static size_t arena_used;

char *lines_scratch(size_t n)
{
	if (n > sizeof arena - arena_used)
		return NULL;
	char *p = arena + arena_used;
	arena_used += n;
	return p;
}

static const char *arena_vprintf(const char *fmt, va_list ap)
{
	size_t room = sizeof arena - arena_used;
	char *p = arena + arena_used;

	if (room == 0)
		return "";
	int n = vsnprintf(p, room, fmt, ap);
	if (n < 0)
		return "";
	if ((size_t)n >= room)
		n = (int)room - 1;
	arena_used += (size_t)n + 1;
	return p;
}

const char *lines_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = arena_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* s with each tab drawn as a visible mark (curses would jump to the next
 * tab stop, and a '.' would look like SMTP's dot-stuffing), in the arena. */
static const char *tab_marks(const char *s)
{
	const char *mark = theme_glyphs()->tab_mark;
	size_t ml = strlen(mark), tabs = 0, len = strlen(s);
	for (const char *t = s; (t = strchr(t, '\t')) != NULL; t++)
		tabs++;
	char *p = tabs ? lines_scratch(len + tabs * (ml - 1) + 1) : NULL;
	if (!p)
		return s;	/* no tab, or no room: shown as it is */
	char *o = p;
	for (const char *t = s; *t; t++) {
		if (*t == '\t') {
			memcpy(o, mark, ml);
			o += ml;
		} else {
			*o++ = *t;
		}
	}
	*o = '\0';
	return p;
}

const char *lines_txt(const char *s)
{
	if (!s)
		return "";
	if (theme_utf8())
		return tab_marks(s);
	size_t room = sizeof arena - arena_used;
	if (room < 2)
		return "";
	char *p = arena + arena_used;
	size_t n = wrap_ascii(s, p, room);
	arena_used += n + 1;
	return tab_marks(p);
}

const char *lines_msg(const char *msgid)
{
	return lines_txt(msgid && *msgid ? _(msgid) : "");
}

uint64_t lines_frame_sig(const char *title, enum role tr, int h, int w)
{
	uint64_t v = lines_hash(0x9e3779b97f4a7c15u, title, strlen(title));
	return v ^ ((uint64_t)tr << 48 | (uint64_t)(unsigned)h << 24 | (unsigned)w);
}

/* ---- display lines --------------------------------------------------- */

#define MAX_LINES 400
#define MAX_SEGS 16

struct seg {
	const char *s;
	size_t len;
	attr_t a;
};

struct dline {
	struct seg seg[MAX_SEGS];
	int n;
};

static struct dline lines[MAX_LINES];
static size_t n_lines;

static const char spaces[] = "                                                                ";

void lines_begin(void)
{
	arena_used = 0;
	n_lines = 0;
}

size_t lines_count(void)
{
	return n_lines;
}

struct lines_mark lines_mark(void)
{
	return (struct lines_mark){n_lines, arena_used};
}

void lines_rollback(struct lines_mark m)
{
	if (m.lines < n_lines)
		n_lines = m.lines;
	if (m.arena < arena_used)
		arena_used = m.arena;
}

bool lines_new(void)
{
	if (n_lines >= MAX_LINES)
		return false;
	lines[n_lines++].n = 0;
	return true;
}

void lines_seg(const char *s, size_t len, attr_t a)
{
	if (n_lines == 0 || len == 0)
		return;
	struct dline *l = &lines[n_lines - 1];
	if (l->n < MAX_SEGS)
		l->seg[l->n++] = (struct seg){s, len, a};
}

void lines_str(const char *s, attr_t a)
{
	lines_seg(s, strlen(s), a);
}

void lines_fit(const char *s, int cols, attr_t a, bool fill)
{
	int used;
	size_t len = strlen(s), fit = wrap_fit(s, len, cols, &used);
	if (fit < len) {	/* cut: an ellipsis says so */
		const char *ell = theme_glyphs()->ellipsis;
		int ellw = wrap_width(ell, strlen(ell));
		fit = wrap_fit(s, len, cols - ellw, &used);
		lines_seg(s, fit, a);
		lines_str(ell, a);
		used += ellw;
	} else {
		lines_seg(s, fit, a);
	}
	if (fill && used < cols)
		lines_seg(lines_printf("%*s", cols - used, ""), (size_t)(cols - used), a);
}

void lines_gutter(size_t from, const char *mark, attr_t a)
{
	for (size_t i = from; i < n_lines; i++) {
		struct dline *l = &lines[i];
		int n = l->n < MAX_SEGS ? l->n : MAX_SEGS - 1;
		memmove(&l->seg[1], &l->seg[0], (size_t)n * sizeof l->seg[0]);
		l->seg[0] = i == from ? (struct seg){mark, strlen(mark), a}
				      : (struct seg){spaces, 1, 0};
		l->n = n + 1;
	}
}

void lines_pad(int cols)
{
	while (cols > 0) {
		int k = cols < (int)sizeof spaces - 1 ? cols : (int)sizeof spaces - 1;
		lines_seg(spaces, (size_t)k, 0);
		cols -= k;
	}
}

void lines_emit(const char *prefix, attr_t pa, const char *text, attr_t ta,
		int width, size_t maxl)
{
	struct wrap_line wl[12];
	const char *ell = theme_glyphs()->ellipsis;
	int ellw = wrap_width(ell, strlen(ell));
	int pw = wrap_width(prefix, strlen(prefix));
	int tw = width - pw;

	if (tw < 4) {	/* too narrow for an indent: no prefix */
		prefix = "";
		pw = 0;
		tw = width;
	}
	if (tw < 1)
		return;
	if (maxl > 12)
		maxl = 12;
	if (maxl == 1 && wrap_width(text, strlen(text)) > tw) {
		/* One line: cut the text, not at a word, so it says the most. */
		if (!lines_new())
			return;
		lines_str(prefix, pa);
		lines_seg(text, wrap_fit(text, strlen(text), tw - ellw, NULL), ta);
		lines_str(ell, ta);
		return;
	}
	size_t n = wrap_text(text, tw, wl, 12);
	size_t show = n < maxl ? n : maxl;
	for (size_t i = 0; i < show; i++) {
		if (!lines_new())
			return;
		if (i == 0)
			lines_str(prefix, pa);
		else
			lines_pad(pw);
		const char *p = text + wl[i].off;
		size_t len = wl[i].len;
		if (i + 1 == show && show < n) {
			len = wrap_fit(p, len, tw - ellw, NULL);
			lines_seg(p, len, ta);
			lines_str(ell, ta);
		} else {
			lines_seg(p, len, ta);
		}
	}
}

static attr_t run_attr(enum lesson_span_kind k, attr_t base)
{
	switch (k) {
	case LESSON_SPAN_EMPH: return base | theme_attr(ROLE_EMPH);
	case LESSON_SPAN_CODE: return theme_attr(ROLE_CODE);
	case LESSON_SPAN_TEXT: break;
	}
	return base;
}

/* Adds bytes [off, off + len) of r as segments styled by its runs. */
static void rich_segs(const struct rich *r, size_t off, size_t len, attr_t base)
{
	size_t end = off + len;
	for (size_t i = 0; i < r->n_runs; i++) {
		const struct rich_run *u = &r->runs[i];
		size_t a = u->off > off ? u->off : off;
		size_t b = u->off + u->len < end ? u->off + u->len : end;
		if (a < b)
			lines_seg(r->text + a, b - a, run_attr(u->kind, base));
	}
}

size_t lines_rich(const char *prefix, attr_t pa, const struct rich *r, attr_t base,
		  int width, size_t maxl)
{
	enum { MAXW = 48 };
	struct wrap_line wl[MAXW];
	const char *ell = theme_glyphs()->ellipsis;
	int ellw = wrap_width(ell, strlen(ell));
	int pw = wrap_width(prefix, strlen(prefix));
	int tw = width - pw;

	if (tw < 4) {
		prefix = "";
		pw = 0;
		tw = width;
	}
	if (tw < 1 || !r->text)
		return 0;
	if (maxl > MAXW)
		maxl = MAXW;
	size_t n = wrap_text(r->text, tw, wl, MAXW);
	size_t show = n < maxl ? n : maxl;
	for (size_t i = 0; i < show; i++) {
		if (!lines_new())
			break;
		if (i == 0)
			lines_str(prefix, pa);
		else
			lines_pad(pw);
		size_t len = wl[i].len;
		if (i + 1 == show && show < n) {
			len = wrap_fit(r->text + wl[i].off, len, tw - ellw, NULL);
			rich_segs(r, wl[i].off, len, base);
			lines_str(ell, base);
		} else {
			rich_segs(r, wl[i].off, len, base);
		}
	}
	return n;
}

uint64_t lines_hash(uint64_t h, const char *s, size_t len)
{
	/* FNV-1a, then the length, so that "ab"+"c" and "a"+"bc" differ. */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return (h ^ len) * 0x100000001b3u;
}

/* Marks a row the window holds blank (werase) in a memo. */
#define MEMO_BLANK 1u

static uint64_t line_hash(const struct dline *l, int x0, int width)
{
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)x0 << 32 ^ (uint64_t)(unsigned)width;
	for (int k = 0; k < l->n; k++) {
		h = lines_hash(h, l->seg[k].s, l->seg[k].len);
		h = (h ^ l->seg[k].a) * 0x100000001b3u;
	}
	return h <= MEMO_BLANK ? h + 2 : h;	/* never "unknown" or "blank" */
}

bool lines_frame(WINDOW *w, struct lines_memo *m, uint64_t frame)
{
	if (m && m->frame == frame && frame != 0)
		return false;
	werase(w);
	if (m) {
		m->frame = frame;
		m->body = 0;
		for (int i = 0; i < LINES_MEMO_ROWS; i++)
			m->row[i] = MEMO_BLANK;
	}
	return true;
}

bool lines_memo_row(struct lines_memo *m, int y, uint64_t hash)
{
	if (!m || y < 0 || y >= LINES_MEMO_ROWS)
		return true;
	if (hash <= MEMO_BLANK)
		hash += 2;
	if (m->row[y] == hash)
		return false;
	m->row[y] = hash;
	return true;
}

bool lines_memo_body(struct lines_memo *m, uint64_t body)
{
	if (!m)
		return true;
	body |= 1;		/* never "unknown" */
	if (m->body == body)
		return false;
	m->body = body;
	return true;
}

void lines_memo_forget(struct lines_memo *m)
{
	m->frame = 0;
}

/* Writes n bytes of UTF-8 at the cursor.  Decoded here, a segment at a
 * time: curses would take it byte by byte, asking the C library about
 * each one. */
static void add_utf8(WINDOW *w, const char *s, size_t n)
{
	wchar_t buf[128];
	size_t k = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			cp = c;
			i++;
		} else {
			i += utf8_next(s + i, n - i, &cp);
		}
		buf[k++] = (wchar_t)cp;
		if (k == sizeof buf / sizeof buf[0]) {
			waddnwstr(w, buf, (int)k);
			k = 0;
		}
	}
	if (k > 0)
		waddnwstr(w, buf, (int)k);
}

static bool all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

/* Writes line l at row y, columns [x0, x0 + width).  Blanks whose look
 * does not show on a blank (bold, a colour of the letters) take the look
 * of what precedes them: each change of look costs the terminal an
 * escape sequence, and curses formats every one of them. */
static void draw_line(WINDOW *w, const struct dline *l, int y, int x0, int width)
{
	int x = x0, left = width;
	attr_t prev = theme_attr(ROLE_NORMAL);
	for (int k = 0; k < l->n && left > 0; k++) {
		const struct seg *sg = &l->seg[k];
		int used;
		size_t fit = wrap_fit(sg->s, sg->len, left, &used);
		attr_t a = sg->a;
		if (a != prev && theme_blank_plain(a) && theme_blank_plain(prev) && all_blank(sg->s, fit))
			a = prev;
		wattrset(w, a);
		prev = a;
		wmove(w, y, x);
		add_utf8(w, sg->s, fit);
		x += used;
		left -= used;
	}
}

/*
 * Writes line l (NULL: blank) at row y unless the memo says the row already
 * shows key; clears what was there first, and remembers key.
 */
static void put_row(WINDOW *w, struct lines_memo *m, int y, int x0, int width,
		    const struct dline *l, uint64_t key)
{
	bool known = m && y >= 0 && y < LINES_MEMO_ROWS;
	if (known && m->row[y] == key)
		return;
	if (!known || m->row[y] != MEMO_BLANK) {
		wattrset(w, theme_attr(ROLE_NORMAL));
		mvwhline(w, y, x0, ' ', width);
	}
	if (l)
		draw_line(w, l, y, x0, width);
	if (known)
		m->row[y] = key;
}

void lines_draw_memo(WINDOW *w, struct lines_memo *m, int y0, int x0, int h, int width,
		     size_t from)
{
	for (int r = 0; r < h; r++) {
		size_t i = from + (size_t)r;
		const struct dline *l = i < n_lines ? &lines[i] : NULL;
		int y = y0 + r;
		if (!m) {
			if (!l)
				break;
			draw_line(w, l, y, x0, width);
			continue;
		}
		put_row(w, m, y, x0, width, l, l ? line_hash(l, x0, width) : MEMO_BLANK);
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

void lines_draw(WINDOW *w, int y0, int x0, int h, int width, size_t from)
{
	lines_draw_memo(w, NULL, y0, x0, h, width, from);
}

void lines_list_foot(WINDOW *w, const char *hint, size_t sel, size_t n, bool some)
{
	int h, wd;
	getmaxyx(w, h, wd);
	lines_emit("", 0, lines_txt(hint), theme_attr(ROLE_DIM), wd - 4, 1);
	if (some) {
		const char *more = lines_printf(" %zu/%zu ", sel, n);
		mvwaddstr(w, h - 1, wd - 2 - (int)strlen(more), more);
	}
	lines_draw(w, h - 2, 2, 1, wd - 4, 0);
}

bool lines_memo_has(const struct lines_memo *m, int y, uint64_t key)
{
	if (key <= MEMO_BLANK)
		key += 2;
	return m && y >= 0 && y < LINES_MEMO_ROWS && m->row[y] == key;
}

void lines_draw_row(WINDOW *w, struct lines_memo *m, int y, int x0, int width, size_t i,
		    uint64_t key)
{
	const struct dline *l = i < n_lines ? &lines[i] : NULL;

	if (!l)
		key = MEMO_BLANK;
	else if (key <= MEMO_BLANK)
		key += 2;
	put_row(w, m, y, x0, width, l, key);
	wattrset(w, theme_attr(ROLE_NORMAL));
}
