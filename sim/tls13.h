/*
 * tls13: a real TLS 1.3 client and server (RFC 8446), as two state
 * machines that take and give bytes and never touch a socket.
 *
 * One suite: TLS_CHACHA20_POLY1305_SHA256 (0x1303), X25519 key shares,
 * Ed25519 certificates (scheme 0x0807).  Full handshakes only: no PSK,
 * no 0-RTT, no HelloRetryRequest, no client certificates; tickets a
 * server sends are read and ignored.  The bytes look like OpenSSL's
 * (32-byte legacy_session_id, middlebox-compatibility ChangeCipherSpec,
 * one handshake message per record), so captures read the same in
 * Wireshark, and the engine interoperates with openssl s_client/s_server.
 *
 *   client                                  server
 *   tls13_client_hello      ClientHello  -> tls13_server_read
 *   tls13_client_read  <-  ServerHello, CCS  tls13_server_hello
 *   tls13_client_read  <-  {EE} {Cert} {CV}  tls13_server_certificate
 *   tls13_client_read  <-  {Finished}        tls13_server_finished
 *   tls13_client_finished   CCS {Finished}-> tls13_server_read
 *   tls13_seal_app / tls13_open_app / tls13_close on either side.
 *
 * Each function checks the state and returns -1 without changing
 * anything when called out of order.  Bad bytes from the peer fail the
 * connection instead: the state becomes TLS13_FAILED, conn.alert holds
 * the alert TLS prescribes and tls13_alert_record() gives the record to
 * send.  "read" functions take one whole record (see tls_rec_frame for
 * cutting a stream into records).
 *
 * Secrets (ephemeral key, ECDHE result, every secret of the key
 * schedule, record keys) live in the arena the caller passes to init,
 * TLS13_ARENA_BYTES of it; the ephemeral private key is wiped as soon
 * as the shared secret is made.  The rest of a struct is what a
 * simulator may show: randoms, shares, transcript hashes, what verified.
 */
#ifndef TLS13_H
#define TLS13_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "tls_kdf.h"
#include "tls_msg.h"
#include "tls_record.h"
#include "util.h"

#define TLS13_SUITE 0x1303	/* TLS_CHACHA20_POLY1305_SHA256 */
#define TLS13_MAX_CERTS 8
#define TLS13_MAX_MSG 65536	/* longest handshake message accepted */
#define TLS13_ARENA_BYTES 1024	/* arena space one connection takes */

enum tls13_alert {
	TLS13_ALERT_CLOSE_NOTIFY = 0,
	TLS13_ALERT_UNEXPECTED_MESSAGE = 10,
	TLS13_ALERT_BAD_RECORD_MAC = 20,
	TLS13_ALERT_RECORD_OVERFLOW = 22,
	TLS13_ALERT_HANDSHAKE_FAILURE = 40,
	TLS13_ALERT_BAD_CERTIFICATE = 42,
	TLS13_ALERT_ILLEGAL_PARAMETER = 47,
	TLS13_ALERT_DECODE_ERROR = 50,
	TLS13_ALERT_DECRYPT_ERROR = 51,
	TLS13_ALERT_PROTOCOL_VERSION = 70,
	TLS13_ALERT_INTERNAL_ERROR = 80,
	TLS13_ALERT_MISSING_EXTENSION = 109,
};

enum tls13_state {
	TLS13_START,
	TLS13_WAIT_SH,		/* client: ClientHello sent */
	TLS13_WAIT_EE,		/* client: handshake keys on */
	TLS13_WAIT_CERT,
	TLS13_WAIT_CV,
	TLS13_WAIT_FINISHED,	/* client: CertificateVerify verified */
	TLS13_SEND_FINISHED,	/* client: server Finished verified */
	TLS13_GOT_HELLO,	/* server: ClientHello accepted */
	TLS13_SENT_HELLO,	/* server: ServerHello sent, handshake keys on */
	TLS13_SENT_CERT,	/* server: EE, Certificate, CertificateVerify sent */
	TLS13_WAIT_CLIENT_FINISHED,	/* server: its Finished sent */
	TLS13_CONNECTED,	/* application data both ways */
	TLS13_CLOSED,		/* a close_notify was sent or received */
	TLS13_FAILED,		/* an alert was sent or received */
};

/* The key schedule's secrets, in the arena. */
struct tls13_secrets {
	uint8_t ecdhe[32];		/* X25519 shared secret */
	uint8_t early[32], handshake[32], master[32];
	uint8_t c_hs[32], s_hs[32];	/* handshake traffic secrets */
	uint8_t c_ap[32], s_ap[32];	/* application traffic secrets 0 */
	uint8_t exporter[32];
};

typedef void (*tls13_keylog_fn)(void *ctx, const char *label, const uint8_t client_random[32],
				const uint8_t *secret, size_t len);

/*
 * Certificate validation, the client's caller's job: given the chain as
 * received (leaf first), return 0 and the leaf's Ed25519 public key, or a
 * negative reason of the caller's own (kept in conn.verify_result).
 */
typedef int (*tls13_verify_fn)(void *ctx, const uint8_t *const *certs, const size_t *lens,
			       size_t n, uint8_t ed25519_pk[32]);

/* What both sides have; reached as client.conn and server.conn. */
struct tls13_conn {
	enum tls13_state state;
	bool server;
	struct tls13_secrets *sec;	/* in the arena */
	uint8_t *eph_sk;		/* our X25519 private key, arena, wiped after use */
	struct tls_rec tx, rx;		/* record protection each way */
	struct tls_transcript transcript;
	struct buf hs_in;		/* handshake bytes not yet a whole message */
	tls13_keylog_fn keylog;
	void *keylog_ctx;

	/* Facts */
	uint8_t client_random[32], server_random[32];
	uint8_t session_id[32];		/* legacy_session_id (client's, echoed) */
	size_t session_id_len;
	uint8_t client_share[32], server_share[32];	/* X25519 public keys */
	char server_name[TLS_NAME_MAX + 1];	/* client: sent; server: received ("" = none) */
	uint8_t h_hello[32];		/* transcript hash ClientHello..ServerHello */
	uint8_t h_cert[32];		/* ..Certificate: what CertificateVerify signs */
	uint8_t h_cv[32];		/* ..CertificateVerify: the server Finished's */
	uint8_t h_server_fin[32];	/* ..server Finished: application secrets' */
	uint8_t h_client_fin[32];	/* ..client Finished */
	bool cv_verified;		/* client: the signature checked out */
	bool server_fin_verified;	/* client */
	bool client_fin_verified;	/* server */
	uint8_t alert;			/* the alert we sent or must send */
	bool alert_sent;
	int peer_alert;			/* the alert received, or -1 */
	uint64_t app_in, app_out;	/* application bytes each way */
	bool alert_due;			/* alert is to be sent */
	bool sent_close;		/* our close_notify went out */
	unsigned rx_epoch;		/* counts receive key changes */
};

struct tls13_client {
	struct tls13_conn conn;
	tls13_verify_fn verify;
	void *verify_ctx;
	int verify_result;		/* the callback's answer (1 = not asked yet) */
	uint8_t server_pk[32];		/* the leaf's key, from verify */
	uint8_t *cert_msg;		/* the Certificate message body, owned */
	size_t n_certs;
	const uint8_t *certs[TLS13_MAX_CERTS];	/* into cert_msg */
	size_t cert_lens[TLS13_MAX_CERTS];
};

struct tls13_server {
	struct tls13_conn conn;
	const uint8_t *const *certs;	/* chain to send, leaf first, borrowed */
	const size_t *cert_lens;
	size_t n_certs;
	const uint8_t *sign_sk;		/* Ed25519 secret key (64 bytes), borrowed */
};

/* server_name is copied; verify is required. */
void tls13_client_init(struct tls13_client *c, struct arena *a, const char *server_name,
		       tls13_verify_fn verify, void *verify_ctx);
/* The chain and key are borrowed and must outlive s. */
void tls13_server_init(struct tls13_server *s, struct arena *a, const uint8_t *const *certs,
		       const size_t *cert_lens, size_t n_certs, const uint8_t ed25519_sk[64]);
/* Frees what is not in the arena (the arena's owner wipes the rest); NULL-safe. */
void tls13_client_free(struct tls13_client *c);
void tls13_server_free(struct tls13_server *s);

/* Called with each secret as it is derived (NSS key log labels). */
void tls13_set_keylog(struct tls13_conn *t, tls13_keylog_fn fn, void *ctx);

/* Client */
int tls13_client_hello(struct tls13_client *c, struct buf *out) __attribute__((warn_unused_result));
/* One record from the server, in any handshake state. */
int tls13_client_read(struct tls13_client *c, const uint8_t *in, size_t n) __attribute__((warn_unused_result));
/* CCS + Finished, once the server's Finished verified (state TLS13_SEND_FINISHED). */
int tls13_client_finished(struct tls13_client *c, struct buf *out) __attribute__((warn_unused_result));

/* Server */
/* One record from the client: the ClientHello, a CCS, the client's Finished. */
int tls13_server_read(struct tls13_server *s, const uint8_t *in, size_t n) __attribute__((warn_unused_result));
int tls13_server_hello(struct tls13_server *s, struct buf *out) __attribute__((warn_unused_result));	/* SH + CCS */
int tls13_server_certificate(struct tls13_server *s, struct buf *out) __attribute__((warn_unused_result)); /* EE, Cert, CV */
int tls13_server_finished(struct tls13_server *s, struct buf *out) __attribute__((warn_unused_result));

/* Both, once connected */
/* Seals n bytes into as many records as they need. */
int tls13_seal_app(struct tls13_conn *t, const uint8_t *data, size_t n, struct buf *out) __attribute__((warn_unused_result));
/*
 * One record from the peer: application data is appended to out; a
 * NewSessionTicket is ignored.  Returns 0, 1 when the peer closed
 * (close_notify), -1 on failure (then the connection has failed).
 */
int tls13_open_app(struct tls13_conn *t, const uint8_t *in, size_t n, struct buf *out) __attribute__((warn_unused_result));
/* Appends a close_notify alert; no more data may be sealed. */
int tls13_close(struct tls13_conn *t, struct buf *out) __attribute__((warn_unused_result));
/* After a failure: appends the fatal alert record to send (once). -1 when none is due. */
int tls13_alert_record(struct tls13_conn *t, struct buf *out) __attribute__((warn_unused_result));

const char *tls13_state_name(enum tls13_state s);
const char *tls13_alert_name(int alert);

/*
 * Shared by tls13.c, tls13_client.c and tls13_server.c only; not for
 * callers.
 */
void tls13_conn_init(struct tls13_conn *t, struct arena *a, bool server);
void tls13_conn_free(struct tls13_conn *t);
int tls13_fail(struct tls13_conn *t, uint8_t alert);	/* always -1 */
/* Adds a whole handshake message to the transcript and out (sealed once keys are on). */
int tls13_put_msg(struct tls13_conn *t, struct buf *out, const struct buf *msg);
int tls13_make_share(struct tls13_conn *t, uint8_t pk[32]);
/* X25519 with the peer's share (wipes our private key); fails on an all-zero result. */
int tls13_ecdhe(struct tls13_conn *t, const uint8_t peer_pk[32]);
/* The handshake secrets and keys, once the transcript holds the ServerHello. */
void tls13_handshake_keys(struct tls13_conn *t);
/* Master, application and exporter secrets from h_server_fin. */
void tls13_app_secrets(struct tls13_conn *t);
/* What the server's CertificateVerify signs (RFC 8446 4.4.3). */
#define TLS13_CV_CONTENT_LEN 130
void tls13_cv_content(uint8_t out[TLS13_CV_CONTENT_LEN], const uint8_t hash[32]);
/* Installs a traffic secret's key and IV for sending (tx) or receiving. */
void tls13_rekey(struct tls13_conn *t, bool tx, const uint8_t secret[32]);
/*
 * Takes one record, opening it once keys are on, and feeds each whole
 * handshake message (header included) to fn; CCS and alerts are handled
 * here, application data is appended to app (NULL: not expected now).
 * Returns 0, 1 when the peer sent close_notify, -1 when the connection
 * failed.
 */
int tls13_read_record(struct tls13_conn *t, const uint8_t *in, size_t n,
		      int (*fn)(void *ctx, const uint8_t *msg, size_t len), void *ctx,
		      struct buf *app);

#endif
