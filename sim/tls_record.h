/*
 * tls_record: record protection with ChaCha20-Poly1305 (IETF), as real
 * TLS 1.3 and TLS 1.2 do it.
 *
 * Both versions make the 12-byte nonce from a per-direction IV XORed with
 * the record's 64-bit sequence number, so the nonce is never sent and a
 * replayed, reordered or dropped record fails to open.  They differ in
 * what else is authenticated:
 *   TLS 1.3 (RFC 8446 5.2): the plaintext is followed by its real content
 *     type (and optional zero padding); the outer type is always
 *     application_data (23), and the associated data is the 5-byte header.
 *   TLS 1.2 (RFC 7905): the outer type is the real one; the associated
 *     data is seq_num(8) + type + version + plaintext length.
 * Both write legacy version 0x0303 in the header, and opening requires it
 * (TLS 1.2's associated data does not cover the header's version).
 *
 * struct tls_rec holds one direction: key, IV and sequence number.  The
 * raw functions take them explicitly, for a sniffer holding a key log.
 */
#ifndef TLS_RECORD_H
#define TLS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "util.h"

#define TLS_REC_HEADER 5
#define TLS_REC_TAG 16
#define TLS_REC_MAX_PLAIN 16384
#define TLS_REC_MAX_BODY (TLS_REC_MAX_PLAIN + 256)	/* RFC 8446 5.2 */

enum tls_ctype {
	TLS_CT_CHANGE_CIPHER_SPEC = 20,
	TLS_CT_ALERT = 21,
	TLS_CT_HANDSHAKE = 22,
	TLS_CT_APPLICATION_DATA = 23,
};

enum tls_rec_version {
	TLS_REC_13,
	TLS_REC_12,
};

/* One direction's protection. */
struct tls_rec {
	enum tls_rec_version ver;
	uint8_t *key;		/* 32 bytes from the caller's arena, borrowed */
	uint8_t iv[12];
	uint64_t seq;		/* of the next record */
	bool on;		/* a key is installed */
};

/* Takes 32 bytes from the arena for the key; no key installed yet. */
void tls_rec_init(struct tls_rec *r, struct arena *a, enum tls_rec_version ver);

/* Installs key and IV and restarts the sequence at 0. */
void tls_rec_set_key(struct tls_rec *r, const uint8_t key[32], const uint8_t iv[12]);

/*
 * Appends one protected record of n <= TLS_REC_MAX_PLAIN bytes of the
 * given type to out and advances the sequence.  -1 when no key is
 * installed or n is too long.
 */
__attribute__((warn_unused_result))
int tls_rec_seal(struct tls_rec *r, uint8_t type, const uint8_t *in, size_t n, struct buf *out);

/*
 * Opens one whole record (header included) into out, which must hold
 * rec_len bytes; *type is the real content type.  Returns 0, or -1 when
 * the record is malformed, too long, fails authentication, or (1.3) has no
 * content type: then the sequence does not advance.
 */
__attribute__((warn_unused_result))
int tls_rec_open(struct tls_rec *r, const uint8_t *rec, size_t rec_len,
		 uint8_t *type, uint8_t *out, size_t *out_len);

/* The same with explicit key, IV and sequence number. */
__attribute__((warn_unused_result))
int tls_rec_seal_raw(enum tls_rec_version ver, const uint8_t key[32], const uint8_t iv[12],
		     uint64_t seq, uint8_t type, const uint8_t *in, size_t n, struct buf *out);
__attribute__((warn_unused_result))
int tls_rec_open_raw(enum tls_rec_version ver, const uint8_t key[32], const uint8_t iv[12],
		     uint64_t seq, const uint8_t *rec, size_t rec_len,
		     uint8_t *type, uint8_t *out, size_t *out_len);

/* Appends one record in clear (TLS 1.0 in the header when hello is true,
 * as a first ClientHello carries it; otherwise 0x0303). */
void tls_rec_write_plain(struct buf *out, uint8_t type, const uint8_t *in, size_t n, bool hello);

/*
 * The length of the first record in in[0..n) when it is complete, 0 when
 * more bytes are needed, -1 when the header is not a TLS record header
 * (unknown type, version not 3.x, or body longer than TLS allows).
 * For stream reassembly by whoever reads the socket.
 */
long tls_rec_frame(const uint8_t *in, size_t n);

#endif
