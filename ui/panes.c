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
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "theme.h"
#include "wrap.h"

/* ---- scratch text ---------------------------------------------------- */

static char arena[32768];
static size_t arena_used;

static const char *arena_vprintf(const char *fmt, va_list ap)
{
	size_t room = sizeof arena - arena_used;
	char *p = arena + arena_used;
	int n = vsnprintf(p, room, fmt, ap);

	if (n < 0 || room == 0)
		return "";
	if ((size_t)n >= room)
		n = (int)room - 1;
	arena_used += (size_t)n + 1;
	return p;
}

__attribute__((format(printf, 1, 2)))
static const char *aprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = arena_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* The string as the terminal can show it: itself, or an ASCII copy. */
static const char *txt(const char *s)
{
	if (theme_utf8() || !s)
		return s ? s : "";
	size_t room = sizeof arena - arena_used;
	if (room < 2)
		return "";
	char *p = arena + arena_used;
	size_t n = wrap_ascii(s, p, room);
	arena_used += n + 1;
	return p;
}

/* ---- display lines --------------------------------------------------- */

#define MAX_LINES 400
#define MAX_SEGS 8

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

static void begin(void)
{
	arena_used = 0;
	n_lines = 0;
}

static bool line_new(void)
{
	if (n_lines >= MAX_LINES)
		return false;
	lines[n_lines++].n = 0;
	return true;
}

static void seg_add(const char *s, size_t len, attr_t a)
{
	if (n_lines == 0 || len == 0)
		return;
	struct dline *l = &lines[n_lines - 1];
	if (l->n < MAX_SEGS)
		l->seg[l->n++] = (struct seg){s, len, a};
}

static void seg_str(const char *s, attr_t a)
{
	seg_add(s, strlen(s), a);
}

/*
 * Adds text wrapped to width after a prefix, continuation lines indented
 * under the text; at most maxl lines, the last cut with an ellipsis.
 */
static void emit(const char *prefix, attr_t pa, const char *text, attr_t ta,
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
		if (!line_new())
			return;
		seg_str(prefix, pa);
		seg_add(text, wrap_fit(text, strlen(text), tw - ellw, NULL), ta);
		seg_str(ell, ta);
		return;
	}
	size_t n = wrap_text(text, tw, wl, 12);
	size_t show = n < maxl ? n : maxl;
	for (size_t i = 0; i < show; i++) {
		if (!line_new())
			return;
		if (i == 0)
			seg_str(prefix, pa);
		else
			seg_add(spaces, (size_t)pw < sizeof spaces - 1 ? (size_t)pw : 0, 0);
		const char *p = text + wl[i].off;
		size_t len = wl[i].len;
		if (i + 1 == show && show < n) {
			len = wrap_fit(p, len, tw - ellw, NULL);
			seg_add(p, len, ta);
			seg_str(ell, ta);
		} else {
			seg_add(p, len, ta);
		}
	}
}

/* Writes lines [from, n_lines) into rows y0.. of w, h rows at most. */
static void draw_lines(WINDOW *w, int y0, int x0, int h, int width, size_t from)
{
	for (size_t i = from; i < n_lines && (int)(i - from) < h; i++) {
		int x = x0, left = width;
		wmove(w, y0 + (int)(i - from), x0);
		for (int k = 0; k < lines[i].n && left > 0; k++) {
			const struct seg *sg = &lines[i].seg[k];
			int used;
			size_t fit = wrap_fit(sg->s, sg->len, left, &used);
			wattrset(w, sg->a);
			mvwaddnstr(w, y0 + (int)(i - from), x, sg->s, (int)fit);
			x += used;
			left -= used;
		}
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

/* Draws the newest lines that fit, with a "more above" line if needed. */
static void draw_tail(WINDOW *w, int y0, int x0, int h, int width)
{
	if (h <= 0 || width <= 0)
		return;
	if (n_lines <= (size_t)h) {
		draw_lines(w, y0, x0, h, width, 0);
		return;
	}
	size_t from = n_lines - (size_t)(h - 1);
	const char *more = aprintf("%s %zu %s", theme_glyphs()->up, from,
				   ngettext("line above", "lines above", from));
	int used;
	size_t fit = wrap_fit(more, strlen(more), width, &used);
	wattrset(w, theme_attr(ROLE_DIM));
	mvwaddnstr(w, y0, x0, more, (int)fit);
	draw_lines(w, y0 + 1, x0, h - 1, width, from);
}

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

/* Keys as short hex: "3f9a1c0b…" for anything longer than 12 digits. */
static const char *short_hex(const char *v)
{
	if (!all_hex(v) || strlen(v) <= 12)
		return v;
	return aprintf("%.8s%s", v, theme_glyphs()->ellipsis);
}

static const char *join(const char *label, const char *value)
{
	if (!*label)
		return value;
	if (!*value)
		return label;
	return aprintf("%s: %s", label, value);
}

static const char *dir_prefix(enum wire_dir d)
{
	return aprintf("%s ", wire_dir_arrow(d));
}

/* A labelled value: one line when it fits, else the value under it. */
static void info_lines(const char *label, const char *value, attr_t la, attr_t va,
		       int width)
{
	int lw = wrap_width(label, strlen(label));
	int vw = wrap_width(value, strlen(value));

	if (!*label) {
		emit("", 0, value, va, width, 2);
	} else if (lw + 2 + vw <= width) {
		if (!line_new())
			return;
		seg_str(label, la);
		seg_str(": ", la);
		seg_str(value, va);
	} else {
		emit("", 0, aprintf("%s:", label), la, width, 1);
		emit("  ", 0, value, va, width, width < 30 ? 2 : 3);
	}
}

static void fact_lines(const struct fact *f, int width, bool fresh)
{
	const struct glyphs *g = theme_glyphs();
	attr_t b = fresh ? theme_attr(ROLE_NEW) : 0;
	const char *label = txt(f->label), *value = txt(f->value);

	switch (f->kind) {
	case FACT_CHECK_OK:
		/* One line each in a narrow pane: the ticks read as a list. */
		emit(aprintf("%s ", g->ok), theme_attr(ROLE_OK) | b, join(label, value),
		     theme_attr(ROLE_NORMAL) | b, width, width < 30 ? 1 : 2);
		break;
	case FACT_CHECK_FAIL:
		emit(aprintf("%s ", g->fail), theme_attr(ROLE_FAIL) | b, join(label, value),
		     theme_attr(ROLE_FAIL) | b, width, width < 30 ? 2 : 3);
		break;
	case FACT_KEY:
	case FACT_SECRET:
		info_lines(label, short_hex(value), theme_attr(ROLE_NORMAL) | b,
			   theme_attr(f->kind == FACT_KEY ? ROLE_KEY : ROLE_SECRET) | b, width);
		break;
	case FACT_ALERT:
		emit("! ", theme_attr(ROLE_ALERT) | b, join(label, value),
		     theme_attr(ROLE_ALERT) | b, width, 3);
		break;
	case FACT_CLEAR:
		emit(dir_prefix(f->dir), theme_attr(ROLE_DIM), value,
		     theme_attr(ROLE_CLEAR) | b, width, 3);
		break;
	case FACT_CIPHER:
		emit(dir_prefix(f->dir), theme_attr(ROLE_DIM), value,
		     theme_attr(ROLE_CIPHER) | b, width, 2);
		break;
	case FACT_CREDENTIAL:
		emit("!! ", theme_attr(ROLE_CREDENTIAL), join(label, value),
		     theme_attr(ROLE_CREDENTIAL) | b, width, 2);
		break;
	case FACT_META:
		emit("", 0, join(label, value), theme_attr(ROLE_META) | b, width, 2);
		break;
	case FACT_INFO:
		info_lines(label, value, theme_attr(ROLE_DIM) | b,
			   theme_attr(ROLE_NORMAL) | b, width);
		break;
	}
}

/* ---- client and server -------------------------------------------------- */

static bool flying(const struct pane_state *s)
{
	return s->anim && s->anim->active && s->anim->ev == s->ev;
}

void panes_party(WINDOW *w, const struct pane_state *s, enum party p)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	int h, wd;
	size_t ev = s->ev, n = 0, first = 0, count = 0;
	bool before = false;

	begin();
	werase(w);
	getmaxyx(w, h, wd);
	/* The host plays the part on this link: on hop B the client is the
	 * submission server.  Named only when the whole name fits. */
	const char *title = p == PARTY_CLIENT ? _("Client") : _("Server");
	if (e->link < tl->n_links) {
		const struct wire_link *k = &tl->links[e->link];
		const char *host = txt(p == PARTY_CLIENT ? k->client_name : k->server_name);
		const char *full = aprintf("%s: %s", title, host);
		if (host && *host && wrap_width(full, strlen(full)) <= wd - 6)
			title = full;
	}
	theme_box(w, title, ROLE_TITLE);
	/* While frames travel, the receiver does not know their contents yet. */
	if (flying(s) && e->actor != p) {
		if (ev == 0)
			before = true;
		else
			ev--;
	}
	if (!before) {
		n = timeline_view(tl, ev, p, s->view, s->view_max);
		timeline_new_facts(tl, ev, p, &first, &count);
	}
	for (size_t i = 0; i < n; i++) {
		size_t idx = (size_t)(s->view[i] - tl->facts[p]);
		fact_lines(s->view[i], wd - 3, ev == s->ev && idx >= first);
	}
	draw_tail(w, 1, 2, h - 2, wd - 3);
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
	return dot ? aprintf("%.*s", (int)(dot - name), name) : name;
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
	const char *left = txt(short_host(k->client_name));
	const char *right = txt(aprintf("%s:%u", short_host(k->server_name),
				      (unsigned)k->server_port));
	const char *mid = txt(k->name);
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
	char *line = arena + arena_used;
	size_t gl = strlen(g->track), room = sizeof arena - arena_used;

	if ((size_t)iw * gl + 1 > room)
		return;
	for (int i = 0; i < iw; i++)
		memcpy(line + (size_t)i * gl, g->track, gl);
	line[(size_t)iw * gl] = '\0';
	arena_used += (size_t)iw * gl + 1;
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
		label = txt(f->value);
	} else {
		role = f ? ROLE_PACKET_CIPHER : ROLE_STATUS;
		label = aprintf(ngettext("%zu byte", "%zu bytes", fr->len), fr->len);
	}
	int maxw = iw / 2 < 18 ? iw / 2 : 18, lw;
	size_t lf = wrap_fit(label, strlen(label), maxw, &lw);
	const char *pkt = fr->dir == WIRE_C2S
		? aprintf(" %.*s %s", (int)lf, label, g->right)
		: aprintf("%s %.*s ", g->left, (int)lf, label);
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

/* Frame bytes as "45 48 4c 4f ...", enough for two lines of tw columns. */
static const char *frame_hex(const struct wire_frame *fr, int tw)
{
	size_t want = (size_t)(tw + 1) / 3 * 2 + 1;
	size_t n = fr->len < want ? fr->len : want;
	size_t room = sizeof arena - arena_used;
	char *p = arena + arena_used;

	if (n * 3 + 1 > room)
		return "";
	for (size_t i = 0; i < n; i++)
		snprintf(p + i * 3, 4, "%02x%s", fr->bytes[i], i + 1 < n ? " " : "");
	arena_used += n * 3 + 1;
	return p;
}

void panes_wire(WINDOW *w, const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	const struct fact **v = s->view;
	size_t n = 0, first, count;
	int h, wd;

	begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, panes_wire_title(&tl->sc), ROLE_TITLE);
	int iw = wd - 2, ih = h - 2;
	if (ih < 3 || iw < 4)
		return;

	unsigned link = e->link;
	if (flying(s) && s->anim->first + s->anim->landed < tl->n_frames)
		link = tl->frames[s->anim->first + s->anim->landed].link;
	draw_endpoints(w, tl, link, iw - 2);
	draw_track(w, s, iw);

	/* The log: everything read so far; mid-flight, only landed frames. */
	timeline_new_facts(tl, s->ev, PARTY_SNIFFER, &first, &count);
	if (flying(s)) {
		if (s->ev > 0)
			n = timeline_view(tl, s->ev - 1, PARTY_SNIFFER, v, s->view_max);
		size_t landed_end = s->anim->first + s->anim->landed;
		for (size_t i = first; i < first + count && n < s->view_max; i++) {
			const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
			if (f->frame < 0 || (size_t)f->frame >= landed_end)
				break;
			v[n++] = f;
		}
	} else {
		n = timeline_view(tl, s->ev, PARTY_SNIFFER, v, s->view_max);
	}

	int last_frame = -1, lw = iw - 1;	/* the log keeps a margin */
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = v[i];
		size_t idx = (size_t)(f - tl->facts[PARTY_SNIFFER]);
		bool fresh = idx >= first;
		if (s->hex && f->frame >= 0 && (size_t)f->frame < tl->n_frames &&
		    f->kind != FACT_META && f->kind != FACT_CREDENTIAL) {
			if (f->frame == last_frame)
				continue;
			last_frame = f->frame;
			const struct wire_frame *fr = &tl->frames[f->frame];
			enum role r = f->kind == FACT_CIPHER ? ROLE_CIPHER : ROLE_CLEAR;
			const char *pre = dir_prefix(fr->dir);
			int tw = lw - wrap_width(pre, strlen(pre));
			emit(pre, theme_attr(ROLE_DIM), frame_hex(fr, tw),
			     theme_attr(r) | (fresh ? theme_attr(ROLE_NEW) : 0), lw, 2);
			continue;
		}
		fact_lines(f, lw, fresh);
	}
	draw_tail(w, 3, 2, ih - 2, lw);
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

static const char *step_summary(int step, enum kx kx)
{
	switch (step) {
	case 1: return _("The client opens a connection and says hello, naming the server it wants.");
	case 2: return _("The server answers with its certificate, which carries its public key.");
	case 3: return _("The client checks the certificate: a trusted issuer, a valid signature, the validity period and the server name.");
	case 4: return kx == KX_TRANSPORT ? _("The client makes a fresh session key: 32 random bytes.") : NULL;
	case 5: return kx == KX_TRANSPORT ? _("The client wraps the session key with the server's public key; only the matching private key can unwrap it.") : NULL;
	case 6: return kx == KX_TRANSPORT ? _("The wrapped session key crosses the wire. A sniffer sees it but cannot unwrap it.") : NULL;
	case 7: return kx == KX_TRANSPORT ? _("The server unwraps the session key with its private key. Both sides now hold the same session key.") : NULL;
	case 8: return _("From now on both sides encrypt every record with the shared session key, and tampering is detected.");
	}
	return NULL;
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

/* A description made from the event itself, until lessons supply one. */
static const char *derived_narration(const struct timeline *tl, size_t ev)
{
	const struct event *e = &tl->events[ev];
	const char *text = "";
	const char *sum = e->step ? step_summary(e->step, tl->sc.kx) : NULL;
	size_t first, count;

	if (sum)
		text = sum;
	if (e->frame_count > 0) {
		size_t bytes = 0;
		for (size_t i = e->frame_first; i < e->frame_first + e->frame_count; i++)
			bytes += tl->frames[i].len;
		const char *link = e->link < tl->n_links ? tl->links[e->link].name : "";
		const char *frames = aprintf(ngettext("%zu frame", "%zu frames", e->frame_count),
					     e->frame_count);
		text = aprintf("%s%s%s", text, *text ? " " : "",
			       aprintf(_("%s sends %s (%zu bytes) over %s."),
				       actor_name(e->actor, &tl->sc), frames, bytes, link));
	} else if (e->step) {
		text = aprintf("%s%s%s", text, *text ? " " : "",
			       _("Nothing crosses the wire in this step."));
	}

	timeline_new_facts(tl, ev, PARTY_SNIFFER, &first, &count);
	size_t clear = 0, cipher = 0, cred = 0;
	for (size_t i = first; i < first + count; i++) {
		enum fact_kind k = tl->facts[PARTY_SNIFFER][i].kind;
		clear += k == FACT_CLEAR;
		cipher += k == FACT_CIPHER;
		cred += k == FACT_CREDENTIAL;
	}
	const char *sniff = NULL;
	if (cred)
		sniff = _("The sniffer has recovered a user name and password.");
	else if (clear && !cipher && e->step >= 1 && e->step <= 7)
		sniff = _("A sniffer reads these handshake messages; without the server's private key nothing in them reveals the session key.");
	else if (clear && !cipher)
		sniff = _("A sniffer on the wire reads this in clear.");
	else if (cipher && !clear)
		sniff = _("A sniffer sees only ciphertext: sizes and timing, not the content.");
	else if (cipher && clear)
		sniff = _("A sniffer reads part of this in clear; the rest is ciphertext.");
	if (sniff)
		text = aprintf("%s%s%s", text, *text ? " " : "", sniff);

	for (int p = PARTY_CLIENT; p <= PARTY_SERVER; p++) {
		timeline_new_facts(tl, ev, (enum party)p, &first, &count);
		if (!count)
			continue;
		const char *list = "";
		size_t shown = 0;
		for (size_t i = first; i < first + count && shown < 4; i++) {
			const struct fact *f = &tl->facts[p][i];
			if (!*f->label)
				continue;
			const char *mark = f->kind == FACT_CHECK_OK ? theme_glyphs()->ok
				: f->kind == FACT_CHECK_FAIL ? theme_glyphs()->fail : "";
			list = aprintf("%s%s%s%s%s", list, shown ? ", " : "", mark,
				       *mark ? " " : "", f->label);
			shown++;
		}
		if (!shown)
			continue;
		text = aprintf("%s%s%s", text, *text ? " " : "",
			       aprintf(p == PARTY_CLIENT ? _("New for the client: %s.")
							 : _("New for the server: %s."), list));
	}
	if (!*text)
		text = e->title;
	return text;
}

void panes_narration(WINDOW *w, const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	int h, wd;

	begin();
	werase(w);
	getmaxyx(w, h, wd);
	const char *title = e->step
		? aprintf(_("Step %d/8: %s"), e->step, txt(e->title))
		: txt(e->title);
	theme_box(w, title, ROLE_TITLE);
	const char *text = txt(s->narration ? s->narration : derived_narration(tl, s->ev));
	emit("", 0, text, theme_attr(ROLE_NORMAL), wd - 4, (size_t)(h > 2 ? h - 2 : 0));
	draw_lines(w, 1, 2, h - 2, wd - 4, 0);
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

	begin();
	getmaxyx(w, h, wd);
	(void)h;
	wbkgdset(w, ' ' | st);
	werase(w);

	int step = panes_step_reached(tl, s->ev);
	char *dots = arena + arena_used;
	size_t dl = 0;
	for (int i = 1; i <= 8; i++) {
		const char *d = i <= step ? g->step_done : g->step_todo;
		size_t l = strlen(d);
		memcpy(dots + dl, d, l);
		dl += l;
	}
	dots[dl] = '\0';
	arena_used += dl + 1;

	it[n++] = (struct item){aprintf(" %s ", aprintf(_("Step %d/8"), step)), key, 1, false};
	it[n++] = (struct item){dots, st, 3, false};
	it[n++] = (struct item){aprintf(" %zu/%zu", s->ev + 1, tl->n_events), st, 5, false};
	it[n++] = (struct item){aprintf("%s%s %u %s", g->sep, scenario_proto_label(&tl->sc),
				       (unsigned)scenario_port(&tl->sc),
				       scenario_mode_label(&tl->sc)), st, 1, false};
	if (tl->sc.seeded)
		it[n++] = (struct item){aprintf("%s%s", g->sep, _("seeded: teaching only")),
					st, 1, false};
	if (si->flash) {
		it[n++] = (struct item){aprintf("%s ", txt(si->flash)), key, 1, true};
	} else {
		const char *arrows = theme_utf8() ? "\u2190\u2192" : "<- ->";
		it[n++] = (struct item){aprintf("%s %s  ", arrows, _("step")), st, 4, true};
		it[n++] = (struct item){aprintf("Tab %s  ", _("mode")), st, 6, true};
		it[n++] = (struct item){aprintf("x %s  ", _("hex")), st, 7, true};
		it[n++] = (struct item){aprintf("? %s  ", _("help")), st, 2, true};
		it[n++] = (struct item){aprintf("q %s ", _("quit")), st, 2, true};
	}

	/* Keep the most important items that fit, in their order. */
	int level = 0;
	for (int lv = 1; lv <= 7; lv++) {
		int total = 2;
		for (int i = 0; i < n; i++)
			if (it[i].prio <= lv)
				total += wrap_width(it[i].s, strlen(it[i].s));
		if (total <= wd)
			level = lv;
	}
	if (level == 0)	/* not even the essentials fit: cut them short */
		level = 1;
	int x = 0, rw = 0;
	for (int i = 0; i < n; i++)
		if (it[i].right && it[i].prio <= level)
			rw += wrap_width(it[i].s, strlen(it[i].s));
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

/* The help text as display lines for an inner width iw. */
static void help_lines(int iw)
{
	char names[128];
	int kw = iw > 40 ? HELP_KEYS_W : iw / 2;

	for (int a = ACT_NEXT; a < ACT_COUNT; a++) {
		/* Copied: names is reused for the next action. */
		const char *k = txt(aprintf("%s", keys_names((enum action)a, names, sizeof names)));
		const char *d = txt(_(keys_action_help((enum action)a)));
		struct wrap_line kl[4], hl[4];
		size_t nk = wrap_text(k, kw - 1, kl, 4), nh = wrap_text(d, iw - kw, hl, 4);
		size_t rows = nk > nh ? nk : nh;
		for (size_t r = 0; r < rows && r < 4; r++) {
			if (!line_new())
				return;
			int pad = kw;
			if (r < nk) {
				seg_add(k + kl[r].off, kl[r].len, theme_attr(ROLE_TITLE));
				pad -= kl[r].width;
			}
			seg_add(spaces, (size_t)(pad > 0 ? pad : 0), 0);
			if (r < nh)
				seg_add(d + hl[r].off, hl[r].len, theme_attr(ROLE_NORMAL));
		}
	}
	const struct glyphs *g = theme_glyphs();
	line_new();
	line_new();
	seg_str(txt(_("readable text")), theme_attr(ROLE_CLEAR));
	seg_str("  ", 0);
	seg_str(txt(_("ciphertext")), theme_attr(ROLE_CIPHER));
	seg_str("  ", 0);
	seg_str(aprintf("%s %s", g->ok, txt(_("check passed"))), theme_attr(ROLE_OK));
	seg_str(aprintf("  %s %s", g->fail, txt(_("failed"))), theme_attr(ROLE_FAIL));
	line_new();
	seg_str(txt(_("Press any key to close.")), theme_attr(ROLE_DIM));
}

void panes_help_size(int *rows, int *cols)
{
	begin();
	help_lines(HELP_COLS - 4);
	*rows = (int)n_lines + 2;
	*cols = HELP_COLS;
}

void panes_help(WINDOW *w)
{
	int h, wd;

	begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, _("Keys"), ROLE_TITLE);
	help_lines(wd - 4);
	draw_lines(w, 1, 2, h - 2, wd - 4, 0);
}

void panes_too_small(WINDOW *w, int cols, int rows)
{
	const char *msg[4];
	int n = 0;

	begin();
	werase(w);
	msg[n++] = txt(_("Terminal too small"));
	msg[n++] = aprintf(_("%dx%d now; needs %dx%d"), cols, rows,
			   LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	msg[n++] = aprintf(_("(or %dx%d, stacked)"), LAYOUT_STACK_MIN_COLS,
			   LAYOUT_STACK_MIN_ROWS);
	msg[n++] = txt(_("q quits"));
	int y0 = rows > n ? (rows - n) / 2 : 0;
	for (int i = 0; i < n && y0 + i < rows; i++) {
		int used;
		size_t fit = wrap_fit(msg[i], strlen(msg[i]), cols, &used);
		wattrset(w, theme_attr(i == 0 ? ROLE_ALERT : ROLE_NORMAL));
		mvwaddnstr(w, y0 + i, (cols - used) / 2, msg[i], (int)fit);
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}
