/*
 * keylist: the key table (ui/keys.c) as `make bench` sends it, so that
 * the bench measures every key the table holds, the keys added later
 * too.  One line per row of the table:
 *
 *   INDEX CTX ROLE BYTES NAME
 *
 * CTX is the row's enum key_ctx bits; ROLE is what the bench must know
 * to keep the screen where it wants it, or to bring it back there: quit,
 * help, submit, peek, later, open, animate, play, whatif, events,
 * inspect, zoom, unzoom, choose, close, click, ask, yes, retake, next,
 * redraw, scroll, or key (anything else); BYTES are what a terminal of
 * type TERM (xterm-256color if unset) sends for the key, C-escaped
 * (\xNN), or "-" when the terminal has no such key; NAME is the table's
 * name, "-" when the row has none (a second code of a key already named).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

static const char *role(enum action a)
{
	switch (a) {
	case ACT_QUIT:
	case ACT_QUIT_NOW: return "quit";
	case ACT_HELP: return "help";
	case ACT_SUBMIT: return "submit";
	case ACT_PEEK: return "peek";
	case ACT_LATER: return "later";
	case ACT_OPEN: return "open";
	case ACT_ANIMATE: return "animate";
	case ACT_PLAY: return "play";
	case ACT_WHATIF: return "whatif";
	case ACT_EVENTS: return "events";
	case ACT_INSPECT: return "inspect";
	case ACT_ZOOM: return "zoom";
	case ACT_UNZOOM: return "unzoom";
	case ACT_LIST_CHOOSE: return "choose";
	case ACT_LIST_CLOSE: return "close";
	case ACT_CLICK: return "click";
	case ACT_ASK_QUIT: return "ask";
	case ACT_YES: return "yes";
	case ACT_RETAKE: return "retake";
	case ACT_NEXT_LESSON: return "next";
	case ACT_REDRAW: return "redraw";
	case ACT_SCROLL_UP:
	case ACT_SCROLL_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_SCROLL_TOP:
	case ACT_SCROLL_END: return "scroll";
	default: return "key";
	}
}

/* The bytes of key code k, escaped into out; "-" when there are none. */
static void bytes_of(int k, char *out, size_t n)
{
	char one[2] = { (char)k, 0 };
	const char *s = k < 256 ? one : keybound(k, 0);
	size_t used = 0;

	if (!s || (k < 256 && k < 0)) {
		snprintf(out, n, "-");
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p && used + 5 < n; p++)
		used += (size_t)snprintf(out + used, n - used, "\\x%02x", *p);
	if (k == 0 || used == 0)
		snprintf(out, n, "-");
	if (k >= 256)
		free((char *)s);
}

int main(void)
{
	const char *term = getenv("TERM");
	FILE *null = fopen("/dev/null", "w+");
	char bytes[64];

	if (!null || !newterm(term && *term ? term : "xterm-256color", null, null)) {
		fputs("keylist: no terminal description\n", stderr);
		return 1;
	}
	keypad(stdscr, TRUE);
	endwin();
	for (size_t i = 0; i < key_table_len; i++) {
		const struct key_binding *k = &key_table[i];
		bytes_of(k->key, bytes, sizeof bytes);
		printf("%zu %u %s %s ", i, k->ctx, role(k->action), bytes);
		if (!k->name) {
			puts("-");
			continue;
		}
		for (const char *p = k->name; *p; p++)	/* one word: spaces as _ */
			putchar(*p == ' ' ? '_' : *p);
		putchar('\n');
	}
	return 0;
}
