/*
 * drivers: the table of protocols, and the simplest driver of all: the
 * eight steps alone, then one protected message each way.
 */
#include "drivers.h"
#include "steps.h"

static int handshake_run(struct sess *s)
{
	sess_open_link(s, LINK_A, N_("TCP connection to the server"));
	if (sess_tls(s) < 0)
		return -1;
	sess_event(s, "data", N_("Data: a message each way, sealed with the session key"), PARTY_CLIENT);
	if (sess_send(s, WIRE_C2S, "Hello server, this line is protected.\r\n") < 0)
		return -1;
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("received"), N_("Hello server, this line is protected."));
	if (sess_send(s, WIRE_S2C, "Hello client, so is this one.\r\n") < 0)
		return -1;
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("received"), N_("Hello client, so is this one."));
	return 0;
}

static const struct driver drivers[] = {
	{ PROTO_HANDSHAKE, handshake_run, NULL, NULL },
	{ PROTO_SMTP, smtp_run, "250-STARTTLS", NULL },
	{ PROTO_RELAY, relay_run, "250-STARTTLS", NULL },
	{ PROTO_POP3, pop3_run, "STLS", NULL },
	{ PROTO_IMAP, imap_run, NULL, " STARTTLS" },
};

const struct driver *driver_find(enum proto proto)
{
	for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
		if (drivers[i].proto == proto)
			return &drivers[i];
	return &drivers[0];
}
