/*
 * panes: what each part of the screen shows (see panes.h): the narration
 * box, the status line, the help overlay and the too-small message.  The
 * party panes are in factlist.c, the wire pane in wirepane.c, and the
 * fingerprints that say which pane changed in panesig.c.
 */
#include "panes.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "lines.h"
#include "theme.h"
#include "wrap.h"

bool panes_flying(const struct pane_state *s)
{
	return s->anim && s->anim->active && s->anim->ev == s->ev;
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

bool panes_in_middle(const struct scenario *sc)
{
	return sc->attacks & (ATTACK_STRIP | ATTACK_FORGE | ATTACK_TAMPER);
}

static const char *actor_name(enum party p, const struct scenario *sc)
{
	switch (p) {
	case PARTY_CLIENT: return _("The client");
	case PARTY_SERVER: return _("The server");
	case PARTY_SNIFFER: return panes_in_middle(sc) ? _("The attacker") : _("The eavesdropper");
	case PARTY_COUNT: break;
	}
	return "";
}

/* Between the items of a list in the narration: ", " (Japanese 、). */
static const char *list_sep(void)
{
	/* TRANSLATORS: joins the items of a list: "a, b, c". */
	return _(", ");
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
		list = lines_printf("%s%s%s%s%s", list, shown ? list_sep() : "", mark,
				    *mark ? " " : "", lines_msg(f->label));
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
		list = lines_printf("%s%s%s", list, *list ? list_sep() : "",
				    lines_printf(ngettext("%zu encrypted record",
							  "%zu encrypted records", cipher), cipher));
	if (cred)
		list = lines_printf("%s%s%s", list, *list ? list_sep() : "",
				    _("a user name and password"));
	return list;
}

/*
 * What the TLS version does at a handshake step where it departs from the
 * classic eight steps (BRIEF: the eight steps in each version), as an
 * English msgid, or NULL.  lesson: a lesson is open (v does not switch).
 */
static const char *version_note(const struct scenario *sc, int step, bool lesson)
{
	static const char *const tls12[8] = {
		[3] = N_("With ECDHE the client makes no secret to send: it makes a one-time key "
			 "pair, as the server did in step 2."),
		[4] = N_("Nothing is wrapped: the client's public key share will cross as it is, and "
			 "the secret itself never does."),
		[5] = N_("ClientKeyExchange carries the client's public key share, not a wrapped key."),
		[6] = N_("The server computes the same secret from its one-time private key and the "
			 "client's share; its long-term key only signs."),
	};
	static const char *const tls13[8] = {
		[1] = N_("TLS 1.3 encrypts the certificate: the handshake keys exist since step 1."),
		[3] = N_("In TLS 1.3 this happened in step 1: the key shares gave the secret before "
			 "the certificate was sent."),
		[4] = N_("TLS 1.3 has no key transport: nothing is wrapped."),
		[5] = N_("The client's key share already crossed in its ClientHello, in step 1."),
		[6] = N_("The server computed the same secret in step 1, from its one-time private key "
			 "and the client's share; its long-term key only signs."),
	};
	if (sc->mode == MODE_PLAIN || step < 1 || step > 8)
		return NULL;
	if (sc->tls == TLS_12)
		return tls12[step - 1];
	if (sc->tls == TLS_13)
		return tls13[step - 1];
	if (step != 2)
		return NULL;
	return lesson ? N_("Today's servers (TLS 1.3) encrypt this certificate: a sniffer would "
			   "not see it.")
		      : N_("Today's servers (TLS 1.3) encrypt this certificate: a sniffer would "
			   "not see it (press v).");
}

/* "n frames": frames of event e in direction d; *bytes gets their size. */
static const char *frames_of(const struct timeline *tl, const struct event *e, enum wire_dir d,
			     size_t *n, size_t *bytes)
{
	*n = *bytes = 0;
	for (size_t i = e->frame_first; i < e->frame_first + e->frame_count; i++) {
		if (tl->frames[i].dir != d)
			continue;
		(*n)++;
		*bytes += tl->frames[i].len;
	}
	return lines_printf(ngettext("%zu frame", "%zu frames", *n), *n);
}

/* Who sends what at event e: each side's frames when both send. */
static const char *frames_sentence(const struct timeline *tl, const struct event *e)
{
	size_t nc, bc, ns, bs;
	const char *link = lines_msg(e->link < tl->n_links ? tl->links[e->link].name : "");
	const char *fc = frames_of(tl, e, WIRE_C2S, &nc, &bc);
	const char *fs = frames_of(tl, e, WIRE_S2C, &ns, &bs);

	if (nc == 0 || ns == 0)
		return lines_printf(_("%s sends %s (%zu bytes) over %s."), actor_name(e->actor, &tl->sc),
				    nc ? fc : fs, nc ? bc : bs, link);
	if (tl->frames[e->frame_first].dir == WIRE_S2C)
		return lines_printf(_("The server sends %s (%zu bytes) and the client %s (%zu bytes) "
				      "over %s."), fs, bs, fc, bc, link);
	return lines_printf(_("The client sends %s (%zu bytes) and the server %s (%zu bytes) over %s."),
			    fc, bc, fs, bs, link);
}

/*
 * The derived account of an event, for events no lesson narrates: who
 * sent how much over which link and what is new for each party.  Facts
 * only, and what the TLS version does at a step; explanations belong in
 * lesson files (DESIGN principle 5).
 */
static const char *derived_narration(const struct timeline *tl, size_t ev, bool lesson)
{
	const struct event *e = &tl->events[ev];
	const char *text = "";
	const char *note = version_note(&tl->sc, e->step, lesson);

	if (e->frame_count > 0) {
		text = frames_sentence(tl, e);
	} else if (e->step) {
		text = _("Nothing crosses the wire.");
	}
	if (note)	/* the same sentence joiner as below (no space after 。) */
		text = *text ? lines_printf(_("%s %s"), text, _(note)) : _(note);
	static const enum party order[] = { PARTY_CLIENT, PARTY_SERVER, PARTY_SNIFFER };
	for (int k = 0; k < 3; k++) {
		const char *list = order[k] == PARTY_SNIFFER ? sniffer_counts(tl, ev)
							     : new_labels(tl, ev, order[k]);
		if (!*list)
			continue;
		const char *what = order[k] == PARTY_CLIENT ? lines_printf(_("New for the client: %s."), list)
			: order[k] == PARTY_SERVER ? lines_printf(_("New for the server: %s."), list)
			: panes_in_middle(&tl->sc) ? lines_printf(_("New for the attacker: %s."), list)
			: lines_printf(_("New for the sniffer: %s."), list);
		/* TRANSLATORS: two sentences of the narration one after the other
		   (Japanese: no space after 。). */
		text = *text ? lines_printf(_("%s %s"), text, what) : what;
	}
	if (!*text)
		text = lines_msg(e->title);
	return text;
}

/* The narration's text as display lines iw wide; returns how many. */
static size_t narration_lines(const struct pane_state *s, int iw)
{
	const struct guide_section *gs = s->section;
	size_t from = lines_count();

	if (!gs || gs->sec->n_paras == 0) {
		lines_emit("", 0, lines_txt(derived_narration(s->tl, s->ev, s->lesson_title != NULL)),
			   theme_attr(ROLE_NORMAL), iw, 12);
		return lines_count() - from;
	}
	for (size_t p = 0; p < gs->sec->n_paras; p++) {
		if (p > 0 && !lines_new())	/* a blank line between paragraphs */
			break;
		lines_rich("", 0, &gs->paras[p], theme_attr(ROLE_NORMAL), iw, 48);
	}
	return lines_count() - from;
}

size_t panes_scroll_top(long scroll, size_t total, int rows)
{
	size_t last = rows > 0 && total > (size_t)rows ? total - (size_t)rows : 0;
	if (scroll < 0)
		return 0;
	return (size_t)scroll < last ? (size_t)scroll : last;
}

void panes_scroll_marks(WINDOW *w, const struct pane_scroll *sc)
{
	const struct glyphs *g = theme_glyphs();
	size_t below = sc->total > sc->top + (size_t)sc->rows ? sc->total - sc->top - (size_t)sc->rows : 0;
	int h, wd;

	getmaxyx(w, h, wd);
	wattrset(w, theme_attr(ROLE_ACCENT));
	if (sc->top > 0) {
		const char *up = lines_printf(" %s ", lines_txt(lines_printf(
			ngettext("%s %zu more line", "%s %zu more lines", sc->top), g->up, sc->top)));
		int uw = wrap_width(up, strlen(up));
		if (uw + 4 <= wd)
			mvwaddstr(w, 0, wd - uw - 2, up);
	}
	if (below > 0) {
		const char *down = lines_printf(" %s ", lines_txt(lines_printf(
			ngettext("%s %zu more line", "%s %zu more lines", below), g->down, below)));
		if (wrap_width(down, strlen(down)) + 4 <= wd)
			mvwaddstr(w, h - 1, 2, down);
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

void panes_narration(WINDOW *w, const struct pane_state *s)
{
	const struct timeline *tl = s->tl;
	const struct event *e = &tl->events[s->ev];
	int h, wd;

	lines_begin();
	getmaxyx(w, h, wd);
	const char *title = e->step
		? lines_printf(_("Step %d/8: %s"), e->step, lines_msg(e->title))
		: lines_msg(e->title);
	int iw = wd - 4, ih = h - 2;
	size_t first = lines_count();
	size_t total = iw > 0 && ih > 0 ? narration_lines(s, iw) : 0;
	struct pane_scroll sc = {panes_scroll_top(s->scroll, total, ih), total, ih};
	if (s->seen)
		*s->seen = sc;
	/* The title changes at every event, the rest of the box only when
	 * it scrolls. */
	uint64_t fs = lines_frame_sig("", ROLE_TITLE, h, wd);
	if (s->lesson_title)
		fs = lines_hash(fs, s->lesson_title, strlen(s->lesson_title));
	size_t marks[2] = {sc.top, sc.total - sc.top};	/* not sc: its padding */
	fs = lines_hash(fs, (const char *)marks, sizeof marks);
	bool frame = lines_frame(w, s->memo, fs);
	if (frame)
		theme_box(w, NULL, ROLE_TITLE);
	if (lines_memo_row(s->memo, 0, lines_hash(0, title, strlen(title))) || frame) {
		theme_box_title(w, title, ROLE_TITLE);
		frame = true;	/* the marks on the top border again */
	}
	if (iw < 1 || ih < 1)
		return;
	/* The lesson's name on the bottom border, when there is room. */
	if (frame && s->lesson_title && h >= 3) {
		int tw = wrap_width(s->lesson_title, strlen(s->lesson_title));
		if (tw + 24 <= wd) {
			wattrset(w, theme_attr(ROLE_DIM));
			mvwprintw(w, h - 1, wd - tw - 4, " %s ", s->lesson_title);
			wattrset(w, theme_attr(ROLE_NORMAL));
		}
	}
	if (frame)
		panes_scroll_marks(w, &sc);
	lines_draw_memo(w, s->memo, 1, 2, ih, iw, first + sc.top);
}

/* ---- status line --------------------------------------------------------- */

const char *panes_version_label(const struct scenario *sc)
{
	if (sc->mode == MODE_PLAIN)
		return NULL;
	switch (sc->tls) {
	/* TRANSLATORS: the status line's TLS version for the eight steps
	 * of the classic key-transport model; keep it short. */
	case TLS_CLASSIC: return N_("classic");
	case TLS_12: return N_("TLS 1.2");
	case TLS_13: return N_("TLS 1.3");
	}
	return NULL;
}

struct item {
	const char *s;
	const char *alt;	/* a shorter form for a narrow line, or NULL */
	attr_t a;
	int prio;	/* lower stays longer when room is short */
	bool right;	/* key hints go on the right */
};

/* The eight steps as marks, those reached filled; NULL when the arena
 * is full. */
static const char *step_dots(int step)
{
	const struct glyphs *g = theme_glyphs();
	size_t done_len = strlen(g->step_done), todo_len = strlen(g->step_todo);
	char *dots = lines_scratch(8 * (done_len > todo_len ? done_len : todo_len) + 1), *d = dots;
	if (!dots)
		return NULL;
	for (int i = 1; i <= 8; i++) {
		size_t ml = i <= step ? done_len : todo_len;
		memcpy(d, i <= step ? g->step_done : g->step_todo, ml);
		d += ml;
	}
	*d = '\0';
	return dots;
}

/* The highest priority level whose items fit in wd columns, 0 if none. */
static int fit_level(const struct item *it, const int *width, int n, int wd)
{
	int level = 0;
	for (int lv = 1; lv <= 7; lv++) {
		int total = 1;	/* a space between the left and the hints */
		for (int i = 0; i < n; i++)
			if (it[i].prio <= lv)
				total += width[i];
		if (total <= wd)
			level = lv;
	}
	return level;
}

/* Writes the most important items that fit in wd columns, in their order,
 * the key hints on the right.  The items' shorter forms are used when
 * the long ones leave out the step marks or the help key. */
static void status_fit(WINDOW *w, const struct item *it, int n, int wd)
{
	int wl[16], ws[16];
	for (int i = 0; i < n; i++) {
		wl[i] = wrap_width(it[i].s, strlen(it[i].s));
		ws[i] = it[i].alt ? wrap_width(it[i].alt, strlen(it[i].alt)) : wl[i];
	}
	int ll = fit_level(it, wl, n, wd), ls = fit_level(it, ws, n, wd);
	bool alt = ll < 3 && (ls > ll || ll == 0);
	const int *width = alt ? ws : wl;
	int level = alt ? ls : ll;
	if (level == 0)	/* not even the essentials fit: cut them short */
		level = 1;
	int x = 0, rw = 0;
	for (int i = 0; i < n; i++)
		if (it[i].right && it[i].prio <= level)
			rw += width[i];
	const char *ell = theme_glyphs()->ellipsis;
	int ellw = wrap_width(ell, strlen(ell));
	bool on_right = false;
	for (int i = 0; i < n; i++) {
		if (it[i].prio > level)
			continue;
		/* The hints on the right; a message too long for the room
		 * left starts after a space and is cut with an ellipsis. */
		if (it[i].right && !on_right) {
			x = x < wd - rw ? wd - rw : x + 1;
			on_right = true;
		}
		const char *t = alt && it[i].alt ? it[i].alt : it[i].s;
		size_t len = strlen(t);
		int used;
		size_t fit = wrap_fit(t, len, wd - x, &used);
		bool cut = fit < len && wd - x > ellw;
		if (cut)
			fit = wrap_fit(t, len, wd - x - ellw, &used);
		wattrset(w, it[i].a);
		mvwaddnstr(w, 0, x, t, (int)fit);
		if (cut)
			waddstr(w, ell);
		x += used + (cut ? ellw : 0);
		if (x >= wd)
			break;
	}
	wattrset(w, theme_attr(ROLE_NORMAL));
}

/* What the status line says of the connection: the scenario's protocol,
 * port and mode on the first link; on another (a relay's DNS or hop B,
 * which the scenario's mode does not describe) that link's name and port. */
static const char *status_link(const struct timeline *tl, size_t ev, const char *ver)
{
	const struct glyphs *g = theme_glyphs();
	unsigned link = tl->events[ev].link;

	if (link == 0 || link >= tl->n_links)
		return lines_printf("%s%s %u %s%s", g->sep, scenario_proto_label(&tl->sc),
				    (unsigned)scenario_port(&tl->sc), _(scenario_mode_label(&tl->sc)),
				    ver);
	const struct wire_link *k = &tl->links[link];
	return lines_printf("%s%s: %s %u", g->sep, lines_msg(k->name),
			    k->proto == WIRE_UDP ? "UDP" : scenario_proto_label(&tl->sc),
			    (unsigned)k->server_port);
}

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
	const char *dots = step_dots(step);
	if (!dots)
		return;

	const char *ver = panes_version_label(&tl->sc);
	ver = ver ? lines_printf("%s%s", theme_utf8() ? " \u00b7 " : " / ", _(ver)) : "";
	it[n++] = (struct item){lines_printf(" %s ", lines_printf(_("Step %d/8"), step)), NULL,
				key, 1, false};
	/* The marks repeat "Step n/8": they go first when room is short,
	 * before the position and the keys that move it. */
	it[n++] = (struct item){lines_printf("%s ", dots), NULL, st, 5, false};
	it[n++] = (struct item){lines_printf("%zu/%zu", s->ev + 1, tl->n_events), NULL, st, 3, false};
	it[n++] = (struct item){lines_txt(status_link(tl, s->ev, ver)), NULL, st, 1, false};
	if (tl->sc.seeded && !tl->sc.seed_kept)
		it[n++] = (struct item){lines_printf("%s%s", g->sep, lines_txt(_("seeded: teaching only"))),
					/* TRANSLATORS: "seeded: teaching only", short */
					lines_printf("%s%s", g->sep, lines_txt(_("seeded"))), st, 1, false};
	if (si->flash) {
		it[n++] = (struct item){lines_printf("%s ", lines_txt(si->flash)), NULL, key, 1, true};
	} else if (si->zoomed) {
		const char *arrows = theme_utf8() ? "\u2191\u2193" : "^ v";
		/* How to leave first, then how to move. */
		it[n++] = (struct item){lines_printf("%s %s  ", arrows, _("scroll")), NULL, st, 5, true};
		it[n++] = (struct item){lines_printf("z %s  ", _("next pane")), NULL, st, 6, true};
		it[n++] = (struct item){lines_printf("Esc %s  ", _("back")), NULL, st, 3, true};
	} else {
		const char *arrows = theme_utf8() ? "\u2190\u2192" : "<- ->";
		it[n++] = (struct item){lines_printf("%s %s  ", arrows, _("step")), NULL, st, 4, true};
		it[n++] = (struct item){lines_printf("Tab %s  ", _("mode")), NULL, st, 6, true};
		if (*ver)
			it[n++] = (struct item){lines_printf("v %s  ", _("version")), NULL, st, 6, true};
		it[n++] = (struct item){lines_printf("x %s  ", _("hex")), NULL, st, 7, true};
		it[n++] = (struct item){lines_printf("z %s  ", _("zoom")), NULL, st, 7, true};
	}
	if (!si->flash) {
		it[n++] = (struct item){lines_printf("? %s  ", _("help")), NULL, st, 2, true};
		it[n++] = (struct item){lines_printf("q %s", s->lesson_title ? _("lessons") : _("quit")),
					NULL, st, 2, true};
	}

	status_fit(w, it, n, wd);
}

/* ---- help overlay and the too-small message ------------------------------ */

#define HELP_KEYS_W 24
#define HELP_COLS 74

/* The help text of screen ctx as display lines for an inner width iw;
 * its last line says how to close it, and to scroll it when it must. */
static void help_lines(unsigned ctx, int iw, bool scrolls)
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
	lines_str(lines_txt(scrolls ? _("Up, Down, PgUp, PgDn scroll; any other key closes.")
				    : _("Press any key to close.")), theme_attr(ROLE_DIM));
}

/* Lines of the help of screen ctx at its full width: made once per screen
 * and language, as the overlay's size is asked for on every redraw. */
static size_t help_count(unsigned ctx)
{
	static unsigned cached_ctx;
	static const char *cached_lang;
	static size_t count;

	if (!cached_lang || cached_ctx != ctx || cached_lang != i18n_lang()) {
		lines_begin();
		help_lines(ctx, HELP_COLS - 4, false);
		count = lines_count();
		cached_ctx = ctx;
		cached_lang = i18n_lang();
	}
	return count;
}

void panes_help_size(unsigned ctx, int *rows, int *cols)
{
	*rows = (int)help_count(ctx) + 2;
	*cols = HELP_COLS;
}

void panes_help(WINDOW *w, unsigned ctx, struct pane_scroll *sc)
{
	int h, wd;

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, _("Keys"), ROLE_TITLE);
	/* Its last line says how to scroll when it is taller than the
	 * screen; either way that is one line. */
	bool scrolls = wd - 4 == HELP_COLS - 4 ? help_count(ctx) > (size_t)(h - 2) : false;
	lines_begin();
	help_lines(ctx, wd - 4, scrolls);
	if (!scrolls && lines_count() > (size_t)(h - 2)) {	/* narrower than asked */
		lines_begin();
		help_lines(ctx, wd - 4, true);
	}
	sc->total = lines_count();
	sc->rows = h - 2;
	sc->top = panes_scroll_top((long)sc->top, sc->total, sc->rows);
	lines_draw(w, 1, 2, h - 2, wd - 4, sc->top);
	panes_scroll_marks(w, sc);
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
