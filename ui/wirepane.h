/*
 * wirepane: the middle pane, the wire as the sniffer (or the attacker in
 * the middle) sees it: both ends of the link, a packet moving along a
 * track while a frame is animated, and the log of what was read.
 */
#ifndef WIREPANE_H
#define WIREPANE_H

#include <curses.h>

#include "panes.h"
#include "scenario.h"

void wirepane_draw(WINDOW *w, const struct pane_state *s);

/* The title of the wire pane: a sniffer, an attacker in the middle, or a
 * recording decrypted later (key-leak). */
const char *wirepane_title(const struct scenario *sc);

/* The link the wire pane shows: that of the frame in flight, if one is. */
unsigned wirepane_link(const struct pane_state *s);

#endif
