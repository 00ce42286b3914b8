/*
 * dissect_cert: the fields of one X.509 certificate (DER) inside a
 * Certificate message: subject, issuer, validity, names, key, signature.
 */
#ifndef DISSECT_CERT_H
#define DISSECT_CERT_H

#include "dissect_field.h"

/* Fields at depth for the der_len bytes at der (inside d's frame). */
void dissect_cert(struct dissection *d, unsigned depth, const uint8_t *der, size_t der_len);

#endif
