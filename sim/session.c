/*
 * session: frames, records, the eight steps and the facts each side
 * learns, shared by the protocol drivers (smtp.c, pop3.c, imap.c).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "rng.h"

#define DAY (24 * 60 * 60)
/* Every key of a run: the CAs and servers, and up to three handshakes
 * (relay: hop A, the MTA-STS policy fetch, hop B) of at most
 * TLS13_ARENA_BYTES a side; four pages hold it. */
#define SESS_SECRETS 16384
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
		.name = N_("hop A"),
		.meta = N_("hop A: %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s"), .proto = WIRE_TCP,
		.client_ip = IP(192, 0, 2, 10), .server_ip = IP(192, 0, 2, 25),
		.client_port = 49731, .server_port = scenario_port(s->sc),
		.client_name = id->client_host, .server_name = id->server,
	};
	tl->n_links = 1;
	if (s->sc->proto == PROTO_RELAY) {
		tl->links[LINK_DNS] = (struct wire_link){
			.name = N_("DNS"),
		.meta = N_("DNS: %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s"), .proto = WIRE_UDP,
			.client_ip = IP(192, 0, 2, 25), .server_ip = IP(192, 0, 2, 53),
			.client_port = 53124, .server_port = 53,
			.client_name = id->server, .server_name = "resolver",
		};
		tl->links[LINK_B] = (struct wire_link){
			.name = N_("hop B"),
		.meta = N_("hop B: %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s"), .proto = WIRE_TCP,
			.client_ip = IP(192, 0, 2, 25), .server_ip = IP(198, 51, 100, 25),
			.client_port = 49732, .server_port = 25,
			.client_name = id->server, .server_name = id->mx_server,
		};
		tl->n_links = 3;
	}
	if (s->sc->proto == PROTO_RELAY && s->sc->hop_b == HOP_B_MTA_STS) {
		tl->links[LINK_HTTPS] = (struct wire_link){
			.name = N_("HTTPS"),
		.meta = N_("HTTPS: %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s"), .proto = WIRE_TCP,
			.client_ip = IP(192, 0, 2, 25), .server_ip = IP(198, 51, 100, 80),
			.client_port = 49733, .server_port = 443,
			.client_name = id->server, .server_name = id->policy_host,
		};
		tl->n_links = 4;
	}
}

/* A plaintext session with no attack never uses the certificate
 * authorities, the server's keys or its certificate; making them cost
 * more than the rest of its timeline.  A relay's hop B may use TLS. */
static bool needs_keys(const struct sess *s)
{
	return s->sc->mode != MODE_PLAIN || s->sc->proto == PROTO_RELAY || s->n_hooks > 0;
}

/* The randomness the keys of a session that does not need them would have
 * taken: two CAs and hop A's server.  Spent all the same, so that a seeded
 * plaintext run repeats what it showed when it made them. */
#define UNNEEDED_KEY_DRAWS (2 * PKI_CA_DRAWS + IDENTITY_DRAWS)

int sess_init(struct sess *s, struct timeline *tl, const struct driver *driver,
	      const struct sess_hooks *const *hooks, size_t n_hooks)
{
	memset(s, 0, sizeof *s);
	s->tl = tl;
	s->sc = &tl->sc;
	s->driver = driver;
	s->prefix = "";
	s->now_us = (uint64_t)s->sc->clock * 1000000u;
	s->attack_link = s->sc->proto == PROTO_RELAY && s->sc->attack_hop == ATTACK_HOP_B
			 ? LINK_B : LINK_A;
	setup_links(s);
	if (arena_init(&s->secrets, SESS_SECRETS) < 0)
		return -1;
	s->sniff = sniff_new(tl->links, tl->n_links, emit_sniffed, tl, &s->secrets);

	const char *rogue = "Office Self-Signed CA";	/* a stranger's, unless an attack brings one */
	for (size_t i = 0; i < n_hooks && i < SESS_MAX_HOOKS; i++) {
		s->hooks[s->n_hooks++] = hooks[i];
		if (hooks[i]->rogue_ca_name)
			rogue = hooks[i]->rogue_ca_name;
	}
	if (!needs_keys(s)) {
		rng_skip(UNNEEDED_KEY_DRAWS);
		return 0;
	}
	int64_t t = s->sc->clock;
	if (pki_ca_new(&s->ca, &s->secrets, "Example Test Root CA", t - 400 * DAY, t + 3250 * DAY) < 0 ||
	    pki_ca_new(&s->rogue_ca, &s->secrets, rogue, t - 30 * DAY, t + 335 * DAY) < 0 ||
	    x509_parse(&s->anchor, s->ca.der.p, s->ca.der.len) < 0)
		return -1;
	if (identity_new(&s->id_a, &s->secrets, PKI_GOOD, &s->ca, &s->rogue_ca, s->sc->id.server, t) < 0)
		return -1;
	if (s->sc->proto == PROTO_RELAY &&
	    identity_new(&s->id_b, &s->secrets, PKI_GOOD, &s->ca, &s->rogue_ca, s->sc->id.mx_server, t) < 0)
		return -1;
	if (s->tl->n_links > LINK_HTTPS &&
	    identity_new(&s->id_policy, &s->secrets, PKI_GOOD, &s->ca, &s->rogue_ca,
			 s->sc->id.policy_host, t) < 0)
		return -1;
	for (size_t i = 0; i < s->n_hooks; i++)
		if (s->hooks[i]->prepare && s->hooks[i]->prepare(s) < 0)
			return -1;
	return 0;
}

int sess_run(struct sess *s)
{
	int r = s->driver->run(s);
	sniff_summary(s->sniff);
	for (size_t i = 0; i < s->n_hooks; i++)
		if (s->hooks[i]->after)
			s->hooks[i]->after(s);
	return r;
}

/* Each hook of one kind, in order. */
#define EACH_HOOK(s, fn, ...)                                          \
	do {                                                           \
		for (size_t h_ = 0; h_ < (s)->n_hooks; h_++)           \
			if ((s)->hooks[h_]->fn)                        \
				(s)->hooks[h_]->fn((s), __VA_ARGS__);  \
	} while (0)

void sess_free(struct sess *s)
{
	engines_free(&s->m);
	buf_free(&s->leaf_der);
	identity_free(&s->id_a);
	identity_free(&s->id_b);
	identity_free(&s->id_policy);
	identity_free(&s->id_bad);
	pki_ca_free(&s->ca);
	pki_ca_free(&s->rogue_ca);
	sniff_free(s->sniff);
	buf_free(&s->got);
	arena_free(&s->secrets);	/* wipes every key the run made */
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

void sess_step(struct sess *s, int step, const char *name, const char *title, enum party actor)
{
	char *full = xprintf("%s%s", s->prefix, name);
	timeline_add_event(s->tl, step, full, title, actor, s->link);
	free(full);
}

/* Whose pane a server fact belongs in: the forger's once it holds the keys. */
static enum party party(const struct sess *s, enum party p)
{
	return p == PARTY_SERVER && s->forger_answers ? PARTY_SNIFFER : p;
}

void sess_fact(struct sess *s, enum party p, enum fact_kind k, const char *label,
	       const char *fmt, ...)
{
	struct fact_value v;
	va_list ap;
	va_start(ap, fmt);
	fact_value_vset(&v, fmt, ap);
	va_end(ap);
	timeline_add_fact(s->tl, party(s, p), k, WIRE_C2S, -1, label, &v);
}

void sess_fact_msg(struct sess *s, enum party p, enum fact_kind k, const char *label,
		   const char *msgid)
{
	struct fact_value v = { .msg = msgid };
	timeline_add_fact(s->tl, party(s, p), k, WIRE_C2S, -1, label, &v);
}

void sess_fact_text(struct sess *s, enum party p, enum fact_kind k, const char *label,
		    const char *text)
{
	struct fact_value v;
	fact_value_text(&v, text);
	timeline_add_fact(s->tl, party(s, p), k, WIRE_C2S, -1, label, &v);
}

void sess_fact_hex(struct sess *s, enum party p, enum fact_kind k, const char *label,
		     const uint8_t *b, size_t n)
{
	char *h = hex_new(b, n);
	sess_fact_text(s, p, k, label, h);
	free(h);
}

void sess_wire(struct sess *s, enum wire_dir dir, const uint8_t *b, size_t n)
{
	size_t i = timeline_add_frame(s->tl, s->link, dir, s->now_us, b, n);
	sniff_frame(s->sniff, &s->tl->frames[i], (int)i);
	/* Latency and serialisation: a millisecond plus the size at ~10 MB/s. */
	s->now_us += 1000 + n / 10;
}

/* A record failed authentication: the receiver says so, alerts, closes. */
static int reject_record(struct sess *s, enum wire_dir dir, const struct buf *alert)
{
	enum party rx = dir == WIRE_C2S ? PARTY_SERVER : PARTY_CLIENT;
	sess_fact(s, rx, FACT_CHECK_FAIL, N_("record"),
		  N_("authentication tag does not match: the record was changed on the way"));
	sess_fact(s, rx, FACT_ALERT, N_("verdict"),
		  N_("record rejected, nothing of it used; connection closed with a bad_record_mac alert"));
	if (alert->len)
		sess_datagram(s, dir == WIRE_C2S ? WIRE_S2C : WIRE_C2S, alert->p, alert->len);
	return -1;
}

/* The receiver opens each record; one failure ends the connection. */
static int receive(struct sess *s, enum wire_dir dir, const struct buf *frame)
{
	const uint8_t *p = frame->p;
	size_t left = frame->len;
	struct buf alert = { 0 };
	int r = 0;
	while (left > 0 && r == 0) {
		uint8_t type;
		const uint8_t *body;
		size_t blen, total;
		if (rec_parse(p, left, &type, &body, &blen, &total) < 0)
			total = left;
		if (s->chan->open(s, dir, p, total, &s->got, &alert) < 0)
			r = reject_record(s, dir, &alert);
		p += total;
		left -= total;
	}
	buf_free(&alert);
	return r;
}

int sess_send(struct sess *s, enum wire_dir dir, const char *text)
{
	size_t n = strlen(text);
	struct buf out = { 0 };
	s->got.len = 0;
	if (!s->tls) {
		buf_put(&out, text, n);
		EACH_HOOK(s, on_clear, dir, &out);
		sess_wire(s, dir, out.p, out.len);
		buf_put(&s->got, out.p, out.len);
		buf_free(&out);
		return 0;
	}
	if (s->chan->seal(s, dir, (const uint8_t *)text, n, &out) < 0) {
		buf_free(&out);
		return -1;
	}
	EACH_HOOK(s, on_record, dir, &out);
	sess_wire(s, dir, out.p, out.len);
	int r = receive(s, dir, &out);
	buf_free(&out);
	if (r == 0)
		EACH_HOOK(s, on_delivered, dir);
	return r;
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
	s->forger_answers = false;
	s->prefix = link == LINK_B ? "b-" : "";
	sess_event(s, "tcp", title, PARTY_CLIENT);
	sess_fact(s, PARTY_CLIENT, FACT_INFO, N_("connection"), N_("TCP to %s port %u"),
		  k->server_name, k->server_port);
	sess_fact(s, PARTY_SERVER, FACT_INFO, N_("connection"), N_("TCP from %s port %u"),
		  k->client_name, k->client_port);
	s->now_us += 1500;	/* SYN, SYN-ACK, ACK: in the capture, not in frames */
	sniff_link_open(s->sniff, link);	/* ... but the sniffer sees them now */
	for (size_t i = 0; i < s->n_hooks; i++)
		if (s->hooks[i]->on_link)
			s->hooks[i]->on_link(s);
}

bool sess_attacked_here(const struct sess *s)
{
	return s->link == s->attack_link;
}

enum sess_auth sess_auth(const struct sess *s)
{
	if (s->link != LINK_B)
		return AUTH_PKIX;
	switch (s->sc->hop_b) {
	case HOP_B_MTA_STS: return AUTH_PKIX;
	case HOP_B_DANE: return AUTH_DANE;
	default: return AUTH_NONE;
	}
}

const char *sess_server_name(const struct sess *s)
{
	switch (s->link) {
	case LINK_B: return s->sc->id.mx_server;
	case LINK_HTTPS: return s->sc->id.policy_host;
	default: return s->sc->id.server;
	}
}

void sess_alert(struct sess *s, enum wire_dir dir, uint8_t description)
{
	struct buf b = { 0 };
	uint8_t alert[2] = { 2, description };
	rec_write_plain(&b, REC_ALERT, alert, sizeof alert);
	sess_wire(s, dir, b.p, b.len);
	buf_free(&b);
}


void sess_open_datagram(struct sess *s, unsigned link, const char *name, const char *title,
			enum party actor)
{
	s->link = link;
	s->prefix = "";
	s->tls = false;
	sess_event(s, name, title, actor);
}

void sess_datagram(struct sess *s, enum wire_dir dir, const uint8_t *b, size_t n)
{
	size_t i = timeline_add_frame(s->tl, s->link, dir, s->now_us, b, n);
	sniff_frame(s->sniff, &s->tl->frames[i], (int)i);
}
