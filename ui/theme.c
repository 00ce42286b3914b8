/*
 * theme: colour pairs, monochrome fallback and glyph sets (see theme.h).
 */
#include "theme.h"

#include <string.h>

#include "wrap.h"

static attr_t attrs[ROLE_COUNT];
static bool has_bg[ROLE_COUNT];	/* its colour pair paints the background */
static bool use_utf8;
static cchar_t box_wc[6];	/* ls rs ts bs tl tr bl br share by index */

static const struct glyphs utf8_glyphs = {
	.ok = "\u2713", .fail = "\u2717",
	.right = "\u25b6", .left = "\u25c0",
	.track = "\u00b7",
	.step_done = "\u25cf", .step_todo = "\u25cb",
	.ellipsis = "\u2026", .up = "\u2191", .down = "\u2193", .fresh = "\u25b8",
	.sep = " \u2502 ", .tab_mark = "\u2192",
};

static const struct glyphs ascii_glyphs = {
	.ok = "+", .fail = "X",
	.right = ">", .left = "<",
	.track = ".",
	.step_done = "#", .step_todo = "-",
	.ellipsis = "...", .up = "^", .down = "v", .fresh = "*",
	.sep = " | ", .tab_mark = ">",
};

enum { PAIR_BASE = 1 };

void theme_init(bool color, bool utf8)
{
	static const struct {
		short fg, bg;
		attr_t extra, mono;
	} spec[ROLE_COUNT] = {
		[ROLE_NORMAL] = {-1, -1, 0, 0},
		[ROLE_BORDER] = {COLOR_BLUE, -1, 0, 0},
		[ROLE_TITLE] = {-1, -1, A_BOLD, A_BOLD},
		[ROLE_DIM] = {-1, -1, A_DIM, A_DIM},
		[ROLE_NEW] = {-1, -1, A_BOLD, A_BOLD},
		[ROLE_CLEAR] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
		[ROLE_CIPHER] = {COLOR_GREEN, -1, 0, A_DIM},
		[ROLE_CREDENTIAL] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
		[ROLE_META] = {COLOR_CYAN, -1, A_DIM, A_DIM},
		[ROLE_OK] = {COLOR_GREEN, -1, A_BOLD, 0},
		[ROLE_FAIL] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
		[ROLE_KEY] = {COLOR_CYAN, -1, 0, 0},
		[ROLE_SECRET] = {COLOR_MAGENTA, -1, 0, A_UNDERLINE},
		[ROLE_ALERT] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE},
		[ROLE_PACKET_CLEAR] = {COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE | A_BOLD},
		[ROLE_PACKET_CIPHER] = {COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE},
		[ROLE_STATUS] = {COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE},
		[ROLE_STATUS_KEY] = {COLOR_BLUE, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD},
		[ROLE_EMPH] = {-1, -1, A_BOLD, A_BOLD},
		[ROLE_CODE] = {COLOR_CYAN, -1, A_BOLD, A_UNDERLINE},
		[ROLE_ACCENT] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
		[ROLE_ACCENT_TITLE] = {COLOR_BLACK, COLOR_MAGENTA, A_BOLD, A_REVERSE | A_BOLD},
		[ROLE_SELECT] = {-1, -1, A_REVERSE, A_REVERSE},
	};
	bool have = color && has_colors() && start_color() == OK;

	use_utf8 = utf8;
	if (have && use_default_colors() != OK)
		have = false;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!have) {
			attrs[r] = spec[r].mono;
			continue;
		}
		if (spec[r].fg == -1 && spec[r].bg == -1) {
			attrs[r] = spec[r].extra;
			continue;
		}
		init_pair((short)(PAIR_BASE + r), spec[r].fg, spec[r].bg);
		has_bg[r] = spec[r].bg != -1;
		attrs[r] = COLOR_PAIR(PAIR_BASE + r) | spec[r].extra;
	}
	if (utf8) {
		static const wchar_t wc[6][2] = {
			{L'\u2502', 0}, {L'\u2500', 0}, {L'\u256d', 0},
			{L'\u256e', 0}, {L'\u2570', 0}, {L'\u256f', 0},
		};
		for (int i = 0; i < 6; i++)
			setcchar(&box_wc[i], wc[i], 0, 0, NULL);
	}
}

attr_t theme_attr(enum role r)
{
	return r < ROLE_COUNT ? attrs[r] : 0;
}

bool theme_blank_plain(attr_t a)
{
	if (a & (A_REVERSE | A_STANDOUT | A_UNDERLINE | A_BLINK))
		return false;
	int p = PAIR_NUMBER(a);
	return p == 0 || (p >= PAIR_BASE && p < PAIR_BASE + ROLE_COUNT && !has_bg[p - PAIR_BASE]);
}

const struct glyphs *theme_glyphs(void)
{
	return use_utf8 ? &utf8_glyphs : &ascii_glyphs;
}

bool theme_utf8(void)
{
	return use_utf8;
}

void theme_box(WINDOW *win, const char *title, enum role title_role)
{
	theme_box_role(win, title, ROLE_BORDER, title_role);
}

static void draw_title(WINDOW *win, const char *title, enum role title_role)
{
	int h, w;

	getmaxyx(win, h, w);
	(void)h;
	if (!title || !*title || w < 6)
		return;

	int used, avail = w - 6;
	size_t len = strlen(title);
	const char *ell = theme_glyphs()->ellipsis;
	if (wrap_width(title, len) > avail)
		avail -= wrap_width(ell, strlen(ell));
	size_t fit = wrap_fit(title, len, avail, &used);
	wattrset(win, theme_attr(title_role));
	mvwaddch(win, 0, 2, ' ');
	waddnstr(win, title, (int)fit);
	if (fit < len)
		waddstr(win, ell);
	waddch(win, ' ');
	wattrset(win, theme_attr(ROLE_NORMAL));
}

void theme_box_role(WINDOW *win, const char *title, enum role border_role,
		    enum role title_role)
{
	int h, w;

	getmaxyx(win, h, w);
	if (h < 2 || w < 2)
		return;
	wattrset(win, theme_attr(border_role));
	if (use_utf8)
		wborder_set(win, &box_wc[0], &box_wc[0], &box_wc[1], &box_wc[1],
			    &box_wc[2], &box_wc[3], &box_wc[4], &box_wc[5]);
	else
		wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
	wattrset(win, theme_attr(ROLE_NORMAL));
	draw_title(win, title, title_role);
}

void theme_box_title(WINDOW *win, const char *title, enum role title_role)
{
	int h, w;

	getmaxyx(win, h, w);
	if (h < 2 || w < 3)
		return;
	wattrset(win, theme_attr(ROLE_BORDER));
	if (use_utf8)
		mvwhline_set(win, 0, 1, &box_wc[1], w - 2);
	else
		mvwhline(win, 0, 1, '-', w - 2);
	wattrset(win, theme_attr(ROLE_NORMAL));
	draw_title(win, title, title_role);
}
