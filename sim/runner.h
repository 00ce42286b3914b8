/*
 * runner: turns a scenario into its timeline.  It seeds the randomness,
 * picks the scenario's driver and the hooks of its attacks, runs the
 * session once and hands back the finished, immutable timeline.  The one
 * entry point of the core that the views call to compute anything.
 */
#ifndef RUNNER_H
#define RUNNER_H

#include "timeline.h"

/*
 * Runs the scenario.  Returns a timeline the caller owns (timeline_free),
 * or NULL when the run could not start (no memory for its secrets).
 * Needs rng_init() to have been called; a seeded scenario reseeds it.
 */
__attribute__((warn_unused_result))
struct timeline *timeline_build(const struct scenario *sc);

#endif
