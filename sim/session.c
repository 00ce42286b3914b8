/*
 * session: frames, records, the eight steps and the facts each side
 * learns, shared by the protocol drivers (smtp.c, pop3.c, imap.c).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attack.h"
#include "session.h"

#define DAY (24 * 60 * 60)
#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static void emit_sniffed(void *ctx, enum fact_kind kind, enum wire_dir dir, int frame,
			 const char *label, struct fact_value *v)
{
	struct timeline *tl = ctx;
	timeline_add_fact(tl, PARTY_SNIFFER, kind, dir, frame, label, v);
}

static void setup_links(struct sess *s)
{
	struct timeline *tl = s->tl;
	const struct identity *id = &s->sc->id;
	tl->links[LINK_A] = (struct wire_link){
		.name = N_("hop A"), .proto = WIRE_TCP,
		.client_ip = IP(192, 0, 2, 10), .server_ip = IP(192, 0, 2, 25),
		.client_port = 49731, .server_port = scenario_port(s->sc),
		.client_name = id->client_host, .server_name = id->server,
	};
	tl->n_links = 1;
	if (s->sc->proto == PROTO_RELAY) {
		tl->links[LINK_DNS] = (struct wire_link){
			.name = N_("DNS"), .proto = WIRE_UDP,
			.client_ip = IP(192, 0, 2, 25), .server_ip = IP(192, 0, 2, 53),
			.client_port = 53124, .server_port = 53,
			.client_name = id->server, .server_name = "resolver",
		};
		tl->links[LINK_B] = (struct wire_link){
			.name = N_("hop B"), .proto = WIRE_TCP,
			.client_ip = IP(192, 0, 2, 25), .server_ip = IP(198, 51, 100, 25),
			.client_port = 49732, .server_port = 25,
			.client_name = id->server, .server_name = id->mx_server,
		};
		tl->n_links = 3;
	}
}

int sess_init(struct sess *s, struct timeline *tl)
{
	memset(s, 0, sizeof *s);
	s->tl = tl;
	s->sc = &tl->sc;
	s->prefix = "";
	s->now_us = (uint64_t)s->sc->clock * 1000000u;
	setup_links(s);
	s->sniff = sniff_new(tl->links, tl->n_links, emit_sniffed, tl);

	int64_t t = s->sc->clock;
	if (ca_new(&s->ca, "Example Test Root CA") < 0 ||
	    ca_new(&s->rogue_ca, attack_rogue_ca_name(s->sc->attacks)) < 0)
		return -1;
	trust_store_add(&s->trust, &s->ca);
	if (hs_identity_new(&s->id_a, s->sc->id.server, &s->ca, t - 90 * DAY, t + 275 * DAY) < 0)
		return -1;
	if (s->sc->proto == PROTO_RELAY &&
	    hs_identity_new(&s->id_b, s->sc->id.mx_server, &s->ca, t - 30 * DAY, t + 335 * DAY) < 0)
		return -1;
	return attack_prepare(s);
}

void sess_free(struct sess *s)
{
	hs_client_free(&s->hc);
	hs_server_free(&s->hs);
	hs_identity_free(&s->id_a);
	hs_identity_free(&s->id_b);
	hs_identity_free(&s->id_bad);
	ca_free(&s->ca);
	ca_free(&s->rogue_ca);
	sniff_free(s->sniff);
	buf_free(&s->got);
}

void sess_tick(struct sess *s, uint64_t us)
{
	s->now_us += us;
}

void sess_event(struct sess *s, const char *name, const char *title, enum party actor)
{
	char *full = xprintf("%s%s", s->prefix, name);
	timeline_add_event(s->tl, 0, full, title, actor, s->link);
	free(full);
}

static void step_event(struct sess *s, int step, const char *name, const char *title,
		       enum party actor)
{
	char *full = xprintf("%s%s", s->prefix, name);
	timeline_add_event(s->tl, step, full, title, actor, s->link);
	free(full);
}

void sess_fact(struct sess *s, enum party p, enum fact_kind k, const char *label,
	       const char *fmt, ...)
{
	struct fact_value v;
	va_list ap;
	va_start(ap, fmt);
	fact_value_vset(&v, fmt, ap);
	va_end(ap);
	timeline_add_fact(s->tl, p, k, WIRE_C2S, -1, label, &v);
}

void sess_fact_msg(struct sess *s, enum party p, enum fact_kind k, const char *label,
		   const char *msgid)
{
	struct fact_value v = { .msg = msgid };
	timeline_add_fact(s->tl, p, k, WIRE_C2S, -1, label, &v);
}

void sess_fact_text(struct sess *s, enum party p, enum fact_kind k, const char *label,
		    const char *text)
{
	struct fact_value v;
	fact_value_text(&v, text);
	timeline_add_fact(s->tl, p, k, WIRE_C2S, -1, label, &v);
}

static void fact_hex(struct sess *s, enum party p, enum fact_kind k, const char *label,
		     const uint8_t *b, size_t n)
{
	char *h = hex_new(b, n);
	sess_fact_text(s, p, k, label, h);
	free(h);
}

/* Puts bytes on the wire: one frame, seen by the sniffer as it passes. */
static void wire_put(struct sess *s, enum wire_dir dir, const uint8_t *b, size_t n)
{
	size_t i = timeline_add_frame(s->tl, s->link, dir, s->now_us, b, n);
	sniff_frame(s->sniff, &s->tl->frames[i], (int)i);
	/* Latency and serialisation: a millisecond plus the size at ~10 MB/s. */
	s->now_us += 1000 + n / 10;
}

int sess_send(struct sess *s, enum wire_dir dir, const char *text)
{
	size_t n = strlen(text);
	struct buf out = { 0 };
	s->got.len = 0;
	if (!s->tls) {
		buf_put(&out, text, n);
		attack_on_clear(s, dir, &out);
		wire_put(s, dir, out.p, out.len);
		buf_put(&s->got, out.p, out.len);
		buf_free(&out);
		return 0;
	}
	struct rec_state *tx = dir == WIRE_C2S ? &s->hc.rec : &s->hs.rec;
	struct rec_state *rx = dir == WIRE_C2S ? &s->hs.rec : &s->hc.rec;
	for (size_t off = 0; off < n || off == 0; off += REC_MAX_PLAIN) {
		size_t chunk = n - off < REC_MAX_PLAIN ? n - off : REC_MAX_PLAIN;
		rec_write_sealed(tx, &out, REC_APPLICATION_DATA, (const uint8_t *)text + off, chunk);
		if (off + chunk >= n)
			break;
	}
	attack_on_record(s, dir, &out);
	wire_put(s, dir, out.p, out.len);

	/* The receiver opens each record; one failure ends the connection. */
	const uint8_t *p = out.p;
	size_t left = out.len;
	while (left > 0) {
		uint8_t type;
		const uint8_t *body;
		size_t blen, total, plen;
		uint8_t *plain = xmalloc(left);
		int bad = rec_parse(p, left, &type, &body, &blen, &total) < 0 ||
			  rec_open(rx, p, total, plain, &plen) < 0;
		if (!bad)
			buf_put(&s->got, plain, plen);
		free(plain);
		if (bad) {
			buf_free(&out);
			return attack_rejected(s, dir);
		}
		p += total;
		left -= total;
	}
	buf_free(&out);
	return 0;
}

int sess_exchange(struct sess *s, const char *name, const char *title,
		  const char *cmd, const char *reply)
{
	sess_event(s, name, title, cmd ? PARTY_CLIENT : PARTY_SERVER);
	if (cmd && sess_send(s, WIRE_C2S, cmd) < 0)
		return -1;
	if (reply && sess_send(s, WIRE_S2C, reply) < 0)
		return -1;
	return 0;
}

bool sess_got_line(const struct sess *s, const char *line)
{
	size_t n = strlen(line);
	const uint8_t *p = s->got.p, *end = s->got.p + s->got.len;
	while (p && p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t body = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
		if (body == n && memcmp(p, line, n) == 0)
			return true;
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

void sess_note_offers(struct sess *s, const char *prefix, size_t skip)
{
	struct buf b = { 0 };
	size_t plen = strlen(prefix), line = 0;
	const uint8_t *p = s->got.p, *end = s->got.p + s->got.len;
	while (p && p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		size_t at = plen;
		/* SMTP's "250-" and "250 " both continue a list */
		if (plen && at < len && (p[at] == '-' || p[at] == ' '))
			at++;
		if (line++ >= skip && len > at && memcmp(p, prefix, plen) == 0 &&
		    !(len == 1 && p[0] == '.')) {
			if (b.len)
				buf_put8(&b, ' ');
			buf_put(&b, p + at, len - at);
		}
		p = nl ? nl + 1 : end;
	}
	buf_put8(&b, 0);
	if (b.len > 1)
		sess_fact_text(s, PARTY_CLIENT, FACT_INFO, N_("server offers"), (char *)b.p);
	else
		sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("server offers"), N_("nothing"));
	buf_free(&b);
}

void sess_open_link(struct sess *s, unsigned link, const char *title)
{
	const struct wire_link *k = &s->tl->links[link];
	s->link = link;
	s->tls = false;
	s->prefix = link == LINK_B ? "b-" : "";
	sess_event(s, "tcp", title, PARTY_CLIENT);
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("connection"), N_("TCP to %s port %u"),
		  k->server_name, k->server_port);
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("connection"), N_("TCP from %s port %u"),
		  k->client_name, k->client_port);
	s->now_us += 1500;	/* SYN, SYN-ACK, ACK: in the capture, not in frames */
}

/* A fatal TLS alert in clear (level 2) with the given description. */
static void send_alert(struct sess *s, enum wire_dir dir, uint8_t description)
{
	struct buf b = { 0 };
	uint8_t alert[2] = { 2, description };
	rec_write_plain(&b, REC_ALERT, alert, sizeof alert);
	wire_put(s, dir, b.p, b.len);
	buf_free(&b);
}

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

/* Helpers so that a failed state-machine call ends the run instead of lying. */
#define TRY(x) do { if ((x) < 0) goto broken; } while (0)

int sess_tls(struct sess *s)
{
	const struct scenario *sc = s->sc;
	const char *name = s->link == LINK_B ? sc->id.mx_server : sc->id.server;
	bool eph = sc->kx == KX_EPHEMERAL;
	struct buf b = { 0 };

	hs_client_free(&s->hc);
	hs_server_free(&s->hs);
	hs_client_init(&s->hc, sc->kx, name, &s->trust, (int64_t)(s->now_us / 1000000u));
	hs_server_init(&s->hs, sc->kx, server_identity(s));

	step_event(s, 1, "connect", N_("Connect: the client says hello"), PARTY_CLIENT);
	TRY(hs_client_hello(&s->hc, &b));
	wire_put(s, WIRE_C2S, b.p, b.len);
	TRY(hs_server_read_hello(&s->hs, b.p, b.len));
	fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("client random"), s->hc.random, 32);
	sess_fact_text(s, PARTY_CLIENT, FACT_INFO, N_("asked for"), name);
	sess_fact_text(s, PARTY_SERVER, FACT_INFO, N_("client asks for"), s->hs.server_name);

	step_event(s, 2, "certificate", N_("Certificate: the server shows its public key"), PARTY_SERVER);
	b.len = 0;
	TRY(hs_server_hello(&s->hs, &b));
	attack_on_handshake(s, &b);
	wire_put(s, WIRE_S2C, b.p, b.len);
	const struct cert *sent = &s->hs.id->cert;
	if (s->use_bad) {
		/* forge: the attacker answered; the real server saw nothing of it */
		sess_fact(s, PARTY_SERVER, FACT_ALERT, N_("handshake"),
			  N_("never reached this server: the attacker answers in its place"));
	} else {
		sess_fact(s, PARTY_SERVER, FACT_INFO, N_("certificate"), N_("%s, issued by %s"),
			  sent->subject, sent->issuer);
		fact_hex(s, PARTY_SERVER, FACT_KEY, N_("public key"), sent->enc_pk, 32);
		sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("private key"), N_("32 bytes, never leaves the server"));
		if (eph)
			fact_hex(s, PARTY_SERVER, FACT_KEY, N_("ephemeral share"), s->hs.share, 32);
	}
	if (hs_client_read_server(&s->hc, b.p, b.len) < 0) {
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("certificate"), N_("unreadable"));
		send_alert(s, WIRE_C2S, 50);	/* decode_error */
		buf_free(&b);
		return -1;
	}
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("certificate"), N_("%s, issued by %s"),
		  s->hc.cert.subject, s->hc.cert.issuer);
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("key type"), N_("X25519 to wrap, Ed25519 to sign"));
	fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("server public key"), s->hc.cert.enc_pk, 32);

	step_event(s, 3, "validation", N_("Validation: is this really the server?"), PARTY_CLIENT);
	sess_tick(s, 300);
	enum cert_result r = hs_client_validate(&s->hc);
	validation_facts(s);
	if (r != CERT_OK) {
		sess_fact_msg(s, PARTY_CLIENT, FACT_ALERT, N_("verdict"), rejection(r));
		send_alert(s, WIRE_C2S, alert_for(r));
		sess_fact_msg(s, PARTY_SERVER, FACT_ALERT, N_("verdict"), s->use_bad
			  ? N_("the client refused the attacker's certificate; no mail reached anyone")
			  : N_("the client closed the connection with an alert"));
		buf_free(&b);
		return -1;
	}
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("verdict"), N_("certificate accepted"));

	if (!eph) {
		step_event(s, 4, "session-key", N_("Session key: the client makes a secret"), PARTY_CLIENT);
		TRY(hs_client_make_key(&s->hc));
		sess_tick(s, 50);
		fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("session key"), s->hc.session_key, 32);

		step_event(s, 5, "wrap", N_("Wrap: lock the session key with the server's public key"), PARTY_CLIENT);
		TRY(hs_client_wrap(&s->hc));
		sess_tick(s, 150);
		fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("wrapped session key"), s->hc.sealed, HS_SEALED_LEN);
	} else {
		step_event(s, 4, "session-key", N_("Key share: the client makes a one-time key pair"), PARTY_CLIENT);
		TRY(hs_client_make_key(&s->hc));
		sess_tick(s, 100);
		fact_hex(s, PARTY_CLIENT, FACT_KEY, N_("ephemeral share"), s->hc.share, 32);
		sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("ephemeral secret"), N_("32 bytes, used once"));

		step_event(s, 5, "wrap", N_("Derive: both shares give the session key"), PARTY_CLIENT);
		TRY(hs_client_wrap(&s->hc));
		sess_tick(s, 150);
		fact_hex(s, PARTY_CLIENT, FACT_SECRET, N_("session key"), s->hc.session_key, 32);
		sess_fact(s, PARTY_CLIENT, FACT_SECRET, N_("ephemeral secret"), N_("wiped"));
	}

	step_event(s, 6, "transfer", eph ? N_("Transfer: the client's share crosses the wire")
					 : N_("Transfer: the wrapped key crosses the wire"), PARTY_CLIENT);
	b.len = 0;
	TRY(hs_client_key_exchange(&s->hc, &b));
	wire_put(s, WIRE_C2S, b.p, b.len);

	step_event(s, 7, "unwrap", eph ? N_("Derive: the server computes the same key")
				       : N_("Unwrap: the server opens it with its private key"), PARTY_SERVER);
	sess_tick(s, 150);
	if (hs_server_read_key_exchange(&s->hs, b.p, b.len) < 0) {
		sess_fact(s, PARTY_SERVER, FACT_CHECK_FAIL, N_("session key"), N_("could not be recovered"));
		send_alert(s, WIRE_S2C, 51);
		buf_free(&b);
		return -1;
	}
	if (eph)
		sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("derive"),
			  N_("crypto_kx from its ephemeral secret and the client's share"));
	else
		sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("unwrap"),
			  N_("crypto_box_seal_open with its private key"));
	fact_hex(s, PARTY_SERVER, FACT_SECRET, N_("session key"), s->hs.session_key, 32);
	if (eph)
		sess_fact(s, PARTY_SERVER, FACT_SECRET, N_("ephemeral secret"), N_("wiped"));

	step_event(s, 8, "session", N_("Session: both sides encrypt with the session key"), PARTY_CLIENT);
	b.len = 0;
	TRY(hs_client_finished(&s->hc, &b));
	wire_put(s, WIRE_C2S, b.p, b.len);
	if (hs_server_read_finished(&s->hs, b.p, b.len) < 0) {
		sess_fact(s, PARTY_SERVER, FACT_CHECK_FAIL, N_("Finished"), N_("does not verify"));
		send_alert(s, WIRE_S2C, 20);	/* bad_record_mac */
		buf_free(&b);
		return -1;
	}
	sess_fact(s, PARTY_SERVER, FACT_CHECK_OK, N_("Finished"), N_("the client's Finished verifies: same key, same handshake"));
	b.len = 0;
	TRY(hs_server_finished(&s->hs, &b));
	wire_put(s, WIRE_S2C, b.p, b.len);
	if (hs_client_read_finished(&s->hc, b.p, b.len) < 0) {
		sess_fact(s, PARTY_CLIENT, FACT_CHECK_FAIL, N_("Finished"), N_("does not verify"));
		send_alert(s, WIRE_C2S, 20);
		buf_free(&b);
		return -1;
	}
	sess_fact(s, PARTY_CLIENT, FACT_CHECK_OK, N_("Finished"), N_("the server's Finished verifies"));
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("channel"), N_("encrypted (XChaCha20-Poly1305, session key)"));
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("channel"), N_("encrypted (XChaCha20-Poly1305, session key)"));
	buf_free(&b);
	s->tls = true;
	return 0;

broken:
	buf_free(&b);
	sess_fact(s, PARTY_CLIENT, FACT_ALERT, N_("handshake"), N_("the handshake could not go on"));
	return -1;
}

/* The handshake alone, then one protected message each way. */
static int handshake_run(struct sess *s)
{
	sess_open_link(s, LINK_A, N_("TCP connection to the server"));
	if (sess_tls(s) < 0)
		return -1;
	sess_event(s, "data", N_("Data: a message each way, sealed with the session key"), PARTY_CLIENT);
	if (sess_send(s, WIRE_C2S, "Hello server, this line is protected.\r\n") < 0)
		return -1;
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("received"), N_("Hello server, this line is protected."));
	if (sess_send(s, WIRE_S2C, "Hello client, so is this one.\r\n") < 0)
		return -1;
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("received"), N_("Hello client, so is this one."));
	return 0;
}

int sess_run(struct sess *s)
{
	int r;
	switch (s->sc->proto) {
	case PROTO_SMTP: r = smtp_run(s); break;
	case PROTO_POP3: r = pop3_run(s); break;
	case PROTO_IMAP: r = imap_run(s); break;
	case PROTO_RELAY: r = relay_run(s); break;
	default: r = handshake_run(s); break;
	}
	sniff_summary(s->sniff);
	attack_after(s);
	return r;
}
