/*
 * dissect_names: the protocol's own names of the numbers a dissection
 * meets (IANA's registries, as Wireshark prints them).  They are never
 * translated: a student looks them up under these names.
 */
#ifndef DISSECT_NAMES_H
#define DISSECT_NAMES_H

#include <stdint.h>

const char *dn_content_type(uint8_t type);	/* "handshake", ... or "unknown" */
const char *dn_handshake(uint8_t type);		/* "ClientHello", ... */
const char *dn_extension(uint16_t type);	/* "server_name", ... */
const char *dn_suite(uint16_t suite);		/* "TLS_CHACHA20_POLY1305_SHA256", ... */
const char *dn_group(uint16_t group);		/* "x25519", ... */
const char *dn_sig_scheme(uint16_t scheme);	/* "ed25519", ... */
const char *dn_version(uint16_t v);		/* "TLS 1.2", ... */
const char *dn_alert_level(uint8_t level);	/* "warning", "fatal" */

#endif
