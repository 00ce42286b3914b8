/*
 * engines: one link's handshake machines (see engines.h).
 */
#include <string.h>

#include "engines.h"

void engines_free(struct engines *e)
{
	hs_client_free(&e->hc);
	hs_server_free(&e->hs);
	tls12_client_free(&e->c12);
	tls12_server_free(&e->s12);
	tls13_client_free(&e->c13);
	tls13_server_free(&e->s13);
	memset(e, 0, sizeof *e);
}
