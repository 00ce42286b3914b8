/*
 * options: the table of what can be chosen about a run (see options.h).
 *
 * Read the table at the bottom first: each row is an option, and the
 * small functions above it are how its value reaches a scenario.
 */
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define N(v) (sizeof (v) / sizeof (v)[0])

/* ---- how values reach a scenario ------------------------------------------ */

static int get_scenario(const struct scenario *sc)
{
	return SCENARIO_KIND(sc->proto, sc->mode);
}

static void set_seed(struct scenario *sc, uint64_t n)
{
	sc->seeded = true;
	sc->seed = n;
}

static void set_attack(struct scenario *sc, const struct option_choice *c)
{
	sc->attacks |= (unsigned)c->value;
}

static int get_attack(const struct scenario *sc)
{
	return (int)sc->attacks;
}

static void set_tls_policy(struct scenario *sc, const struct option_choice *c)
{
	sc->tls_policy = (enum tls_policy)c->value;
}

static int get_tls_policy(const struct scenario *sc)
{
	return (int)sc->tls_policy;
}

static void set_server_policy(struct scenario *sc, const struct option_choice *c)
{
	sc->server_policy = (enum server_policy)c->value;
}

static int get_server_policy(const struct scenario *sc)
{
	return (int)sc->server_policy;
}

static void set_tls(struct scenario *sc, const struct option_choice *c)
{
	sc->tls = (enum tls_version)c->value;
}

static int get_tls(const struct scenario *sc)
{
	return (int)sc->tls;
}

static void set_hop_b(struct scenario *sc, const struct option_choice *c)
{
	sc->hop_b = (enum hop_b_policy)c->value;
}

static int get_hop_b(const struct scenario *sc)
{
	return (int)sc->hop_b;
}

static void set_attack_hop(struct scenario *sc, const struct option_choice *c)
{
	sc->attack_hop = (enum attack_hop)c->value;
}

static int get_attack_hop(const struct scenario *sc)
{
	return (int)sc->attack_hop;
}

/* ---- the values ------------------------------------------------------------ */

static const struct option_choice scenarios[] = {
	{ "handshake", SCENARIO_KIND(PROTO_HANDSHAKE, MODE_IMPLICIT),
	  N_("the eight steps alone, then one protected message each way") },
	{ "smtp-plain", SCENARIO_KIND(PROTO_SMTP, MODE_PLAIN),
	  N_("SMTP on port 25, everything in clear") },
	{ "smtp-starttls", SCENARIO_KIND(PROTO_SMTP, MODE_UPGRADE),
	  N_("SMTP submission on port 587, upgraded with STARTTLS") },
	{ "smtps", SCENARIO_KIND(PROTO_SMTP, MODE_IMPLICIT),
	  N_("SMTP submission on port 465, TLS from the first byte") },
	{ "pop3-plain", SCENARIO_KIND(PROTO_POP3, MODE_PLAIN),
	  N_("POP3 on port 110, everything in clear") },
	{ "pop3-stls", SCENARIO_KIND(PROTO_POP3, MODE_UPGRADE),
	  N_("POP3 on port 110, upgraded with STLS") },
	{ "pop3s", SCENARIO_KIND(PROTO_POP3, MODE_IMPLICIT),
	  N_("POP3 on port 995, TLS from the first byte") },
	{ "imap-plain", SCENARIO_KIND(PROTO_IMAP, MODE_PLAIN),
	  N_("IMAP on port 143, everything in clear") },
	{ "imap-starttls", SCENARIO_KIND(PROTO_IMAP, MODE_UPGRADE),
	  N_("IMAP on port 143, upgraded with STARTTLS") },
	{ "imaps", SCENARIO_KIND(PROTO_IMAP, MODE_IMPLICIT),
	  N_("IMAP on port 993, TLS from the first byte") },
	{ "relay", SCENARIO_KIND(PROTO_RELAY, MODE_UPGRADE),
	  N_("submission on 587 (hop A), DNS MX, relay on 25 (hop B)") },
};

static const struct option_choice attacks[] = {
	{ "strip", ATTACK_STRIP,
	  N_("delete STARTTLS/STLS from the server's reply (upgrade scenarios)") },
	{ "forge", ATTACK_FORGE, N_("answer with the attacker's own certificate for the right name") },
	{ "expired", ATTACK_EXPIRED, N_("the server's certificate has expired") },
	{ "wrong-name", ATTACK_WRONG_NAME, N_("the server's certificate is for another name") },
	{ "untrusted", ATTACK_UNTRUSTED,
	  N_("the server's certificate comes from a CA not in the trust store") },
	{ "tamper", ATTACK_TAMPER, N_("flip one bit of a protected record") },
	{ "key-leak", ATTACK_KEY_LEAK,
	  N_("steal the server's private keys later and decrypt the recording") },
};

static const struct option_choice tls_policies[] = {
	{ "required", POLICY_REQUIRED, NULL },
	{ "opportunistic", POLICY_OPPORTUNISTIC, NULL },
};

static const struct option_choice server_policies[] = {
	{ "strict", SERVER_STRICT, NULL },
	{ "lax", SERVER_LAX, NULL },
};

static const struct option_choice tls_versions[] = {
	{ "classic", TLS_CLASSIC, NULL },
	{ "1.2", TLS_12, NULL },
	{ "1.3", TLS_13, NULL },
};

static const struct option_choice next_hops[] = {
	{ "plain", HOP_B_PLAIN, NULL },
	{ "opportunistic", HOP_B_OPPORTUNISTIC, NULL },
	{ "mta-sts", HOP_B_MTA_STS, NULL },
	{ "dane", HOP_B_DANE, NULL },
};

static const struct option_choice attack_hops[] = {
	{ "a", ATTACK_HOP_A, NULL },
	{ "b", ATTACK_HOP_B, NULL },
};

static const struct option_choice languages[] = {
	{ "en", LESSON_LANG_EN, NULL },
	{ "ja", LESSON_LANG_JA, NULL },
};

/* ---- the table ------------------------------------------------------------- */

#define CHOICES(v) .choices = (v), .n_choices = N(v)

const struct option_spec options_table[] = {
	{ .name = "--scenario", .short_name = 's', .metavar = "NAME",
	  .help = N_("scenario to run (default smtp-starttls; see --list)"),
	  .list_title = N_("scenarios:"), .bad_value = N_("unknown scenario '%s' (see --list)"),
	  .kind = OPTION_BASE, CHOICES(scenarios), .def = "smtp-starttls",
	  .set = scenario_set, .get = get_scenario },
	{ .name = "--seed", .metavar = "N",
	  .help = N_("repeatable keys and nonces, for teaching only"),
	  .bad_value = N_("--seed wants a whole number from 0 to 18446744073709551615, not '%s'"),
	  .kind = OPTION_NUMBER, .set_number = set_seed },
	{ .name = "--attack", .metavar = "NAME",
	  .help = N_("run an attack (repeatable; see --list)"),
	  .list_title = N_("attacks:"), .bad_value = N_("unknown attack '%s' (see --list)"),
	  .kind = OPTION_MANY, CHOICES(attacks), .set = set_attack, .get = get_attack },
	{ .name = "--tls-policy", .metavar = "P",
	  .help = N_("client: required (default) or opportunistic"),
	  .kind = OPTION_ONE, CHOICES(tls_policies), .def = "required",
	  .set = set_tls_policy, .get = get_tls_policy },
	/* No default here: strict with TLS, lax in clear (scenario_init). */
	{ .name = "--server-policy", .metavar = "P",
	  .help = N_("server: strict (default with TLS) or lax"),
	  .kind = OPTION_ONE, CHOICES(server_policies),
	  .set = set_server_policy, .get = get_server_policy },
	{ .name = "--tls", .metavar = "V",
	  .help = N_("TLS version: classic (the eight steps, default), 1.2 or 1.3"),
	  .kind = OPTION_ONE, CHOICES(tls_versions), .def = "classic",
	  .set = set_tls, .get = get_tls },
	{ .name = "--hop-b", .metavar = "P",
	  .help = N_("relay's next hop: plain (no STARTTLS offered), opportunistic (default), "
		     "mta-sts or dane"),
	  .kind = OPTION_ONE, CHOICES(next_hops), .def = "opportunistic", .relay_only = true,
	  .set = set_hop_b, .get = get_hop_b },
	{ .name = "--attack-hop", .metavar = "H",
	  .help = N_("relay: the hop the attacker sits on, a (default) or b"),
	  .kind = OPTION_ONE, CHOICES(attack_hops), .def = "a", .relay_only = true,
	  .set = set_attack_hop, .get = get_attack_hop },
	/* Not part of a scenario: the language of the UI and the lessons,
	 * by default the locale's. */
	{ .name = "--lang", .metavar = "en|ja",
	  .help = N_("language of the lesson picker and narration"),
	  .kind = OPTION_ONE, CHOICES(languages) },
};
const size_t options_count = N(options_table);

/* ---- lookups ---------------------------------------------------------------- */

const struct option_spec *options_find(const char *name)
{
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		if (strcmp(o->name, name) == 0 || strcmp(o->name + 2, name) == 0 ||
		    (o->short_name && name[0] == '-' && name[1] == o->short_name && !name[2]))
			return o;
	}
	return NULL;
}

const struct option_choice *option_value(const struct option_spec *o, const char *name)
{
	for (size_t i = 0; o && i < o->n_choices; i++)
		if (strcmp(o->choices[i].name, name) == 0)
			return &o->choices[i];
	return NULL;
}

const struct option_choice *option_choice_of(const struct option_spec *o, int v)
{
	for (size_t i = 0; o && i < o->n_choices; i++)
		if (o->choices[i].value == v)
			return &o->choices[i];
	return NULL;
}

/* A whole decimal number in [0, UINT64_MAX]; -1 when it is anything else. */
static int parse_number(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

bool option_takes(const struct option_spec *o, const char *arg)
{
	uint64_t n;
	if (o->kind == OPTION_NUMBER)
		return parse_number(arg, &n) == 0;
	return option_value(o, arg) != NULL;
}

int option_apply(const struct option_spec *o, struct scenario *sc, const char *arg)
{
	if (o->kind == OPTION_NUMBER) {
		uint64_t n;
		if (!o->set_number || parse_number(arg, &n) < 0)
			return -1;
		o->set_number(sc, n);
		return 0;
	}
	const struct option_choice *c = option_value(o, arg);
	if (!c || !o->set)
		return -1;
	o->set(sc, c);
	return 0;
}

void options_defaults(struct scenario *sc)
{
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		const struct option_choice *c = o->def ? option_value(o, o->def) : NULL;
		if (c && o->set && o->kind != OPTION_BASE)
			o->set(sc, c);
	}
}

bool options_same_story(const struct scenario *a, const struct scenario *b)
{
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		if (o->get && o->get(a) != o->get(b))
			return false;
	}
	return true;
}

/* ---- scenarios by name ----------------------------------------------------- */

/* 2026-06-01 09:00:00 UTC: a fixed clock, so that seeded runs repeat. */
#define DEFAULT_CLOCK 1780304400

void scenario_set(struct scenario *sc, const struct option_choice *c)
{
	enum tls_mode mode = (enum tls_mode)(c->value & 15);
	*sc = (struct scenario){
		.name = c->name,
		.proto = (enum proto)(c->value >> 4),
		.mode = mode,
		.clock = DEFAULT_CLOCK,
		.id = {
			.server = "mail.example.test",
			.client_host = "client.example.test",
			.user = "alice@example.test",
			.password = "wonderland",
			.from = "alice@example.test",
			.to = "bob@example.org",
			.mx_server = "mx.example.org",
			.policy_host = "mta-sts.example.org",
		},
	};
	options_defaults(sc);
	/* A plain-mode server lets you log in in clear; the others are
	 * strict like Postfix's submission template. */
	sc->server_policy = mode == MODE_PLAIN ? SERVER_LAX : SERVER_STRICT;
}

int scenario_init(struct scenario *sc, const char *name)
{
	const struct option_choice *c = option_value(options_find("--scenario"), name);
	if (!c)
		return -1;
	scenario_set(sc, c);
	return 0;
}

const char *scenario_sibling(const struct scenario *sc, enum tls_mode mode)
{
	const struct option_choice *c;
	if (sc->proto == PROTO_HANDSHAKE || sc->proto == PROTO_RELAY)
		return NULL;
	c = option_choice_of(options_find("--scenario"), SCENARIO_KIND(sc->proto, mode));
	return c ? c->name : NULL;
}

const char *attack_name(unsigned bit)
{
	const struct option_choice *c = option_choice_of(options_find("--attack"), (int)bit);
	return c ? c->name : "?";
}

unsigned attack_from_name(const char *name)
{
	const struct option_choice *c = option_value(options_find("--attack"), name);
	return c ? (unsigned)c->value : 0;
}
