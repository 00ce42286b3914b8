/* scenario: the named scenarios, their defaults, and their labels. */
#include <string.h>

#include "scenario.h"
#include "util.h"

const struct scenario_info scenario_table[] = {
	{ "handshake", PROTO_HANDSHAKE, MODE_IMPLICIT, N_("the eight steps alone, then one protected message each way") },
	{ "smtp-plain", PROTO_SMTP, MODE_PLAIN, N_("SMTP on port 25, everything in clear") },
	{ "smtp-starttls", PROTO_SMTP, MODE_UPGRADE, N_("SMTP submission on port 587, upgraded with STARTTLS") },
	{ "smtps", PROTO_SMTP, MODE_IMPLICIT, N_("SMTP submission on port 465, TLS from the first byte") },
	{ "pop3-plain", PROTO_POP3, MODE_PLAIN, "POP3 on port 110, everything in clear" },
	{ "pop3-stls", PROTO_POP3, MODE_UPGRADE, "POP3 on port 110, upgraded with STLS" },
	{ "pop3s", PROTO_POP3, MODE_IMPLICIT, "POP3 on port 995, TLS from the first byte" },
	{ "imap-plain", PROTO_IMAP, MODE_PLAIN, N_("IMAP on port 143, everything in clear") },
	{ "imap-starttls", PROTO_IMAP, MODE_UPGRADE, N_("IMAP on port 143, upgraded with STARTTLS") },
	{ "imaps", PROTO_IMAP, MODE_IMPLICIT, N_("IMAP on port 993, TLS from the first byte") },
	{ "relay", PROTO_RELAY, MODE_UPGRADE, N_("submission on 587 (hop A), DNS MX, relay on 25 (hop B)") },
};
const size_t scenario_count = sizeof scenario_table / sizeof scenario_table[0];

const char *const attack_names[] = {
	"strip", "forge", "expired", "wrong-name", "untrusted", "tamper", "key-leak", NULL,
};

/* 2026-06-01 09:00:00 UTC: a fixed clock, so that seeded runs repeat. */
#define DEFAULT_CLOCK 1780304400

int scenario_init(struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < scenario_count; i++) {
		const struct scenario_info *in = &scenario_table[i];
		if (strcmp(in->name, name) != 0)
			continue;
		*sc = (struct scenario){
			.name = in->name,
			.proto = in->proto,
			.mode = in->mode,
			.kx = KX_TRANSPORT,
			.tls_policy = POLICY_REQUIRED,
			/* A plain-mode server lets you log in in clear; the others
			 * are strict like Postfix's submission template. */
			.server_policy = in->mode == MODE_PLAIN ? SERVER_LAX : SERVER_STRICT,
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
		return 0;
	}
	return -1;
}

const char *scenario_sibling(const struct scenario *sc, enum tls_mode mode)
{
	for (size_t i = 0; i < scenario_count; i++)
		if (scenario_table[i].proto == sc->proto && scenario_table[i].mode == mode &&
		    sc->proto != PROTO_HANDSHAKE && sc->proto != PROTO_RELAY)
			return scenario_table[i].name;
	return NULL;
}

const char *attack_name(unsigned bit)
{
	for (int i = 0; attack_names[i]; i++)
		if (bit == 1u << i)
			return attack_names[i];
	return "?";
}

unsigned attack_from_name(const char *name)
{
	for (int i = 0; attack_names[i]; i++)
		if (strcmp(attack_names[i], name) == 0)
			return 1u << i;
	return 0;
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
