/*
 * panes: what each part of the screen shows (see panes.h).
 *
 * Every pane is built the same way: its facts become display lines (a
 * few coloured segments each, wrapped to the pane's width), then the
 * lines that fit are written, newest at the bottom.  Strings are never
 * copied unless they must change (ASCII folding, "label: value" joins,
 * hex dumps), and then into a static arena reset at each draw.
 */
#include "panes.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "lcache.h"
#include "layout.h"
#include "lines.h"
#include "theme.h"
#include "wrap.h"

/* ---- facts ------------------------------------------------------------ */

/* A message of the core (an event title, a fact label: English msgids)
 * in the user's language and as the terminal can show it; "" stays "". */
static const char *core_txt(const char *msgid)
{
	return lines_txt(msgid && *msgid ? _(msgid) : "");
}

static bool all_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Keys as short hex: "3f9a1c0b…" for anything longer than 12 digits. */
static const char *short_hex(const char *v)
{
	if (!all_hex(v) || strlen(v) <= 12)
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

/* A labelled value: one line when it fits, else the value under it. */
static void info_lines(const char *label, const char *value, attr_t la, attr_t va,
		       int width)
{
	int lw = wrap_width(label, strlen(label));
	int vw = wrap_width(value, strlen(value));

	if (!*label) {
		lines_emit("", 0, value, va, width, 2);
	} else if (lw + 2 + vw <= width) {
		if (!lines_new())
			return;
		lines_str(label, la);
		lines_str(": ", la);
		lines_str(value, va);
	} else {
		lines_emit("", 0, lines_printf("%s:", label), la, width, 1);
		lines_emit("  ", 0, value, va, width, width < 30 ? 2 : 3);
	}
}

/* The lines of a fact.  What is new is marked in the list's gutter, not
 * here, so that a fact's lines stay the same when it stops being new. */
static void fact_lines(const struct fact *f, int width)
{
	const struct glyphs *g = theme_glyphs();
	const char *label = core_txt(f->label), *value = lines_txt(f->value);

	switch (f->kind) {
	case FACT_CHECK_OK:
		/* One line each in a narrow pane: the ticks read as a list. */
		lines_emit(lines_printf("%s ", g->ok), theme_attr(ROLE_OK), join(label, value),
		     theme_attr(ROLE_NORMAL), width, width < 30 ? 1 : 2);
		break;
	case FACT_CHECK_FAIL:
		lines_emit(lines_printf("%s ", g->fail), theme_attr(ROLE_FAIL), join(label, value),
		     theme_attr(ROLE_FAIL), width, width < 30 ? 2 : 3);
		break;
	case FACT_KEY:
	case FACT_SECRET:
		info_lines(label, short_hex(value), theme_attr(ROLE_NORMAL),
			   theme_attr(f->kind == FACT_KEY ? ROLE_KEY : ROLE_SECRET), width);
		break;
	case FACT_ALERT:
		lines_emit("! ", theme_attr(ROLE_ALERT), join(label, value),
		     theme_attr(ROLE_ALERT), width, 3);
		break;
	case FACT_CLEAR:
		/* The direction in the line's colour: one attribute a line. */
		lines_emit(dir_prefix(f->dir), theme_attr(ROLE_CLEAR), value,
		     theme_attr(ROLE_CLEAR), width, 3);
		break;
	case FACT_CIPHER:
		lines_emit(dir_prefix(f->dir), theme_attr(ROLE_CIPHER), value,
		     theme_attr(ROLE_CIPHER), width, 2);
		break;
	case FACT_CREDENTIAL:
		lines_emit("!! ", theme_attr(ROLE_CREDENTIAL), join(label, value),
		     theme_attr(ROLE_CREDENTIAL), width, 2);
		break;
	case FACT_META:
		lines_emit("", 0, join(label, value), theme_attr(ROLE_META), width, 2);
		break;
	case FACT_INFO:
		info_lines(label, value, theme_attr(ROLE_DIM),
			   theme_attr(ROLE_NORMAL), width);
		break;
	}
}

/* The fixed parts of a box: its title in a role, at a size. */
static uint64_t frame_sig(const char *title, enum role tr, int h, int w)
{
	uint64_t v = lines_hash(0x9e3779b97f4a7c15u, title, strlen(title));
	return v ^ ((uint64_t)tr << 48 | (uint64_t)(unsigned)h << 24 | (unsigned)w);
}

/* ---- lists of facts ------------------------------------------------------ */

/* A list pane's content: facts of one party, the newest at the bottom. */
struct list {
	const struct timeline *tl;
	enum party p;
	const struct fact *const *v;	/* the facts on the list, in order */
	size_t n;
	size_t fresh;		/* facts from this index (in tl->facts[p]) are new */
	size_t news;		/* and from this one the latest additions */
	bool hex;		/* frames as hex bytes, one entry per frame */
	int width;
	struct lcache *cache;	/* line counts at this width */
};

/* A fact the hex view shows as its frame's bytes. */
static bool hex_fact(const struct list *l, const struct fact *f)
{
	return l->hex && f->frame >= 0 && (size_t)f->frame < l->tl->n_frames &&
	       f->kind != FACT_META && f->kind != FACT_CREDENTIAL;
}

/* Frame bytes as "45 48 4c 4f ...", enough for two lines of tw columns. */
static const char *frame_hex(const struct wire_frame *fr, int tw)
{
	size_t want = (size_t)(tw + 1) / 3 * 2 + 1;
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
static void item_lines(const struct list *l, const struct fact *f)
{
	bool fresh = (size_t)(f - l->tl->facts[l->p]) >= l->fresh;
	size_t from = lines_count();

	if (hex_fact(l, f)) {
		const struct wire_frame *fr = &l->tl->frames[f->frame];
		attr_t a = theme_attr(f->kind == FACT_CIPHER ? ROLE_CIPHER : ROLE_CLEAR);
		const char *pre = dir_prefix(fr->dir);
		int tw = l->width - wrap_width(pre, strlen(pre));
		lines_emit(pre, a, frame_hex(fr, tw), a, l->width, 2);
	} else {
		fact_lines(f, l->width);
	}
	if (fresh)
		lines_gutter(from, theme_glyphs()->fresh, theme_attr(ROLE_NEW));
	else
		lines_gutter(from, " ", 0);
}

/* Lines fact f takes: remembered, or made, counted and dropped. */
static size_t item_rows(const struct list *l, const struct fact *f)
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
static bool hex_dup(const struct list *l, const struct fact *f, int *last_frame)
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
static uint64_t row_key(const struct list *l, const struct fact *f, size_t j, bool fresh)
{
	uint64_t k[5] = {
		(uintptr_t)l->tl, (uint64_t)l->p << 32 | (uint64_t)(f - l->tl->facts[l->p]),
		(uint64_t)j, (uint64_t)(fresh && j == 0), (uint64_t)l->width << 1 | l->hex,
	};
	return lines_hash(0x1157, (const char *)k, sizeof k);
}

/*
 * Draws the list into h rows from (y0, x0), a gutter column to the left
 * of x0: the lines layout_list_top() picks.  Facts are counted (from the
 * cache when it knows them) and made into lines only when a row of
 * theirs on show is not on the screen already.
 */
static void list_draw(WINDOW *w, struct lines_memo *m, const struct list *l, int y0, int x0,
		      int h)
{
	size_t total = 0, at = 0, news = SIZE_MAX;
	int last = -1, gx = x0 - 1, gw = l->width + 1;

	if (h <= 0 || l->width <= 0)
		return;
	lcache_key(l->cache, l->width, l->hex);
	for (size_t i = 0; i < l->n; i++) {
		const struct fact *f = l->v[i];
		if (hex_dup(l, f, &last))
			continue;
		if (news == SIZE_MAX && (size_t)(f - l->tl->facts[l->p]) >= l->news)
			news = total;
		total += item_rows(l, f);
	}
	size_t top = layout_list_top(total, h, news);
	int body = y0;
	if (top > 0) {		/* the first row says what is above */
		uint64_t key = lines_hash(0xab07e, (const char *)&top, sizeof top);
		if (!lines_memo_has(m, y0, key)) {
			struct lines_mark mk = lines_mark();
			const char *more = lines_printf(" %s %zu %s", theme_glyphs()->up, top,
							ngettext("line above", "lines above", top));
			if (lines_new()) {
				lines_str(more, theme_attr(ROLE_DIM));
				lines_draw_row(w, m, y0, gx, gw, lines_count() - 1, key);
			}
			lines_rollback(mk);
		}
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

static bool flying(const struct pane_state *s)
{
	return s->anim && s->anim->active && s->anim->ev == s->ev;
}

/*
 * The event whose knowledge party p's pane shows: while frames travel,
 * the receiver does not know their contents yet, so the one before.
 * False when that is before the first event (nothing known).
 */
static bool party_event(const struct pane_state *s, enum party p, size_t *ev)
{
	*ev = s->ev;
	if (flying(s) && s->tl->events[s->ev].actor != p) {
		if (s->ev == 0)
			return false;
		(*ev)--;
	}
	return true;
}

/* The first fact of the latest event up to ev that told party p anything
 * (SIZE_MAX when none did): the list keeps those in sight. */
static size_t news_from(const struct timeline *tl, size_t ev, enum party p)
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
static size_t fresh_from(const struct timeline *tl, size_t ev, enum party p)
{
	size_t first, count;
	timeline_new_facts(tl, ev, p, &first, &count);
	return count > 0 ? first : SIZE_MAX;
}

void panes_party(WINDOW *w, const struct pane_state *s, enum party p)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	int h, wd;
	size_t ev;

	lines_begin();
	getmaxyx(w, h, wd);
	/* The host plays the part on this link: on hop B the client is the
	 * submission server.  Named only when the whole name fits. */
	const char *title = p == PARTY_CLIENT ? _("Client") : _("Server");
	if (e->link < tl->n_links) {
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
	if (lines_frame(w, s->memo, frame_sig(title, tr, h, wd)))
		theme_box(w, title, tr);
	if (!party_event(s, p, &ev)) {
		for (int y = 1; y < h - 1; y++)
			lines_draw_row(w, s->memo, y, 1, wd - 2, SIZE_MAX, 0);	/* blank */
		return;
	}
	struct list l = {
		.tl = tl, .p = p, .v = s->view, .width = wd - 3, .cache = s->cache[p],
		.n = timeline_view(tl, ev, p, s->view, s->view_max),
		.fresh = ev == s->ev ? fresh_from(tl, ev, p) : SIZE_MAX,
		.news = news_from(tl, ev, p),
	};
	list_draw(w, s->memo, &l, 1, 2, h - 2);
}

/* ---- the wire ----------------------------------------------------------- */

const char *panes_wire_title(const struct scenario *sc)
{
	return sc->attacks ? _("Wire: attacker in the middle") : _("Wire: what a sniffer sees");
}

static const char *short_host(const char *name)
{
	const char *dot = name ? strchr(name, '.') : NULL;
	if (!name)
		return "";
	return dot ? lines_printf("%.*s", (int)(dot - name), name) : name;
}

/* The first thing the sniffer made of a frame, for the packet's label. */
static const struct fact *frame_fact(const struct timeline *tl, size_t ev, size_t frame)
{
	size_t first, count;
	timeline_new_facts(tl, ev, PARTY_SNIFFER, &first, &count);
	for (size_t i = first; i < first + count; i++) {
		const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
		if (f->frame == (int)frame && (f->kind == FACT_CLEAR || f->kind == FACT_CIPHER))
			return f;
	}
	return NULL;
}

static void draw_endpoints(WINDOW *w, const struct timeline *tl, unsigned link, int iw)
{
	if (link >= tl->n_links)
		return;
	const struct wire_link *k = &tl->links[link];
	const char *left = lines_txt(short_host(k->client_name));
	const char *right = lines_txt(lines_printf("%s:%u", short_host(k->server_name),
				      (unsigned)k->server_port));
	const char *mid = core_txt(k->name);
	int lw, rw, mw;
	size_t lf = wrap_fit(left, strlen(left), iw / 2 - 1, &lw);
	size_t rf = wrap_fit(right, strlen(right), iw / 2 - 1, &rw);
	wrap_fit(mid, strlen(mid), iw, &mw);

	wattrset(w, theme_attr(ROLE_TITLE));
	mvwaddnstr(w, 1, 2, left, (int)lf);
	mvwaddnstr(w, 1, 2 + iw - rw, right, (int)rf);
	if (lw + rw + mw + 4 <= iw) {
		wattrset(w, theme_attr(ROLE_DIM));
		mvwaddstr(w, 1, 2 + lw + (iw - lw - rw - mw) / 2, mid);
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

static void draw_track(WINDOW *w, const struct pane_state *s, int iw)
{
	const struct glyphs *g = theme_glyphs();
	const struct timeline *tl = s->tl;
	size_t gl = strlen(g->track);
	char *line = lines_scratch((size_t)iw * gl + 1);

	if (!line)
		return;
	for (int i = 0; i < iw; i++)
		memcpy(line + (size_t)i * gl, g->track, gl);
	line[(size_t)iw * gl] = '\0';
	wattrset(w, theme_attr(ROLE_DIM));
	mvwaddstr(w, 2, 1, line);
	wattrset(w, theme_attr(ROLE_NORMAL));
	if (!flying(s))
		return;

	size_t fi = s->anim->first + s->anim->landed;
	if (fi >= tl->n_frames)
		return;
	const struct wire_frame *fr = &tl->frames[fi];
	const struct fact *f = frame_fact(tl, s->ev, fi);
	enum role role = ROLE_STATUS;
	const char *label;
	if (f && f->kind == FACT_CLEAR) {
		role = ROLE_PACKET_CLEAR;
		label = lines_txt(f->value);
	} else {
		role = f ? ROLE_PACKET_CIPHER : ROLE_STATUS;
		label = lines_printf(ngettext("%zu byte", "%zu bytes", fr->len), fr->len);
	}
	int maxw = iw / 2 < 18 ? iw / 2 : 18, lw;
	size_t lf = wrap_fit(label, strlen(label), maxw, &lw);
	const char *pkt = fr->dir == WIRE_C2S
		? lines_printf(" %.*s %s", (int)lf, label, g->right)
		: lines_printf("%s %.*s ", g->left, (int)lf, label);
	int pw = wrap_width(pkt, strlen(pkt));
	int span = iw - pw;
	if (span < 0)
		return;
	double prog = anim_progress(s->anim, s->now);
	int x = (int)(span * prog + 0.5);
	if (fr->dir == WIRE_S2C)
		x = span - x;
	wattrset(w, theme_attr(role));
	mvwaddstr(w, 2, 1 + x, pkt);
	wattrset(w, theme_attr(ROLE_NORMAL));
}

/* The link the wire pane shows: that of the frame in flight, if one is. */
static unsigned wire_link(const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	if (flying(s) && s->anim->first + s->anim->landed < tl->n_frames)
		return tl->frames[s->anim->first + s->anim->landed].link;
	return tl->events[s->ev].link;
}

void panes_wire(WINDOW *w, const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	const struct fact **v = s->view;
	size_t n = 0, first, count;
	int h, wd;

	lines_begin();
	getmaxyx(w, h, wd);
	bool hl = s->highlight == LESSON_PANE_WIRE;
	enum role tr = hl ? ROLE_ACCENT_TITLE : ROLE_TITLE;
	const char *title = panes_wire_title(&tl->sc);
	/* The border and the endpoints are the fixed parts; the track is
	 * drawn whole each time (a packet moves along it). */
	uint64_t fs = frame_sig(title, tr, h, wd) ^ (uint64_t)wire_link(s) << 40;
	int iw = wd - 2, ih = h - 2;
	if (lines_frame(w, s->memo, fs)) {
		theme_box(w, title, tr);
		if (ih >= 3 && iw >= 4)
			draw_endpoints(w, tl, wire_link(s), iw - 2);
	}
	if (ih < 3 || iw < 4)
		return;
	uint64_t th = 0x7eac;		/* the empty track */
	if (flying(s))
		th = lines_hash(th, (const char *)&s->now, sizeof s->now);
	if (lines_memo_row(s->memo, 2, th))
		draw_track(w, s, iw);

	/* The log: everything read so far; mid-flight, only landed frames. */
	timeline_new_facts(tl, s->ev, PARTY_SNIFFER, &first, &count);
	size_t news_ev = s->ev;
	if (flying(s)) {
		if (s->ev > 0)
			n = timeline_view(tl, s->ev - 1, PARTY_SNIFFER, v, s->view_max);
		size_t landed_end = s->anim->first + s->anim->landed, before = n;
		for (size_t i = first; i < first + count && n < s->view_max; i++) {
			const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
			if (f->frame < 0 || (size_t)f->frame >= landed_end)
				break;
			v[n++] = f;
		}
		if (n == before && s->ev > 0)	/* nothing landed yet */
			news_ev = s->ev - 1;
	} else {
		n = timeline_view(tl, s->ev, PARTY_SNIFFER, v, s->view_max);
	}

	struct list l = {
		.tl = tl, .p = PARTY_SNIFFER, .v = v, .n = n, .hex = s->hex, .width = iw - 1,
		.cache = s->cache[PARTY_SNIFFER], .fresh = count > 0 ? first : SIZE_MAX,
		.news = news_from(tl, news_ev, PARTY_SNIFFER),
	};	/* the log keeps a margin */
	list_draw(w, s->memo, &l, 3, 2, ih - 2);
}

/* ---- narration ------------------------------------------------------------ */

int panes_step_reached(const struct timeline *tl, size_t ev)
{
	/* The latest step so far: a relay's second handshake counts anew. */
	for (size_t i = ev < tl->n_events ? ev + 1 : tl->n_events; i-- > 0;)
		if (tl->events[i].step > 0)
			return tl->events[i].step;
	return 0;
}

static const char *actor_name(enum party p, const struct scenario *sc)
{
	switch (p) {
	case PARTY_CLIENT: return _("The client");
	case PARTY_SERVER: return _("The server");
	case PARTY_SNIFFER: return sc->attacks ? _("The attacker") : _("The eavesdropper");
	case PARTY_COUNT: break;
	}
	return "";
}

/* "a, b, c": the labels of up to four facts party p learnt at ev. */
static const char *new_labels(const struct timeline *tl, size_t ev, enum party p)
{
	size_t first, count, shown = 0;
	const char *list = "";

	timeline_new_facts(tl, ev, p, &first, &count);
	for (size_t i = first; i < first + count && shown < 4; i++) {
		const struct fact *f = &tl->facts[p][i];
		if (!*f->label)
			continue;
		const char *mark = f->kind == FACT_CHECK_OK ? theme_glyphs()->ok
			: f->kind == FACT_CHECK_FAIL ? theme_glyphs()->fail : "";
		list = lines_printf("%s%s%s%s%s", list, shown ? ", " : "", mark,
				    *mark ? " " : "", core_txt(f->label));
		shown++;
	}
	return list;
}

/* What the sniffer got at ev, counted: lines in clear, encrypted records. */
static const char *sniffer_counts(const struct timeline *tl, size_t ev)
{
	size_t first, count, clear = 0, cipher = 0, cred = 0;
	const char *list = "";

	timeline_new_facts(tl, ev, PARTY_SNIFFER, &first, &count);
	for (size_t i = first; i < first + count; i++) {
		enum fact_kind k = tl->facts[PARTY_SNIFFER][i].kind;
		clear += k == FACT_CLEAR;
		cipher += k == FACT_CIPHER;
		cred += k == FACT_CREDENTIAL;
	}
	if (clear)
		list = lines_printf(ngettext("%zu line in clear", "%zu lines in clear", clear), clear);
	if (cipher)
		list = lines_printf("%s%s%s", list, *list ? ", " : "",
				    lines_printf(ngettext("%zu encrypted record",
							  "%zu encrypted records", cipher), cipher));
	if (cred)
		list = lines_printf("%s%s%s", list, *list ? ", " : "",
				    _("a user name and password"));
	return list;
}

/*
 * The derived account of an event, for events no lesson narrates: who
 * sent how much over which link and what is new for each party.  Facts
 * only: explanations belong in lesson files (DESIGN principle 5).
 */
static const char *derived_narration(const struct timeline *tl, size_t ev)
{
	const struct event *e = &tl->events[ev];
	const char *text = "";

	if (e->frame_count > 0) {
		size_t bytes = 0;
		for (size_t i = e->frame_first; i < e->frame_first + e->frame_count; i++)
			bytes += tl->frames[i].len;
		const char *link = core_txt(e->link < tl->n_links ? tl->links[e->link].name : "");
		const char *frames = lines_printf(ngettext("%zu frame", "%zu frames", e->frame_count),
						  e->frame_count);
		text = lines_printf(_("%s sends %s (%zu bytes) over %s."),
				    actor_name(e->actor, &tl->sc), frames, bytes, link);
	} else if (e->step) {
		text = _("Nothing crosses the wire.");
	}
	static const enum party order[] = { PARTY_CLIENT, PARTY_SERVER, PARTY_SNIFFER };
	for (int k = 0; k < 3; k++) {
		const char *list = order[k] == PARTY_SNIFFER ? sniffer_counts(tl, ev)
							     : new_labels(tl, ev, order[k]);
		if (!*list)
			continue;
		const char *what = order[k] == PARTY_CLIENT ? lines_printf(_("New for the client: %s."), list)
			: order[k] == PARTY_SERVER ? lines_printf(_("New for the server: %s."), list)
			: tl->sc.attacks ? lines_printf(_("New for the attacker: %s."), list)
			: lines_printf(_("New for the sniffer: %s."), list);
		text = lines_printf("%s%s%s", text, *text ? " " : "", what);
	}
	if (!*text)
		text = core_txt(e->title);
	return text;
}

void panes_narration(WINDOW *w, const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	const struct guide_section *gs = s->section;
	int h, wd;

	lines_begin();
	getmaxyx(w, h, wd);
	const char *title = e->step
		? lines_printf(_("Step %d/8: %s"), e->step, core_txt(e->title))
		: core_txt(e->title);
	/* The title changes at every event, the rest of the box does not. */
	uint64_t fs = frame_sig("", ROLE_TITLE, h, wd);
	if (s->lesson_title)
		fs = lines_hash(fs, s->lesson_title, strlen(s->lesson_title));
	bool frame = lines_frame(w, s->memo, fs);
	if (frame)
		theme_box(w, NULL, ROLE_TITLE);
	if (lines_memo_row(s->memo, 0, lines_hash(0, title, strlen(title))))
		theme_box_title(w, title, ROLE_TITLE);
	int iw = wd - 4, ih = h - 2;
	if (iw < 1 || ih < 1)
		return;
	/* The lesson's name on the bottom border, when there is room. */
	if (frame && s->lesson_title && h >= 3) {
		int tw = wrap_width(s->lesson_title, strlen(s->lesson_title));
		if (tw + 8 <= wd) {
			wattrset(w, theme_attr(ROLE_DIM));
			mvwprintw(w, h - 1, wd - tw - 4, " %s ", s->lesson_title);
			wattrset(w, theme_attr(ROLE_NORMAL));
		}
	}
	/* The text below the title: the same for every event of a section. */
	bool derived = !gs || gs->sec->n_paras == 0;
	uint64_t body = lines_hash(0xb0d1, (const char *)&gs, sizeof gs);
	if (derived)
		body = lines_hash(body, (const char *)&s->ev, sizeof s->ev);
	if (!lines_memo_body(s->memo, body))
		return;
	if (derived) {
		lines_emit("", 0, lines_txt(derived_narration(tl, s->ev)),
			   theme_attr(ROLE_NORMAL), iw, (size_t)ih);
		lines_draw_memo(w, s->memo, 1, 2, ih, iw, 0);
		return;
	}
	for (size_t p = 0; p < gs->sec->n_paras; p++) {
		size_t used = lines_count();
		if (used >= (size_t)ih)
			break;
		if (p > 0) {	/* a blank line between paragraphs */
			if (used + 1 >= (size_t)ih)
				break;
			lines_new();
		}
		lines_rich("", 0, &gs->paras[p], theme_attr(ROLE_NORMAL), iw,
			   (size_t)ih - lines_count());
	}
	lines_draw_memo(w, s->memo, 1, 2, ih, iw, 0);
}

int panes_narration_rows(const struct guide_section *gs, int width)
{
	struct wrap_line wl[1];
	size_t n = 0;

	if (!gs || width < 1)
		return 0;
	for (size_t p = 0; p < gs->sec->n_paras; p++)
		n += wrap_text(gs->paras[p].text, width, wl, 0) + (p > 0);
	return (int)n;
}

/* ---- what a pane shows ---------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 29);
}

static uint64_t mix_str(uint64_t h, const char *str)
{
	for (; str && *str; str++)
		h = mix(h, (unsigned char)*str);
	return mix(h, 0x100);
}

uint64_t panes_sig(const struct pane_state *s, enum pane pane, const struct status_info *si)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	uint64_t h = mix(0x5eed, (uintptr_t)tl);
	size_t ev;

	h = mix(h, (uint64_t)pane);
	switch (pane) {
	case PANE_CLIENT:
	case PANE_SERVER: {
		enum party p = pane == PANE_CLIENT ? PARTY_CLIENT : PARTY_SERVER;
		h = mix(h, e->link);
		h = mix(h, s->highlight == (p == PARTY_CLIENT ? LESSON_PANE_CLIENT
					     : LESSON_PANE_SERVER));
		if (!party_event(s, p, &ev))
			return mix(h, 1);
		/* The facts known are a prefix of the party's list. */
		h = mix(h, tl->events[ev].known[p]);
		return mix(h, ev == s->ev ? fresh_from(tl, ev, p) : SIZE_MAX);
	}
	case PANE_WIRE:
		h = mix(h, s->hex);
		h = mix(h, s->highlight == LESSON_PANE_WIRE);
		h = mix(h, wire_link(s));
		h = mix(h, e->known[PARTY_SNIFFER]);
		h = mix(h, fresh_from(tl, s->ev, PARTY_SNIFFER));
		if (flying(s))	/* the packet moves: always redrawn */
			h = mix(mix(h, (uint64_t)s->now), s->anim->landed);
		return h;
	case PANE_NARRATION: {
		const struct guide_section *gs = s->section;
		h = mix(h, (uintptr_t)e->title);
		h = mix(h, (uint64_t)e->step);
		h = mix(h, (uintptr_t)gs);
		h = mix(h, (uintptr_t)s->lesson_title);
		if (!gs || gs->sec->n_paras == 0)	/* derived from the event */
			h = mix(h, s->ev);
		return h;
	}
	case PANE_STATUS:
		h = mix(h, s->ev);
		return mix_str(h, si ? si->flash : NULL);
	case PANE_COUNT:
		break;
	}
	return h;
}

/* ---- status line --------------------------------------------------------- */

struct item {
	const char *s;
	attr_t a;
	int prio;	/* lower stays longer when room is short */
	bool right;	/* key hints go on the right */
};

void panes_status(WINDOW *w, const struct pane_state *s, const struct status_info *si)
{
	const struct timeline *tl = s->tl;
	const struct glyphs *g = theme_glyphs();
	struct item it[16];
	int n = 0, h, wd;
	attr_t st = theme_attr(ROLE_STATUS), key = theme_attr(ROLE_STATUS_KEY);

	lines_begin();
	getmaxyx(w, h, wd);
	(void)h;
	wbkgdset(w, ' ' | st);
	werase(w);

	int step = panes_step_reached(tl, s->ev);
	size_t done_len = strlen(g->step_done), todo_len = strlen(g->step_todo);
	char *dots = lines_scratch(8 * (done_len > todo_len ? done_len : todo_len) + 1), *d = dots;
	if (!dots)
		return;
	for (int i = 1; i <= 8; i++) {
		size_t ml = i <= step ? done_len : todo_len;
		memcpy(d, i <= step ? g->step_done : g->step_todo, ml);
		d += ml;
	}
	*d = '\0';

	it[n++] = (struct item){lines_printf(" %s ", lines_printf(_("Step %d/8"), step)), key, 1, false};
	it[n++] = (struct item){dots, st, 3, false};
	it[n++] = (struct item){lines_printf(" %zu/%zu", s->ev + 1, tl->n_events), st, 5, false};
	it[n++] = (struct item){lines_printf("%s%s %u %s", g->sep, scenario_proto_label(&tl->sc),
				       (unsigned)scenario_port(&tl->sc),
				       _(scenario_mode_label(&tl->sc))), st, 1, false};
	if (tl->sc.seeded)
		it[n++] = (struct item){lines_printf("%s%s", g->sep, _("seeded: teaching only")),
					st, 1, false};
	if (si->flash) {
		it[n++] = (struct item){lines_printf("%s ", lines_txt(si->flash)), key, 1, true};
	} else {
		const char *arrows = theme_utf8() ? "\u2190\u2192" : "<- ->";
		it[n++] = (struct item){lines_printf("%s %s  ", arrows, _("step")), st, 4, true};
		it[n++] = (struct item){lines_printf("Tab %s  ", _("mode")), st, 6, true};
		it[n++] = (struct item){lines_printf("x %s  ", _("hex")), st, 7, true};
		it[n++] = (struct item){lines_printf("? %s  ", _("help")), st, 2, true};
		it[n++] = (struct item){lines_printf("q %s ", _("quit")), st, 2, true};
	}

	/* Keep the most important items that fit, in their order. */
	int width[16], level = 0;
	for (int i = 0; i < n; i++)
		width[i] = wrap_width(it[i].s, strlen(it[i].s));
	for (int lv = 1; lv <= 7; lv++) {
		int total = 2;
		for (int i = 0; i < n; i++)
			if (it[i].prio <= lv)
				total += width[i];
		if (total <= wd)
			level = lv;
	}
	if (level == 0)	/* not even the essentials fit: cut them short */
		level = 1;
	int x = 0, rw = 0;
	for (int i = 0; i < n; i++)
		if (it[i].right && it[i].prio <= level)
			rw += width[i];
	for (int i = 0; i < n; i++) {
		if (it[i].prio > level)
			continue;
		if (it[i].right && x < wd - rw)
			x = wd - rw;
		int used;
		size_t fit = wrap_fit(it[i].s, strlen(it[i].s), wd - x, &used);
		wattrset(w, it[i].a);
		mvwaddnstr(w, 0, x, it[i].s, (int)fit);
		x += used;
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

/* ---- help overlay and the too-small message ------------------------------ */

#define HELP_KEYS_W 24
#define HELP_COLS 74

/* The help text of screen ctx as display lines for an inner width iw. */
static void help_lines(unsigned ctx, int iw)
{
	char names[128];
	int kw = iw > 40 ? HELP_KEYS_W : iw / 2;

	for (int a = ACT_NEXT; a < ACT_COUNT; a++) {
		/* Copied: names is reused for the next action. */
		const char *k = lines_txt(lines_printf("%s",
				keys_names(ctx, (enum action)a, names, sizeof names)));
		if (!*k)
			continue;
		const char *d = lines_txt(_(keys_action_help(ctx, (enum action)a)));
		struct wrap_line kl[4], hl[4];
		size_t nk = wrap_text(k, kw - 1, kl, 4), nh = wrap_text(d, iw - kw, hl, 4);
		size_t rows = nk > nh ? nk : nh;
		for (size_t r = 0; r < rows && r < 4; r++) {
			if (!lines_new())
				return;
			int pad = kw;
			if (r < nk) {
				lines_seg(k + kl[r].off, kl[r].len, theme_attr(ROLE_TITLE));
				pad -= kl[r].width;
			}
			lines_pad(pad);
			if (r < nh)
				lines_seg(d + hl[r].off, hl[r].len, theme_attr(ROLE_NORMAL));
		}
	}
	const struct glyphs *g = theme_glyphs();
	lines_new();
	if (ctx & KC_VIEW) {
		lines_new();
		lines_str(lines_txt(_("readable text")), theme_attr(ROLE_CLEAR));
		lines_str("  ", 0);
		lines_str(lines_txt(_("ciphertext")), theme_attr(ROLE_CIPHER));
		lines_str("  ", 0);
		lines_str(lines_printf("%s %s", g->ok, lines_txt(_("check passed"))), theme_attr(ROLE_OK));
		lines_str(lines_printf("  %s %s", g->fail, lines_txt(_("failed"))), theme_attr(ROLE_FAIL));
		lines_str(lines_printf("  %s %s", g->fresh, lines_txt(_("new"))),
			  theme_attr(ROLE_NEW));
	}
	lines_new();
	lines_str(lines_txt(_("Press any key to close.")), theme_attr(ROLE_DIM));
}

void panes_help_size(unsigned ctx, int *rows, int *cols)
{
	lines_begin();
	help_lines(ctx, HELP_COLS - 4);
	*rows = (int)lines_count() + 2;
	*cols = HELP_COLS;
}

void panes_help(WINDOW *w, unsigned ctx)
{
	int h, wd;

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, _("Keys"), ROLE_TITLE);
	help_lines(ctx, wd - 4);
	lines_draw(w, 1, 2, h - 2, wd - 4, 0);
}

void panes_too_small(WINDOW *w, int cols, int rows)
{
	const char *msg[4];
	int n = 0;

	lines_begin();
	werase(w);
	msg[n++] = lines_txt(_("Terminal too small"));
	msg[n++] = lines_printf(_("%dx%d now; needs %dx%d"), cols, rows,
			   LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	msg[n++] = lines_printf(_("(or %dx%d, stacked)"), LAYOUT_STACK_MIN_COLS,
			   LAYOUT_STACK_MIN_ROWS);
	msg[n++] = lines_txt(_("q quits"));
	int y0 = rows > n ? (rows - n) / 2 : 0;
	for (int i = 0; i < n && y0 + i < rows; i++) {
		int used;
		size_t fit = wrap_fit(msg[i], strlen(msg[i]), cols, &used);
		wattrset(w, theme_attr(i == 0 ? ROLE_ALERT : ROLE_NORMAL));
		mvwaddnstr(w, y0 + i, (cols - used) / 2, msg[i], (int)fit);
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}
