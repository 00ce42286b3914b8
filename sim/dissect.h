/*
 * dissect: one frame of a timeline as a tree of fields, the way a packet
 * analyser shows it: a line for the IPv4 and TCP (or UDP) headers the
 * frame would have had, then each TLS record (header, handshake messages,
 * certificates; a protected record as ciphertext, with what its receiver
 * read in it), or each line of a mail dialogue in clear.
 *
 * Pure: no curses, no catalogue.  Labels are message ids with arguments
 * (fact.h); protocol names (server_name, ClientHello) are arguments and
 * stay as they are in every language.
 */
#ifndef DISSECT_H
#define DISSECT_H

#include "dissect_field.h"
#include "timeline.h"

/* The fields of frame i of tl into d (emptied first).  d borrows the
 * frame's bytes: it is valid while tl is. */
void dissect_frame(struct dissection *d, const struct timeline *tl, size_t i);

/* The opening of the record at byte off of frame i, or NULL. */
const struct opening *dissect_opening(const struct timeline *tl, size_t i, size_t off);

#endif
