/*
 * scenario: a named scenario's defaults, and its labels.  The names, the
 * attacks and the other options are in the options table (options.c).
 */
#include <string.h>

#include "options.h"
#include "scenario.h"
#include "util.h"

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

const char *scenario_proto_label(const struct scenario *sc)
{
	switch (sc->proto) {
	case PROTO_SMTP:
	case PROTO_RELAY: return "SMTP";
	case PROTO_POP3: return "POP3";
	case PROTO_IMAP: return "IMAP";
	case PROTO_HANDSHAKE: break;
	}
	return "TLS";
}

uint16_t scenario_port(const struct scenario *sc)
{
	static const uint16_t ports[][3] = {
		[PROTO_HANDSHAKE] = { 465, 465, 465 },
		[PROTO_SMTP] = { 25, 587, 465 },
		[PROTO_POP3] = { 110, 110, 995 },
		[PROTO_IMAP] = { 143, 143, 993 },
		[PROTO_RELAY] = { 587, 587, 587 },
	};
	return ports[sc->proto][sc->mode];
}

const char *scenario_mode_label(const struct scenario *sc)
{
	switch (sc->mode) {
	case MODE_PLAIN: return N_("plain");
	case MODE_UPGRADE: return sc->proto == PROTO_POP3 ? "STLS" : "STARTTLS";
	case MODE_IMPLICIT: return N_("implicit TLS");
	}
	return "?";
}
