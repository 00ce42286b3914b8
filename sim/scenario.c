/*
 * scenario: the labels of a scenario.  Its names, defaults and the other
 * options are in the options table (options.c).
 */
#include <string.h>

#include "scenario.h"
#include "util.h"

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
