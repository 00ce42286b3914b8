/*
 * attack: what an attacker does to the traffic, as hook structures the
 * session calls at fixed points (see struct sess_hooks).  Every outcome
 * then follows from the real protocol logic and cryptography on the
 * receiving side: an attack only changes bytes, keys or certificates.
 */
#ifndef ATTACK_H
#define ATTACK_H

#include "session.h"

/*
 * The hooks of the attacks in the enum attack bits (at most max), in the
 * order they act.  Returns how many it wrote to out.
 */
size_t attack_hooks(unsigned attacks, const struct sess_hooks **out, size_t max);

#endif
