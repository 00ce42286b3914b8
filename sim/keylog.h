/*
 * keylog: the session secrets of a timeline in the NSS key log format
 * that Wireshark, tshark and OpenSSL use (one "LABEL <client random>
 * <secret>" line each, lower-case hex).  With it, a capture of the same
 * run decrypts: `tshark -r run.pcap -o tls.keylog_file:run.keys`.
 * Written only on request: these lines open every record of the run.
 */
#ifndef KEYLOG_H
#define KEYLOG_H

#include <stdio.h>

#include "timeline.h"

/* Writes every standard entry (the classic model's own label is left
 * out: no tool knows it) to f.  Returns 0, or -1 when a write failed. */
__attribute__((warn_unused_result))
int keylog_write(const struct timeline *tl, FILE *f);

/* The same into the file at path, replaced only when complete (outfile.h). */
__attribute__((warn_unused_result))
int keylog_write_file(const struct timeline *tl, const char *path);

#endif
