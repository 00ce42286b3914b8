/*
 * sniff: what a passive observer on the wire can read.
 *
 * Per link and direction it keeps only what a real sniffer would infer
 * from the bytes: whether the stream has turned into TLS records, whether
 * a ChangeCipherSpec has switched it to ciphertext, and where an SMTP/
 * POP3/IMAP dialogue stands (inside DATA, in the middle of AUTH LOGIN).
 */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns.h"
#include "handshake.h"
#include "record.h"
#include "x509.h"
#include "sniff.h"
#include "util.h"

#define MAX_LINKS 3

enum auth_wait { AUTH_NONE, AUTH_PLAIN_WAIT, AUTH_LOGIN_USER, AUTH_LOGIN_PASS };

struct sniff_link {
	bool seen;		/* addresses already noted */
	bool records[2];	/* this direction has turned into TLS records */
	bool encrypted[2];	/* ...and past ChangeCipherSpec */
	uint64_t seq[2];	/* encrypted records seen, per direction */
	enum auth_wait auth;
	bool data_sent, in_data;	/* SMTP DATA: the message body follows */
	char user[128];		/* POP3 USER, AUTH LOGIN user name */
	size_t frames, bytes[2];
	uint64_t first_us, last_us;
	size_t summarised;	/* frames counted in the last summary */
	uint8_t *session_key;	/* its key slot, only after a stolen key opened it */
	uint8_t sealed[HS_SEALED_LEN];
	bool have_sealed, have_share;
};

struct sniff {
	const struct wire_link *links;
	size_t n_links;
	struct sniff_link l[MAX_LINKS];
	sniff_emit_fn emit;
	void *ctx;
	bool replay;		/* re-reading its recording with a stolen key */
	bool loud;		/* during replay: this fact is new, report it */
	uint8_t stolen_pk[32];
	const uint8_t *stolen_sk;	/* borrowed during sniff_steal_key only */
	int decrypted;
	uint8_t *key_slots;	/* MAX_LINKS session keys, in the run's arena */
};

struct sniff *sniff_new(const struct wire_link *links, size_t n_links,
			sniff_emit_fn emit, void *ctx, struct arena *secrets)
{
	struct sniff *sn = xcalloc(1, sizeof *sn);
	sn->key_slots = arena_alloc(secrets, MAX_LINKS * HS_SESSION_KEY_LEN);
	sn->links = links;
	sn->n_links = n_links < MAX_LINKS ? n_links : MAX_LINKS;
	sn->emit = emit;
	sn->ctx = ctx;
	return sn;
}

/* Forgets what it inferred from the streams; the traffic counts stay. */
static void reset_links(struct sniff *sn)
{
	sodium_memzero(sn->key_slots, MAX_LINKS * HS_SESSION_KEY_LEN);
	for (size_t i = 0; i < MAX_LINKS; i++) {
		struct sniff_link *l = &sn->l[i], keep = *l;
		memset(l, 0, sizeof *l);
		l->seen = keep.seen;
		l->frames = l->summarised = keep.frames;
		memcpy(l->bytes, keep.bytes, sizeof l->bytes);
		l->first_us = keep.first_us;
		l->last_us = keep.last_us;
	}
}

void sniff_free(struct sniff *sn)
{
	if (!sn)
		return;
	reset_links(sn);
	free(sn);
}

static void say_value(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		      const char *label, struct fact_value *v)
{
	if (!sn->replay || sn->loud)	/* else it said all that when the frame first passed */
		sn->emit(sn->ctx, k, dir, frame, label, v);
	fact_value_free(v);
}

/* Text shown as it is: a line read from the wire, hex. */
static void say(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		const char *label, const char *text)
{
	struct fact_value v;
	fact_value_text(&v, text);
	say_value(sn, k, dir, frame, label, &v);
}

/* A message id and its arguments. */
__attribute__((format(printf, 6, 7)))
static void sayf(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		 const char *label, const char *fmt, ...)
{
	struct fact_value v;
	va_list ap;
	va_start(ap, fmt);
	fact_value_vset(&v, fmt, ap);
	va_end(ap);
	say_value(sn, k, dir, frame, label, &v);
}

/* A recovered login; how is a whole message id: "user %s, password %s (...)". */
static void credential(struct sniff *sn, int frame, const char *user, const char *pass,
		       const char *how)
{
	struct fact_value v;
	fact_value_set(&v, "%s%s", user, pass);	/* the arguments, in this order */
	v.msg = how;
	say_value(sn, FACT_CREDENTIAL, WIRE_C2S, frame, N_("credential"), &v);
}

/* Decodes base64 into a printable string; NULL when it is not base64. */
static char *b64_decode(const char *s, size_t *raw_len, uint8_t *raw, size_t raw_max)
{
	size_t n;
	if (sodium_base642bin(raw, raw_max, s, strlen(s), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return NULL;
	if (raw_len)
		*raw_len = n;
	return text_printable(raw, n);
}

/* AUTH PLAIN: base64 of "authzid \0 user \0 password" (RFC 4616). */
static void auth_plain(struct sniff *sn, int frame, const char *b64)
{
	uint8_t raw[512];
	size_t n;
	char *shown = b64_decode(b64, &n, raw, sizeof raw);
	if (!shown)
		return;
	uint8_t *z1 = memchr(raw, 0, n);
	uint8_t *z2 = z1 ? memchr(z1 + 1, 0, n - (size_t)(z1 + 1 - raw)) : NULL;
	if (z2) {
		char *user = text_printable(z1 + 1, (size_t)(z2 - z1 - 1));
		char *pass = text_printable(z2 + 1, n - (size_t)(z2 + 1 - raw));
		credential(sn, frame, user, pass, N_("user %s, password %s (AUTH PLAIN is base64, not encryption)"));
		free(user);
		free(pass);
	}
	free(shown);
}

/* Strips IMAP quoting from one argument at *p; advances *p. */
static char *imap_arg(const char **p)
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	struct buf b = { 0 };
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			buf_put8(&b, (uint8_t)*s);
		}
		if (*s == '"')
			s++;
	} else {
		for (; *s && *s != ' '; s++)
			buf_put8(&b, (uint8_t)*s);
	}
	*p = s;
	buf_put8(&b, 0);
	return (char *)b.p;
}

/* A client line: the commands that carry secrets. */
static void client_line(struct sniff *sn, struct sniff_link *l, int frame, const char *line)
{
	uint8_t raw[256];
	if (l->in_data) {
		if (strcmp(line, ".") == 0)
			l->in_data = false;
		return;
	}
	switch (l->auth) {
	case AUTH_PLAIN_WAIT:
		l->auth = AUTH_NONE;
		auth_plain(sn, frame, line);
		return;
	case AUTH_LOGIN_USER: {
		char *u = b64_decode(line, NULL, raw, sizeof raw);
		snprintf(l->user, sizeof l->user, "%s", u ? u : "?");
		free(u);
		l->auth = AUTH_LOGIN_PASS;
		return;
	}
	case AUTH_LOGIN_PASS: {
		char *pw = b64_decode(line, NULL, raw, sizeof raw);
		if (pw)
			credential(sn, frame, l->user, pw, N_("user %s, password %s (AUTH LOGIN is base64, not encryption)"));
		free(pw);
		l->auth = AUTH_NONE;
		return;
	}
	case AUTH_NONE:
		break;
	}
	if (strncasecmp(line, "AUTH PLAIN", 10) == 0) {
		if (line[10] == ' ')
			auth_plain(sn, frame, line + 11);
		else
			l->auth = AUTH_PLAIN_WAIT;
	} else if (strncasecmp(line, "AUTH LOGIN", 10) == 0) {
		l->auth = AUTH_LOGIN_USER;
		if (line[10] == ' ')
			client_line(sn, l, frame, line + 11);
	} else if (strncasecmp(line, "USER ", 5) == 0) {
		snprintf(l->user, sizeof l->user, "%s", line + 5);
	} else if (strncasecmp(line, "PASS ", 5) == 0) {
		credential(sn, frame, l->user[0] ? l->user : "?", line + 5,
			   N_("user %s, password %s (POP3 PASS is sent as it is)"));
	} else if (strcasecmp(line, "DATA") == 0) {
		l->data_sent = true;
	} else {
		/* IMAP: "tag LOGIN user password" */
		const char *sp = strchr(line, ' ');
		if (sp && strncasecmp(sp + 1, "LOGIN ", 6) == 0) {
			const char *p = sp + 7;
			char *user = imap_arg(&p), *pass = imap_arg(&p);
			credential(sn, frame, user, pass, N_("user %s, password %s (IMAP LOGIN is sent as it is)"));
			free(user);
			free(pass);
		} else if (sp && strncasecmp(sp + 1, "AUTHENTICATE PLAIN ", 19) == 0) {
			auth_plain(sn, frame, sp + 20);
		}
	}
}

static void server_line(struct sniff_link *l, const char *line)
{
	if (l->data_sent && strncmp(line, "354", 3) == 0)
		l->in_data = true;
	if (strncmp(line, "354", 3) != 0)
		l->data_sent = false;
}

/* Readable text: one fact per line, then the protocol reader. */
static void read_text(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		      const uint8_t *p, size_t n)
{
	while (n > 0) {
		const uint8_t *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) : n;
		size_t shown = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
		char *line = text_printable(p, shown);
		say(sn, FACT_CLEAR, dir, frame, "", line);
		if (dir == WIRE_C2S)
			client_line(sn, l, frame, line);
		else
			server_line(l, line);
		free(line);
		len += nl ? 1 : 0;
		p += len;
		n -= len;
	}
}

/* With a stolen private key, the recorded sealed box opens. */
static void open_sealed(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame)
{
	/* a second ClientKeyExchange on the link takes the same slot */
	l->session_key = sn->key_slots + (size_t)(l - sn->l) * HS_SESSION_KEY_LEN;
	sn->loud = true;
	if (crypto_box_seal_open(l->session_key, l->sealed, HS_SEALED_LEN,
				 sn->stolen_pk, sn->stolen_sk) == 0) {
		char *v = hex_new(l->session_key, HS_SESSION_KEY_LEN);
		sayf(sn, FACT_ALERT, dir, frame, "",
		     N_("stolen private key opens the recorded wrapped session key"));
		say(sn, FACT_SECRET, dir, frame, N_("session key (recovered)"), v);
		free(v);
	} else {
		sodium_memzero(l->session_key, HS_SESSION_KEY_LEN);
		l->session_key = NULL;
		sayf(sn, FACT_ALERT, dir, frame, "", N_("the stolen key does not open the recorded box"));
	}
	sn->loud = false;
}

/* The clear handshake messages: public, and telling. */
static void read_handshake(struct sniff *sn, struct sniff_link *l, enum wire_dir dir,
			   int frame, uint8_t type, const uint8_t *b, size_t n)
{
	char name[HS_NAME_MAX + 1], *v = NULL;
	struct x509_cert c;
	switch (type) {
	case HS_CLIENT_HELLO:
		if (hs_parse_sni(b, n, name, sizeof name) == 0) {
			/* the name is whatever bytes the client sent */
			char *shown = text_printable((const uint8_t *)name, strlen(name));
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ClientHello asks for server name %s"),
			     shown);
			say(sn, FACT_INFO, dir, frame, N_("server name"), shown);
			free(shown);
			return;
		}
		break;
	case HS_CERTIFICATE:
		if (n > 6 && get24(b + 3) <= n - 6 && x509_parse(&c, b + 6, get24(b + 3)) == 0) {
			char from[40], to[40];
			format_utc(c.not_before, from, sizeof from);
			format_utc(c.not_after, to, sizeof to);
			from[10] = to[10] = '\0';	/* the dates are enough here */
			sayf(sn, FACT_CLEAR, dir, frame, "",
			     N_("TLS Certificate in clear: %s, issuer %s, valid %s to %s"),
			     c.subject.cn, c.issuer.cn, from, to);
			say(sn, FACT_INFO, dir, frame, N_("certificate"), c.subject.cn);
			v = hex_new(c.key, 32);
			say(sn, FACT_KEY, dir, frame, N_("server public key"), v);
			free(v);
			return;
		}
		break;
	case HS_SERVER_KEY_EXCHANGE:
		if (n == 96) {
			v = hex_new(b, 32);
			say(sn, FACT_KEY, dir, frame, N_("server ephemeral share"), v);
			free(v);
			l->have_share = true;
			return;
		}
		break;
	case HS_CLIENT_KEY_EXCHANGE:
		if (n == 2 + HS_SEALED_LEN) {
			memcpy(l->sealed, b + 2, HS_SEALED_LEN);
			l->have_sealed = true;
			if (sn->stolen_sk)
				open_sealed(sn, l, dir, frame);
			v = hex_new(l->sealed, HS_SEALED_LEN);
			say(sn, FACT_KEY, dir, frame, N_("wrapped session key"), v);
			free(v);
			sayf(sn, FACT_CLEAR, dir, frame, "",
			     N_("TLS ClientKeyExchange: the wrapped session key, an 80-byte sealed box"));
			return;
		}
		if (n == 33) {
			v = hex_new(b + 1, 32);
			say(sn, FACT_KEY, dir, frame, N_("client ephemeral share"), v);
			free(v);
			l->have_share = true;
			return;
		}
		break;
	}
	sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s, %zu bytes"), hs_type_name(type), n);
}

struct rec_walk {
	struct sniff *sn;
	struct sniff_link *l;
	enum wire_dir dir;
	int frame;
};

static int walk_clear(void *ctx, uint8_t rec_type, uint8_t hs_type,
		      const uint8_t *body, size_t len)
{
	struct rec_walk *w = ctx;
	if (rec_type == REC_HANDSHAKE)
		read_handshake(w->sn, w->l, w->dir, w->frame, hs_type, body, len);
	return 0;
}

/* Decrypts a sealed record with a session key it should not have had. */
static void read_stolen(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			const uint8_t *rec, size_t n, uint64_t seq)
{
	uint8_t *plain = xmalloc(n);
	size_t plen;
	sn->loud = true;
	if (rec_open_with(l->session_key, dir, seq, rec, n, plain, &plen) == 0) {
		sn->decrypted++;
		if (rec[0] == REC_APPLICATION_DATA)
			read_text(sn, l, dir, frame, plain, plen);
		else
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("decrypted TLS Finished"));
	}
	sn->loud = false;
	free(plain);
}

static void read_records(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			 const uint8_t *p, size_t n)
{
	int d = dir == WIRE_C2S ? 0 : 1;
	uint8_t type;
	const uint8_t *body;
	size_t blen, total;
	while (n > 0 && rec_parse(p, n, &type, &body, &blen, &total) == 0) {
		if (type == REC_CHANGE_CIPHER_SPEC) {
			l->encrypted[d] = true;
			sayf(sn, FACT_CLEAR, dir, frame, "",
			     N_("TLS ChangeCipherSpec: encrypted from here on"));
		} else if (l->encrypted[d]) {
			char *hex = hex_short(body, blen, 6);
			sayf(sn, FACT_CIPHER, dir, frame, "", N_("[%u] %zu bytes, unreadable: %s"),
			     type, blen, hex);
			free(hex);
			if (l->session_key)
				read_stolen(sn, l, dir, frame, p, total, l->seq[d]);
			l->seq[d]++;
		} else if (type == REC_HANDSHAKE) {
			struct rec_walk w = { sn, l, dir, frame };
			if (hs_each_message(p, total, walk_clear, &w) < 0)
				sayf(sn, FACT_CLEAR, dir, frame, "", N_("malformed TLS handshake record"));
		} else {
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s in clear, %zu bytes"),
			     rec_type_name(type), blen);
		}
		p += total;
		n -= total;
	}
}

/* True when the bytes are one or more complete TLS records, nothing else. */
static bool looks_like_records(const uint8_t *p, size_t n)
{
	uint8_t type;
	const uint8_t *body;
	size_t blen, total;
	if (n == 0)
		return false;
	while (n > 0) {
		if (rec_parse(p, n, &type, &body, &blen, &total) < 0)
			return false;
		p += total;
		n -= total;
	}
	return true;
}

static void read_dns(struct sniff *sn, enum wire_dir dir, int frame, const uint8_t *m, size_t n)
{
	char name[256], target[256];
	if (n < 12 || get16(m + 4) != 1 || dns_name(m, n, 12, name, sizeof name) < 0) {
		sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS message it cannot parse"));
		return;
	}
	size_t off = dns_skip(m, n, 12);
	if (!off || off + 4 > n)
		return;
	uint16_t qtype = get16(m + off);
	off += 4;
	if (!(m[2] & 0x80)) {
		if (qtype == DNS_MX)
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS query: MX %s?"), name);
		else
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS query: type %s?"), name);
		return;
	}
	size_t answers = (size_t)get16(m + 6) + get16(m + 8) + get16(m + 10);
	for (size_t i = 0; i < answers && off < n; i++) {
		size_t rr = dns_skip(m, n, off);
		if (!rr || rr + 10 > n)
			return;
		uint16_t type = get16(m + rr);
		size_t rdlen = get16(m + rr + 8), rd = rr + 10;
		if (rd + rdlen > n || dns_name(m, n, off, name, sizeof name) < 0)
			return;
		if (type == DNS_MX && rdlen >= 3 && dns_name(m, n, rd + 2, target, sizeof target) == 0)
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS answer: %s MX %u %s"), name,
			     get16(m + rd), target);
		else if (type == DNS_A && rdlen == 4)
			sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS answer: %s A %u.%u.%u.%u"), name,
			     m[rd], m[rd + 1], m[rd + 2], m[rd + 3]);
		off = rd + rdlen;
	}
}

static void note_link(struct sniff *sn, struct sniff_link *l, const struct wire_link *k,
		      int frame)
{
	sayf(sn, FACT_META, WIRE_C2S, frame, "", N_("%s: %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s"),
			  k->name, k->client_ip >> 24, (k->client_ip >> 16) & 255,
			  (k->client_ip >> 8) & 255, k->client_ip & 255, k->client_port,
			  k->server_ip >> 24, (k->server_ip >> 16) & 255, (k->server_ip >> 8) & 255,
			  k->server_ip & 255, k->server_port, k->proto == WIRE_UDP ? "UDP" : "TCP");
	l->seen = true;
}

void sniff_frame(struct sniff *sn, const struct wire_frame *f, int frame)
{
	if (f->link >= sn->n_links)
		return;
	struct sniff_link *l = &sn->l[f->link];
	const struct wire_link *k = &sn->links[f->link];
	int d = f->dir == WIRE_C2S ? 0 : 1;

	if (!sn->replay) {
		if (!l->seen)
			note_link(sn, l, k, frame);
		if (l->frames == 0)
			l->first_us = f->time_us;
		l->frames++;
		l->bytes[d] += f->len;
		l->last_us = f->time_us;
	}

	if (k->proto == WIRE_UDP)
		read_dns(sn, f->dir, frame, f->bytes, f->len);
	else if (l->records[d] || looks_like_records(f->bytes, f->len)) {
		l->records[d] = true;
		read_records(sn, l, f->dir, frame, f->bytes, f->len);
	} else
		read_text(sn, l, f->dir, frame, f->bytes, f->len);
}

void sniff_summary(struct sniff *sn)
{
	for (size_t i = 0; i < sn->n_links; i++) {
		struct sniff_link *l = &sn->l[i];
		if (l->frames == 0 || l->frames == l->summarised)
			continue;
		static const char *const label[MAX_LINKS] = {
			N_("traffic hop A"), N_("traffic DNS"), N_("traffic hop B"),
		};
		uint64_t us = l->last_us - l->first_us;
		sayf(sn, FACT_META, WIRE_C2S, -1, label[i],
				  N_("%zu packets, %zu bytes C>S, %zu bytes S>C, over %llu.%03llu s"),
				  l->frames, l->bytes[0], l->bytes[1],
				  (unsigned long long)(us / 1000000),
				  (unsigned long long)(us / 1000 % 1000));
		l->summarised = l->frames;
	}
}

int sniff_steal_key(struct sniff *sn, const uint8_t pk[32], const uint8_t sk[32],
		    const struct wire_frame *frames, size_t n_frames)
{
	reset_links(sn);
	memcpy(sn->stolen_pk, pk, 32);
	sn->stolen_sk = sk;
	sn->replay = true;
	sn->decrypted = 0;
	for (size_t i = 0; i < n_frames; i++)
		sniff_frame(sn, &frames[i], (int)i);
	for (size_t i = 0; i < sn->n_links; i++) {
		struct sniff_link *l = &sn->l[i];
		sn->loud = true;
		if (l->have_share && !l->session_key)
			sayf(sn, FACT_ALERT, WIRE_C2S, -1, "",
			    N_("the recording holds only ephemeral key shares: neither stolen key derives "
			    "the session key (the signing key only ever proved who the server was), and "
			    "the ephemeral secrets were wiped (forward secrecy)"));
		sn->loud = false;
	}
	sn->replay = false;
	sn->stolen_sk = NULL;
	return sn->decrypted;
}
