/*
 * handshake: the classic model, the article's eight steps, as two state
 * machines, one per side.  It is key transport, as in TLS 1.2's old
 * TLS_RSA_* suites, with a libsodium sealed box standing in for RSA
 * encryption (libsodium has no RSA), and one simplification: the client
 * wraps the session key itself, where TLS wraps a pre-master secret from
 * which both sides derive their keys.
 *
 *   1 connect      client -> ClientHello (random, server name)
 *   2 certificate  server -> ServerHello, Certificate (X.509), ServerHelloDone
 *   3 validation   the caller checks the certificate (hs_client_validate)
 *   4 session key  client makes 32 random bytes
 *   5 wrap         client seals them to the X25519 form of the certificate's
 *                  Ed25519 key (crypto_box_seal)
 *   6 transfer     client -> ClientKeyExchange (the 80-byte sealed box)
 *   7 unwrap       server opens it with its private key (crypto_box_seal_open)
 *   8 session      both -> ChangeCipherSpec, Finished, sealed under the session key
 *
 * Each function checks that it is called in the right state and returns
 * -1 otherwise, so a test can drive the machine out of order and see it
 * refuse.  Messages use TLS's handshake framing (type, 24-bit length).
 */
#ifndef HANDSHAKE_H
#define HANDSHAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "identity.h"
#include "record.h"
#include "util.h"

#define HS_SESSION_KEY_LEN 32
#define HS_SEALED_LEN 80	/* crypto_box_SEALBYTES + 32 */

enum hs_type {
	HS_CLIENT_HELLO = 1,
	HS_SERVER_HELLO = 2,
	HS_CERTIFICATE = 11,
	HS_SERVER_KEY_EXCHANGE = 12,
	HS_SERVER_HELLO_DONE = 14,
	HS_CLIENT_KEY_EXCHANGE = 16,
	HS_FINISHED = 20,
};

/* A private-use cipher suite number: nothing real uses these primitives. */
#define HS_SUITE_CLASSIC 0xffa1	/* sealed box + XChaCha20-Poly1305 */

#define HS_NAME_MAX 253		/* a DNS name */

enum hs_state {
	HS_START,
	HS_SENT_HELLO,		/* client: after step 1 */
	HS_GOT_SERVER,		/* client: after step 2 arrived */
	HS_VALIDATED,		/* client: after step 3 */
	HS_KEY_MADE,		/* client: after step 4 */
	HS_WRAPPED,		/* client: after step 5 */
	HS_SENT_KEY,		/* client: after step 6 */
	HS_GOT_HELLO,		/* server: after ClientHello */
	HS_SENT_SERVER,		/* server: after step 2 */
	HS_UNWRAPPED,		/* server: after step 7 */
	HS_SENT_FINISHED,	/* client: own Finished sent */
	HS_GOT_FINISHED,	/* server: the client's Finished verified */
	HS_DONE,		/* Finished verified */
	HS_FAILED,
};

struct hs_client {
	enum hs_state state;
	struct arena *secrets;	/* borrowed: where its keys live */
	const char *server_name;	/* borrowed */
	uint8_t random[32], server_random[32];
	struct buf cert;	/* the server's certificate as received, DER */
	uint8_t wrap_pk[32];	/* X25519 form of the validated certificate's key */
	uint8_t *session_key;	/* 32 bytes in the arena */
	uint8_t sealed[HS_SEALED_LEN];
	struct buf transcript;	/* every handshake message, for Finished */
	struct rec_state rec;
};

struct hs_server {
	enum hs_state state;
	struct arena *secrets;	/* borrowed */
	const struct server_identity *id;	/* borrowed */
	uint8_t random[32], client_random[32];
	char server_name[HS_NAME_MAX + 1];	/* from the ClientHello */
	uint8_t *session_key;
	struct buf transcript;
	struct rec_state rec;
};

void hs_client_init(struct hs_client *c, struct arena *secrets, const char *server_name);
void hs_server_init(struct hs_server *s, struct arena *secrets,
		    const struct server_identity *id);
void hs_client_free(struct hs_client *c);	/* wipes every secret */
void hs_server_free(struct hs_server *s);

/* Step 1. */
int hs_client_hello(struct hs_client *c, struct buf *out) __attribute__((warn_unused_result));
int hs_server_read_hello(struct hs_server *s, const uint8_t *in, size_t n) __attribute__((warn_unused_result));
/* Step 2. */
int hs_server_hello(struct hs_server *s, struct buf *out) __attribute__((warn_unused_result));
int hs_client_read_server(struct hs_client *c, const uint8_t *in, size_t n) __attribute__((warn_unused_result));
/*
 * Step 3: the caller checked c->cert and found the Ed25519 key it names
 * (ed25519_pk), or did not (NULL: the client stops).  0 when the client
 * may go on.
 */
int hs_client_validate(struct hs_client *c, const uint8_t *ed25519_pk) __attribute__((warn_unused_result));
/* Steps 4, 5, 6. */
int hs_client_make_key(struct hs_client *c) __attribute__((warn_unused_result));
int hs_client_wrap(struct hs_client *c) __attribute__((warn_unused_result));
int hs_client_key_exchange(struct hs_client *c, struct buf *out) __attribute__((warn_unused_result));
/* Step 7: -1 when the box does not open. */
int hs_server_read_key_exchange(struct hs_server *s, const uint8_t *in, size_t n) __attribute__((warn_unused_result));
/* Step 8: ChangeCipherSpec + Finished each way; -1 when a Finished is wrong. */
int hs_client_finished(struct hs_client *c, struct buf *out) __attribute__((warn_unused_result));
int hs_server_read_finished(struct hs_server *s, const uint8_t *in, size_t n) __attribute__((warn_unused_result));
int hs_server_finished(struct hs_server *s, struct buf *out) __attribute__((warn_unused_result));
int hs_client_read_finished(struct hs_client *c, const uint8_t *in, size_t n) __attribute__((warn_unused_result));

/*
 * Walks the handshake messages of a frame's clear records: calls fn for
 * each (type, body).  Used by both sides and the sniffer.  Returns -1 when
 * the bytes are not well-formed records of handshake messages.
 */
int hs_each_message(const uint8_t *in, size_t n,
		    int (*fn)(void *ctx, uint8_t rec_type, uint8_t hs_type,
			      const uint8_t *body, size_t len),
		    void *ctx);

/* Reads the server name from a ClientHello body; 0 or -1. */
int hs_parse_sni(const uint8_t *body, size_t len, char *name, size_t name_max);

const char *hs_type_name(uint8_t type);

#endif
