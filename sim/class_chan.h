/*
 * class_chan: the secure channel between the teacher and a student, and
 * the join code that pins the teacher's key.
 *
 * The teacher has one X25519 key pair for the run (crypto_kx, server
 * side); each student makes a new one when it joins (client side).  The
 * teacher speaks first: a hello with its public key.  The student checks
 * that key against the join code it was given before anything else, and
 * answers with its own public key and the header of its sending stream;
 * the teacher answers with the header of its own.  Then each direction
 * is a crypto_secretstream_xchacha20poly1305 stream: every record is
 * authenticated, numbered by the stream and cannot be replayed, dropped
 * or reordered without the next one failing.  Only the holder of the
 * teacher's secret key can derive the keys, so the first record that
 * opens proves that the student talks to the key the code names.
 *
 * The join code is the first 60 bits of BLAKE2b-256 over a label and the
 * teacher's public key, written as twelve Crockford base32 characters in
 * groups of four ("7F3K-Q9ZD-2M4X").  It is not a secret: it is shown on
 * the projector.  See README.md ("In class") for how strong it is.
 *
 * Pure: bytes in, bytes out; the sockets are class_net's.  Secrets live
 * in sodium_malloc memory and are wiped when freed.
 */
#ifndef CLASS_CHAN_H
#define CLASS_CHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#define CLASS_CODE_CHARS 12			/* without the dashes */
#define CLASS_CODE_LEN (CLASS_CODE_CHARS + 2)	/* "XXXX-XXXX-XXXX" */
#define CLASS_PK_BYTES crypto_kx_PUBLICKEYBYTES
#define CLASS_HEADER_BYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define CLASS_SEAL_BYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define CLASS_HELLO_BYTES (4 + CLASS_PK_BYTES)	/* the teacher's */
#define CLASS_REPLY_BYTES (4 + CLASS_PK_BYTES + CLASS_HEADER_BYTES)	/* the student's */

/* A key pair; the secret half in guarded memory. */
struct class_keys {
	unsigned char pk[CLASS_PK_BYTES];
	unsigned char *sk;		/* sodium_malloc */
};

/* One end of a channel, in guarded memory (class_chan_new). */
struct class_chan;

enum class_join_result {
	CLASS_JOIN_OK,
	CLASS_JOIN_NOT_TEACHER,	/* the bytes are no teacher's hello */
	CLASS_JOIN_WRONG_KEY,	/* a teacher, but not the one the code names */
	CLASS_JOIN_BAD_CODE,	/* what was typed is no join code */
};

/* A new key pair.  Returns 0, or -1 when memory cannot be had. */
__attribute__((warn_unused_result))
int class_keys_new(struct class_keys *k);
/* Wipes and frees the secret half; accepts a zeroed struct. */
void class_keys_free(struct class_keys *k);

/* The join code of public key pk, with its dashes, into code. */
void class_code(const unsigned char pk[CLASS_PK_BYTES], char code[CLASS_CODE_LEN + 1]);

/*
 * What a person typed, as the twelve characters of a code: case and
 * dashes or spaces do not matter, and O, I and L read as 0, 1 and 1
 * (Crockford).  Returns 0, or -1 when it is not twelve such characters.
 */
__attribute__((warn_unused_result))
int class_code_read(const char *typed, char out[CLASS_CODE_CHARS + 1]);

/* A channel end, or NULL when memory cannot be had.  Free with class_chan_free. */
struct class_chan *class_chan_new(void);
void class_chan_free(struct class_chan *c);

/* Teacher: its hello, CLASS_HELLO_BYTES into out. */
void class_chan_hello(const struct class_keys *k, uint8_t *out);

/*
 * Student: reads the teacher's hello (n bytes) and checks its key
 * against typed (a join code as typed).  On CLASS_JOIN_OK, c holds the
 * session and out the reply to send (CLASS_REPLY_BYTES); the teacher's
 * key goes to teacher_pk.
 */
__attribute__((warn_unused_result))
enum class_join_result class_chan_join(struct class_chan *c, const uint8_t *hello, size_t n,
				       const char *typed, uint8_t *out,
				       unsigned char teacher_pk[CLASS_PK_BYTES]);

/*
 * Teacher: reads a student's reply (n bytes).  Returns 0 with c holding
 * the session and header (CLASS_HEADER_BYTES) to send back, or -1 when
 * the reply is not one.
 */
__attribute__((warn_unused_result))
int class_chan_accept(struct class_chan *c, const struct class_keys *k, const uint8_t *reply,
		      size_t n, uint8_t *header);

/* Student: the teacher's stream header.  Returns 0, or -1. */
__attribute__((warn_unused_result))
int class_chan_start(struct class_chan *c, const uint8_t *header, size_t n);

/* Seals m (n bytes) into out (cap, n + CLASS_SEAL_BYTES at least).
 * Returns the length, or -1. */
__attribute__((warn_unused_result))
int class_chan_seal(struct class_chan *c, const uint8_t *m, size_t n, uint8_t *out, size_t cap);

/* Opens record r (n bytes) into out (cap).  Returns the length, or -1
 * when it was not sealed by the other end, in this place of the stream. */
__attribute__((warn_unused_result))
int class_chan_open(struct class_chan *c, const uint8_t *r, size_t n, uint8_t *out, size_t cap);

#endif
