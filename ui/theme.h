/*
 * theme: colours, monochrome attributes and the glyphs the panes draw.
 *
 * Every drawing call asks for a role ("readable text on the wire",
 * "ciphertext", "a check that failed") and gets colour when the terminal
 * has it and the user did not say NO_COLOR / --no-color, or a monochrome
 * attribute otherwise.  Glyphs (box lines, check marks, arrows) are
 * Unicode when the locale is UTF-8 and plain ASCII when it is not.
 */
#ifndef THEME_H
#define THEME_H

#include <curses.h>
#include <stdbool.h>

enum role {
	ROLE_NORMAL,
	ROLE_BORDER,
	ROLE_TITLE,
	ROLE_DIM,
	ROLE_NEW,		/* the mark of what was learnt at this event */
	ROLE_CLEAR,		/* text a sniffer reads */
	ROLE_CIPHER,		/* ciphertext */
	ROLE_CREDENTIAL,	/* a password the sniffer recovered */
	ROLE_META,		/* ports, sizes, timing */
	ROLE_OK,
	ROLE_FAIL,
	ROLE_KEY,		/* public values, hex */
	ROLE_SECRET,		/* secret keys, hex */
	ROLE_ALERT,
	ROLE_PACKET_CLEAR,	/* a readable frame in flight */
	ROLE_PACKET_CIPHER,	/* an encrypted frame in flight */
	ROLE_STATUS,
	ROLE_STATUS_KEY,
	ROLE_EMPH,		/* lesson *emphasis* */
	ROLE_CODE,		/* lesson `code` */
	ROLE_ACCENT,		/* the border of the pane a lesson points at */
	ROLE_ACCENT_TITLE,	/* and its title */
	ROLE_SELECT,		/* the chosen line of a list */
	ROLE_COUNT,
};

struct glyphs {
	const char *ok, *fail;		/* check passed / failed */
	const char *right, *left;	/* packet heads */
	const char *track;		/* the empty wire */
	const char *step_done, *step_todo;	/* progress marker */
	const char *ellipsis;
	const char *up;			/* "more above" */
	const char *down;		/* "more below" */
	const char *fresh;		/* in a list's gutter: new at this event */
	const char *sep;		/* between status line fields */
	const char *tab_mark;	/* a tab inside a line of text */
};

/* Sets up colour pairs (after initscr).  color false: monochrome. */
void theme_init(bool color, bool utf8);

attr_t theme_attr(enum role r);
/* True when blanks drawn with a look the same as blanks drawn with none:
 * no background colour, no reverse video, no underline. */
bool theme_blank_plain(attr_t a);
const struct glyphs *theme_glyphs(void);
bool theme_utf8(void);

/* Draws win's border, with title (may be NULL) near the top left. */
void theme_box(WINDOW *win, const char *title, enum role title_role);

/* Draws only the top border row of win and the title on it: for a box
 * whose title changes while the rest stays. */
void theme_box_title(WINDOW *win, const char *title, enum role title_role);

/* The same with the border in another role (ROLE_ACCENT). */
void theme_box_role(WINDOW *win, const char *title, enum role border_role,
		    enum role title_role);

#endif
