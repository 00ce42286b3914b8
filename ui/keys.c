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
	{KEY_RIGHT, KC_VIEW, ACT_NEXT, 0, N_("Right")},
	{'l', KC_VIEW, ACT_NEXT, 0, "l"},
	{'n', KC_VIEW, ACT_NEXT, 0, "n"},
	{' ', KC_VIEW, ACT_NEXT, 0, N_("Space")},
	{'\n', KC_VIEW, ACT_NEXT, 0, N_("Enter")},
	{'\r', KC_VIEW, ACT_NEXT, 0, NULL},
	{KEY_ENTER, KC_VIEW, ACT_NEXT, 0, NULL},
	{KEY_NPAGE, KC_VIEW, ACT_NEXT, 0, N_("PgDn")},
	{KEY_C3, KC_VIEW, ACT_NEXT, 0, N_("keypad 3")},
	{KEY_B2, KC_VIEW, ACT_NEXT, 0, N_("keypad 5")},
	{KEY_LEFT, KC_VIEW, ACT_PREV, 0, N_("Left")},
	{'h', KC_VIEW, ACT_PREV, 0, "h"},
	{'p', KC_VIEW, ACT_PREV, 0, "p"},
	{KEY_BACKSPACE, KC_VIEW, ACT_PREV, 0, N_("Backspace")},
	{127, KC_VIEW, ACT_PREV, 0, NULL},
	{CTRL('h'), KC_VIEW, ACT_PREV, 0, "Ctrl-H"},
	{KEY_PPAGE, KC_VIEW, ACT_PREV, 0, N_("PgUp")},
	{KEY_A3, KC_VIEW, ACT_PREV, 0, N_("keypad 9")},
	{KEY_HOME, KC_VIEW, ACT_FIRST, 0, N_("Home")},
	{KEY_A1, KC_VIEW, ACT_FIRST, 0, N_("keypad 7")},
	{'g', KC_VIEW, ACT_FIRST, 0, "g"},
	{KEY_END, KC_VIEW, ACT_LAST, 0, N_("End")},
	{KEY_C1, KC_VIEW, ACT_LAST, 0, N_("keypad 1")},
	{'G', KC_VIEW, ACT_LAST, 0, "G"},
	{'1', KC_VIEW, ACT_STEP, 1, "1"},
	{'2', KC_VIEW, ACT_STEP, 2, "2"},
	{'3', KC_VIEW, ACT_STEP, 3, "3"},
	{'4', KC_VIEW, ACT_STEP, 4, "4"},
	{'5', KC_VIEW, ACT_STEP, 5, "5"},
	{'6', KC_VIEW, ACT_STEP, 6, "6"},
	{'7', KC_VIEW, ACT_STEP, 7, "7"},
	{'8', KC_VIEW, ACT_STEP, 8, "8"},
	{'\t', KC_VIEW, ACT_MODE, 0, N_("Tab")},
	{'v', KC_VIEW, ACT_VERSION, 0, "v"},
	{'x', KC_VIEW, ACT_HEX, 0, "x"},
	{'+', KC_VIEW, ACT_FASTER, 0, "+"},
	{'=', KC_VIEW, ACT_FASTER, 0, "="},
	{'-', KC_VIEW, ACT_SLOWER, 0, "-"},
	{'a', KC_VIEW, ACT_ANIMATE, 0, "a"},
	{'?', KC_ALL, ACT_HELP, 0, "?"},
	{KEY_F(1), KC_ALL, ACT_HELP, 0, "F1"},
	{'q', KC_ALL, ACT_QUIT, 0, "q"},
	{'Q', KC_ALL, ACT_QUIT, 0, "Q"},
	{27, KC_VIEW | KC_PICKER, ACT_QUIT, 0, N_("Esc")},
	/* a question */
	{KEY_UP, KC_QUIZ, ACT_CHOICE_UP, 0, N_("Up")},
	{'k', KC_QUIZ, ACT_CHOICE_UP, 0, "k"},
	{KEY_DOWN, KC_QUIZ, ACT_CHOICE_DOWN, 0, N_("Down")},
	{'j', KC_QUIZ, ACT_CHOICE_DOWN, 0, "j"},
	{' ', KC_QUIZ, ACT_TOGGLE, 0, N_("Space")},
	{'a', KC_QUIZ, ACT_TOGGLE, 1, "a"},
	{'b', KC_QUIZ, ACT_TOGGLE, 2, "b"},
	{'c', KC_QUIZ, ACT_TOGGLE, 3, "c"},
	{'d', KC_QUIZ, ACT_TOGGLE, 4, "d"},
	{'e', KC_QUIZ, ACT_TOGGLE, 5, "e"},
	{'f', KC_QUIZ, ACT_TOGGLE, 6, "f"},
	{'g', KC_QUIZ, ACT_TOGGLE, 7, "g"},
	{'h', KC_QUIZ, ACT_TOGGLE, 8, "h"},
	{'\n', KC_QUIZ, ACT_SUBMIT, 0, N_("Enter")},
	{'\r', KC_QUIZ, ACT_SUBMIT, 0, NULL},
	{KEY_ENTER, KC_QUIZ, ACT_SUBMIT, 0, NULL},
	{'\t', KC_QUIZ, ACT_PEEK, 0, N_("Tab")},
	{KEY_LEFT, KC_QUIZ, ACT_LATER, 0, N_("Left")},
	{27, KC_QUIZ, ACT_LATER, 0, N_("Esc")},
	/* the lesson picker */
	{KEY_UP, KC_PICKER, ACT_PICK_UP, 0, N_("Up")},
	{'k', KC_PICKER, ACT_PICK_UP, 0, "k"},
	{KEY_DOWN, KC_PICKER, ACT_PICK_DOWN, 0, N_("Down")},
	{'j', KC_PICKER, ACT_PICK_DOWN, 0, "j"},
	{'\n', KC_PICKER, ACT_OPEN, 0, N_("Enter")},
	{'\r', KC_PICKER, ACT_OPEN, 0, NULL},
	{KEY_ENTER, KC_PICKER, ACT_OPEN, 0, NULL},
	{KEY_RIGHT, KC_PICKER, ACT_OPEN, 0, N_("Right")},
	/* the packet inspector */
	{'i', KC_VIEW | KC_INSPECT, ACT_INSPECT, 0, "i"},
	{27, KC_INSPECT, ACT_INSPECT, 0, N_("Esc")},
	{KEY_LEFT, KC_INSPECT, ACT_FRAME_PREV, 0, N_("Left")},
	{'h', KC_INSPECT, ACT_FRAME_PREV, 0, "h"},
	{KEY_RIGHT, KC_INSPECT, ACT_FRAME_NEXT, 0, N_("Right")},
	{'l', KC_INSPECT, ACT_FRAME_NEXT, 0, "l"},
	{KEY_UP, KC_INSPECT, ACT_FIELD_UP, 0, N_("Up")},
	{'k', KC_INSPECT, ACT_FIELD_UP, 0, "k"},
	{KEY_DOWN, KC_INSPECT, ACT_FIELD_DOWN, 0, N_("Down")},
	{'j', KC_INSPECT, ACT_FIELD_DOWN, 0, "j"},
	{KEY_PPAGE, KC_INSPECT, ACT_HEX_UP, 0, N_("PgUp")},
	{KEY_NPAGE, KC_INSPECT, ACT_HEX_DOWN, 0, N_("PgDn")},
	/* everywhere */
	{CTRL('l'), KC_ALL, ACT_REDRAW, 0, "Ctrl-L"},
};

const size_t key_table_len = sizeof key_table / sizeof key_table[0];

enum action keys_lookup(unsigned ctx, int key, int *arg)
{
	for (size_t i = 0; i < key_table_len; i++) {
		if (key_table[i].key == key && (key_table[i].ctx & ctx)) {
			if (arg)
				*arg = key_table[i].arg;
			return key_table[i].action;
		}
	}
	if (arg)
		*arg = 0;
	return ACT_NONE;
}

const char *keys_action_help(unsigned ctx, enum action a)
{
	switch (a) {
	case ACT_NEXT: return N_("next event");
	case ACT_PREV: return N_("previous event");
	case ACT_FIRST: return N_("first event");
	case ACT_LAST: return N_("last event");
	case ACT_STEP: return N_("jump to handshake step");
	case ACT_MODE: return N_("switch mode: plain, STARTTLS, implicit TLS");
	case ACT_VERSION: return N_("switch TLS version: classic, 1.2, 1.3");
	case ACT_HEX: return N_("wire pane: hex or text");
	case ACT_FASTER: return N_("animation faster");
	case ACT_SLOWER: return N_("animation slower");
	case ACT_ANIMATE: return N_("animation on or off");
	case ACT_CHOICE_UP: return N_("previous choice");
	case ACT_CHOICE_DOWN: return N_("next choice");
	case ACT_TOGGLE: return N_("tick or untick a choice (more than one may be right)");
	case ACT_SUBMIT: return N_("give the answer; after it, any key goes on");
	case ACT_PEEK: return N_("hide the question to look at the panes");
	case ACT_LATER: return N_("step back and answer later");
	case ACT_PICK_UP: return N_("previous lesson");
	case ACT_PICK_DOWN: return N_("next lesson");
	case ACT_OPEN: return N_("open the lesson");
	case ACT_INSPECT:
		return ctx & KC_INSPECT ? N_("close the packet inspector")
					: N_("packet inspector: the fields and bytes of the newest frame");
	case ACT_FRAME_PREV: return N_("previous frame");
	case ACT_FRAME_NEXT: return N_("next frame");
	case ACT_FIELD_UP: return N_("previous field");
	case ACT_FIELD_DOWN: return N_("next field (its bytes are highlighted)");
	case ACT_HEX_UP: return N_("scroll the bytes up");
	case ACT_HEX_DOWN: return N_("scroll the bytes down");
	case ACT_REDRAW: return N_("redraw the whole screen");
	case ACT_HELP: return N_("this help");
	case ACT_QUIT:
		return ctx & (KC_VIEW | KC_QUIZ) ? N_("quit (a lesson remembers where you are)")
						 : N_("quit");
	case ACT_NONE:
	case ACT_COUNT:
		break;
	}
	return "";
}

/* Numbered keys shown as one range: the steps 1-8, the choices a-h. */
static bool in_range(const struct key_binding *k)
{
	return (k->action == ACT_STEP || k->action == ACT_TOGGLE) && k->arg > 0;
}

char *keys_names(unsigned ctx, enum action a, char *buf, size_t n)
{
	size_t used = 0;
	bool range_done = false;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < key_table_len; i++) {
		const struct key_binding *k = &key_table[i];
		const char *name = k->name ? gettext(k->name) : NULL;
		char both[32];
		if (k->action != a || !(k->ctx & ctx) || !k->name)
			continue;
		if (in_range(k)) {
			if (range_done)
				continue;
			const struct key_binding *last = k;
			for (size_t j = i + 1; j < key_table_len; j++)
				if (key_table[j].action == a && (key_table[j].ctx & ctx) &&
				    in_range(&key_table[j]))
					last = &key_table[j];
			snprintf(both, sizeof both, "%s-%s", k->name, last->name);
			name = both;
			range_done = true;
		}
		int w = snprintf(buf + used, n - used, "%s%s", used ? " " : "", name);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	return buf;
}
