/*
 * menu: the what-if menu (see menu.h).
 */
#include "menu.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "lines.h"
#include "theme.h"
#include "whatif.h"
#include "wrap.h"

#define MENU_COLS 76

/* The heading of each option of whatif.h, by its name. */
static const char *heading_of(const struct option_spec *o)
{
	static const struct { const char *name, *heading; } h[] = {
		{ "attack", N_("Attack (each one on or off)") },
		{ "tls-policy", N_("Client's TLS policy") },
		{ "server-policy", N_("Server's policy") },
		{ "tls", N_("TLS version") },
		{ "hop-b", N_("Hop B (the relay's next hop)") },
		{ "attack-hop", N_("The hop the attacker sits on") },
		{ "mode", N_("Mode") },
	};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
		if (strcmp(h[i].name, o->name + 2) == 0)
			return h[i].heading;
	return o->name + 2;
}

/* What a value means, for the options whose table has no summary. */
static const char *meaning_of(const struct option_spec *o, const struct option_choice *c)
{
	static const struct { const char *opt, *value, *meaning; } m[] = {
		{ "tls-policy", "required", N_("no TLS, no mail: the client stops") },
		{ "tls-policy", "opportunistic", N_("TLS when offered, else goes on in clear") },
		{ "server-policy", "strict", N_("no login before TLS") },
		{ "server-policy", "lax", N_("a login in clear is allowed") },
		{ "tls", "classic", N_("the eight steps: key transport") },
		{ "tls", "1.2", N_("ECDHE key exchange, real records") },
		{ "tls", "1.3", N_("the handshake encrypted after the hello") },
		{ "hop-b", "plain", N_("the destination offers no STARTTLS") },
		{ "hop-b", "opportunistic", N_("STARTTLS when offered, any certificate") },
		{ "hop-b", "mta-sts", N_("authenticated TLS, or the mail waits") },
		{ "hop-b", "dane", N_("a key matching DNS TLSA, or the mail waits") },
		{ "attack-hop", "a", N_("hop A: the client to its server") },
		{ "attack-hop", "b", N_("hop B: server to server") },
	};
	if (o->kind == OPTION_MANY)
		return c->summary;
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (strcmp(m[i].opt, o->name + 2) == 0 && strcmp(m[i].value, c->name) == 0)
			return m[i].meaning;
	return NULL;
}

static bool can_take(const void *ctx, size_t i)
{
	return ((const struct menu *)ctx)->v[i].heading == NULL;
}

static struct menu_entry *add(struct menu *m)
{
	if (m->lb.n == MENU_MAX)
		return NULL;
	struct menu_entry *e = &m->v[m->lb.n++];
	memset(e, 0, sizeof *e);
	return e;
}

static void add_heading(struct menu *m, const char *msgid)
{
	struct menu_entry *e = add(m);
	if (e)
		e->heading = msgid;
}

/* A change, greyed when it does not apply or the lesson fixes it. */
static void add_change(struct menu *m, const struct option_spec *o, const struct option_choice *c,
		       bool suggested)
{
	struct menu_entry *e = add(m);
	if (!e || !c)
		return;
	e->o = o;
	e->c = c;
	e->suggested = suggested;
	e->current = whatif_current(o, c, &m->sc);
	e->why = whatif_unavailable(o, c, &m->sc);
	e->fixed = !e->why && m->lesson && !suggested;
	if (e->fixed)
		e->why = N_("the lesson keeps this: it lets you try only what it suggests");
}

void menu_init(struct menu *m, const struct scenario *sc, const struct lesson_option *tries,
	       size_t n, const struct scenario *lesson_sc)
{
	memset(m, 0, sizeof *m);
	m->sc = *sc;
	m->lesson = lesson_sc != NULL;
	if (lesson_sc)
		m->lesson_sc = *lesson_sc;
	m->lb.can_take = can_take;
	m->lb.ctx = m;
	bool changed = m->lesson && (!options_same_story(sc, lesson_sc) || sc->seed != lesson_sc->seed);
	if (n || changed)
		add_heading(m, N_("Suggested by the lesson"));
	for (size_t k = 0; k < n; k++)
		add_change(m, tries[k].spec, option_value(tries[k].spec, tries[k].value), true);
	struct menu_entry *e = changed ? add(m) : NULL;
	if (e)
		e->restore = true;
	for (size_t i = 0; i < whatif_n_options; i++) {
		const struct option_spec *o = whatif_option(i);
		if (!o || !whatif_offered(o, sc))
			continue;	/* hop B outside the relay: absent */
		add_heading(m, heading_of(o));
		for (size_t c = 0; c < o->n_choices; c++)
			add_change(m, o, &o->choices[c], false);
	}
	listbox_set(&m->lb, 0);
}

void menu_size(const struct menu *m, int *rows, int *cols)
{
	*rows = (int)m->lb.n + 4;	/* the border, a blank row, the key hints */
	*cols = MENU_COLS;
}

/* "[x] strip", "(*) 1.2", "(*) tls-policy: required": the mark and name. */
static const char *entry_name(const struct menu_entry *e)
{
	bool utf8 = theme_utf8();
	if (e->restore)
		return lines_printf("%s %s", utf8 ? "\u21ba" : "<-",
				    lines_txt(_("back to the lesson's own settings")));
	const char *mark = e->o->kind == OPTION_MANY ? (e->current ? "[x]" : "[ ]")
			 : e->current ? (utf8 ? "(\u2022)" : "(*)") : "( )";
	const char *name = e->o == &whatif_mode ? lines_msg(e->c->summary) : e->c->name;
	if (e->suggested)
		return lines_printf("%s %s: %s", mark, e->o->name + 2, name);
	return lines_printf("%s %s", mark, name);
}

/* Entry i as one line of the list, iw columns. */
static void entry_line(const struct menu *m, size_t i, int iw)
{
	const struct menu_entry *e = &m->v[i];
	bool sel = i == m->lb.sel;
	attr_t base = theme_attr(e->why ? ROLE_DIM : ROLE_NORMAL);
	lines_new();
	if (e->heading) {
		lines_str(lines_txt(_(e->heading)), theme_attr(ROLE_TITLE));
		return;
	}
	const char *name = entry_name(e);
	const char *meaning = e->o ? meaning_of(e->o, e->c) : NULL;
	const char *detail = e->why && !e->fixed ? _(e->why) : meaning ? _(meaning) : "";
	int w = wrap_width(name, strlen(name));
	const char *text = lines_txt(lines_printf("  %s%*s  %s", name, w < 18 ? 18 - w : 0, "", detail));
	lines_fit(text, iw, sel ? theme_attr(ROLE_SELECT) | base : base, sel);
}

void menu_draw(WINDOW *w, struct menu *m)
{
	int h, wd;
	char names[64];

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, lines_txt(_("What if...")), ROLE_TITLE);
	int iw = wd - 4, ih = h - 4;
	if (iw < 8 || ih < 1)
		return;
	listbox_scroll(&m->lb, ih);
	for (size_t i = m->lb.top; i < m->lb.n && i < m->lb.top + (size_t)ih; i++)
		entry_line(m, i, iw);
	lines_draw(w, 1, 2, ih, iw, 0);

	lines_begin();
	const struct menu_entry *e = &m->v[m->lb.sel];
	const char *foot;
	if (e->why)
		foot = _(e->why);
	else
		foot = lines_printf("%s: %s   %s: %s   ?: %s",
				    keys_names(KC_LIST, ACT_LIST_CHOOSE, names, sizeof names), _("choose"),
				    _("Esc"), _("close"), _("help"));
	lines_list_foot(w, foot, m->lb.sel + 1, m->lb.n, m->lb.n > (size_t)ih);
}

unsigned menu_key(struct menu *m, enum action act)
{
	switch (act) {
	case ACT_LIST_CLOSE:
		return MENU_CLOSE;
	case ACT_LIST_CHOOSE:
		return m->v[m->lb.sel].why || m->v[m->lb.sel].heading ? MENU_REFUSED : MENU_CHOSEN;
	default:
		return listbox_key(&m->lb, act) ? MENU_REDRAW : 0;
	}
}

unsigned menu_click(struct menu *m, int y)
{
	size_t i;
	if (!listbox_at_row(&m->lb, y - 1, &i) || !can_take(m, i))
		return 0;
	if (i != m->lb.sel) {
		m->lb.sel = i;
		return MENU_REDRAW;
	}
	return menu_key(m, ACT_LIST_CHOOSE);
}

int menu_change(const struct menu *m, struct scenario *out, char *what, size_t n)
{
	const struct menu_entry *e = &m->v[m->lb.sel];
	if (e->restore) {
		*out = m->lesson_sc;
		snprintf(what, n, "%s", _("back to the lesson's own settings"));
		return 0;
	}
	if (!e->o || e->why || whatif_apply(e->o, e->c, &m->sc, out) < 0)
		return -1;
	if (e->o->kind == OPTION_MANY)
		snprintf(what, n, e->current ? _("what if: no %s attack") : _("what if: the %s attack"),
			 e->c->name);
	else
		snprintf(what, n, _("what if: %s: %s"), _(heading_of(e->o)),
			 e->o == &whatif_mode ? _(e->c->summary) : e->c->name);
	return 0;
}

const struct menu_entry *menu_sel(const struct menu *m)
{
	return &m->v[m->lb.sel];
}
