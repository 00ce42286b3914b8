/*
 * sniff_impl: the sniffer's insides, shared by sniff.c (frames, replays),
 * sniff_text.c (mail dialogues, DNS), sniff_tls.c (handshake messages)
 * and sniff_open.c (decryption with stolen secrets).  Not for callers.
 *
 * Everything a link keeps is what a sniffer can infer from its bytes:
 * the version a ServerHello chose, both hello randoms, key shares, where
 * the stream stands; and, only during a replay with stolen secrets, the
 * record keys in the arena slot of the link.
 */
#ifndef SNIFF_IMPL_H
#define SNIFF_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "timeline.h"
#include "util.h"

/* As in sniff.h (C11 lets a typedef repeat): the files that read frames
 * need it without the public interface, which sits above them. */
typedef void (*sniff_emit_fn)(void *ctx, enum fact_kind kind, enum wire_dir dir,
			      int frame, const char *label, struct fact_value *v);

/* As in sniff.h: a record a replay opened, with where and how (timeline.h). */
typedef void (*sniff_opened_fn)(void *ctx, const struct opening *o);

#define SNIFF_MAX_LINKS 4
#define SNIFF_MAX_HS 65536	/* longest handshake message it reassembles */

enum auth_wait { AUTH_NONE, AUTH_PLAIN_WAIT, AUTH_LOGIN_USER, AUTH_LOGIN_PASS };

/* What the ServerHello chose. */
enum sniff_ver {
	SV_NONE,	/* no ServerHello seen (yet) */
	SV_CLASSIC,	/* 0xffa1: a session key sealed to the certificate's key */
	SV_TLS12,	/* a TLS 1.2 suite (0xcca9 is the one it can open) */
	SV_TLS13,	/* supported_versions said 0x0304 */
};

/* A link's record keys, in the arena: [direction][epoch] (1.3: 0 handshake, 1 application). */
struct sniff_keys {
	uint8_t session_key[32];	/* classic */
	uint8_t key[2][2][32];
	uint8_t iv[2][2][12];
};

struct sniff_link {
	bool seen;		/* addresses already noted */
	bool records[2];	/* this direction has turned into TLS records */
	bool encrypted[2];	/* ...and its records are protected */
	uint64_t seq[2];	/* protected records in the current epoch, per direction */
	enum auth_wait auth;
	bool data_sent, in_data;	/* SMTP DATA: the message body follows */
	char user[128];		/* POP3 USER, AUTH LOGIN user name */
	size_t frames, bytes[2];
	uint64_t first_us, last_us;
	size_t summarised;	/* frames counted in the last summary */

	/* TLS, as read from the clear hellos */
	bool legacy;		/* a ClientHello that does not parse: say only its size */
	enum sniff_ver ver;
	uint16_t suite;
	bool have_client_random, have_server_random;
	uint8_t client_random[32], server_random[32];
	uint8_t sealed[80];	/* classic: the ClientKeyExchange's sealed box */
	bool have_sealed, have_share;
	struct buf hs[2];	/* handshake bytes not yet a whole message */
	bool hs_protected[2];	/* hs[] holds decrypted bytes */

	/* Only during a replay with stolen secrets */
	struct sniff_keys *keys;	/* its slot in the arena */
	bool classic_key;	/* keys->session_key holds the session key */
	bool have_key[2][2];	/* keys->key[dir][epoch] installed */
	unsigned epoch[2];
	bool next_epoch[2];	/* a decrypted Finished: next record, next epoch */
	bool keys_tried;	/* the key log was searched for this handshake */
};

struct sniff {
	const struct wire_link *links;
	size_t n_links;
	struct sniff_link l[SNIFF_MAX_LINKS];
	sniff_emit_fn emit;
	void *ctx;
	bool replay;		/* re-reading its recording with stolen secrets */
	bool loud;		/* during replay: this fact is new, report it */
	uint8_t *stolen_pk;	/* X25519, 32 bytes in the arena, during sniff_steal_* */
	uint8_t *stolen_sk;	/* X25519, 32 bytes in the arena */
	bool have_stolen;
	const struct keylog_entry *keylog;	/* borrowed during sniff_use_keylog */
	size_t n_keylog;
	int decrypted;
	struct sniff_keys *slots;	/* SNIFF_MAX_LINKS of them, in the arena */
	const struct wire_frame *frames;	/* during a replay: the recording */
	sniff_opened_fn on_opened;	/* told of each record a replay opens */
	void *opened_ctx;
};

/* sniff.c: reporting */
void sn_say_value(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		  const char *label, struct fact_value *v);
void sn_say(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
	    const char *label, const char *text);
void sn_sayf(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
	     const char *label, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A key or other bytes as hex under a label. */
void sn_say_hex(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		const char *label, const uint8_t *p, size_t n);

/* sniff_text.c */
void sn_read_text(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		  const uint8_t *p, size_t n);
void sn_read_dns(struct sniff *sn, enum wire_dir dir, int frame, const uint8_t *m, size_t n);

/* sniff_tls.c */
/* Every complete record of a TLS stream: clear ones read, protected ones shown and opened. */
void sn_read_records(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		     const uint8_t *p, size_t n);
/* Handshake bytes (clear or decrypted) into the direction's reassembly, messages out. */
void sn_handshake_bytes(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			const uint8_t *p, size_t n, bool decrypted);
/* "ClientHello", "EncryptedExtensions", ... */
const char *sn_hs_name(uint8_t type);

/* sniff_tls_cert.c */
/* The Certificate message: its X.509 chain reported. */
void sn_read_certificate(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			 const uint8_t *b, size_t n, bool decrypted);

/* sniff_open.c */
/* One protected record: opened with what was stolen, if anything; advances the sequence. */
void sn_open_record(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		    const uint8_t *rec, size_t n);
/* A recorded classic ClientKeyExchange box, opened with a stolen key. */
void sn_open_sealed(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame);
/* Forgets the keys of a link (wiped). */
void sn_wipe_keys(struct sniff *sn, struct sniff_link *l);

#endif
