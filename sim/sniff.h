/*
 * sniff: the eavesdropper.  It reads frames, and only frames, the way a
 * real sniffer does: readable text line by line, AUTH PLAIN/LOGIN base64,
 * POP3 USER/PASS and IMAP LOGIN decoded into credentials, TLS records as
 * type, length and hex, clear handshake messages (server name,
 * certificate) parsed, DNS questions and answers.  Whatever it learns it
 * reports through the emit callback; it never sees client or server state.
 *
 * If it is later handed a stolen private key (sniff_steal_key), it reads
 * its recording again: a sealed session key it recorded opens, and the
 * records decrypt and go through the same reader as clear text.
 */
#ifndef SNIFF_H
#define SNIFF_H

#include "arena.h"
#include "timeline.h"

/* Hands over one fact: the callee takes v's contents (and zeroes v). */
typedef void (*sniff_emit_fn)(void *ctx, enum fact_kind kind, enum wire_dir dir,
			      int frame, const char *label, struct fact_value *v);

struct sniff;

/*
 * A new sniffer for these links (borrowed; they must outlive it).  Keys
 * it recovers live in secrets (borrowed; it must outlive the sniffer).
 */
struct sniff *sniff_new(const struct wire_link *links, size_t n_links,
			sniff_emit_fn emit, void *ctx, struct arena *secrets);
void sniff_free(struct sniff *sn);	/* NULL-safe */

/* Reads one frame (frame is its index, passed back through emit). */
void sniff_frame(struct sniff *sn, const struct wire_frame *f, int frame);

/* Emits a traffic summary per link (sizes, count, timing) when it changed. */
void sniff_summary(struct sniff *sn);

/*
 * Replays the recorded frames with a stolen X25519 key pair of the server.
 * Returns the number of records it could decrypt (0 when nothing opened).
 */
int sniff_steal_key(struct sniff *sn, const uint8_t pk[32], const uint8_t sk[32],
		    const struct wire_frame *frames, size_t n_frames);

#endif
