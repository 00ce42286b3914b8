/*
 * keys: the key table.  Every key the app understands is one row here:
 * the key code, the action it triggers, and how the help overlay names
 * it.  The loop looks keys up in this table and the help overlay is
 * generated from it, so the two cannot drift apart.
 */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

enum action {
	ACT_NONE,
	ACT_NEXT,	/* next event */
	ACT_PREV,	/* previous event */
	ACT_FIRST,
	ACT_LAST,
	ACT_STEP,	/* jump to handshake step arg (1..8) */
	ACT_MODE,	/* plain -> STARTTLS -> implicit TLS */
	ACT_HEX,	/* wire pane: hex or text */
	ACT_FASTER,
	ACT_SLOWER,
	ACT_ANIMATE,	/* animation on / off */
	ACT_HELP,
	ACT_QUIT,
	ACT_COUNT,
};

struct key_binding {
	int key;		/* curses key code or character */
	enum action action;
	int arg;		/* ACT_STEP: the step */
	const char *name;	/* how help names it; NULL only for a second
				 * code of a key already named (Enter, Delete) */
};

extern const struct key_binding key_table[];
extern const size_t key_table_len;

/* The action bound to key (ACT_NONE if none); *arg gets its argument. */
enum action keys_lookup(int key, int *arg);

/* What an action does, for the help overlay (untranslated, N_ marked). */
const char *keys_action_help(enum action a);

/*
 * The names of every key bound to action a, joined with " " into buf
 * (size n), with runs of ACT_STEP keys shown as "1-8".  Returns buf.
 */
char *keys_names(enum action a, char *buf, size_t n);

#endif
