/*
 * record: the record layer.  Every TLS message crosses the wire in a
 * record with TLS's 5-byte header (content type, version 3.3, length), so
 * a student who later opens Wireshark recognises it.
 *
 * After step 8 records are sealed with XChaCha20-Poly1305 under the
 * session key.  The nonce is never sent: it is the sender's direction and
 * a per-direction sequence number, as in TLS.  The header is the
 * associated data.  A tampered, replayed, reordered or truncated record
 * fails authentication and is rejected.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "util.h"
#include "wire.h"

enum rec_type {
	REC_CHANGE_CIPHER_SPEC = 20,
	REC_ALERT = 21,
	REC_HANDSHAKE = 22,
	REC_APPLICATION_DATA = 23,
};

#define REC_HEADER_LEN 5
#define REC_TAG_LEN 16
#define REC_MAX_PLAIN 16384

/* One endpoint's protection state. */
struct rec_state {
	uint8_t *key;		/* 32-byte session key in an arena; NULL = clear */
	enum wire_dir send_dir;	/* the direction this endpoint sends in */
	uint64_t send_seq, recv_seq;
};

/* Installs a copy of the key in secrets (both sequence numbers restart at 0). */
__attribute__((warn_unused_result))
int rec_set_key(struct rec_state *st, struct arena *secrets, const uint8_t key[32],
		enum wire_dir send_dir);
void rec_clear(struct rec_state *st);	/* wipes the key */

/* Appends one record in clear. */
void rec_write_plain(struct buf *out, enum rec_type type, const uint8_t *data, size_t n);

/* Appends one sealed record (n <= REC_MAX_PLAIN). */
void rec_write_sealed(struct rec_state *st, struct buf *out, enum rec_type type,
		      const uint8_t *data, size_t n);

/*
 * Splits the first record off in[0..len): its type, body and total length.
 * Returns 0, or -1 when in does not start with a complete record.
 */
__attribute__((warn_unused_result))
int rec_parse(const uint8_t *in, size_t len, uint8_t *type,
	      const uint8_t **body, size_t *body_len, size_t *total);

/*
 * Opens a sealed record (whole record, header included) into out, which
 * must hold body_len - REC_TAG_LEN bytes.  Returns 0, or -1 when it fails
 * authentication (then recv_seq is unchanged).
 */
__attribute__((warn_unused_result))
int rec_open(struct rec_state *st, const uint8_t *rec, size_t rec_len,
	     uint8_t *out, size_t *out_len);

/* Same, with an explicit key and sequence number: for the sniffer. */
__attribute__((warn_unused_result))
int rec_open_with(const uint8_t key[32], enum wire_dir sender, uint64_t seq,
		  const uint8_t *rec, size_t rec_len, uint8_t *out, size_t *out_len);

/* "handshake", "application_data", ... */
const char *rec_type_name(uint8_t type);

#endif
