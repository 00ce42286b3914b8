/*
 * tls_msg: reading and writing the byte layout of TLS handshake messages.
 *
 * A struct tls_rd walks untrusted bytes: every read checks that the bytes
 * are there, and a vector read (a length of 1, 2 or 3 bytes, then that
 * many bytes) gives a sub-reader that cannot run past the vector's end.
 * Once a read fails the reader stays failed, so a parser can read a run
 * of fields and check once.  Writers append to a struct buf and patch a
 * vector's length when it ends.
 *
 * The ClientHello extensions TLS 1.2 and 1.3 share are here too, with a
 * parser that fills struct tls_hello_exts from any hello's extension block.
 */
#ifndef TLS_MSG_H
#define TLS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum tls_hs_type {
	TLS_HS_CLIENT_HELLO = 1,
	TLS_HS_SERVER_HELLO = 2,
	TLS_HS_NEW_SESSION_TICKET = 4,
	TLS_HS_ENCRYPTED_EXTENSIONS = 8,
	TLS_HS_CERTIFICATE = 11,
	TLS_HS_SERVER_KEY_EXCHANGE = 12,
	TLS_HS_CERTIFICATE_REQUEST = 13,
	TLS_HS_SERVER_HELLO_DONE = 14,
	TLS_HS_CERTIFICATE_VERIFY = 15,
	TLS_HS_CLIENT_KEY_EXCHANGE = 16,
	TLS_HS_FINISHED = 20,
	TLS_HS_KEY_UPDATE = 24,
};

enum tls_ext_type {
	TLS_EXT_SERVER_NAME = 0,
	TLS_EXT_SUPPORTED_GROUPS = 10,
	TLS_EXT_EC_POINT_FORMATS = 11,
	TLS_EXT_SIGNATURE_ALGORITHMS = 13,
	TLS_EXT_ENCRYPT_THEN_MAC = 22,
	TLS_EXT_EXTENDED_MASTER_SECRET = 23,
	TLS_EXT_SESSION_TICKET = 35,
	TLS_EXT_SUPPORTED_VERSIONS = 43,
	TLS_EXT_PSK_KEY_EXCHANGE_MODES = 45,
	TLS_EXT_KEY_SHARE = 51,
	TLS_EXT_RENEGOTIATION_INFO = 0xff01,
};

#define TLS_GROUP_X25519 0x001d
#define TLS_SIG_ED25519 0x0807
#define TLS_VERSION_12 0x0303
#define TLS_VERSION_13 0x0304
#define TLS_NAME_MAX 255	/* longest host name we keep */

/* A bounded reader over borrowed bytes. */
struct tls_rd {
	const uint8_t *p;
	size_t n;		/* bytes left */
	bool bad;		/* a read ran past the end */
};

void tls_rd_init(struct tls_rd *r, const uint8_t *p, size_t n);
/* Each returns 0, or -1 (and marks r bad) when the bytes are not there. */
int tls_rd_u8(struct tls_rd *r, uint8_t *v);
int tls_rd_u16(struct tls_rd *r, uint16_t *v);
int tls_rd_u24(struct tls_rd *r, uint32_t *v);
int tls_rd_bytes(struct tls_rd *r, size_t n, const uint8_t **p);
int tls_rd_copy(struct tls_rd *r, void *dst, size_t n);
/* A vector with a len_bytes (1, 2 or 3) length: sub reads just its body. */
int tls_rd_vec(struct tls_rd *r, int len_bytes, struct tls_rd *sub);
/* 0 when r is not bad and every byte was read, else -1. */
int tls_rd_done(const struct tls_rd *r);

/* Starts a vector with a len_bytes length; returns where, for tls_wr_end. */
size_t tls_wr_begin(struct buf *b, int len_bytes);
/* Writes the vector's length.  -1 when it does not fit its length field. */
__attribute__((warn_unused_result))
int tls_wr_end(struct buf *b, size_t at, int len_bytes);

/* A handshake message: type, 24-bit length, body. */
size_t tls_msg_begin(struct buf *b, uint8_t type);
__attribute__((warn_unused_result))
int tls_msg_end(struct buf *b, size_t at);

/*
 * The first complete handshake message of in[0..n): its type, body and
 * total length (header included).  Returns 1 when one is there, 0 when
 * more bytes are needed, -1 when it is longer than max_len.
 */
int tls_msg_next(const uint8_t *in, size_t n, size_t max_len, uint8_t *type,
		 const uint8_t **body, size_t *body_len, size_t *total);

/* Extensions a ClientHello can carry (each writer appends one whole extension). */
void tls_ext_put_server_name(struct buf *b, const char *name);
void tls_ext_put_supported_groups(struct buf *b);	/* x25519 */
void tls_ext_put_signature_algorithms(struct buf *b);	/* ed25519 */
void tls_ext_put_ec_point_formats(struct buf *b);	/* uncompressed */
void tls_ext_put_empty(struct buf *b, uint16_t type);	/* EMS, session_ticket, ... */
void tls_ext_put_renegotiation_info(struct buf *b);	/* initial handshake: empty */

/* What a hello's extensions said, as far as we understand them. */
struct tls_hello_exts {
	bool has_server_name;
	char server_name[TLS_NAME_MAX + 1];
	bool has_groups, x25519;
	bool has_sig_algs, ed25519;
	bool has_point_formats, uncompressed;
	bool ems, encrypt_then_mac, session_ticket;
	bool has_reneg_info;
	bool reneg_info_empty;
	bool has_versions, tls13;	/* supported_versions lists 0x0304 */
	uint16_t selected_version;	/* in a ServerHello: the one chosen */
	bool has_psk_modes, psk_dhe_ke;
	bool has_key_share, x25519_share;
	uint8_t key_share[32];		/* the peer's X25519 share */
	uint16_t hrr_group;		/* HelloRetryRequest's group */
};

/*
 * Parses an extension block (the body of its 16-bit vector).  server is
 * true for a ServerHello, whose supported_versions and key_share have the
 * server's shapes.  Unknown extensions are skipped.  Returns -1 when the
 * block is malformed, an extension repeats, or a known one is malformed
 * (a decode_error in TLS's words).
 */
__attribute__((warn_unused_result))
int tls_ext_parse(const uint8_t *p, size_t n, bool server, struct tls_hello_exts *e);

/* A ClientHello body, its pieces borrowed from the message. */
struct tls_client_hello {
	uint16_t version;
	const uint8_t *random;		/* 32 bytes */
	const uint8_t *session_id;
	size_t session_id_len;
	const uint8_t *suites;		/* suites_len / 2 big-endian numbers */
	size_t suites_len;
	bool null_compression;
	const uint8_t *exts;		/* the extension block's body */
	size_t exts_len;
};

/* Splits a ClientHello body; -1 when malformed. */
__attribute__((warn_unused_result))
int tls_client_hello_parse(const uint8_t *body, size_t len, struct tls_client_hello *ch);

/* Whether a ClientHello's suites list suite. */
bool tls_client_hello_has_suite(const struct tls_client_hello *ch, uint16_t suite);

#endif
