/*
 * attack: what the attacker in the middle does to the traffic.  The
 * session calls these hooks at fixed points; each does nothing unless its
 * attack is in the scenario.  Every outcome then follows from the real
 * protocol logic and cryptography on the receiving side.
 */
#ifndef ATTACK_H
#define ATTACK_H

#include "session.h"

/* The name of the CA that no client trusts (the attacker's, or a stranger's). */
const char *attack_rogue_ca_name(unsigned attacks);

/* Makes the certificate an attack presents in step 2.  0 or -1. */
__attribute__((warn_unused_result))
int attack_prepare(struct sess *s);

/* strip: deletes the STARTTLS/STLS capability from a server reply. */
void attack_on_clear(struct sess *s, enum wire_dir dir, struct buf *frame);

/* Step 2 bytes on their way to the client (forge notes the substitution). */
void attack_on_handshake(struct sess *s, struct buf *frame);

/* tamper: flips one byte of the first protected client record. */
void attack_on_record(struct sess *s, enum wire_dir dir, struct buf *frame);

/* The receiver rejected a record: alert, close, facts.  Returns -1. */
int attack_rejected(struct sess *s, enum wire_dir dir);

/* key-leak: after the session, the server's private key is stolen. */
void attack_after(struct sess *s);

#endif
