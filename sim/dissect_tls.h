/*
 * dissect_tls: the handshake messages in a record's body, field by field:
 * ClientHello and ServerHello with their extensions, Certificate with its
 * certificates, the key exchanges, Finished.
 */
#ifndef DISSECT_TLS_H
#define DISSECT_TLS_H

#include "dissect_field.h"

/* Every handshake message in the n bytes at p (a record's body), at depth. */
void dissect_handshake(struct dissection *d, unsigned depth, const uint8_t *p, size_t n);

#endif
