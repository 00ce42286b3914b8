/*
 * dns: the few DNS messages a relay sends (RFC 1035): a query and its
 * answer, as bytes, and the reading of names that a sniffer needs.
 */
#ifndef DNS_H
#define DNS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum dns_type {
	DNS_A = 1,
	DNS_MX = 15,
};

/* Appends a recursive query for name (one question, class IN). */
void dns_query(struct buf *out, uint16_t id, const char *name, enum dns_type type);

/*
 * Appends the answer to query (the bytes dns_query made for an MX): the
 * exchange mx with preference 10, and its address ip in the additional
 * section, names compressed as a real resolver does.
 */
void dns_answer_mx(struct buf *out, const struct buf *query, const char *domain,
		   const char *mx, uint32_t ip);

/*
 * Reads the (possibly compressed) name at off of message m[0..n) into
 * out (max bytes, printable ASCII, '?' for anything else).  0 or -1.
 */
__attribute__((warn_unused_result))
int dns_name(const uint8_t *m, size_t n, size_t off, char *out, size_t max);

/* The offset just after the name at off, or 0 when it runs past n. */
size_t dns_skip(const uint8_t *m, size_t n, size_t off);

#endif
