/*
 * sniff: the eavesdropper.  It reads frames, and only frames, the way a
 * real sniffer (Wireshark) does: readable text line by line, AUTH
 * PLAIN/LOGIN base64, POP3 USER/PASS and IMAP LOGIN decoded into
 * credentials, DNS questions and answers, TLS records as type, length and
 * hex, and the handshake messages that are in clear.  Which those are
 * depends on the version the ServerHello chose:
 *
 *   every version  ClientHello: server name, cipher suites, groups
 *                  (TLS 1.3: versions and the client's key share)
 *   TLS 1.3        ServerHello and the server's key share; then only
 *                  record sizes ("[23] n bytes"): no certificate
 *   TLS 1.2        ServerHello, Certificate (X.509: subject, issuer,
 *                  validity), both ECDHE key shares, ChangeCipherSpec
 *   classic        as TLS 1.2, with the 80-byte sealed session key
 *                  instead of the client's share (private suite 0xffa1)
 *
 * Whatever it learns it reports through the emit callback; it never sees
 * client or server state.
 *
 * Later it may be handed stolen secrets, and it reads its recording
 * again; only what it had not said before is reported.  A stolen
 * long-term key (sniff_steal_key, sniff_steal_signing_key) opens the
 * classic model's sealed session key and nothing of ECDHE (forward
 * secrecy).  A key log (sniff_use_keylog) opens every version.  Opened
 * records go through the same readers as clear ones.
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
 * it recovers live in secrets (borrowed; it must outlive the sniffer),
 * SNIFF_ARENA_BYTES of it, and are wiped when a replay ends.
 */
#define SNIFF_ARENA_BYTES 704
struct sniff *sniff_new(const struct wire_link *links, size_t n_links,
			sniff_emit_fn emit, void *ctx, struct arena *secrets);
void sniff_free(struct sniff *sn);	/* NULL-safe */

/* A TCP connection opens on link: its handshake (SYN, SYN-ACK, ACK) shows
 * the sniffer the addresses and ports before any frame carries data. */
void sniff_link_open(struct sniff *sn, unsigned link);

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

/*
 * The same with the server's stolen Ed25519 key pair (libsodium's 64-byte
 * secret key), the key of an X.509 certificate: the classic box was
 * sealed to its X25519 form.
 */
int sniff_steal_signing_key(struct sniff *sn, const uint8_t ed25519_pk[32],
			    const uint8_t ed25519_sk[64], const struct wire_frame *frames,
			    size_t n_frames);

/*
 * Replays the recorded frames with a key log: the session secrets of
 * handshakes (timeline.h), matched to a link by its ClientHello's random.
 * TLS 1.3 takes the four traffic secrets, TLS 1.2 CLIENT_RANDOM (the
 * master secret), the classic model KEYLOG_CLASSIC.  e is borrowed for the
 * call.  Returns the number of records it decrypted.
 */
int sniff_use_keylog(struct sniff *sn, const struct keylog_entry *e, size_t n,
		     const struct wire_frame *frames, size_t n_frames);

/*
 * From now on each record a replay opens is handed to fn as well: where it
 * sits, its plaintext, the key and nonce that opened it (pointers valid
 * during the call).  The timeline's openings are made this way.
 */
typedef void (*sniff_opened_fn)(void *ctx, const struct opening *o);
void sniff_on_opened(struct sniff *sn, sniff_opened_fn fn, void *ctx);

#endif
