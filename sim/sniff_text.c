/*
 * sniff_text: the mail dialogues and DNS as a sniffer reads them.
 *
 * Readable text is reported line by line; the commands that carry
 * secrets are decoded: AUTH PLAIN and AUTH LOGIN (base64, not
 * encryption), POP3 USER/PASS, IMAP LOGIN and AUTHENTICATE PLAIN.  The
 * same reader takes the plaintext of records opened with stolen secrets.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns.h"
#include "sniff_impl.h"

/* A recovered login; how is a whole message id: "user %s, password %s (...)". */
static void credential(struct sniff *sn, int frame, const char *user, const char *pass,
		       const char *how)
{
	struct fact_value v;
	fact_value_set(&v, "%s%s", user, pass);	/* the arguments, in this order */
	v.msg = how;
	sn_say_value(sn, FACT_CREDENTIAL, WIRE_C2S, frame, N_("credential"), &v);
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
void sn_read_text(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		      const uint8_t *p, size_t n)
{
	while (n > 0) {
		const uint8_t *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) : n;
		size_t shown = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
		char *line = text_printable(p, shown);
		sn_say(sn, FACT_CLEAR, dir, frame, "", line);
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

/* The question of a query, as the sniffer says it. */
static void dns_question(struct sniff *sn, enum wire_dir dir, int frame, uint16_t qtype,
			 const char *name)
{
	switch (qtype) {
	case DNS_MX:
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS query: MX %s?"), name);
		break;
	case DNS_TXT:
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS query: TXT %s?"), name);
		break;
	case DNS_TLSA:
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS query: TLSA %s?"), name);
		break;
	default:
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS query: type %s?"), name);
	}
}

/* One resource record of an answer: rd[0..rdlen) inside m[0..n). */
static void dns_record(struct sniff *sn, enum wire_dir dir, int frame, const uint8_t *m, size_t n,
		       uint16_t type, const char *name, size_t rd, size_t rdlen)
{
	char target[256];
	if (type == DNS_MX && rdlen >= 3 && dns_name(m, n, rd + 2, target, sizeof target) == 0) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS answer: %s MX %u %s"), name,
			get16(m + rd), target);
	} else if (type == DNS_A && rdlen == 4) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS answer: %s A %u.%u.%u.%u"), name,
			m[rd], m[rd + 1], m[rd + 2], m[rd + 3]);
	} else if (type == DNS_TXT && rdlen >= 1 && (size_t)m[rd] + 1 <= rdlen) {
		char *text = text_printable(m + rd + 1, m[rd]);	/* the first string */
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS answer: %s TXT \"%s\""), name, text);
		free(text);
	} else if (type == DNS_TLSA && rdlen > 3) {
		char *hex = hex_new(m + rd + 3, rdlen - 3);
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS answer: %s TLSA %u %u %u %s"), name,
			m[rd], m[rd + 1], m[rd + 2], hex);
		free(hex);
	}
}

void sn_read_dns(struct sniff *sn, enum wire_dir dir, int frame, const uint8_t *m, size_t n)
{
	char name[256];
	if (n < 12 || get16(m + 4) != 1 || dns_name(m, n, 12, name, sizeof name) < 0) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("DNS message it cannot parse"));
		return;
	}
	size_t off = dns_skip(m, n, 12);
	if (!off || off + 4 > n)
		return;
	uint16_t qtype = get16(m + off);
	off += 4;
	if (!(m[2] & 0x80)) {
		dns_question(sn, dir, frame, qtype, name);
		return;
	}
	if (m[3] & DNS_FLAG_AD)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("DNS answer flagged AD: the resolver checked its DNSSEC signatures"));
	size_t answers = (size_t)get16(m + 6) + get16(m + 8) + get16(m + 10);
	for (size_t i = 0; i < answers && off < n; i++) {
		size_t rr = dns_skip(m, n, off);
		if (!rr || rr + 10 > n)
			return;
		uint16_t type = get16(m + rr);
		size_t rdlen = get16(m + rr + 8), rd = rr + 10;
		if (rd + rdlen > n || dns_name(m, n, off, name, sizeof name) < 0)
			return;
		dns_record(sn, dir, frame, m, n, type, name, rd, rdlen);
		off = rd + rdlen;
	}
}
