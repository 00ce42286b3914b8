/*
 * keys: the key table and the look-ups the loop and help overlay use.
 */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

#define CTRL(c) ((c) & 0x1f)

const struct key_binding key_table[] = {
	{KEY_RIGHT, ACT_NEXT, 0, N_("Right")},
	{'l', ACT_NEXT, 0, "l"},
	{'n', ACT_NEXT, 0, "n"},
	{' ', ACT_NEXT, 0, N_("Space")},
	{'\n', ACT_NEXT, 0, N_("Enter")},
	{KEY_ENTER, ACT_NEXT, 0, NULL},
	{KEY_NPAGE, ACT_NEXT, 0, N_("PgDn")},
	{KEY_C3, ACT_NEXT, 0, N_("keypad 3")},
	{KEY_B2, ACT_NEXT, 0, N_("keypad 5")},
	{KEY_LEFT, ACT_PREV, 0, N_("Left")},
	{'h', ACT_PREV, 0, "h"},
	{'p', ACT_PREV, 0, "p"},
	{KEY_BACKSPACE, ACT_PREV, 0, N_("Backspace")},
	{127, ACT_PREV, 0, NULL},
	{CTRL('h'), ACT_PREV, 0, "Ctrl-H"},
	{KEY_PPAGE, ACT_PREV, 0, N_("PgUp")},
	{KEY_A3, ACT_PREV, 0, N_("keypad 9")},
	{KEY_HOME, ACT_FIRST, 0, N_("Home")},
	{KEY_A1, ACT_FIRST, 0, N_("keypad 7")},
	{'g', ACT_FIRST, 0, "g"},
	{KEY_END, ACT_LAST, 0, N_("End")},
	{KEY_C1, ACT_LAST, 0, N_("keypad 1")},
	{'G', ACT_LAST, 0, "G"},
	{'1', ACT_STEP, 1, "1"},
	{'2', ACT_STEP, 2, "2"},
	{'3', ACT_STEP, 3, "3"},
	{'4', ACT_STEP, 4, "4"},
	{'5', ACT_STEP, 5, "5"},
	{'6', ACT_STEP, 6, "6"},
	{'7', ACT_STEP, 7, "7"},
	{'8', ACT_STEP, 8, "8"},
	{'\t', ACT_MODE, 0, N_("Tab")},
	{'x', ACT_HEX, 0, "x"},
	{'+', ACT_FASTER, 0, "+"},
	{'=', ACT_FASTER, 0, "="},
	{'-', ACT_SLOWER, 0, "-"},
	{'a', ACT_ANIMATE, 0, "a"},
	{'?', ACT_HELP, 0, "?"},
	{KEY_F(1), ACT_HELP, 0, "F1"},
	{'q', ACT_QUIT, 0, "q"},
	{'Q', ACT_QUIT, 0, "Q"},
	{27, ACT_QUIT, 0, N_("Esc")},
};

const size_t key_table_len = sizeof key_table / sizeof key_table[0];

enum action keys_lookup(int key, int *arg)
{
	for (size_t i = 0; i < key_table_len; i++) {
		if (key_table[i].key == key) {
			if (arg)
				*arg = key_table[i].arg;
			return key_table[i].action;
		}
	}
	if (arg)
		*arg = 0;
	return ACT_NONE;
}

const char *keys_action_help(enum action a)
{
	switch (a) {
	case ACT_NEXT: return N_("next event");
	case ACT_PREV: return N_("previous event");
	case ACT_FIRST: return N_("first event");
	case ACT_LAST: return N_("last event");
	case ACT_STEP: return N_("jump to handshake step");
	case ACT_MODE: return N_("switch mode: plain, STARTTLS, implicit TLS");
	case ACT_HEX: return N_("wire pane: hex or text");
	case ACT_FASTER: return N_("animation faster");
	case ACT_SLOWER: return N_("animation slower");
	case ACT_ANIMATE: return N_("animation on or off");
	case ACT_HELP: return N_("this help");
	case ACT_QUIT: return N_("quit");
	case ACT_NONE:
	case ACT_COUNT:
		break;
	}
	return "";
}

char *keys_names(enum action a, char *buf, size_t n)
{
	size_t used = 0;
	int lo = 0, hi = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < key_table_len; i++) {
		const struct key_binding *k = &key_table[i];
		if (k->action != a || !k->name)
			continue;
		if (a == ACT_STEP) {	/* one range, "1-8" */
			if (!lo || k->arg < lo)
				lo = k->arg;
			if (k->arg > hi)
				hi = k->arg;
			continue;
		}
		int w = snprintf(buf + used, n - used, "%s%s", used ? " " : "",
				 gettext(k->name));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	if (a == ACT_STEP && lo)
		snprintf(buf, n, "%d-%d", lo, hi);
	return buf;
}
