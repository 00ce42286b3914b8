/*
 * transcript: the timeline as plain text, for --plain, for pipes, for
 * screen readers and for diffing in tests.  The line contract:
 *   == Step N/8: TITLE         a handshake step begins
 *   -- NAME: TITLE             a protocol event begins
 *   wire C>S N bytes ...       one frame: text in quotes, or hex
 *   client: / server: / sniffer:   what that party learnt in the event
 * That is the English of the message ids.  Another language translates
 * every word and keeps the marks (==, --, C>S, the quoted bytes and hex);
 * its event lines carry the title alone, and a line the sniffer read off
 * the wire is quoted as the catalogue says (Japanese 「…」).
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <stdio.h>

#include "timeline.h"

/* Writes the header and every event of the timeline. */
void transcript_write(FILE *out, const struct timeline *tl);

/* The lines before the first event, and the closing line. */
void transcript_header(FILE *out, const struct timeline *tl);
void transcript_footer(FILE *out, const struct timeline *tl);

/* Writes one event (frames and the facts learnt in it). */
void transcript_event(FILE *out, const struct timeline *tl, size_t ev);

#endif
