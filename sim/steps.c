/*
 * steps: the eight steps as a table (see steps.h).  The certificate's
 * checks become one tick or cross each; a side that stops says why and
 * sends the alert TLS would.
 */
#include "steps.h"

static uint8_t alert_for(enum cert_result r)
{
	switch (r) {
	case CERT_UNKNOWN_ISSUER: return 48;	/* unknown_ca */
	case CERT_EXPIRED: return 45;		/* certificate_expired */
	case CERT_BAD_SIGNATURE: return 51;	/* decrypt_error */
	default: return 42;			/* bad_certificate */
	}
}

static void check_fact(struct sess *s, bool ok, const char *label, const char *msgid)
{
	sess_fact_msg(s, PARTY_CLIENT, ok ? FACT_CHECK_OK : FACT_CHECK_FAIL, label, msgid);
}

/* Step 3 in facts: one tick or cross per check. */
static void validation_facts(struct sess *s)
{
	const struct hs_client *c = &s->hc;
	char from[40], to[40], now[40];
	cert_format_time(c->cert.not_before, from, sizeof from);
	cert_format_time(c->cert.not_after, to, sizeof to);
	cert_format_time(c->now, now, sizeof now);
	if (c->checks.issuer_trusted)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("issuer"), N_("%s is in the trust store"),
			  c->cert.issuer);
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("issuer"), N_("%s is not in the trust store"),
			  c->cert.issuer);
	if (c->checks.issuer_trusted)
		check_fact(s, c->checks.signature_ok, N_("signature"),
			   c->checks.signature_ok ? N_("the CA's signature verifies")
						  : N_("the CA's signature does not verify"));
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("signature"),
			  N_("cannot be checked: no trusted key for this issuer"));
	if (c->checks.started && c->checks.not_expired)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("validity"), N_("%s to %s"), from, to);
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("validity"), N_("%s to %s, but now is %s"),
			  from, to, now);
	if (c->checks.name_ok)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("name"), N_("%s as asked"), c->cert.subject);
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("name"), N_("%s, but the client asked for %s"),
			  c->cert.subject, c->server_name);
	if (c->kx == KX_EPHEMERAL)
		check_fact(s, c->share_signed, N_("share signature"),
			   c->share_signed ? N_("the key share is signed by the certified key")
					   : N_("the key share's signature does not verify"));
}

/* The client's verdict on a certificate it refused: a whole message id. */
static const char *rejection(enum cert_result r)
{
	switch (r) {
	case CERT_MALFORMED:
		return N_("certificate rejected: malformed certificate; the client stops before any key is made");
	case CERT_UNKNOWN_ISSUER:
		return N_("certificate rejected: unknown issuer; the client stops before any key is made");
	case CERT_BAD_SIGNATURE:
		return N_("certificate rejected: bad signature; the client stops before any key is made");
	case CERT_NOT_YET_VALID:
		return N_("certificate rejected: not yet valid; the client stops before any key is made");
	case CERT_EXPIRED:
		return N_("certificate rejected: expired; the client stops before any key is made");
	default:
		return N_("certificate rejected: name mismatch; the client stops before any key is made");
	}
}

static const struct hs_identity *server_identity(struct sess *s)
{
	if (s->link == LINK_B)
		return &s->id_b;
	return s->use_bad ? &s->id_bad : &s->id_a;
}


/* What a step returns: go on, a side stopped (it said why), or the state
 * machine refused a call (a bug the run reports instead of hiding). */
enum { STEP_OK = 0, STEP_STOPPED = -1, STEP_BROKEN = -2 };

#define TRY(x) do { if ((x) < 0) return STEP_BROKEN; } while (0)

/* A side found the other's message wrong: it says so and alerts. */
static int stop(struct sess *s, enum party who, const char *label, const char *msgid,
		uint8_t alert)
{
	sess_fact_msg(s, who, FACT_CHECK_FAIL, label, msgid);
	sess_alert(s, who == PARTY_CLIENT ? WIRE_C2S : WIRE_S2C, alert);
	return STEP_STOPPED;
}

static const char *server_name(const struct sess *s)
{
	return s->link == LINK_B ? s->sc->id.mx_server : s->sc->id.server;
}

static int connect_step(struct sess *s, struct buf *b)
{
	TRY(hs_client_hello(&s->hc, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	TRY(hs_server_read_hello(&s->hs, b->p, b->len));
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("client random"), s->hc.random, 32);
	sess_fact_text(s, PARTY_CLIENT, FACT_INFO, N_("asked for"), server_name(s));
	sess_fact_text(s, PARTY_SERVER, FACT_INFO, N_("client asks for"), s->hs.server_name);
	return STEP_OK;
}

/* What the server knows of itself once it has sent step 2. */
static void server_identity_facts(struct sess *s)
{
	const struct cert *sent = &s->hs.id->cert;
	if (s->use_bad) {
		/* forge: the attacker answered; the real server saw nothing of it */
		sess_fact(s, PARTY_SERVER, FACT_ALERT, N_("handshake"),
			  N_("never reached this server: the attacker answers in its place"));
		return;
	}
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("certificate"), N_("%s, issued by %s"),
		  sent->subject, sent->issuer);
	sess_fact_hex(s, PARTY_SERVER, FACT_KEY, N_("public key"), sent->enc_pk, 32);
	sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("private key"), N_("32 bytes, never leaves the server"));
	if (s->sc->kx == KX_EPHEMERAL)
		sess_fact_hex(s, PARTY_SERVER, FACT_KEY, N_("ephemeral share"), s->hs.share, 32);
}

static int certificate_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(hs_server_hello(&s->hs, b));
	for (size_t i = 0; i < s->n_hooks; i++)
		if (s->hooks[i]->on_handshake)
			s->hooks[i]->on_handshake(s, b);
	sess_wire(s, WIRE_S2C, b->p, b->len);
	server_identity_facts(s);
	if (hs_client_read_server(&s->hc, b->p, b->len) < 0)
		return stop(s, PARTY_CLIENT, N_("certificate"), N_("unreadable"), 50);	/* decode_error */
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("certificate"), N_("%s, issued by %s"),
		  s->hc.cert.subject, s->hc.cert.issuer);
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("key type"), N_("X25519 to wrap, Ed25519 to sign"));
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("server public key"), s->hc.cert.enc_pk, 32);
	return STEP_OK;
}

static int validation_step(struct sess *s, struct buf *b)
{
	(void)b;
	sess_tick(s, 300);
	enum cert_result r = hs_client_validate(&s->hc);
	validation_facts(s);
	if (r != CERT_OK) {
		sess_fact_msg(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"), rejection(r));
		sess_alert(s, WIRE_C2S, alert_for(r));
		sess_fact_msg(s, PARTY_SERVER, FACT_ALERT, N_("verdict"), s->use_bad
			  ? N_("the client refused the attacker's certificate; no mail reached anyone")
			  : N_("the client closed the connection with an alert"));
		return STEP_STOPPED;
	}
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("verdict"), N_("certificate accepted"));
	return STEP_OK;
}

static int session_key_step(struct sess *s, struct buf *b)
{
	(void)b;
	TRY(hs_client_make_key(&s->hc));
	sess_tick(s, 50);
	sess_fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("session key"), s->hc.session_key, 32);
	return STEP_OK;
}

static int wrap_step(struct sess *s, struct buf *b)
{
	(void)b;
	TRY(hs_client_wrap(&s->hc));
	sess_tick(s, 150);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("wrapped session key"), s->hc.sealed, HS_SEALED_LEN);
	return STEP_OK;
}

static int key_share_step(struct sess *s, struct buf *b)
{
	(void)b;
	TRY(hs_client_make_key(&s->hc));
	sess_tick(s, 100);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("ephemeral share"), s->hc.share, 32);
	sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("ephemeral secret"), N_("32 bytes, used once"));
	return STEP_OK;
}

static int derive_step(struct sess *s, struct buf *b)
{
	(void)b;
	TRY(hs_client_wrap(&s->hc));
	sess_tick(s, 150);
	sess_fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("session key"), s->hc.session_key, 32);
	sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("ephemeral secret"), N_("wiped"));
	return STEP_OK;
}

static int transfer_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(hs_client_key_exchange(&s->hc, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	return STEP_OK;
}

static int unwrap_step(struct sess *s, struct buf *b)
{
	bool eph = s->sc->kx == KX_EPHEMERAL;
	sess_tick(s, 150);
	if (hs_server_read_key_exchange(&s->hs, b->p, b->len) < 0)
		return stop(s, PARTY_SERVER, N_("session key"), N_("could not be recovered"), 51);
	if (eph)
		sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("derive"),
			  N_("crypto_kx from its ephemeral secret and the client's share"));
	else
		sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("unwrap"),
			  N_("crypto_box_seal_open with its private key"));
	sess_fact_hex(s, PARTY_SERVER, FACT_SECRET, N_("session key"), s->hs.session_key, 32);
	if (eph)
		sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("ephemeral secret"), N_("wiped"));
	return STEP_OK;
}

static int finished_step(struct sess *s, struct buf *b)
{
	b->len = 0;
	TRY(hs_client_finished(&s->hc, b));
	sess_wire(s, WIRE_C2S, b->p, b->len);
	if (hs_server_read_finished(&s->hs, b->p, b->len) < 0)	/* bad_record_mac */
		return stop(s, PARTY_SERVER, N_("Finished"), N_("does not verify"), 20);
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("Finished"),
		  N_("the client's Finished verifies: same key, same handshake"));
	b->len = 0;
	TRY(hs_server_finished(&s->hs, b));
	sess_wire(s, WIRE_S2C, b->p, b->len);
	if (hs_client_read_finished(&s->hc, b->p, b->len) < 0)
		return stop(s, PARTY_CLIENT, N_("Finished"), N_("does not verify"), 20);
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("Finished"), N_("the server's Finished verifies"));
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("channel"), N_("encrypted (XChaCha20-Poly1305, session key)"));
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("channel"), N_("encrypted (XChaCha20-Poly1305, session key)"));
	return STEP_OK;
}

struct step {
	int n;
	const char *name;	/* the event's name, for lessons */
	const char *title;	/* a message id */
	enum party actor;
	int (*run)(struct sess *s, struct buf *b);	/* b: the bytes in flight */
};

/* The article's eight steps: the client wraps a session key it made. */
static const struct step transport_steps[8] = {
	{ 1, "connect", N_("Connect: the client says hello"), PARTY_CLIENT, connect_step },
	{ 2, "certificate", N_("Certificate: the server shows its public key"), PARTY_SERVER, certificate_step },
	{ 3, "validation", N_("Validation: is this really the server?"), PARTY_CLIENT, validation_step },
	{ 4, "session-key", N_("Session key: the client makes a secret"), PARTY_CLIENT, session_key_step },
	{ 5, "wrap", N_("Wrap: lock the session key with the server's public key"), PARTY_CLIENT, wrap_step },
	{ 6, "transfer", N_("Transfer: the wrapped key crosses the wire"), PARTY_CLIENT, transfer_step },
	{ 7, "unwrap", N_("Unwrap: the server opens it with its private key"), PARTY_SERVER, unwrap_step },
	{ 8, "session", N_("Session: both sides encrypt with the session key"), PARTY_CLIENT, finished_step },
};

/* The same spine with ephemeral key shares: nothing is wrapped. */
static const struct step ephemeral_steps[8] = {
	{ 1, "connect", N_("Connect: the client says hello"), PARTY_CLIENT, connect_step },
	{ 2, "certificate", N_("Certificate: the server shows its public key"), PARTY_SERVER, certificate_step },
	{ 3, "validation", N_("Validation: is this really the server?"), PARTY_CLIENT, validation_step },
	{ 4, "session-key", N_("Key share: the client makes a one-time key pair"), PARTY_CLIENT, key_share_step },
	{ 5, "wrap", N_("Derive: both shares give the session key"), PARTY_CLIENT, derive_step },
	{ 6, "transfer", N_("Transfer: the client's share crosses the wire"), PARTY_CLIENT, transfer_step },
	{ 7, "unwrap", N_("Derive: the server computes the same key"), PARTY_SERVER, unwrap_step },
	{ 8, "session", N_("Session: both sides encrypt with the session key"), PARTY_CLIENT, finished_step },
};

int sess_tls(struct sess *s)
{
	const struct scenario *sc = s->sc;
	const struct step *steps = sc->kx == KX_EPHEMERAL ? ephemeral_steps : transport_steps;
	struct buf b = { 0 };
	int r = STEP_OK;

	hs_client_free(&s->hc);
	hs_server_free(&s->hs);
	hs_client_init(&s->hc, &s->secrets, sc->kx, server_name(s), &s->trust, (int64_t)(s->now_us / 1000000u));
	hs_server_init(&s->hs, &s->secrets, sc->kx, server_identity(s));
	for (size_t i = 0; i < 8 && r == STEP_OK; i++) {
		sess_step(s, steps[i].n, steps[i].name, steps[i].title, steps[i].actor);
		r = steps[i].run(s, &b);
	}
	buf_free(&b);
	if (r == STEP_BROKEN)
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("handshake"), N_("the handshake could not go on"));
	if (r != STEP_OK)
		return -1;
	s->tls = true;
	return 0;
}
