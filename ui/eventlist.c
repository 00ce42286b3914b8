/*
 * eventlist: every event of the story, to jump to one (see eventlist.h).
 */
#include "eventlist.h"

#include <string.h>

#include "i18n.h"
#include "lines.h"
#include "theme.h"
#include "wrap.h"

#define EVENTLIST_COLS 76

void eventlist_init(struct eventlist *l, const struct timeline *tl, size_t ev)
{
	memset(l, 0, sizeof *l);
	l->tl = tl;
	l->at = ev;
	l->lb.n = tl->n_events;
	listbox_set(&l->lb, ev);
}

void eventlist_size(const struct eventlist *l, int *rows, int *cols)
{
	*rows = (int)l->lb.n + 5;	/* border, column heads, blank row, keys */
	*cols = EVENTLIST_COLS;
}

/* Event i as one line: "  12  3  certificate       The server ...". */
static void entry_line(const struct eventlist *l, size_t i, int iw, int stepw)
{
	const struct event *e = &l->tl->events[i];
	bool sel = i == l->lb.sel;
	const char *here = i == l->at ? theme_glyphs()->right : " ";
	const char *step = e->step ? lines_printf("%d", e->step) : "";
	const char *text = lines_txt(lines_printf("%s%3zu %*s  %-18s %s", here, i + 1, stepw, step, e->name,
						  lines_msg(e->title)));
	lines_new();
	lines_fit(text, iw, theme_attr(sel ? ROLE_SELECT : e->step ? ROLE_KEY : ROLE_NORMAL), sel);
}

void eventlist_draw(WINDOW *w, struct eventlist *l)
{
	int h, wd;
	char names[64];

	lines_begin();
	werase(w);
	getmaxyx(w, h, wd);
	theme_box(w, lines_txt(_("Events of the story")), ROLE_TITLE);
	int iw = wd - 4, ih = h - 5;
	if (iw < 8 || ih < 1)
		return;
	lines_new();
	/* TRANSLATORS: the column heads of the event list: number, handshake step, name, title */
	const char *step = lines_txt(C_("event list", "step")), *name = lines_txt(_("name"));
	int sw = wrap_width(step, strlen(step)), nw = wrap_width(name, strlen(name));
	/* Padded by columns, not bytes: the heads may be Japanese. */
	lines_str(lines_printf("   # %*s%s  %s%*s %s", sw < 4 ? 4 - sw : 0, "", step, name,
			       nw < 18 ? 18 - nw : 0, "", lines_txt(_("what happens"))),
		  theme_attr(ROLE_DIM));
	lines_draw(w, 1, 2, 1, iw, 0);
	lines_begin();
	listbox_scroll(&l->lb, ih);
	for (size_t i = l->lb.top; i < l->lb.n && i < l->lb.top + (size_t)ih; i++)
		entry_line(l, i, iw, sw > 4 ? sw : 4);
	lines_draw(w, 2, 2, ih, iw, 0);

	lines_begin();
	const char *keys = lines_printf("%s: %s   %s: %s   ?: %s",
					keys_names(KC_LIST, ACT_LIST_CHOOSE, names, sizeof names),
					_("jump there"), _("Esc"), _("close"), _("help"));
	lines_list_foot(w, keys, l->lb.sel + 1, l->lb.n, l->lb.n > (size_t)ih);
}

unsigned eventlist_key(struct eventlist *l, enum action act)
{
	switch (act) {
	case ACT_LIST_CLOSE:
		return EVENTLIST_CLOSE;
	case ACT_LIST_CHOOSE:
		return EVENTLIST_JUMP | EVENTLIST_CLOSE;
	default:
		return listbox_key(&l->lb, act) ? EVENTLIST_REDRAW : 0;
	}
}

unsigned eventlist_click(struct eventlist *l, int y)
{
	size_t i;
	if (!listbox_at_row(&l->lb, y - 2, &i))
		return 0;
	if (i != l->lb.sel) {
		l->lb.sel = i;
		return EVENTLIST_REDRAW;
	}
	return eventlist_key(l, ACT_LIST_CHOOSE);
}
