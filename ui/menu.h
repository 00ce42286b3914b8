/*
 * menu: the what-if menu (`w`).  It lists what the scenario on show can
 * change (whatif.h): the attacks, the client's and the server's TLS
 * policy, the TLS version, hop B's options in the relay, and the mode,
 * each value with a mark on the current one.  The changes the lesson's
 * section suggests come first.  A change that cannot be made is greyed,
 * with the reason; inside a lesson, everything but its suggestions (and
 * the way back to the lesson's own settings).
 *
 * menu_key() takes an action from the key table and says what the loop
 * should do; menu_change() then gives the scenario chosen.
 */
#ifndef MENU_H
#define MENU_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "lesson.h"
#include "listbox.h"
#include "scenario.h"

#define MENU_MAX 64

struct menu_entry {
	const char *heading;		/* msgid of a heading row, or NULL */
	const struct option_spec *o;	/* the change: o and c, or NULL ... */
	const struct option_choice *c;
	bool restore;			/* ... for the lesson's own settings */
	bool current;			/* the scenario has it already */
	bool suggested;			/* in the lesson's suggestions */
	bool fixed;			/* greyed because the lesson keeps it */
	const char *why;		/* msgid: why it cannot be chosen, or NULL */
};

struct menu {
	struct menu_entry v[MENU_MAX];
	struct listbox lb;
	struct scenario sc;		/* the scenario it was made for */
	struct scenario lesson_sc;	/* the lesson's own (when lesson) */
	bool lesson;
};

/* What the loop should do after a key. */
enum {
	MENU_REDRAW = 1,
	MENU_CLOSE = 2,
	MENU_CHOSEN = 4,	/* menu_change() has the scenario */
	MENU_REFUSED = 8,	/* the entry cannot be taken: its why says so */
};

/*
 * Fills m for scenario sc, with the suggestions tries (n of them) first.
 * lesson_sc: the lesson's own scenario inside a lesson, which then
 * allows only the suggestions and the way back to it; NULL elsewhere.
 */
void menu_init(struct menu *m, const struct scenario *sc, const struct lesson_option *tries,
	       size_t n, const struct scenario *lesson_sc);

void menu_draw(WINDOW *w, struct menu *m);

/* Rows and columns the menu would like. */
void menu_size(const struct menu *m, int *rows, int *cols);

unsigned menu_key(struct menu *m, enum action act);

/* A click at row y of the menu's window: the cursor goes there, and a
 * second click on the same entry takes it (returns as menu_key). */
unsigned menu_click(struct menu *m, int y);

/* The scenario of the entry under the cursor into *out, and a message
 * for the status line (translated, n bytes) into what.  -1 when the
 * entry cannot be taken. */
int menu_change(const struct menu *m, struct scenario *out, char *what, size_t n);

/* The entry under the cursor (for a refusal: its why). */
const struct menu_entry *menu_sel(const struct menu *m);

#endif
