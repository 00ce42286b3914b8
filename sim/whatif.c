/*
 * whatif: the changes a scenario can take in place (see whatif.h).
 */
#include "whatif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define N(v) (sizeof (v) / sizeof (v)[0])

static const struct option_choice modes[] = {
	{ "plain", MODE_PLAIN, N_("plain") },
	{ "starttls", MODE_UPGRADE, "STARTTLS" },
	{ "implicit", MODE_IMPLICIT, N_("implicit TLS") },
};

const struct option_spec whatif_mode = {
	.name = "--mode", .kind = OPTION_ONE, .choices = modes, .n_choices = N(modes),
};

/* The menu's options, by the names of the table's rows; NULL: the mode. */
static const char *const menu_names[] = {
	"attack", "tls-policy", "server-policy", "tls", "hop-b", "attack-hop", NULL,
};

const size_t whatif_n_options = N(menu_names);

const struct option_spec *whatif_option(size_t i)
{
	if (i >= N(menu_names))
		return NULL;
	return menu_names[i] ? options_find(menu_names[i]) : &whatif_mode;
}

const struct option_spec *whatif_find(const char *name)
{
	for (size_t i = 0; i < whatif_n_options; i++) {
		const struct option_spec *o = whatif_option(i);
		if (o && strcmp(o->name + 2, name) == 0)
			return o;
	}
	return NULL;
}

const char *whatif_names(void)
{
	static char names[160];
	if (names[0])
		return names;
	size_t used = 0;
	for (size_t i = 0; i < whatif_n_options; i++) {
		const struct option_spec *o = whatif_option(i);
		int w = snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", o->name + 2);
		if (w < 0 || (size_t)w >= sizeof names - used)
			break;
		used += (size_t)w;
	}
	return names;
}

char *whatif_choices(const struct option_spec *o)
{
	struct buf b = {0};
	for (size_t i = 0; i < o->n_choices; i++) {
		if (i)
			buf_put(&b, ", ", 2);
		buf_put(&b, o->choices[i].name, strlen(o->choices[i].name));
	}
	buf_put8(&b, '\0');
	return (char *)b.p;
}

bool attack_applies(unsigned bit, const struct scenario *sc)
{
	return bit == ATTACK_STRIP ? sc->mode == MODE_UPGRADE : sc->mode != MODE_PLAIN;
}

bool whatif_offered(const struct option_spec *o, const struct scenario *sc)
{
	const char *n = o->name + 2;
	if (strcmp(n, "hop-b") == 0 || strcmp(n, "attack-hop") == 0)
		return sc->proto == PROTO_RELAY;
	if (o == &whatif_mode)
		return scenario_sibling(sc, MODE_PLAIN) != NULL;
	if (strcmp(n, "server-policy") == 0)
		return sc->proto != PROTO_HANDSHAKE;
	return true;
}

const char *whatif_unavailable(const struct option_spec *o, const struct option_choice *c,
			       const struct scenario *sc)
{
	const char *n = o->name + 2;
	if (!whatif_offered(o, sc))
		return N_("not part of this scenario");
	if (strcmp(n, "attack") == 0 && !attack_applies((unsigned)c->value, sc))
		return c->value == ATTACK_STRIP ? N_("needs STARTTLS: choose that mode first")
						: N_("needs TLS: plain mode has none");
	if (strcmp(n, "tls") == 0 && sc->mode == MODE_PLAIN)
		return N_("needs TLS: plain mode has none");
	if (strcmp(n, "tls-policy") == 0 && sc->mode != MODE_UPGRADE)
		return N_("matters only when STARTTLS upgrades the connection");
	if (strcmp(n, "server-policy") == 0 && sc->mode == MODE_IMPLICIT)
		return N_("matters only when a login in clear is possible");
	return NULL;
}

bool whatif_current(const struct option_spec *o, const struct option_choice *c,
		    const struct scenario *sc)
{
	if (o == &whatif_mode)
		return sc->mode == (enum tls_mode)c->value;
	if (o->kind == OPTION_MANY)
		return (o->get(sc) & c->value) != 0;
	return o->get(sc) == c->value;
}

/* sc's protocol in mode m, with what the user chose kept. */
static int other_mode(const struct scenario *sc, enum tls_mode m, struct scenario *out)
{
	const char *name = scenario_sibling(sc, m);
	if (!name || scenario_init(out, name) != 0)
		return -1;
	out->seeded = sc->seeded;
	out->seed = sc->seed;
	out->clock = sc->clock;
	out->tls = sc->tls;
	out->tls_policy = sc->tls_policy;
	for (unsigned b = 1; b; b <<= 1)
		if ((sc->attacks & b) && attack_applies(b, out))
			out->attacks |= b;
	return 0;
}

int whatif_apply(const struct option_spec *o, const struct option_choice *c,
		 const struct scenario *sc, struct scenario *out)
{
	if (whatif_unavailable(o, c, sc))
		return -1;
	if (o == &whatif_mode)
		return other_mode(sc, (enum tls_mode)c->value, out);
	*out = *sc;
	if (o->kind == OPTION_MANY)
		out->attacks ^= (unsigned)c->value;
	else
		o->set(out, c);
	return 0;
}
