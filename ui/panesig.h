/*
 * panesig: a fingerprint of what a pane would show (all but its size).
 * The loop redraws a pane when its fingerprint changes, so a step
 * rewrites only the panes whose content moved.
 */
#ifndef PANESIG_H
#define PANESIG_H

#include <stdint.h>

#include "layout.h"
#include "panes.h"

/* si is only read for the status line. */
uint64_t panesig(const struct pane_state *s, enum pane pane, const struct status_info *si);

#endif
