/*
 * factlist: facts as display lines, and lists of them (see factlist.h).
 *
 * A fact becomes a few coloured segments wrapped to the pane's width; a
 * list writes the lines that fit, newest at the bottom, and makes a fact
 * into lines only when a row of it on show is not on the screen already.
 * Strings are never copied unless they must change (ASCII folding,
 * "label: value" joins, hex dumps), and then into the lines arena.
 */
#include "factlist.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lcache.h"
#include "layout.h"
#include "lines.h"
#include "theme.h"
#include "wrap.h"

/* ---- facts ------------------------------------------------------------ */

static bool all_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Keys as short hex: "3f9a1c0b…" for anything longer than 12 digits,
 * unless the pane shows every fact whole. */
static const char *short_hex(const char *v, bool full)
{
	if (full || !all_hex(v) || strlen(v) <= 12)
		return v;
	return lines_printf("%.8s%s", v, theme_glyphs()->ellipsis);
}

static const char *join(const char *label, const char *value)
{
	if (!*label)
		return value;
	if (!*value)
		return label;
	return lines_printf("%s: %s", label, value);
}

static const char *dir_prefix(enum wire_dir d)
{
	return lines_printf("%s ", wire_dir_arrow(d));
}

/* At most this many lines for a fact: enough for what a lesson points at
 * (a password, a check's result) in the normal view, all of it zoomed. */
static size_t most(size_t normal, bool full)
{
	return full ? 12 : normal;
}

/* A labelled value: one line when it fits, else the value under it. */
static void info_lines(const char *label, const char *value, attr_t la, attr_t va,
		       int width, bool full)
{
	int lw = wrap_width(label, strlen(label));
	int vw = wrap_width(value, strlen(value));

	if (!*label) {
		lines_emit("", 0, value, va, width, most(3, full));
	} else if (lw + 2 + vw <= width) {
		if (!lines_new())
			return;
		lines_str(label, la);
		lines_str(": ", la);
		lines_str(value, va);
	} else {
		lines_emit("", 0, lines_printf("%s:", label), la, width, most(2, full));
		lines_emit("  ", 0, value, va, width, most(4, full));
	}
}

/* The lines of a fact.  What is new is marked in the list's gutter, not
 * here, so that a fact's lines stay the same when it stops being new. */
static void fact_lines(const struct fact *f, int width, bool full)
{
	const struct glyphs *g = theme_glyphs();
	const char *label = lines_msg(f->label), *value = lines_txt(f->value);

	switch (f->kind) {
	case FACT_CHECK_OK:
		lines_emit(lines_printf("%s ", g->ok), theme_attr(ROLE_OK), join(label, value),
		     theme_attr(ROLE_NORMAL), width, most(5, full));
		break;
	case FACT_CHECK_FAIL:
		lines_emit(lines_printf("%s ", g->fail), theme_attr(ROLE_FAIL), join(label, value),
		     theme_attr(ROLE_FAIL), width, most(5, full));
		break;
	case FACT_KEY:
	case FACT_SECRET:
		info_lines(label, short_hex(value, full), theme_attr(ROLE_NORMAL),
			   theme_attr(f->kind == FACT_KEY ? ROLE_KEY : ROLE_SECRET), width, full);
		break;
	case FACT_ALERT:
		lines_emit("! ", theme_attr(ROLE_ALERT), join(label, value),
		     theme_attr(ROLE_ALERT), width, most(6, full));
		break;
	case FACT_CLEAR:
		/* The direction in the line's colour: one attribute a line. */
		lines_emit(dir_prefix(f->dir), theme_attr(ROLE_CLEAR), value,
		     theme_attr(ROLE_CLEAR), width, most(3, full));
		break;
	case FACT_CIPHER:
		lines_emit(dir_prefix(f->dir), theme_attr(ROLE_CIPHER), value,
		     theme_attr(ROLE_CIPHER), width, most(2, full));
		break;
	case FACT_CREDENTIAL:
		lines_emit("!! ", theme_attr(ROLE_CREDENTIAL), join(label, value),
		     theme_attr(ROLE_CREDENTIAL), width, most(5, full));
		break;
	case FACT_META:
		lines_emit("", 0, join(label, value), theme_attr(ROLE_META), width, most(2, full));
		break;
	case FACT_INFO:
		info_lines(label, value, theme_attr(ROLE_DIM),
			   theme_attr(ROLE_NORMAL), width, full);
		break;
	}
}
/* ---- lists of facts ------------------------------------------------------ */


/* A fact the hex view shows as its frame's bytes. */
static bool hex_fact(const struct factlist *l, const struct fact *f)
{
	return l->hex && f->frame >= 0 && (size_t)f->frame < l->tl->n_frames &&
	       f->kind != FACT_META && f->kind != FACT_CREDENTIAL;
}

/* Frame bytes as "45 48 4c 4f ...", enough for rows lines of tw columns. */
static const char *frame_hex(const struct wire_frame *fr, int tw, size_t rows)
{
	size_t want = (size_t)(tw + 1) / 3 * rows + 1;
	size_t n = fr->len < want ? fr->len : want;
	char *p = lines_scratch(n * 3 + 1);

	if (!p)
		return "";
	p[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(p + i * 3, 4, "%02x%s", fr->bytes[i], i + 1 < n ? " " : "");
	return p;
}

/* The lines of fact f, after a gutter column that marks what is new. */
static void item_lines(const struct factlist *l, const struct fact *f)
{
	bool fresh = (size_t)(f - l->tl->facts[l->p]) >= l->fresh;
	size_t from = lines_count();

	if (hex_fact(l, f)) {
		const struct wire_frame *fr = &l->tl->frames[f->frame];
		attr_t a = theme_attr(f->kind == FACT_CIPHER ? ROLE_CIPHER : ROLE_CLEAR);
		const char *pre = dir_prefix(fr->dir);
		int tw = l->width - wrap_width(pre, strlen(pre));
		size_t rows = most(2, l->full);
		lines_emit(pre, a, frame_hex(fr, tw, rows), a, l->width, rows);
	} else {
		fact_lines(f, l->width, l->full);
	}
	if (fresh)
		lines_gutter(from, theme_glyphs()->fresh, theme_attr(ROLE_NEW));
	else
		lines_gutter(from, " ", 0);
}

/* Lines fact f takes: remembered, or made, counted and dropped. */
static size_t item_rows(const struct factlist *l, const struct fact *f)
{
	size_t idx = (size_t)(f - l->tl->facts[l->p]);
	int r = lcache_get(l->cache, idx);

	if (r < 0) {
		struct lines_mark m = lines_mark();
		item_lines(l, f);
		r = (int)(lines_count() - m.lines);
		lines_rollback(m);
		lcache_put(l->cache, idx, r);
	}
	return (size_t)r;
}

/* Whether the hex view leaves f out: its frame is shown already. */
static bool hex_dup(const struct factlist *l, const struct fact *f, int *last_frame)
{
	if (!hex_fact(l, f))
		return false;
	if (f->frame == *last_frame)
		return true;
	*last_frame = f->frame;
	return false;
}

/* What row j of fact f shows, as a fingerprint: the fact, the row, the
 * mark of what is new (on the first row only) and the wrapping. */
static uint64_t row_key(const struct factlist *l, const struct fact *f, size_t j, bool fresh)
{
	uint64_t k[5] = {
		(uintptr_t)l->tl, (uint64_t)l->p << 32 | (uint64_t)(f - l->tl->facts[l->p]),
		(uint64_t)j, (uint64_t)(fresh && j == 0), (uint64_t)l->width << 2 | (uint64_t)l->full << 1 | l->hex,
	};
	return lines_hash(0x1157, (const char *)k, sizeof k);
}

/* Row y: "↑ 12 lines above", unless it shows that already. */
static void above_row(WINDOW *w, struct lines_memo *m, int y, int x, int width, size_t top)
{
	uint64_t key = lines_hash(0xab07e, (const char *)&top, sizeof top);
	if (lines_memo_has(m, y, key))
		return;
	struct lines_mark mk = lines_mark();
	const char *more = lines_printf(" %s %zu %s", theme_glyphs()->up, top,
					ngettext("line above", "lines above", top));
	if (lines_new()) {
		lines_str(more, theme_attr(ROLE_DIM));
		lines_draw_row(w, m, y, x, width, lines_count() - 1, key);
	}
	lines_rollback(mk);
}

/*
 * Draws the list into h rows from (y0, x0), a gutter column to the left
 * of x0: the lines layout_list_top() picks.  Facts are counted (from the
 * cache when it knows them) and made into lines only when a row of
 * theirs on show is not on the screen already.
 */
void factlist_draw(WINDOW *w, struct lines_memo *m, const struct factlist *l, int y0, int x0,
		   int h)
{
	size_t total = 0, at = 0, news = SIZE_MAX;
	int last = -1, gx = x0 - 1, gw = l->width + 1;

	if (h <= 0 || l->width <= 0)
		return;
	lcache_key(l->cache, l->width, l->hex | l->full << 1);
	for (size_t i = 0; i < l->n; i++) {
		const struct fact *f = l->v[i];
		if (hex_dup(l, f, &last))
			continue;
		if (news == SIZE_MAX && (size_t)(f - l->tl->facts[l->p]) >= l->news)
			news = total;
		total += item_rows(l, f);
	}
	bool manual = l->scroll >= 0;
	size_t top = manual ? panes_scroll_top(l->scroll, total, h) : layout_list_top(total, h, news);
	int body = y0;
	if (l->seen)
		*l->seen = (struct pane_scroll){top, total, h};
	if (manual) {
		panes_scroll_marks(w, l->seen ? l->seen : &(struct pane_scroll){top, total, h});
	} else if (top > 0) {		/* the first row says what is above */
		above_row(w, m, y0, gx, gw, top);
		body++;
	}
	size_t end = top + (size_t)(y0 + h - body);

	last = -1;
	for (size_t i = 0; i < l->n && at < end; i++) {
		const struct fact *f = l->v[i];
		if (hex_dup(l, f, &last))
			continue;
		size_t r = item_rows(l, f);
		if (at + r > top) {
			bool fresh = (size_t)(f - l->tl->facts[l->p]) >= l->fresh, need = false;
			size_t j0 = at < top ? top - at : 0, j1 = at + r < end ? r : end - at;
			for (size_t j = j0; j < j1 && !need; j++)
				need = !lines_memo_has(m, body + (int)(at + j - top), row_key(l, f, j, fresh));
			if (need) {
				struct lines_mark mk = lines_mark();
				item_lines(l, f);
				for (size_t j = j0; j < j1; j++)
					lines_draw_row(w, m, body + (int)(at + j - top), gx, gw, mk.lines + j,
						       row_key(l, f, j, fresh));
				lines_rollback(mk);
			}
		}
		at += r;
	}
	for (int y = body + (int)(at > top ? at - top : 0); y < y0 + h; y++)
		lines_draw_row(w, m, y, gx, gw, SIZE_MAX, 0);	/* blank */
}

/* ---- client and server -------------------------------------------------- */


/*
 * The event whose knowledge party p's pane shows: while frames travel,
 * the receiver does not know their contents yet, so the one before.
 * False when that is before the first event (nothing known).
 */
bool factlist_party_event(const struct pane_state *s, enum party p, size_t *ev)
{
	*ev = s->ev;
	if (panes_flying(s) && s->tl->events[s->ev].actor != p) {
		if (s->ev == 0)
			return false;
		(*ev)--;
	}
	return true;
}

/* The first fact of the latest event up to ev that told party p anything
 * (SIZE_MAX when none did): the list keeps those in sight. */
size_t factlist_news_from(const struct timeline *tl, size_t ev, enum party p)
{
	for (size_t k = ev + 1; k-- > 0;) {
		size_t first, count;
		timeline_new_facts(tl, k, p, &first, &count);
		if (count > 0)
			return first;
	}
	return SIZE_MAX;
}

/* The first new fact of party p shown as new, or SIZE_MAX for none. */
size_t factlist_fresh_from(const struct timeline *tl, size_t ev, enum party p)
{
	size_t first, count;
	timeline_new_facts(tl, ev, p, &first, &count);
	return count > 0 ? first : SIZE_MAX;
}

void factlist_party(WINDOW *w, const struct pane_state *s, enum party p)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	int h, wd;
	size_t ev;

	lines_begin();
	getmaxyx(w, h, wd);
	/* The host that plays the part, named only when the whole name fits
	 * and only on the first link: the list goes on with what the next
	 * hop's parties learn (on hop B the client is the submission
	 * server), so one host's name would say less than the truth. */
	const char *title = p == PARTY_CLIENT ? _("Client") : _("Server");
	if (e->link == 0 && e->link < tl->n_links) {
		const struct wire_link *k = &tl->links[e->link];
		const char *host = lines_txt(p == PARTY_CLIENT ? k->client_name : k->server_name);
		const char *full = lines_printf("%s: %s", title, host);
		if (host && *host && wrap_width(full, strlen(full)) <= wd - 6)
			title = full;
	}
	/* The pane a lesson points at has its title in the accent (reverse
	 * video in monochrome); only the title, so that moving the highlight
	 * rewrites a few cells, not two whole borders. */
	bool hl = s->highlight == (p == PARTY_CLIENT ? LESSON_PANE_CLIENT : LESSON_PANE_SERVER);
	enum role tr = hl ? ROLE_ACCENT_TITLE : ROLE_TITLE;
	if (lines_frame(w, s->memo, lines_frame_sig(title, tr, h, wd)))
		theme_box(w, title, tr);
	if (!factlist_party_event(s, p, &ev)) {
		if (s->seen)
			*s->seen = (struct pane_scroll){0, 0, h - 2};
		for (int y = 1; y < h - 1; y++)
			lines_draw_row(w, s->memo, y, 1, wd - 2, SIZE_MAX, 0);	/* blank */
		return;
	}
	struct factlist l = {
		.tl = tl, .p = p, .v = s->view, .width = wd - 3, .cache = s->cache[p],
		.n = timeline_view(tl, ev, p, s->view, s->view_max),
		.fresh = ev == s->ev ? factlist_fresh_from(tl, ev, p) : SIZE_MAX,
		.news = factlist_news_from(tl, ev, p),
		.full = s->zoomed, .scroll = s->scroll, .seen = s->seen,
	};
	factlist_draw(w, s->memo, &l, 1, 2, h - 2);
}

