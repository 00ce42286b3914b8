/*
 * nexthop: the MTA-STS and DANE lookups before hop B, and the deferral
 * when hop B falls short of them (see nexthop.h).
 *
 * The MTA-STS policy really crosses the wire: a TLS 1.3 connection to the
 * policy host (the same engines as the mail hops, run here without the
 * eight step events, since the step bar belongs to the mail hops) with an
 * HTTP GET and its answer inside.  A sniffer sees the hellos and the
 * server name, never the policy.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "nexthop.h"
#include "tls13.h"

#define POLICY_MAX_AGE "604800"	/* a week, as the RFC's example */

/* One DNS question and its answer on the DNS link, as one event. */
static void lookup(struct sess *s, const char *event, const char *title, const struct buf *q,
		   const struct buf *a)
{
	sess_open_datagram(s, LINK_DNS, event, title, PARTY_SERVER);
	sess_datagram(s, WIRE_C2S, q->p, q->len);
	sess_tick(s, 8000);
	sess_datagram(s, WIRE_S2C, a->p, a->len);
	sess_tick(s, 1000);
}

/* ---- MTA-STS ----------------------------------------------------------------- */

static void mta_sts_txt(struct sess *s, const char *domain)
{
	struct buf q = { 0 }, a = { 0 };
	char *name = xprintf("_mta-sts.%s", domain), when[40], id[40];
	size_t n = 0;
	/* The policy's id: any string that changes with the policy; its date is usual. */
	format_utc(s->sc->clock, when, sizeof when);
	for (const char *p = when; *p && n + 1 < sizeof id; p++)
		if (*p >= '0' && *p <= '9')
			id[n++] = *p;
	id[n] = '\0';
	char *txt = xprintf("v=STSv1; id=%s;", id);
	dns_query(&q, 0x5354, name, DNS_TXT);
	dns_answer_txt(&a, &q, txt);
	lookup(s, "b-mta-sts-txt", N_("DNS: does example.org publish an MTA-STS policy?"), &q, &a);
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("MTA-STS"),
		  N_("%s publishes a policy (TXT \"%s\"): fetch it over HTTPS"), domain, txt);
	free(txt);
	free(name);
	buf_free(&q);
	buf_free(&a);
}

/* The policy host's certificate, checked in full: RFC 8461 wants it valid. */
static int check_policy_host(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
			     uint8_t ed25519_pk[32])
{
	struct sess *s = ctx;
	struct x509_cert leaf;
	if (n == 0 || x509_parse(&leaf, certs[0], lens[0]) < 0)
		return -X509_MALFORMED;
	enum x509_result r = x509_verify_chain(&leaf, NULL, 0, &s->anchor, 1,
					       (int64_t)(s->now_us / 1000000u),
					       s->sc->id.policy_host, NULL);
	if (r != X509_OK)
		return -(int)r;
	memcpy(ed25519_pk, leaf.key, 32);
	return 0;
}

struct fetch {
	struct tls13_client c;
	struct tls13_server sv;
	const uint8_t *chain[1];
	size_t chain_len[1];
	struct buf b;
};

/* Each record of frame to one side's reader; -1 when it refused one. */
static int feed(struct fetch *f, bool to_server, const struct buf *frame)
{
	const uint8_t *p = frame->p;
	size_t left = frame->len;
	while (left > 0) {
		long len = tls_rec_frame(p, left);
		if (len <= 0)
			return -1;
		int r = to_server ? tls13_server_read(&f->sv, p, (size_t)len)
				  : tls13_client_read(&f->c, p, (size_t)len);
		if (r < 0)
			return -1;
		p += len;
		left -= (size_t)len;
	}
	return 0;
}

/* One flight: made by make, put on the wire, read by the other side. */
#define FLIGHT(s, f, dir, make)                                                  \
	do {                                                                     \
		(f)->b.len = 0;                                                  \
		if ((make) < 0)                                                  \
			return -1;                                               \
		sess_wire((s), (dir), (f)->b.p, (f)->b.len);                     \
		if (feed((f), (dir) == WIRE_C2S, &(f)->b) < 0)                   \
			return -1;                                               \
	} while (0)

static int https_handshake(struct sess *s, struct fetch *f)
{
	FLIGHT(s, f, WIRE_C2S, tls13_client_hello(&f->c, &f->b));
	FLIGHT(s, f, WIRE_S2C, tls13_server_hello(&f->sv, &f->b));
	FLIGHT(s, f, WIRE_S2C, tls13_server_certificate(&f->sv, &f->b) < 0 ? -1
			       : tls13_server_finished(&f->sv, &f->b));
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("certificate"),
		  N_("%s, valid and from a trusted CA, as RFC 8461 requires"), s->sc->id.policy_host);
	FLIGHT(s, f, WIRE_C2S, tls13_client_finished(&f->c, &f->b));
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("channel"), N_("encrypted (ChaCha20-Poly1305, TLS 1.3)"));
	return 0;
}

/* Application data one way: sealed, on the wire, opened into got. */
static int https_send(struct sess *s, struct fetch *f, enum wire_dir dir, const char *text,
		      struct buf *got)
{
	struct tls13_conn *tx = dir == WIRE_C2S ? &f->c.conn : &f->sv.conn;
	struct tls13_conn *rx = dir == WIRE_C2S ? &f->sv.conn : &f->c.conn;
	f->b.len = 0;
	if (tls13_seal_app(tx, (const uint8_t *)text, strlen(text), &f->b) < 0)
		return -1;
	sess_wire(s, dir, f->b.p, f->b.len);
	const uint8_t *p = f->b.p;
	size_t left = f->b.len;
	while (left > 0) {
		long len = tls_rec_frame(p, left);
		if (len <= 0 || tls13_open_app(rx, p, (size_t)len, got) < 0)
			return -1;
		p += len;
		left -= (size_t)len;
	}
	return 0;
}

/* The value of "key: value" in the policy text, or "?" (a copy). */
static char *policy_field(const struct buf *body, const char *key)
{
	size_t k = strlen(key);
	const char *p = (const char *)body->p, *end = p + body->len;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len > k + 2 && memcmp(p, key, k) == 0 && p[k] == ':' && p[k + 1] == ' ')
			return xstrndup(p + k + 2, len - k - 2 - (p[len - 1] == '\r'));
		p = nl ? nl + 1 : end;
	}
	return xstrndup("?", 1);
}

static int https_get(struct sess *s, struct fetch *f)
{
	const struct identity *id = &s->sc->id;
	struct buf req = { 0 }, resp = { 0 };
	char *get = xprintf("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: %s\r\n"
			    "Connection: close\r\n\r\n", id->policy_host);
	char *policy = xprintf("version: STSv1\r\nmode: enforce\r\nmx: %s\r\nmax_age: %s\r\n",
			       id->mx_server, POLICY_MAX_AGE);
	char *answer = xprintf("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
			       "Content-Length: %zu\r\n\r\n%s", strlen(policy), policy);
	sess_event(s, "b-mta-sts-policy", N_("MTA-STS: the policy, inside TLS"), PARTY_CLIENT);
	int r = https_send(s, f, WIRE_C2S, get, &req);
	if (r == 0) {
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("request"), N_("GET /.well-known/mta-sts.txt"));
		r = https_send(s, f, WIRE_S2C, answer, &resp);
	}
	if (r == 0) {
		char *mode = policy_field(&resp, "mode"), *mx = policy_field(&resp, "mx");
		char *age = policy_field(&resp, "max_age");
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("MTA-STS policy"),
			  N_("mode %s, MX %s, kept for %s seconds"), mode, mx, age);
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("hop B"),
			  N_("must use STARTTLS and a certificate valid for %s from a trusted CA, "
			     "or the mail waits"), mx);
		free(mode);
		free(mx);
		free(age);
	}
	free(get);
	free(policy);
	free(answer);
	buf_free(&req);
	buf_free(&resp);
	return r;
}

int nexthop_mta_sts(struct sess *s, const char *domain)
{
	struct fetch f = { 0 };
	const struct wire_link *k = &s->tl->links[LINK_HTTPS];
	mta_sts_txt(s, domain);

	s->link = LINK_HTTPS;
	s->prefix = "";
	s->tls = false;
	sess_event(s, "b-mta-sts-https", N_("MTA-STS: TLS 1.3 to the policy's web server"),
		   PARTY_CLIENT);
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("connection"), N_("TCP to %s port %u"),
		  k->server_name, k->server_port);
	sess_tick(s, 1500);
	tls13_client_init(&f.c, &s->secrets, k->server_name, check_policy_host, s);
	f.chain[0] = s->id_policy.cert.p;
	f.chain_len[0] = s->id_policy.cert.len;
	tls13_server_init(&f.sv, &s->secrets, f.chain, f.chain_len, 1, s->id_policy.sign_sk);
	int r = https_handshake(s, &f);
	if (r == 0)
		r = https_get(s, &f);
	else
		sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("handshake"), N_("the handshake could not go on"));
	tls13_client_free(&f.c);
	tls13_server_free(&f.sv);
	buf_free(&f.b);
	return r;
}

/* ---- DANE ------------------------------------------------------------------- */

void nexthop_dane(struct sess *s)
{
	struct buf q = { 0 }, a = { 0 };
	struct x509_cert mx;
	char *name = xprintf("_25._tcp.%s", s->sc->id.mx_server);
	/* The record names the real MX's key: SHA-256 of its SubjectPublicKeyInfo. */
	s->have_tlsa = x509_parse(&mx, s->id_b.cert.p, s->id_b.cert.len) == 0;
	if (s->have_tlsa)
		crypto_hash_sha256(s->tlsa, mx.spki.p, mx.spki.len);
	dns_query(&q, 0x544c, name, DNS_TLSA);
	dns_answer_tlsa(&a, &q, 3, 1, 1, s->tlsa, sizeof s->tlsa, true);
	lookup(s, "b-tlsa", N_("DNS: which key must the MX show? (TLSA, DNSSEC)"), &q, &a);
	char *hex = hex_new(s->tlsa, sizeof s->tlsa);
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("TLSA"),
		  N_("%s: 3 1 1 (DANE-EE, public key, SHA-256) %s"), name, hex);
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("DNSSEC"),
		  N_("the record is signed and the resolver validated it (assumed here: "
		     "the simulation has no signatures, only the AD flag)"));
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("hop B"),
		  N_("must use STARTTLS and show exactly this key, or the mail waits"));
	free(hex);
	free(name);
	buf_free(&q);
	buf_free(&a);
}

/* ---- deferral --------------------------------------------------------------- */

void nexthop_defer(struct sess *s, bool nothing_sent)
{
	s->link = LINK_B;
	s->prefix = "b-";
	s->tls = false;
	sess_event(s, "deferred", N_("Deferred: the message stays in the queue"), PARTY_CLIENT);
	sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("delivery"),
		  N_("delivery deferred (4xx), the message stays queued and the sender tries again later"));
	if (nothing_sent)
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("message"),
			  N_("not sent: neither in clear nor to an impostor"));
}
