/*
 * session: the machinery the protocol drivers share.  It owns the keys of
 * the run (CA, server identities, the handshake state of the current
 * link), turns what a side sends into frames (sealed into records once
 * TLS is up), hands every frame to the sniffer, runs the attacker's
 * changes, and writes events and facts into the timeline.
 *
 * Internal to sim/: the views only ever see the finished timeline.
 */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>

#include "arena.h"
#include "engines.h"
#include "identity.h"
#include "pki.h"
#include "x509.h"
#include "sniff.h"
#include "timeline.h"
#include "util.h"

/* The links of a run: hop A, then for relay the DNS, hop B and (MTA-STS)
 * the HTTPS fetch of the policy. */
enum { LINK_A, LINK_DNS, LINK_B, LINK_HTTPS };

/* How the client of the current link judges the server's certificate. */
enum sess_auth {
	AUTH_PKIX,	/* the chain to the trust store, the dates, the name */
	AUTH_NONE,	/* opportunistic relay: any certificate will do */
	AUTH_DANE,	/* DANE-EE: the key must match the TLSA record, nothing else */
};

struct sess;

/*
 * What an attack plugs into the session, in the manner of tmux's window
 * modes: the session calls each hook that is not NULL at its point and
 * never names an attack.
 */
struct sess_hooks {
	const char *rogue_ca_name;	/* the untrusted CA it brings, or NULL */
	int (*prepare)(struct sess *s);	/* after the keys are made; 0 or -1 */
	/* a clear frame on its way; may change it */
	void (*on_clear)(struct sess *s, enum wire_dir dir, struct buf *frame);
	/* step 2's bytes on their way to the client */
	void (*on_handshake)(struct sess *s, struct buf *frame);
	/* protected records on their way; may change them */
	void (*on_record)(struct sess *s, enum wire_dir dir, struct buf *frame);
	void (*after)(struct sess *s);	/* once the session is over */
	void (*on_link)(struct sess *s);	/* a link has just opened */
	/* the receiver of a protected sess_send got s->got; the attacker
	 * reads it when it is the receiver (forge) */
	void (*on_delivered)(struct sess *s, enum wire_dir dir);
};

/* A protocol: how it runs and how its server offers the upgrade to TLS. */
struct driver {
	enum proto proto;
	int (*run)(struct sess *s);	/* 0 completed, -1 a side stopped */
	const char *upgrade_line;	/* a reply line offering TLS ("250-STARTTLS") */
	const char *upgrade_word;	/* or a word in a capability line (" STARTTLS") */
};

/*
 * The protected channel of the current link, which the handshake of its
 * TLS version set up (steps.c): records in the sender's direction dir.
 */
struct sess_channel {
	/* n bytes as application_data records appended to out; 0 or -1 */
	int (*seal)(struct sess *s, enum wire_dir dir, const uint8_t *p, size_t n, struct buf *out);
	/* one whole record: its plaintext appended to plain; -1 when it fails
	 * authentication, with the receiver's alert record appended to alert */
	int (*open)(struct sess *s, enum wire_dir dir, const uint8_t *rec, size_t n,
		    struct buf *plain, struct buf *alert);
};

#define SESS_MAX_HOOKS 8

struct sess {
	struct timeline *tl;
	const struct scenario *sc;	/* = &tl->sc */
	const struct driver *driver;
	const struct sess_hooks *hooks[SESS_MAX_HOOKS];
	size_t n_hooks;
	struct arena secrets;	/* every private and session key of the run */
	struct sniff *sniff;
	uint64_t now_us;	/* simulation clock */
	unsigned link;		/* the link events happen on */
	const char *prefix;	/* event-name prefix: "" on hop A, "b-" on hop B */
	struct pki_ca ca;	/* the root CA in the client's trust store */
	struct pki_ca rogue_ca;	/* a CA nobody trusts: the attacker's, or a stranger's */
	struct x509_cert anchor;	/* ca's certificate, parsed: the trust store */
	struct server_identity id_a, id_b;	/* the real servers of hop A and hop B */
	struct server_identity id_bad;	/* the attacker's, which answers in their place */
	bool use_bad;		/* step 2 on the attacked link presents id_bad */
	unsigned attack_link;	/* where an active attacker sits: LINK_A or LINK_B */
	struct server_identity id_policy;	/* relay, MTA-STS: the policy's web server */
	uint8_t tlsa[32];	/* relay, DANE: the TLSA record's SHA-256 of the MX's key */
	bool have_tlsa;
	bool dane_match;	/* the last certificate's key matched tlsa */
	bool forger_answers;	/* the client accepted the forged certificate: from
				 * now on the server's facts are the attacker's */
	struct engines m;	/* the handshake machines of the current link */
	const uint8_t *chain[1];	/* the server's certificate chain, for m */
	size_t chain_len[1];
	const struct sess_channel *chan;	/* set while tls */
	struct buf leaf_der;	/* the certificate the client was shown, DER */
	struct x509_cert leaf;	/* leaf_der parsed */
	struct x509_checks checks;	/* what the client found of it */
	enum x509_result verdict;
	bool tls;		/* the current link is inside TLS */
	bool tampered;		/* the tamper attack has struck */
	struct buf got;		/* what the receiver of the last sess_send got */
};

/*
 * Makes the run's keys and identities for the driver (borrowed) and
 * hooks (copied pointers, at most SESS_MAX_HOOKS), then lets each hook
 * prepare.  0, or -1 (call sess_free either way).
 */
__attribute__((warn_unused_result))
int sess_init(struct sess *s, struct timeline *tl, const struct driver *driver,
	      const struct sess_hooks *const *hooks, size_t n_hooks);
/* Runs the driver, the sniffer's summary and the hooks' after; 0 or -1. */
int sess_run(struct sess *s);
void sess_free(struct sess *s);


/* Starts a protocol event (step 0) on the current link. */
void sess_event(struct sess *s, const char *name, const char *title, enum party actor);

/*
 * Sends n bytes from one side of the current link to the other: in clear,
 * or sealed in application_data records once TLS is up.  The receiver's
 * bytes are in s->got afterwards (an attacker may have changed them).
 * Returns -1 when the receiver rejected them (a record failed
 * authentication); the connection is then closed with an alert.
 */
int sess_send(struct sess *s, enum wire_dir dir, const char *text);

/*
 * One event: the client's command (or NULL) and the server's reply (or
 * NULL).  Returns -1 when the connection broke on the way.
 */
int sess_exchange(struct sess *s, const char *name, const char *title,
		  const char *cmd, const char *reply);

/* True when the receiver of the last sess_send got a line equal to line. */
bool sess_got_line(const struct sess *s, const char *line);

/*
 * Notes what the client now knows the server offers: the received lines
 * from index skip on, each with prefix cut off, joined by spaces.
 */
void sess_note_offers(struct sess *s, const char *prefix, size_t skip);

/* A fact for a party: a message id (printf-style) and its arguments. */
void sess_fact(struct sess *s, enum party p, enum fact_kind k, const char *label,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The same for a message id chosen at run time, without arguments. */
void sess_fact_msg(struct sess *s, enum party p, enum fact_kind k, const char *label,
		   const char *msgid);

/* Bytes as hex, shown as they are. */
void sess_fact_hex(struct sess *s, enum party p, enum fact_kind k, const char *label,
		   const uint8_t *b, size_t n);

/* A value shown as it is, never translated: a name, a line, hex. */
void sess_fact_text(struct sess *s, enum party p, enum fact_kind k, const char *label,
		    const char *text);


/* The current link is the one the attacker sits on. */
bool sess_attacked_here(const struct sess *s);

/* How the client of the current link judges certificates (hop B: the
 * scenario's policy; everywhere else the full check). */
enum sess_auth sess_auth(const struct sess *s);

/* The server name the client of the current link asks for. */
const char *sess_server_name(const struct sess *s);

/* Opens a link: the "tcp" event.  Leaves TLS off. */
void sess_open_link(struct sess *s, unsigned link, const char *title);

/* Advances the clock by us microseconds (local work takes time too). */
void sess_tick(struct sess *s, uint64_t us);

/* Handshake bytes from one side: one frame on the wire, seen by the sniffer. */
void sess_wire(struct sess *s, enum wire_dir dir, const uint8_t *b, size_t n);

/* A fatal TLS alert in clear (level 2) with the given description. */
void sess_alert(struct sess *s, enum wire_dir dir, uint8_t description);

/* Starts an event on a datagram link (DNS): no connection, no TLS. */
void sess_open_datagram(struct sess *s, unsigned link, const char *name, const char *title,
			enum party actor);

/* One datagram on the current link. */
void sess_datagram(struct sess *s, enum wire_dir dir, const uint8_t *b, size_t n);

/* A handshake step (1..8) as an event on the current link. */
void sess_step(struct sess *s, int step, const char *name, const char *title, enum party actor);

#endif
