/*
 * steps: the eight steps of the handshake, whatever the TLS version (see
 * steps.h).  Each version's table (steps_classic.c, steps_tls12.c,
 * steps_tls13.c) puts its real messages on the same eight steps; what
 * they share lives here: the client's check of the certificate, the facts
 * it yields, the server's facts about itself, and the run of a table.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "steps.h"
#include "steps_impl.h"

const char *steps_server_name(const struct sess *s)
{
	return sess_server_name(s);
}

const struct server_identity *steps_server_identity(const struct sess *s)
{
	if (s->use_bad && sess_attacked_here(s))
		return &s->id_bad;
	return s->link == LINK_B ? &s->id_b : &s->id_a;
}

/* DANE-EE with selector 1, matching type 1: SHA-256 of the leaf's
 * SubjectPublicKeyInfo against the TLSA record's data (RFC 7672 3.1.1). */
static bool dane_matches(const struct sess *s)
{
	uint8_t h[crypto_hash_sha256_BYTES];
	if (!s->have_tlsa || !s->leaf.spki.p)
		return false;
	crypto_hash_sha256(h, s->leaf.spki.p, s->leaf.spki.len);
	return sodium_memcmp(h, s->tlsa, sizeof h) == 0;
}

/* What the client's policy makes of the check: 0 to go on, or the reason. */
static int policy_answer(struct sess *s)
{
	switch (sess_auth(s)) {
	case AUTH_NONE:
		return 0;
	case AUTH_DANE:
		s->dane_match = dane_matches(s);
		return s->dane_match ? 0 : -(int)(s->verdict != X509_OK ? s->verdict : X509_BAD_USAGE);
	default:
		return s->verdict == X509_OK ? 0 : -(int)s->verdict;
	}
}

int steps_check_chain(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
		      uint8_t ed25519_pk[32])
{
	struct sess *s = ctx;
	struct x509_cert inter[X509_MAX_CHAIN];
	size_t n_inter = 0;

	memset(&s->checks, 0, sizeof s->checks);
	s->leaf_der.len = 0;
	s->verdict = X509_MALFORMED;
	if (n == 0)
		return -X509_MALFORMED;
	buf_put(&s->leaf_der, certs[0], lens[0]);
	if (x509_parse(&s->leaf, s->leaf_der.p, s->leaf_der.len) < 0)
		return -X509_MALFORMED;
	for (size_t i = 1; i < n && n_inter < X509_MAX_CHAIN; i++)
		if (x509_parse(&inter[n_inter], certs[i], lens[i]) == 0)
			n_inter++;
	s->verdict = x509_verify_chain(&s->leaf, inter, n_inter, &s->anchor, 1,
				       (int64_t)(s->now_us / 1000000u), steps_server_name(s),
				       &s->checks);
	int r = policy_answer(s);
	if (r < 0)
		return r;
	memcpy(ed25519_pk, s->leaf.key, 32);
	return 0;
}

uint8_t steps_cert_alert(enum x509_result r)
{
	switch (r) {
	case X509_UNKNOWN_ISSUER: return 48;	/* unknown_ca */
	case X509_EXPIRED: return 45;		/* certificate_expired */
	default: return 42;			/* bad_certificate */
	}
}

/* The client's verdict on a certificate it refused: a whole message id. */
static const char *rejection(enum x509_result r)
{
	switch (r) {
	case X509_UNKNOWN_ISSUER:
		return N_("certificate rejected: unknown issuer; the client stops before any key is made");
	case X509_BAD_SIGNATURE:
		return N_("certificate rejected: bad signature; the client stops before any key is made");
	case X509_NOT_YET_VALID:
		return N_("certificate rejected: not yet valid; the client stops before any key is made");
	case X509_EXPIRED:
		return N_("certificate rejected: expired; the client stops before any key is made");
	case X509_NAME_MISMATCH:
		return N_("certificate rejected: name mismatch; the client stops before any key is made");
	case X509_BAD_USAGE:
		return N_("certificate rejected: not for a server; the client stops before any key is made");
	default:
		return N_("certificate rejected: malformed certificate; the client stops before any key is made");
	}
}

/* Whom a certificate names: its CN, or its O. */
static const char *who(const struct x509_name *n)
{
	return n->cn[0] ? n->cn : n->o;
}

static void check_fact(struct sess *s, bool ok, const char *label, const char *msgid)
{
	sess_fact_msg(s, PARTY_CLIENT, ok ? FACT_CHECK_OK : FACT_CHECK_FAIL, label, msgid);
}

static void issuer_facts(struct sess *s)
{
	const struct x509_checks *k = &s->checks;
	const char *issuer = who(&s->leaf.issuer);
	if (k->issuer_trusted)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("issuer"), N_("%s is in the trust store"),
			  issuer);
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("issuer"),
			  N_("%s is not in the trust store"), issuer);
	if (k->issuer_trusted)
		check_fact(s, k->signature_ok, N_("signature"),
			   k->signature_ok ? N_("the CA's signature verifies")
					   : N_("the CA's signature does not verify"));
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("signature"),
			  N_("cannot be checked: no trusted key for this issuer"));
}

static int refuse(struct sess *s, const char *why)
{
	sess_fact_msg(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"), why);
	sess_fact_msg(s, PARTY_SERVER, FACT_ALERT, N_("verdict"), s->use_bad && sess_attacked_here(s)
		  ? N_("the client refused the attacker's certificate; no mail reached anyone")
		  : N_("the client closed the connection with an alert"));
	return STEP_STOPPED;
}

/* The verdict under the client's policy: the full check, DANE or none. */
static int verdict_facts(struct sess *s)
{
	switch (sess_auth(s)) {
	case AUTH_NONE:
		s->forger_answers = s->use_bad && sess_attacked_here(s);
		sess_fact(s, PARTY_CLIENT, s->verdict == X509_OK ? FACT_CHECK_OK : FACT_ALERT,
			  N_("verdict"), s->verdict == X509_OK
			  ? N_("certificate accepted, though opportunistic TLS would have taken any")
			  : N_("certificate not valid, and the sender goes on anyway: opportunistic TLS "
			       "authenticates no one, it encrypts to whoever answered"));
		return STEP_OK;
	case AUTH_DANE:
		check_fact(s, s->dane_match, N_("TLSA"), s->dane_match
			   ? N_("SHA-256 of the certificate's public key matches the TLSA record (3 1 1)")
			   : N_("the certificate's public key does not match the TLSA record"));
		if (!s->dane_match)
			return refuse(s, N_("certificate rejected: its key is not the one DNSSEC vouches "
					    "for; the sender stops before any key is made"));
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("verdict"),
			  N_("certificate accepted: DANE-EE trusts the key named in DNS, whatever "
			     "the CA, dates or name say"));
		return STEP_OK;
	default:
		if (s->verdict != X509_OK)
			return refuse(s, rejection(s->verdict));
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("verdict"), N_("certificate accepted"));
		return STEP_OK;
	}
}

int steps_validation_facts(struct sess *s)
{
	const struct x509_checks *k = &s->checks;
	char from[40], to[40], now[40];
	if (s->verdict == X509_MALFORMED) {
		sess_fact_msg(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"), rejection(s->verdict));
		return STEP_STOPPED;
	}
	format_utc(s->leaf.not_before, from, sizeof from);
	format_utc(s->leaf.not_after, to, sizeof to);
	format_utc((int64_t)(s->now_us / 1000000u), now, sizeof now);
	issuer_facts(s);
	if (k->started && k->not_expired)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("validity"), N_("%s to %s"), from, to);
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("validity"), N_("%s to %s, but now is %s"),
			  from, to, now);
	const char *named = s->leaf.n_dns ? s->leaf.dns[0] : who(&s->leaf.subject);
	if (k->name_ok)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("name"), N_("%s as asked"), named);
	else
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("name"), N_("%s, but the client asked for %s"),
			  named, steps_server_name(s));
	check_fact(s, k->usage_ok, N_("usage"), k->usage_ok ? N_("a server certificate")
							  : N_("not valid for a server"));
	return verdict_facts(s);
}

bool steps_server_reached(const struct sess *s)
{
	return !(s->use_bad && sess_attacked_here(s));
}

void steps_client_cert_facts(struct sess *s, const char *key_type)
{
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("certificate"), N_("%s, issued by %s"),
		  s->leaf.n_dns ? s->leaf.dns[0] : who(&s->leaf.subject), who(&s->leaf.issuer));
	sess_fact_msg(s, PARTY_CLIENT, FACT_INFO, N_("key type"), key_type);
	sess_fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("server public key"), s->leaf.key, 32);
}

void steps_channel_facts(struct sess *s, const char *channel)
{
	sess_fact_msg(s, PARTY_CLIENT, FACT_INFO, N_("channel"), channel);
	sess_fact_msg(s, PARTY_SERVER, FACT_INFO, N_("channel"), channel);
}

void steps_server_facts(struct sess *s)
{
	const struct server_identity *id = steps_server_identity(s);
	if (!steps_server_reached(s)) {
		/* forge: the attacker answered; the real server saw nothing of it */
		sess_fact(s, PARTY_SERVER, FACT_ALERT, N_("handshake"),
			  N_("never reached this server: the attacker answers in its place"));
		return;
	}
	struct x509_cert c;
	if (x509_parse(&c, id->cert.p, id->cert.len) == 0)
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("certificate"), N_("%s, issued by %s"),
			  c.n_dns ? c.dns[0] : who(&c.subject), who(&c.issuer));
	sess_fact_hex(s, PARTY_SERVER, FACT_KEY, N_("public key"), id->sign_pk, 32);
	sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("private key"), N_("never leaves the server"));
}

int steps_stop(struct sess *s, enum party who_stops, const char *label, const char *msgid,
	       uint8_t alert)
{
	sess_fact_msg(s, who_stops, FACT_CHECK_FAIL, label, msgid);
	sess_alert(s, who_stops == PARTY_CLIENT ? WIRE_C2S : WIRE_S2C, alert);
	return STEP_STOPPED;
}

void steps_keylog(void *ctx, const char *label, const uint8_t client_random[32],
		  const uint8_t *secret, size_t len)
{
	struct sess *s = ctx;
	struct keylog_entry e = { .link = s->link };
	if (len > sizeof e.secret)
		return;
	snprintf(e.label, sizeof e.label, "%s", label);
	memcpy(e.client_random, client_random, 32);
	memcpy(e.secret, secret, len);
	e.len = len;
	timeline_add_keylog(s->tl, &e);
	sodium_memzero(&e, sizeof e);
}

void steps_on_handshake(struct sess *s, struct buf *b)
{
	for (size_t i = 0; i < s->n_hooks; i++)
		if (s->hooks[i]->on_handshake)
			s->hooks[i]->on_handshake(s, b);
}

static const struct version *version_of(const struct scenario *sc)
{
	switch (sc->tls) {
	case TLS_12: return &tls12_version;
	case TLS_13: return &tls13_version;
	default: return &classic_version;
	}
}

int sess_tls(struct sess *s)
{
	const struct version *v = version_of(s->sc);
	struct buf b = { 0 };
	int r = STEP_OK;

	engines_free(&s->m);
	v->init(s);
	for (size_t i = 0; i < 8 && r == STEP_OK; i++) {
		const struct step *st = &v->steps[i];
		sess_step(s, st->n, st->name, st->title, st->actor);
		r = st->run(s, &b);
	}
	buf_free(&b);
	if (r == STEP_BROKEN)
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("handshake"), N_("the handshake could not go on"));
	if (r != STEP_OK)
		return -1;
	s->chan = v->channel;
	s->tls = true;
	return 0;
}
