/*
 * wirepane: the wire pane (see wirepane.h): the link's two ends, the
 * track along which a frame travels while it is animated, and below them
 * the log of what the sniffer read, which only shows frames that landed.
 */
#include "wirepane.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "factlist.h"
#include "i18n.h"
#include "lines.h"
#include "theme.h"
#include "wrap.h"

const char *wirepane_title(const struct scenario *sc)
{
	if (panes_in_middle(sc))
		return _("Wire: attacker in the middle");
	if (sc->attacks & ATTACK_KEY_LEAK)	/* passive: it only records */
		return _("Wire: recorded now, read later");
	/* A broken certificate is the server's own: nobody in the middle. */
	return _("Wire: what a sniffer sees");
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
	const char *mid = lines_msg(k->name);
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

/* Where the frame in flight is drawn on the track: its label (with the
 * arrow), the column and the colour; pkt is NULL when nothing flies. */
struct packet_place {
	const char *pkt;
	int x;
	enum role role;
};

static struct packet_place packet_place(const struct pane_state *s, int iw)
{
	const struct glyphs *g = theme_glyphs();
	const struct timeline *tl = s->tl;
	struct packet_place pp = {NULL, 0, ROLE_STATUS};

	if (!panes_flying(s))
		return pp;
	size_t fi = s->anim->first + s->anim->landed;
	if (fi >= tl->n_frames)
		return pp;
	const struct wire_frame *fr = &tl->frames[fi];
	const struct fact *f = frame_fact(tl, s->ev, fi);
	const char *label;
	if (f && f->kind == FACT_CLEAR) {
		pp.role = ROLE_PACKET_CLEAR;
		label = lines_txt(f->value);
	} else {
		pp.role = f ? ROLE_PACKET_CIPHER : ROLE_STATUS;
		label = lines_printf(ngettext("%zu byte", "%zu bytes", fr->len), fr->len);
	}
	int maxw = iw / 2 < 18 ? iw / 2 : 18, lw;
	size_t lf = wrap_fit(label, strlen(label), maxw, &lw);
	const char *pkt = fr->dir == WIRE_C2S
		? lines_printf(" %.*s %s", (int)lf, label, g->right)
		: lines_printf("%s %.*s ", g->left, (int)lf, label);
	int span = iw - wrap_width(pkt, strlen(pkt));
	if (span < 0)
		return pp;
	pp.x = (int)(span * anim_progress(s->anim, s->now) + 0.5);
	if (fr->dir == WIRE_S2C)
		pp.x = span - pp.x;
	pp.pkt = pkt;
	return pp;
}

/* The track row: drawn again only when the packet's column, label or
 * colour changed (a clock tick that leaves it in place writes nothing). */
static void draw_track(WINDOW *w, struct lines_memo *memo, const struct pane_state *s, int iw)
{
	const struct glyphs *g = theme_glyphs();
	struct packet_place pp = packet_place(s, iw);
	uint64_t th = 0x7eac;		/* the empty track */

	if (pp.pkt) {
		th = lines_hash(th, pp.pkt, strlen(pp.pkt));
		th = lines_hash(th, (const char *)&pp.x, sizeof pp.x);
		th = lines_hash(th, (const char *)&pp.role, sizeof pp.role);
	}
	if (!lines_memo_row(memo, 2, th))
		return;
	size_t gl = strlen(g->track);
	char *line = lines_scratch((size_t)iw * gl + 1);
	if (!line)
		return;
	for (int i = 0; i < iw; i++)
		memcpy(line + (size_t)i * gl, g->track, gl);
	line[(size_t)iw * gl] = '\0';
	wattrset(w, theme_attr(ROLE_DIM));
	mvwaddstr(w, 2, 1, line);
	if (pp.pkt) {
		wattrset(w, theme_attr(pp.role));
		mvwaddstr(w, 2, 1 + pp.x, pp.pkt);
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

/* The link the wire pane shows: that of the frame in flight, if one is. */
unsigned wirepane_link(const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	if (panes_flying(s) && s->anim->first + s->anim->landed < tl->n_frames)
		return tl->frames[s->anim->first + s->anim->landed].link;
	return tl->events[s->ev].link;
}

void wirepane_draw(WINDOW *w, const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	const struct fact **v = s->view;
	size_t n = 0, first, count;
	int h, wd;

	lines_begin();
	getmaxyx(w, h, wd);
	bool hl = s->highlight == LESSON_PANE_WIRE;
	enum role tr = hl ? ROLE_ACCENT_TITLE : ROLE_TITLE;
	const char *title = wirepane_title(&tl->sc);
	/* The border and the endpoints are the fixed parts; the track is
	 * drawn whole each time (a packet moves along it). */
	uint64_t fs = lines_frame_sig(title, tr, h, wd) ^ (uint64_t)wirepane_link(s) << 40;
	int iw = wd - 2, ih = h - 2;
	if (lines_frame(w, s->memo, fs)) {
		theme_box(w, title, tr);
		if (ih >= 3 && iw >= 4)
			draw_endpoints(w, tl, wirepane_link(s), iw - 2);
	}
	if (ih < 3 || iw < 4)
		return;
	draw_track(w, s->memo, s, iw);

	/* The log: everything read so far; mid-flight, only landed frames. */
	timeline_new_facts(tl, s->ev, PARTY_SNIFFER, &first, &count);
	size_t news_ev = s->ev;
	if (panes_flying(s)) {
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

	struct factlist l = {
		.tl = tl, .p = PARTY_SNIFFER, .v = v, .n = n, .hex = s->hex, .width = iw - 1,
		.cache = s->cache[PARTY_SNIFFER], .fresh = count > 0 ? first : SIZE_MAX,
		.news = factlist_news_from(tl, news_ev, PARTY_SNIFFER),
		.full = s->zoomed, .scroll = s->scroll, .seen = s->seen,
	};	/* the log keeps a margin */
	factlist_draw(w, s->memo, &l, 3, 2, ih - 2);
}
