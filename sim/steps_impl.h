/*
 * steps_impl: what the step tables of the three TLS versions share
 * (steps.c) and what each provides (steps_classic.c, steps_tls12.c,
 * steps_tls13.c).  Private to the steps*.c files.
 */
#ifndef STEPS_IMPL_H
#define STEPS_IMPL_H

#include "session.h"

/* What a step returns: go on, a side stopped (it said why and alerted),
 * or a machine refused a call (a bug the run reports instead of hiding). */
enum { STEP_OK = 0, STEP_STOPPED = -1, STEP_BROKEN = -2 };

#define TRY(x) do { if ((x) < 0) return STEP_BROKEN; } while (0)

struct step {
	int n;			/* 1..8 */
	const char *name;	/* the event's name, for lessons */
	const char *title;	/* a message id */
	enum party actor;
	int (*run)(struct sess *s, struct buf *b);	/* b: bytes in flight between steps */
};

/* One TLS version: its eight steps, its records, and how it starts. */
struct version {
	const struct step *steps;	/* eight */
	const struct sess_channel *channel;
	void (*init)(struct sess *s);	/* the machines of the current link */
};

extern const struct version classic_version, tls12_version, tls13_version;

/* The name the client asks for on the current link. */
const char *steps_server_name(const struct sess *s);

/* The identity that answers on the current link (the attacker's under forge). */
const struct server_identity *steps_server_identity(const struct sess *s);

/*
 * The client's check of a chain (leaf first): X.509 against the trust
 * store at the simulation's time for the name it asked for.  Keeps what
 * it found in s (leaf, checks, verdict) for steps_validation_facts.
 * Returns 0 and the leaf's Ed25519 key, or a negative enum x509_result.
 * The signature of the engines' verify callbacks, with s as ctx.
 */
int steps_check_chain(void *s, const uint8_t *const *certs, const size_t *lens, size_t n,
		      uint8_t ed25519_pk[32]);

/* Step 3 in facts: one tick or cross per check, then the verdict.  Returns
 * STEP_OK when the certificate was accepted. */
int steps_validation_facts(struct sess *s);

/* The TLS alert for a certificate the client refused. */
uint8_t steps_cert_alert(enum x509_result r);

/* Whether the real server takes part: not when the attacker answers in its
 * place (forge), whose facts are not the server's to know. */
bool steps_server_reached(const struct sess *s);

/* What the client read of the certificate (s->leaf) in step 2; key_type
 * is a message id saying what the key does in this version. */
void steps_client_cert_facts(struct sess *s, const char *key_type);

/* Both sides' last fact of step 8: what protects the channel (a msgid). */
void steps_channel_facts(struct sess *s, const char *channel);

/* What the server knows of its own certificate once it has sent it. */
void steps_server_facts(struct sess *s);

/* A side found the other's message wrong: it says so and alerts (in clear). */
int steps_stop(struct sess *s, enum party who, const char *label, const char *msgid,
	       uint8_t alert);

/* The engines' key-log callback: each secret into the timeline (ctx = s). */
void steps_keylog(void *s, const char *label, const uint8_t client_random[32],
		  const uint8_t *secret, size_t len);

/* Lets the hooks see (and change) step 2's bytes on their way to the client. */
void steps_on_handshake(struct sess *s, struct buf *b);

#endif
