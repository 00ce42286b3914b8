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
	{KEY_RIGHT, KC_VIEW | KC_ZOOM, ACT_NEXT, 0, N_("Right")},
	{'l', KC_VIEW | KC_ZOOM, ACT_NEXT, 0, "l"},
	{'n', KC_VIEW | KC_ZOOM, ACT_NEXT, 0, "n"},
	{' ', KC_VIEW | KC_ZOOM, ACT_NEXT, 0, N_("Space")},
	{'\n', KC_VIEW | KC_ZOOM, ACT_NEXT, 0, N_("Enter")},
	{'\r', KC_VIEW | KC_ZOOM, ACT_NEXT, 0, NULL},
	{KEY_ENTER, KC_VIEW | KC_ZOOM, ACT_NEXT, 0, NULL},
	{KEY_NPAGE, KC_VIEW, ACT_NEXT, 0, N_("PgDn")},
	{KEY_C3, KC_VIEW | KC_ZOOM, ACT_NEXT, 0, N_("keypad 3")},
	{KEY_B2, KC_VIEW | KC_ZOOM, ACT_NEXT, 0, N_("keypad 5")},
	{KEY_LEFT, KC_VIEW | KC_ZOOM, ACT_PREV, 0, N_("Left")},
	{'h', KC_VIEW | KC_ZOOM, ACT_PREV, 0, "h"},
	{'p', KC_VIEW | KC_ZOOM, ACT_PREV, 0, "p"},
	{KEY_BACKSPACE, KC_VIEW | KC_ZOOM, ACT_PREV, 0, N_("Backspace")},
	{127, KC_VIEW | KC_ZOOM, ACT_PREV, 0, NULL},
	{CTRL('h'), KC_VIEW | KC_ZOOM, ACT_PREV, 0, "Ctrl-H"},
	{KEY_PPAGE, KC_VIEW, ACT_PREV, 0, N_("PgUp")},
	{KEY_A3, KC_VIEW | KC_ZOOM, ACT_PREV, 0, N_("keypad 9")},
	{KEY_HOME, KC_VIEW, ACT_FIRST, 0, N_("Home")},
	{KEY_A1, KC_VIEW, ACT_FIRST, 0, N_("keypad 7")},
	{'g', KC_VIEW, ACT_FIRST, 0, "g"},
	{KEY_END, KC_VIEW, ACT_LAST, 0, N_("End")},
	{KEY_C1, KC_VIEW, ACT_LAST, 0, N_("keypad 1")},
	{'G', KC_VIEW, ACT_LAST, 0, "G"},
	{'1', KC_VIEW | KC_ZOOM, ACT_STEP, 1, "1"},
	{'2', KC_VIEW | KC_ZOOM, ACT_STEP, 2, "2"},
	{'3', KC_VIEW | KC_ZOOM, ACT_STEP, 3, "3"},
	{'4', KC_VIEW | KC_ZOOM, ACT_STEP, 4, "4"},
	{'5', KC_VIEW | KC_ZOOM, ACT_STEP, 5, "5"},
	{'6', KC_VIEW | KC_ZOOM, ACT_STEP, 6, "6"},
	{'7', KC_VIEW | KC_ZOOM, ACT_STEP, 7, "7"},
	{'8', KC_VIEW | KC_ZOOM, ACT_STEP, 8, "8"},
	{'\t', KC_VIEW, ACT_MODE, 0, N_("Tab")},
	{'v', KC_VIEW, ACT_VERSION, 0, "v"},
	{'x', KC_VIEW | KC_ZOOM, ACT_HEX, 0, "x"},
	{'+', KC_VIEW | KC_ZOOM, ACT_FASTER, 0, "+"},
	{'=', KC_VIEW | KC_ZOOM, ACT_FASTER, 0, "="},
	{'-', KC_VIEW | KC_ZOOM, ACT_SLOWER, 0, "-"},
	{'a', KC_VIEW | KC_ZOOM, ACT_ANIMATE, 0, "a"},
	{'z', KC_VIEW | KC_ZOOM, ACT_ZOOM, 0, "z"},
	{KEY_UP, KC_VIEW | KC_ZOOM, ACT_SCROLL_UP, 0, N_("Up")},
	{'k', KC_VIEW | KC_ZOOM, ACT_SCROLL_UP, 0, "k"},
	{KEY_DOWN, KC_VIEW | KC_ZOOM, ACT_SCROLL_DOWN, 0, N_("Down")},
	{'j', KC_VIEW | KC_ZOOM, ACT_SCROLL_DOWN, 0, "j"},
	/* the zoomed pane: these step through the story in the normal view */
	{KEY_PPAGE, KC_ZOOM, ACT_PAGE_UP, 0, N_("PgUp")},
	{KEY_NPAGE, KC_ZOOM, ACT_PAGE_DOWN, 0, N_("PgDn")},
	{KEY_HOME, KC_ZOOM, ACT_SCROLL_TOP, 0, N_("Home")},
	{'g', KC_ZOOM, ACT_SCROLL_TOP, 0, "g"},
	{KEY_END, KC_ZOOM, ACT_SCROLL_END, 0, N_("End")},
	{'G', KC_ZOOM, ACT_SCROLL_END, 0, "G"},
	{27, KC_ZOOM, ACT_UNZOOM, 0, N_("Esc")},
	/* the help overlay, when it is taller than the screen */
	{KEY_UP, KC_HELP, ACT_SCROLL_UP, 0, N_("Up")},
	{'k', KC_HELP, ACT_SCROLL_UP, 0, "k"},
	{KEY_DOWN, KC_HELP, ACT_SCROLL_DOWN, 0, N_("Down")},
	{'j', KC_HELP, ACT_SCROLL_DOWN, 0, "j"},
	{KEY_PPAGE, KC_HELP, ACT_PAGE_UP, 0, N_("PgUp")},
	{KEY_NPAGE, KC_HELP, ACT_PAGE_DOWN, 0, N_("PgDn")},
	{KEY_HOME, KC_HELP, ACT_SCROLL_TOP, 0, N_("Home")},
	{KEY_END, KC_HELP, ACT_SCROLL_END, 0, N_("End")},
	/* the narration beside a question */
	{'K', KC_QUIZ, ACT_TEXT_UP, 0, "K"},
	{'J', KC_QUIZ, ACT_TEXT_DOWN, 0, "J"},
	{'f', KC_VIEW | KC_ZOOM, ACT_FOLLOW, 0, "f"},
	{'w', KC_VIEW, ACT_WHATIF, 0, "w"},
	{'e', KC_VIEW, ACT_EVENTS, 0, "e"},
	{'P', KC_VIEW | KC_QUIZ, ACT_PLAY, 0, "P"},
	{'?', KC_ALL, ACT_HELP, 0, "?"},
	{KEY_F(1), KC_ALL, ACT_HELP, 0, "F1"},
	{'q', KC_VIEW | KC_QUIZ | KC_PICKER | KC_SUMMARY | KC_ZOOM | KC_INSPECT, ACT_QUIT, 0, "q"},
	{'Q', KC_VIEW | KC_QUIZ | KC_PICKER | KC_SUMMARY | KC_LIST | KC_ZOOM | KC_INSPECT, ACT_QUIT_NOW, 0, "Q"},
	{27, KC_VIEW | KC_PICKER, ACT_ASK_QUIT, 0, N_("Esc")},
	/* the what-if menu and the event list */
	{KEY_UP, KC_LIST, ACT_LIST_UP, 0, N_("Up")},
	{'k', KC_LIST, ACT_LIST_UP, 0, "k"},
	{KEY_DOWN, KC_LIST, ACT_LIST_DOWN, 0, N_("Down")},
	{'j', KC_LIST, ACT_LIST_DOWN, 0, "j"},
	{KEY_PPAGE, KC_LIST, ACT_LIST_PAGE_UP, 0, N_("PgUp")},
	{KEY_NPAGE, KC_LIST, ACT_LIST_PAGE_DOWN, 0, N_("PgDn")},
	{'\n', KC_LIST, ACT_LIST_CHOOSE, 0, N_("Enter")},
	{'\r', KC_LIST, ACT_LIST_CHOOSE, 0, NULL},
	{KEY_ENTER, KC_LIST, ACT_LIST_CHOOSE, 0, NULL},
	{27, KC_LIST, ACT_LIST_CLOSE, 0, N_("Esc")},
	{'q', KC_LIST, ACT_LIST_CLOSE, 0, "q"},
	{'w', KC_LIST, ACT_LIST_CLOSE, 0, "w"},
	{'e', KC_LIST, ACT_LIST_CLOSE, 0, "e"},
	{KEY_MOUSE, KC_LIST, ACT_CLICK, 0, N_("mouse")},
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
	{'r', KC_QUIZ, ACT_REVEAL, 0, "r"},
	/* the lesson picker */
	{KEY_UP, KC_PICKER, ACT_PICK_UP, 0, N_("Up")},
	{'k', KC_PICKER, ACT_PICK_UP, 0, "k"},
	{KEY_DOWN, KC_PICKER, ACT_PICK_DOWN, 0, N_("Down")},
	{'j', KC_PICKER, ACT_PICK_DOWN, 0, "j"},
	{'\n', KC_PICKER, ACT_OPEN, 0, N_("Enter")},
	{'\r', KC_PICKER, ACT_OPEN, 0, NULL},
	{KEY_ENTER, KC_PICKER, ACT_OPEN, 0, NULL},
	{KEY_RIGHT, KC_PICKER, ACT_OPEN, 0, N_("Right")},
	{KEY_PPAGE, KC_PICKER, ACT_PICK_PGUP, 0, N_("PgUp")},
	{KEY_NPAGE, KC_PICKER, ACT_PICK_PGDN, 0, N_("PgDn")},
	{KEY_HOME, KC_PICKER, ACT_PICK_FIRST, 0, N_("Home")},
	{'g', KC_PICKER, ACT_PICK_FIRST, 0, "g"},
	{KEY_END, KC_PICKER, ACT_PICK_LAST, 0, N_("End")},
	{'G', KC_PICKER, ACT_PICK_LAST, 0, "G"},
	{'r', KC_PICKER | KC_SUMMARY, ACT_RETAKE, 0, "r"},
	/* the end of a lesson: any other key closes it */
	{'n', KC_SUMMARY, ACT_NEXT_LESSON, 0, "n"},
	/* a yes/no question (quit? start over?): any other key says no */
	{'y', KC_CONFIRM, ACT_YES, 0, "y"},
	{'Y', KC_CONFIRM, ACT_YES, 0, NULL},
	{'n', KC_CONFIRM, ACT_NO, 0, "n"},
	{27, KC_CONFIRM, ACT_NO, 0, N_("Esc")},
	/* the packet inspector */
	{'i', KC_VIEW | KC_ZOOM | KC_INSPECT, ACT_INSPECT, 0, "i"},
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

/* long because: one case per action of the key table */
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
	case ACT_WHATIF: return N_("what if: attack, policies, TLS version, mode");
	case ACT_EVENTS: return N_("list of every event: jump to one");
	case ACT_PLAY:
		return ctx & KC_QUIZ ? N_("after the answer: play on")
				     : N_("play the story step by step, or pause");
	case ACT_LIST_UP: return N_("previous entry");
	case ACT_LIST_DOWN: return N_("next entry");
	case ACT_LIST_PAGE_UP: return N_("a page up");
	case ACT_LIST_PAGE_DOWN: return N_("a page down");
	case ACT_LIST_CHOOSE: return N_("take the entry under the cursor");
	case ACT_LIST_CLOSE: return N_("close");
	case ACT_CLICK: return N_("a click chooses an entry; a second click takes it");
	case ACT_ZOOM: return N_("zoom: each pane in turn, then the normal view");
	case ACT_UNZOOM: return N_("back to the normal view");
	case ACT_SCROLL_UP:
		return ctx & KC_ZOOM ? N_("scroll up a line") : N_("scroll the narration up");
	case ACT_SCROLL_DOWN:
		return ctx & KC_ZOOM ? N_("scroll down a line") : N_("scroll the narration down");
	case ACT_PAGE_UP: return N_("scroll up a page");
	case ACT_PAGE_DOWN: return N_("scroll down a page");
	case ACT_SCROLL_TOP: return N_("the first line");
	case ACT_SCROLL_END: return N_("the last line");
	case ACT_TEXT_UP: return N_("scroll the narration up");
	case ACT_TEXT_DOWN: return N_("scroll the narration down");
	case ACT_CHOICE_UP: return N_("previous choice");
	case ACT_CHOICE_DOWN: return N_("next choice");
	case ACT_TOGGLE: return N_("tick or untick a choice (more than one may be right)");
	case ACT_SUBMIT: return N_("give the answer; after it, any key goes on");
	case ACT_PEEK: return N_("hide the question to look at the panes");
	case ACT_LATER: return N_("step back and answer later");
	case ACT_PICK_UP: return N_("previous lesson");
	case ACT_PICK_DOWN: return N_("next lesson");
	case ACT_OPEN: return N_("open the lesson");
	case ACT_PICK_PGUP: return N_("a page of lessons up");
	case ACT_PICK_PGDN: return N_("a page of lessons down");
	case ACT_PICK_FIRST: return N_("first lesson");
	case ACT_PICK_LAST: return N_("last lesson");
	case ACT_RETAKE:
		return ctx & KC_PICKER ? N_("start the lesson over (asks first; clears its answers)")
				       : N_("take the lesson again from the start");
	case ACT_NEXT_LESSON: return N_("open the next lesson");
	case ACT_YES: return N_("yes");
	case ACT_NO: return N_("no");
	case ACT_ASK_QUIT: return N_("quit, after asking");
	case ACT_QUIT_NOW: return N_("quit at once (a lesson keeps your place)");
	case ACT_FOLLOW: return N_("in a class: back to the teacher, and follow it");
	case ACT_REVEAL: return N_("teaching a class: show the class the answer");
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
		return ctx & (KC_VIEW | KC_QUIZ | KC_SUMMARY | KC_ZOOM) ? N_("lesson list (from a lesson, not in a class), else quit")
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

/* The names of the keys of action a on screen ctx, translated, into buf;
 * false when they did not all fit. */
static bool names_of(unsigned ctx, enum action a, char *buf, size_t n)
{
	size_t used = 0;
	bool range_done = false;

	buf[0] = '\0';
	for (size_t i = 0; i < key_table_len; i++) {
		const struct key_binding *k = &key_table[i];
		char both[32];
		if (k->action != a || !(k->ctx & ctx) || !k->name)
			continue;
		const char *name = gettext(k->name);
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
			return false;
		used += (size_t)w;
	}
	return true;
}

/*
 * The names made so far, per screen and action, in the language they
 * were made in: the question box and the help ask for them on every
 * redraw, and making them means a look-up in the catalogue per key.
 */
#define NAMES_CACHED 256	/* every action of a few screens */
#define NAMES_MAX 128

static struct names_entry {
	unsigned ctx;
	enum action a;
	bool whole;		/* every name fitted in text */
	char text[NAMES_MAX];
} names_cache[NAMES_CACHED];
static size_t names_cached;
static const char *names_lang;	/* i18n_lang() when they were made */

char *keys_names(unsigned ctx, enum action a, char *buf, size_t n)
{
	if (n == 0)
		return buf;
	if (names_lang != i18n_lang()) {	/* another language: start over */
		names_lang = i18n_lang();
		names_cached = 0;
	}
	struct names_entry *e = NULL;
	for (size_t i = 0; i < names_cached && !e; i++)
		if (names_cache[i].ctx == ctx && names_cache[i].a == a)
			e = &names_cache[i];
	if (!e && names_cached < NAMES_CACHED) {
		e = &names_cache[names_cached++];
		e->ctx = ctx;
		e->a = a;
		e->whole = names_of(ctx, a, e->text, sizeof e->text);
	}
	if (e && e->whole && strlen(e->text) < n) {
		memcpy(buf, e->text, strlen(e->text) + 1);
		return buf;
	}
	names_of(ctx, a, buf, n);	/* a smaller buffer cuts at another name */
	return buf;
}
