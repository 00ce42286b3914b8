/*
 * runner: seed, session, hooks, driver, summary (see runner.h).
 */
#include <stdlib.h>

#include "attack.h"
#include "drivers.h"
#include "openings.h"
#include "rng.h"
#include "runner.h"
#include "session.h"

struct timeline *timeline_build(const struct scenario *sc)
{
	struct timeline *tl = xcalloc(1, sizeof *tl);
	const struct sess_hooks *hooks[SESS_MAX_HOOKS];
	size_t n_hooks = attack_hooks(sc->attacks, hooks, SESS_MAX_HOOKS);
	struct sess s;

	tl->sc = *sc;
	if (sc->seeded)
		rng_seed(sc->seed);
	else
		rng_system();
	if (sess_init(&s, tl, driver_find(sc->proto), hooks, n_hooks) < 0) {
		sess_free(&s);
		timeline_free(tl);
		return NULL;
	}
	tl->outcome = sess_run(&s);
	sess_free(&s);
	if (openings_build(tl) < 0) {
		timeline_free(tl);
		return NULL;
	}
	return tl;
}
