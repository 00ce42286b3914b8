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
	ACT_CHOICE_UP,	/* question: the cursor to the previous choice */
	ACT_CHOICE_DOWN,
	ACT_TOGGLE,	/* question: tick or untick choice arg (0: the cursor's) */
	ACT_SUBMIT,	/* question: give the answer */
	ACT_PEEK,	/* question: hide it for a while to look at the panes */
	ACT_LATER,	/* question: step back, answer later */
	ACT_PICK_UP,	/* picker: previous lesson */
	ACT_PICK_DOWN,
	ACT_OPEN,	/* picker: open the chosen lesson */
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
	KC_INSPECT = 8,	/* the packet inspector */
	KC_ALL = 15,
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
 * shown as "1-8" or "a-h".  Returns buf.
 */
char *keys_names(unsigned ctx, enum action a, char *buf, size_t n);

#endif
