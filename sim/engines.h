/*
 * engines: the client and server machines of one link's handshake, in
 * the three versions the simulator speaks.  Only the scenario's version
 * is used; the others stay zeroed.  The session owns one set.
 */
#ifndef ENGINES_H
#define ENGINES_H

#include "handshake.h"
#include "tls12.h"
#include "tls13.h"

struct engines {
	struct hs_client hc;	/* classic */
	struct hs_server hs;
	struct tls12_client c12;	/* TLS 1.2 */
	struct tls12_server s12;
	struct tls13_client c13;	/* TLS 1.3 */
	struct tls13_server s13;
};

/* Frees what the machines own and wipes their secrets; the set is zeroed. */
void engines_free(struct engines *e);

#endif
