/*
 * dissect: the frame's headers, then records or lines.  Whether a record
 * is protected comes from the timeline's openings (what the receiver
 * opened), else from its type: a stateless look at one frame cannot know
 * that a TLS 1.2 Finished after ChangeCipherSpec is encrypted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissect.h"
#include "dissect_names.h"
#include "dissect_tls.h"
#include "tls12.h"
#include "util.h"

#define MAX_LINE 200	/* of a mail line shown in a label */

static void ip_text(uint32_t ip, char *out, size_t n)
{
	snprintf(out, n, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

/* The headers the frame would have had on a real network: one line. */
static void headers(struct dissection *d, const struct wire_link *k, const struct wire_frame *f)
{
	char cip[16], sip[16];
	ip_text(k->client_ip, cip, sizeof cip);
	ip_text(k->server_ip, sip, sizeof sip);
	bool c2s = f->dir == WIRE_C2S;
	const char *from = c2s ? cip : sip, *to = c2s ? sip : cip;
	unsigned fport = c2s ? k->client_port : k->server_port;
	unsigned tport = c2s ? k->server_port : k->client_port;
	if (k->proto == WIRE_UDP)
		dissect_add(d, 0, NULL, 0, c2s ? N_("IPv4 %s -> %s, UDP %u -> %u, client to server, %zu bytes")
					       : N_("IPv4 %s -> %s, UDP %u -> %u, server to client, %zu bytes"),
			    from, to, fport, tport, f->len);
	else
		dissect_add(d, 0, NULL, 0, c2s ? N_("IPv4 %s -> %s, TCP %u -> %u, client to server, %zu bytes")
					       : N_("IPv4 %s -> %s, TCP %u -> %u, server to client, %zu bytes"),
			    from, to, fport, tport, f->len);
}

/* The mail protocol a link speaks, by its server's port. */
static const char *mail_proto(const struct wire_link *k)
{
	switch (k->server_port) {
	case 110: case 995: return "POP3";
	case 143: case 993: return "IMAP";
	case 80: case 443: return "HTTP";
	}
	return "SMTP";
}

static void lines(struct dissection *d, const struct wire_link *k, const struct wire_frame *f)
{
	const uint8_t *p = f->bytes, *end = f->bytes + f->len;
	const char *proto = mail_proto(k);
	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		size_t text = len;
		while (text > 0 && (p[text - 1] == '\n' || p[text - 1] == '\r'))
			text--;
		int shown = (int)(text < MAX_LINE ? text : MAX_LINE);
		dissect_add(d, 0, p, len, f->dir == WIRE_C2S ? N_("%s, client: %.*s")
							     : N_("%s, server: %.*s"),
			    proto, shown, (const char *)p);
		p += len;
	}
}

const struct opening *dissect_opening(const struct timeline *tl, size_t i, size_t off)
{
	size_t first, n = timeline_frame_openings(tl, i, &first);
	for (size_t j = first; j < first + n; j++)
		if (tl->openings[j].off == off)
			return &tl->openings[j];
	return NULL;
}

/* What the receiver read in a protected record: the real type and the start. */
static void opened(struct dissection *d, const struct opening *o, const uint8_t *body, size_t blen)
{
	dissect_add(d, 1, body, blen, N_("encrypted: %zu bytes (ciphertext and a 16-byte tag)"), blen);
	dissect_add(d, 2, NULL, 0, N_("the receiver opened it: %s (%u), %zu bytes of plaintext"),
		    dn_content_type(o->type), o->type, o->plain_len);
	if (o->type == 22)	/* the plaintext is not in the frame: fields without bytes */
		dissect_handshake(d, 3, o->plain, o->plain_len);
}

static void record_body(struct dissection *d, const uint8_t *rec, size_t blen,
			const struct opening *o)
{
	const uint8_t *body = rec + 5;
	if (o)
		opened(d, o, body, blen);
	else if (rec[0] == 23)
		dissect_add(d, 1, body, blen, N_("encrypted: %zu bytes, unreadable without the key"), blen);
	else if (rec[0] == 22)
		dissect_handshake(d, 1, body, blen);
	else if (rec[0] == 21 && blen == 2)
		dissect_add(d, 1, body, 2, N_("alert: %s (%u), %s (%u)"), dn_alert_level(body[0]),
			    body[0], tls12_alert_name(body[1]), body[1]);
	else if (rec[0] == 20)
		dissect_add(d, 1, body, blen, N_("change_cipher_spec message: %zu bytes"), blen);
	else
		dissect_add(d, 1, body, blen, N_("encrypted: %zu bytes, unreadable without the key"), blen);
}

static void records(struct dissection *d, const struct timeline *tl, size_t i)
{
	const struct wire_frame *f = &tl->frames[i];
	size_t off = 0;
	while (off < f->len) {
		const uint8_t *rec = f->bytes + off;
		size_t left = f->len - off;
		size_t blen = left >= 5 ? (size_t)rec[3] << 8 | rec[4] : 0;
		if (left < 5 || blen > left - 5) {
			dissect_add(d, 0, rec, left, N_("incomplete record: %zu bytes"), left);
			return;
		}
		uint16_t ver = (uint16_t)(rec[1] << 8 | rec[2]);
		dissect_add(d, 0, rec, 5 + blen, N_("TLS record: %s, length %zu"),
			    dn_content_type(rec[0]), blen);
		dissect_add(d, 1, rec, 1, N_("content type: %s (%u)"), dn_content_type(rec[0]), rec[0]);
		dissect_add(d, 1, rec + 1, 2, N_("legacy version: %s (0x%04x)"), dn_version(ver), ver);
		dissect_add(d, 1, rec + 3, 2, N_("length: %zu"), blen);
		record_body(d, rec, blen, dissect_opening(tl, i, off));
		off += 5 + blen;
	}
}

static bool looks_like_records(const uint8_t *p, size_t n)
{
	return n >= 5 && p[0] >= 20 && p[0] <= 23 && p[1] == 3 && p[2] <= 4;
}

void dissect_frame(struct dissection *d, const struct timeline *tl, size_t i)
{
	dissection_free(d);
	if (i >= tl->n_frames)
		return;
	const struct wire_frame *f = &tl->frames[i];
	const struct wire_link *k = &tl->links[f->link < tl->n_links ? f->link : 0];
	d->base = f->bytes;
	d->base_len = f->len;
	headers(d, k, f);
	if (k->proto == WIRE_UDP)
		dissect_add(d, 0, f->bytes, f->len, N_("DNS message: %zu bytes"), f->len);
	else if (looks_like_records(f->bytes, f->len))
		records(d, tl, i);
	else
		lines(d, k, f);
}
