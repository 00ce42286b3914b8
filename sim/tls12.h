/*
 * tls12: a real TLS 1.2 engine with one cipher suite,
 * TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xcca9), X25519 key
 * exchange and an Ed25519 certificate (RFC 5246, RFC 8422, RFC 7905),
 * always with the extended master secret (RFC 7627).  Every primitive is
 * libsodium's, so what crosses the wire interoperates with OpenSSL.
 *
 *   client                                     server
 *   ClientHello                  -------->
 *                                              ServerHello
 *                                              Certificate
 *                                              ServerKeyExchange
 *                                <--------     ServerHelloDone
 *   ClientKeyExchange
 *   [ChangeCipherSpec] Finished  -------->
 *                                <--------     [ChangeCipherSpec] Finished
 *   application data             <------->     application data
 *   close_notify                 <------->     close_notify
 *
 * There is no socket inside: each function takes or appends the bytes of
 * whole records, and checks that it is called in the right state: out of
 * turn it refuses (-1) and changes nothing.  Functions that write append
 * to a struct buf; functions that read take whole records (tls_rec_frame
 * cuts them from a stream), only those of their flight, and return 1 when
 * the flight they read is complete, 0 when they want more records, or -1
 * on a failure, after appending the fatal alert they send to out (which
 * may be NULL when nobody is to hear it).
 *
 * The struct fields are what a teaching simulator shows: both randoms and
 * ephemeral shares, the ServerKeyExchange signature and whether it
 * verified, the pre-master secret, the session hash, the master secret,
 * the key block, the Finished verify_data and whether each verified.
 * Secrets live in the caller's arena (sim/arena.h); ephemeral private keys
 * are wiped as soon as the shared secret is made.
 */
#ifndef TLS12_H
#define TLS12_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "tls_kdf.h"
#include "tls_msg.h"
#include "tls_record.h"
#include "util.h"

#define TLS12_SUITE 0xcca9	/* TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 */
#define TLS12_MAX_CERTS 8
#define TLS12_MAX_MESSAGE 65536	/* longest handshake message we take */

enum tls12_alert {
	TLS12_CLOSE_NOTIFY = 0,
	TLS12_UNEXPECTED_MESSAGE = 10,
	TLS12_BAD_RECORD_MAC = 20,
	TLS12_RECORD_OVERFLOW = 22,
	TLS12_HANDSHAKE_FAILURE = 40,
	TLS12_BAD_CERTIFICATE = 42,
	TLS12_ILLEGAL_PARAMETER = 47,
	TLS12_DECODE_ERROR = 50,
	TLS12_DECRYPT_ERROR = 51,
	TLS12_PROTOCOL_VERSION = 70,
	TLS12_INTERNAL_ERROR = 80,
	TLS12_UNSUPPORTED_EXTENSION = 110,
};

enum tls12_state {
	TLS12_START,
	TLS12_WAIT_SERVER_HELLO,	/* client: ClientHello sent */
	TLS12_WAIT_CERTIFICATE,
	TLS12_WAIT_KEY_EXCHANGE,	/* client: ServerKeyExchange next */
	TLS12_WAIT_HELLO_DONE,
	TLS12_GOT_HELLO_DONE,		/* client: the server's first flight is in */
	TLS12_SENT_KEY_EXCHANGE,	/* client: keys derived, Finished next */
	TLS12_GOT_CLIENT_HELLO,		/* server: ServerHello next */
	TLS12_SENT_SERVER_HELLO,
	TLS12_SENT_CERTIFICATE,
	TLS12_SENT_KEY_SHARE,		/* server: ServerKeyExchange sent */
	TLS12_WAIT_CLIENT_KEY,		/* server: ServerHelloDone sent */
	TLS12_WAIT_CCS,			/* the peer's ChangeCipherSpec next */
	TLS12_WAIT_FINISHED,		/* the peer's Finished next */
	TLS12_GOT_FINISHED,		/* server: the client's Finished verified */
	TLS12_OPEN,			/* application data both ways */
	TLS12_CLOSED,			/* close_notify sent */
	TLS12_FAILED,
};

/* What the two sides have in common; the machines below embed it. */
struct tls12_conn {
	bool is_server;
	enum tls12_state state;
	struct arena *arena;		/* borrowed */

	uint8_t client_random[32], server_random[32];
	uint8_t client_share[32], server_share[32];	/* X25519 public keys */
	uint8_t ske_sig[64];		/* the ServerKeyExchange's Ed25519 signature */
	bool ske_sig_ok;		/* client: it verified; server: it was made */
	bool ems;			/* extended_master_secret agreed (always, or fail) */
	bool secure_reneg;		/* renegotiation_info / SCSV agreed */
	uint8_t *eph_sk;		/* 32, arena; wiped once premaster is made */
	uint8_t *premaster;		/* 32, arena: X25519(own secret, peer share) */
	uint8_t session_hash[32];	/* SHA-256 of ClientHello..ClientKeyExchange */
	uint8_t *master;		/* 48, arena */
	struct tls12_key_block *kb;	/* arena: both write keys and IVs */
	uint8_t client_verify[TLS12_VERIFY_LEN], server_verify[TLS12_VERIFY_LEN];
	bool client_finished_ok, server_finished_ok;	/* the peer's verified */

	int alert_sent, alert_received;	/* descriptions, -1 = none */
	bool peer_closed;		/* close_notify received */

	/* internal */
	struct tls_transcript transcript;
	uint8_t hash_before[32];	/* transcript hash before the message in hand */
	struct buf hs_in;		/* handshake bytes not yet a whole message */
	struct tls_rec wr, rd;		/* record protection, off until ChangeCipherSpec */
};

/*
 * Checks the certificate chain (leaf first; DER blobs, borrowed for the
 * call) and gives the leaf's Ed25519 public key.  Returns 0, or a negative
 * reason of the caller's, kept in tls12_client.cert_reason.
 */
typedef int (*tls12_verify_fn)(void *ctx, const uint8_t *const *certs, const size_t *lens,
			       size_t n, uint8_t ed25519_pk[32]);

/* NSS key log line parts: label "CLIENT_RANDOM", the 48-byte master secret. */
typedef void (*tls12_keylog_fn)(void *ctx, const char *label, const uint8_t client_random[32],
				const uint8_t *secret, size_t len);

struct tls12_client {
	struct tls12_conn c;
	const char *server_name;	/* borrowed, for server_name */
	tls12_verify_fn verify;
	void *verify_ctx;
	tls12_keylog_fn keylog;		/* may be NULL */
	void *keylog_ctx;
	int cert_reason;		/* what verify returned */
	uint8_t server_pk[32];		/* leaf's Ed25519 key, from verify */
	size_t ncerts;			/* certificates the server sent */
};

struct tls12_server {
	struct tls12_conn c;
	const uint8_t *const *certs;	/* borrowed chain, leaf first */
	const size_t *lens;
	size_t ncerts;
	const uint8_t *sign_sk;		/* borrowed Ed25519 secret key (64, libsodium) */
	char server_name[TLS_NAME_MAX + 1];	/* from the ClientHello, "" if none */
	bool point_formats;		/* the client sent ec_point_formats: answer it */
};

/*
 * Both inits draw nothing yet and cannot fail; arena must have room for
 * TLS12_ARENA_BYTES more.  Everything given is borrowed and must outlive
 * the machine.
 */
#define TLS12_ARENA_BYTES 320
void tls12_client_init(struct tls12_client *cl, struct arena *a, const char *server_name,
		       tls12_verify_fn verify, void *verify_ctx,
		       tls12_keylog_fn keylog, void *keylog_ctx);
void tls12_server_init(struct tls12_server *sv, struct arena *a,
		       const uint8_t *const *certs, const size_t *lens, size_t ncerts,
		       const uint8_t sign_sk[64]);
/* Wipes what is not in the arena (transcript, buffers); NULL-safe. */
void tls12_client_free(struct tls12_client *cl);
void tls12_server_free(struct tls12_server *sv);

/* Client, in order. */
__attribute__((warn_unused_result))
int tls12_client_hello(struct tls12_client *cl, struct buf *out);
/* ServerHello, Certificate, ServerKeyExchange, ServerHelloDone: 1, 0 or -1. */
__attribute__((warn_unused_result))
int tls12_client_read_server_flight(struct tls12_client *cl, const uint8_t *in, size_t n,
				    struct buf *out);
/* ClientKeyExchange; makes the pre-master, master secret and key block. */
__attribute__((warn_unused_result))
int tls12_client_key_exchange(struct tls12_client *cl, struct buf *out);
/* ChangeCipherSpec and the encrypted Finished. */
__attribute__((warn_unused_result))
int tls12_client_finished(struct tls12_client *cl, struct buf *out);
/* The server's ChangeCipherSpec and Finished: 1, 0 or -1. */
__attribute__((warn_unused_result))
int tls12_client_read_server_finished(struct tls12_client *cl, const uint8_t *in, size_t n,
				      struct buf *out);

/* Server, in order. */
__attribute__((warn_unused_result))
int tls12_server_read_client_hello(struct tls12_server *sv, const uint8_t *in, size_t n,
				   struct buf *out);
__attribute__((warn_unused_result))
int tls12_server_hello(struct tls12_server *sv, struct buf *out);
__attribute__((warn_unused_result))
int tls12_server_certificate(struct tls12_server *sv, struct buf *out);
/* Makes the ephemeral X25519 key pair and signs it with Ed25519. */
__attribute__((warn_unused_result))
int tls12_server_key_exchange(struct tls12_server *sv, struct buf *out);
__attribute__((warn_unused_result))
int tls12_server_hello_done(struct tls12_server *sv, struct buf *out);
/* The four above in one flight. */
__attribute__((warn_unused_result))
int tls12_server_flight(struct tls12_server *sv, struct buf *out);
/* ClientKeyExchange, ChangeCipherSpec, Finished: 1, 0 or -1. */
__attribute__((warn_unused_result))
int tls12_server_read_client_finished(struct tls12_server *sv, const uint8_t *in, size_t n,
				      struct buf *out);
/* ChangeCipherSpec and the encrypted Finished; the connection is open. */
__attribute__((warn_unused_result))
int tls12_server_finished(struct tls12_server *sv, struct buf *out);

/* Either side, once open: n bytes of application data, in records. */
__attribute__((warn_unused_result))
int tls12_write(struct tls12_conn *t, const uint8_t *data, size_t n, struct buf *out);
/*
 * Opens whole records: application data is appended to plain, a
 * close_notify sets peer_closed.  Returns 0, or -1 (a fatal alert for the
 * peer appended to out, or the peer's fatal alert in alert_received).
 */
__attribute__((warn_unused_result))
int tls12_read(struct tls12_conn *t, const uint8_t *in, size_t n, struct buf *plain,
	       struct buf *out);
/* Appends the encrypted close_notify alert; the connection is closed. */
__attribute__((warn_unused_result))
int tls12_close(struct tls12_conn *t, struct buf *out);

/* "handshake_failure", ...; "unknown" for a number we do not name. */
const char *tls12_alert_name(int alert);

/*
 * Shared by tls12.c, tls12_client.c and tls12_server.c; not for callers.
 */

/* Handles one whole handshake message; returns 0 or the alert to send. */
typedef int (*tls12_on_msg)(struct tls12_conn *t, uint8_t type, const uint8_t *body,
			    size_t len);

void tls12_conn_init(struct tls12_conn *t, struct arena *a, bool is_server);
void tls12_conn_free(struct tls12_conn *t);
/* Appends a fatal alert, fails the machine, and returns -1. */
int tls12_fail(struct tls12_conn *t, int alert, struct buf *out);
/* Adds a whole handshake message to the transcript and sends it in records. */
__attribute__((warn_unused_result))
int tls12_send_handshake(struct tls12_conn *t, const uint8_t *msg, size_t n, struct buf *out);
/* X25519 of our ephemeral secret (then wiped) and the peer's share; -1 if all zero. */
__attribute__((warn_unused_result))
int tls12_premaster(struct tls12_conn *t, const uint8_t peer_share[32]);
/* From the pre-master secret: session hash, master secret, key block. */
void tls12_derive(struct tls12_conn *t);
/* ChangeCipherSpec, then this side's Finished under the new keys. */
__attribute__((warn_unused_result))
int tls12_send_finished(struct tls12_conn *t, struct buf *out);
/*
 * Reads whole records until the state is until: handshake messages go to
 * fn (ChangeCipherSpec and Finished are handled here).  1, 0 or -1.
 */
int tls12_input(struct tls12_conn *t, const uint8_t *in, size_t n, tls12_on_msg fn,
		enum tls12_state until, struct buf *out);

#endif
