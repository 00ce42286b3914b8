/*
 * whatif: the changes a scenario can take in place, for the what-if menu
 * (`w`) and the changes a lesson section suggests ("try: attack=strip").
 *
 * A change is a row of the options table and one of its choices (an
 * attack is toggled, any other option set), or one of the TLS modes of
 * the pseudo-option whatif_mode, which swaps the scenario for its sibling
 * of the same protocol (as Tab does).  Whether a change applies depends
 * on the scenario: stripping needs an upgrade, the other attacks and the
 * TLS version a handshake, hop B's options the relay.
 *
 * Core: no curses, no catalogue; reasons are msgids marked N_().
 */
#ifndef WHATIF_H
#define WHATIF_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "scenario.h"

/* The pseudo-option "mode": plain, starttls, implicit (enum tls_mode). */
extern const struct option_spec whatif_mode;

/* The options the menu shows, in its order (whatif_mode last): the i-th
 * of whatif_n_options, or NULL past the end. */
extern const size_t whatif_n_options;
const struct option_spec *whatif_option(size_t i);

/* The option a lesson's "try:" may name ("attack", "tls", "mode"), or
 * NULL; and the names it accepts, ", " between them (static). */
const struct option_spec *whatif_find(const char *name);
const char *whatif_names(void);

/* The choices of o, quoted and joined for a diagnostic (caller frees). */
char *whatif_choices(const struct option_spec *o);

/* Whether an attack (one bit) has something to attack in sc. */
bool attack_applies(unsigned bit, const struct scenario *sc);

/* Whether option o matters in sc at all (hop B only in the relay...). */
bool whatif_offered(const struct option_spec *o, const struct scenario *sc);

/* Why change c of o cannot be made in sc (a msgid), or NULL when it can. */
const char *whatif_unavailable(const struct option_spec *o, const struct option_choice *c,
			       const struct scenario *sc);

/* Whether sc has c already: its value, or (an attack) it is on. */
bool whatif_current(const struct option_spec *o, const struct option_choice *c,
		    const struct scenario *sc);

/*
 * sc with change c of o made: the value set, an attack toggled, or the
 * sibling in another mode with the seed, clock, version, client policy
 * and the attacks that still apply kept.  Returns 0 with *out set, or -1
 * when the change does not apply (see whatif_unavailable).
 */
int whatif_apply(const struct option_spec *o, const struct option_choice *c,
		 const struct scenario *sc, struct scenario *out);

#endif
