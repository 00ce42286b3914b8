/*
 * message: the demo mail messages, in RFC 5322 form with CRLF line ends.
 * Dates come from the scenario's clock, so seeded runs repeat.
 */
#ifndef MESSAGE_H
#define MESSAGE_H

#include "scenario.h"

/* The message alice sends to bob (submission and relay).  Caller frees. */
char *message_outgoing(const struct scenario *sc);

/* The message waiting in alice's mailbox (POP3 and IMAP).  Caller frees. */
char *message_inbox(const struct scenario *sc);

/* RFC 5322 date, "Mon, 01 Jun 2026 09:00:00 +0000", locale-independent. */
void message_date(int64_t t, char *buf, size_t n);

/* SMTP/POP3 dot-stuffing (RFC 5321 4.5.2): a new string ending in ".\r\n". */
char *message_dot_stuff(const char *msg);

#endif
