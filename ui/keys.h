/*
 * keys: the key table.  Every key the app understands is one row here:
 * the key code, the screens it works on, the action it triggers, and how
 * the help overlay names it.  The loop looks keys up in this table and
 * the help overlay is generated from it, so the two cannot drift apart.
 */
#ifndef KEYS_H
#define KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum action {
	ACT_NONE,
	ACT_NEXT,	/* next event */
	ACT_PREV,	/* previous event */
	ACT_FIRST,
	ACT_LAST,
	ACT_STEP,	/* jump to handshake step arg (1..8) */
	ACT_MODE,	/* plain -> STARTTLS -> implicit TLS */
	ACT_VERSION,	/* TLS version: classic -> 1.2 -> 1.3 */
	ACT_HEX,	/* wire pane: hex or text */
	ACT_FASTER,
	ACT_SLOWER,
	ACT_ANIMATE,	/* animation on / off */
	ACT_WHATIF,	/* the what-if menu: change the scenario in place */
	ACT_EVENTS,	/* the list of every event of the story */
	ACT_PLAY,	/* auto-play on / off */
	ACT_ZOOM,	/* one pane fills the screen: client, wire, server,
			 * narration, then the normal view again */
	ACT_UNZOOM,	/* back to the normal view */
	ACT_SCROLL_UP,	/* the zoomed pane, or the narration: a line up */
	ACT_SCROLL_DOWN,
	ACT_PAGE_UP,	/* the zoomed pane: a page */
	ACT_PAGE_DOWN,
	ACT_SCROLL_TOP,	/* the zoomed pane: its first or last line */
	ACT_SCROLL_END,
	ACT_TEXT_UP,	/* the narration a line up, from any screen */
	ACT_TEXT_DOWN,
	ACT_CHOICE_UP,	/* question: the cursor to the previous choice */
	ACT_CHOICE_DOWN,
	ACT_TOGGLE,	/* question: tick or untick choice arg (0: the cursor's) */
	ACT_SUBMIT,	/* question: give the answer */
	ACT_PEEK,	/* question: hide it for a while to look at the panes */
	ACT_LATER,	/* question: step back, answer later */
	ACT_PICK_UP,	/* picker: previous lesson */
	ACT_PICK_DOWN,
	ACT_OPEN,	/* picker: open the chosen lesson */
	ACT_PICK_PGUP,	/* picker: a page of lessons up */
	ACT_PICK_PGDN,
	ACT_PICK_FIRST,
	ACT_PICK_LAST,
	ACT_RETAKE,	/* picker, summary: the lesson again from the start */
	ACT_NEXT_LESSON,	/* summary: open the next lesson */
	ACT_YES,	/* a question on the status line: yes */
	ACT_NO,
	ACT_ASK_QUIT,	/* Esc: quit, after asking */
	ACT_QUIT_NOW,	/* Q: quit at once, from a lesson too */
	ACT_FOLLOW,	/* a class: back to the teacher's place, and follow */
	ACT_REVEAL,	/* a class: the teacher shows everyone the answer */
	ACT_LIST_UP,	/* a list (menu, events): the previous entry */
	ACT_LIST_DOWN,
	ACT_LIST_PAGE_UP,
	ACT_LIST_PAGE_DOWN,
	ACT_LIST_CHOOSE,	/* a list: take the entry under the cursor */
	ACT_LIST_CLOSE,
	ACT_CLICK,	/* a list: the mouse chose an entry (KEY_MOUSE) */
	ACT_INSPECT,	/* the packet inspector: open on the newest frame, or close */
	ACT_FRAME_PREV,	/* inspector: the frame before */
	ACT_FRAME_NEXT,
	ACT_FIELD_UP,	/* inspector: the cursor to the field above */
	ACT_FIELD_DOWN,
	ACT_HEX_UP,	/* inspector: scroll the hex */
	ACT_HEX_DOWN,
	ACT_REDRAW,	/* repaint the whole screen */
	ACT_HELP,
	ACT_QUIT,
	ACT_COUNT,
};

/* The screens a key works on (bits). */
enum key_ctx {
	KC_VIEW = 1,	/* stepping through the timeline */
	KC_QUIZ = 2,	/* a question is asked */
	KC_PICKER = 4,	/* the lesson picker */
	KC_SUMMARY = 8,	/* the end of a lesson */
	KC_CONFIRM = 16,	/* a yes/no question in a small box */
	KC_LIST = 32,	/* the what-if menu or the event list */
	KC_ZOOM = 64,	/* one pane fills the screen */
	KC_HELP = 128,	/* the help overlay: its scroll keys; any other closes it */
	KC_INSPECT = 256,	/* the packet inspector */
	KC_ALL = 511,
};

struct key_binding {
	int key;		/* curses key code or character */
	unsigned ctx;		/* enum key_ctx bits */
	enum action action;
	int arg;		/* ACT_STEP: the step; ACT_TOGGLE: the choice */
	const char *name;	/* how help names it; NULL only for a second
				 * code of a key already named (Enter, Delete) */
};

extern const struct key_binding key_table[];
extern const size_t key_table_len;

/* The action bound to key on screen ctx (ACT_NONE if none); *arg gets
 * its argument. */
enum action keys_lookup(unsigned ctx, int key, int *arg);

/* What an action does on screen ctx, for the help overlay (untranslated,
 * N_ marked). */
const char *keys_action_help(unsigned ctx, enum action a);

/*
 * The names of every key bound to action a on screen ctx, joined with
 * " " into buf (size n), with runs of numbered keys (steps, choices)
 * shown as "1-8" or "a-h".  Returns buf.  The names are made once per
 * screen, action and language: asking again (every redraw of a question
 * or the help does) looks nothing up in the catalogue.
 */
char *keys_names(unsigned ctx, enum action a, char *buf, size_t n);

#endif
