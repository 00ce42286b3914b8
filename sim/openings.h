/*
 * openings: every protected record of a finished run opened once with the
 * run's own key log, into the timeline (struct opening), so that a view
 * can show what each endpoint read, and with which key and nonce, without
 * doing cryptography itself.
 */
#ifndef OPENINGS_H
#define OPENINGS_H

#include "timeline.h"

/* Fills tl->openings from tl's frames and key log.  0, or -1 when no
 * guarded memory could be had (the timeline then has no openings). */
int openings_build(struct timeline *tl);

#endif
