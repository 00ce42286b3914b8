/*
 * scenario: what to simulate.  A scenario is a protocol, a TLS mode, the
 * attacks to run, the policies of each side, the identities and the clock.
 * It is plain data: timeline_build() turns it into a timeline.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum proto {
	PROTO_HANDSHAKE,	/* the eight steps alone, one message each way */
	PROTO_SMTP,
	PROTO_POP3,
	PROTO_IMAP,
	PROTO_RELAY,		/* SMTP submission, DNS MX, SMTP relay */
};

enum tls_mode {
	MODE_PLAIN,		/* no TLS at all */
	MODE_UPGRADE,		/* STARTTLS / STLS on the normal port */
	MODE_IMPLICIT,		/* TLS from the first byte (465, 995, 993) */
};

enum tls_version {
	TLS_CLASSIC,		/* the article's eight steps: key transport, a sealed box for RSA */
	TLS_12,			/* TLS 1.2 with ECDHE: X25519, Ed25519, ChaCha20-Poly1305 */
	TLS_13,			/* TLS 1.3: the same primitives, the handshake encrypted */
};

enum tls_policy { POLICY_REQUIRED, POLICY_OPPORTUNISTIC };

/* Relay: what the sending server does on hop B, and what the destination
 * publishes.  Only mta-sts and dane authenticate the next hop. */
enum hop_b_policy {
	HOP_B_PLAIN,		/* the destination offers no STARTTLS */
	HOP_B_OPPORTUNISTIC,	/* STARTTLS when offered, any certificate (Postfix "may") */
	HOP_B_MTA_STS,		/* RFC 8461: STARTTLS and a valid certificate, or defer */
	HOP_B_DANE,		/* RFC 7672: STARTTLS and a key matching TLSA, or defer */
};

/* The hop an active attacker sits on (relay; elsewhere there is only A). */
enum attack_hop { ATTACK_HOP_A, ATTACK_HOP_B };
enum server_policy { SERVER_STRICT, SERVER_LAX };

enum attack {
	ATTACK_STRIP = 1u << 0,
	ATTACK_FORGE = 1u << 1,
	ATTACK_EXPIRED = 1u << 2,
	ATTACK_WRONG_NAME = 1u << 3,
	ATTACK_UNTRUSTED = 1u << 4,
	ATTACK_TAMPER = 1u << 5,
	ATTACK_KEY_LEAK = 1u << 6,
};

struct identity {
	const char *server;	/* "mail.example.test" */
	const char *client_host;	/* "client.example.test" */
	const char *user;	/* "alice@example.test" */
	const char *password;	/* "wonderland" */
	const char *from, *to;	/* envelope addresses */
	const char *mx_server;	/* hop B's destination, "mx.example.org" */
	const char *policy_host;	/* its MTA-STS policy's web server */
};

struct scenario {
	const char *name;	/* "smtp-starttls"; from the table */
	enum proto proto;
	enum tls_mode mode;
	enum tls_version tls;
	unsigned attacks;	/* enum attack bits */
	enum tls_policy tls_policy;
	enum server_policy server_policy;
	enum hop_b_policy hop_b;	/* relay: how hop B is protected */
	enum attack_hop attack_hop;	/* relay: where the attacker sits */
	bool seeded;		/* deterministic randomness: teaching only */
	bool seed_kept;		/* ... from a random seed a lesson keeps in its
				 * progress, so that a resumed lesson shows the
				 * same keys: not announced as "seeded" */
	uint64_t seed;
	int64_t clock;		/* simulation start, Unix seconds (UTC) */
	struct identity id;
};

/* The named scenarios are the choices of --scenario in options.c: each
 * is a protocol and a TLS mode, packed as its value. */
#define SCENARIO_KIND(proto, mode) ((int)(proto) << 4 | (int)(mode))

/* "SMTP", "POP3", "IMAP", "TLS"; the port hop A uses; "STARTTLS"...
 * The mode label is an English msgid: the UI translates it. */
const char *scenario_proto_label(const struct scenario *sc);
uint16_t scenario_port(const struct scenario *sc);
const char *scenario_mode_label(const struct scenario *sc);

#endif
