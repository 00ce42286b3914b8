/*
 * steps: the eight steps of the handshake as a table of events, run on
 * the session's current link.  Each step is one function that puts its
 * messages on the wire and writes what each side learnt; the table gives
 * its number, name, title and actor, so the step bar, the lessons and the
 * transcript all see the same eight steps whatever the key exchange.
 */
#ifndef STEPS_H
#define STEPS_H

#include "session.h"

/*
 * The eight steps on the current link, as eight events.  0 when the
 * session key is in place on both sides, -1 when a side stopped (the
 * reason is in its facts and an alert crossed the wire).
 */
int sess_tls(struct sess *s);

#endif
