/*
 * drivers: the protocols the session can run, in one table.  Each driver
 * lives in its own file and knows only the session; the runner finds the
 * scenario's driver here, and an attack reads from it which capability
 * the server uses to offer TLS.
 */
#ifndef DRIVERS_H
#define DRIVERS_H

#include "session.h"

/* The driver of a protocol (never NULL: the bare handshake by default). */
const struct driver *driver_find(enum proto proto);

/* The drivers, one per file. */
int smtp_run(struct sess *s);	/* smtp.c: submission */
int relay_run(struct sess *s);	/* smtp.c: submission, DNS MX, relay */
int pop3_run(struct sess *s);	/* pop3.c */
int imap_run(struct sess *s);	/* imap.c */

#endif
