/*
 * dns: the few DNS messages a relay sends (RFC 1035): queries and their
 * answers as bytes (MX, the MTA-STS TXT record of RFC 8461, the TLSA
 * record of RFC 6698 / 7672), and the reading of names a sniffer needs.
 */
#ifndef DNS_H
#define DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum dns_type {
	DNS_A = 1,
	DNS_MX = 15,
	DNS_TXT = 16,
	DNS_TLSA = 52,
};

/* Header flags of an answer (the second 16-bit word) */
#define DNS_FLAG_AD 0x0020	/* authenticated data: the resolver validated DNSSEC */

/* Appends a recursive query for name (one question, class IN). */
void dns_query(struct buf *out, uint16_t id, const char *name, enum dns_type type);

/*
 * Appends the answer to query (the bytes dns_query made for an MX): the
 * exchange mx with preference 10, and its address ip in the additional
 * section, names compressed as a real resolver does.
 */
void dns_answer_mx(struct buf *out, const struct buf *query, const char *domain,
		   const char *mx, uint32_t ip);

/* Appends the answer to query: one TXT record holding text (at most 255 bytes). */
void dns_answer_txt(struct buf *out, const struct buf *query, const char *text);

/*
 * Appends the answer to query: one TLSA record (usage, selector, matching
 * type, then data).  dnssec sets the AD flag, as a validating resolver
 * does for a signed zone.
 */
void dns_answer_tlsa(struct buf *out, const struct buf *query, uint8_t usage, uint8_t selector,
		     uint8_t mtype, const uint8_t *data, size_t n, bool dnssec);

/*
 * Reads the (possibly compressed) name at off of message m[0..n) into
 * out (max bytes, printable ASCII, '?' for anything else).  0 or -1.
 */
__attribute__((warn_unused_result))
int dns_name(const uint8_t *m, size_t n, size_t off, char *out, size_t max);

/* The offset just after the name at off, or 0 when it runs past n. */
size_t dns_skip(const uint8_t *m, size_t n, size_t off);

#endif
