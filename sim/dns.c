/*
 * dns: DNS messages as bytes (see dns.h).
 */
#include <stdbool.h>
#include <string.h>

#include "dns.h"

/* A DNS name in wire form: labels with length prefixes. */
static void put_name(struct buf *b, const char *name)
{
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t n = dot ? (size_t)(dot - name) : strlen(name);
		buf_put8(b, (uint8_t)n);
		buf_put(b, name, n);
		name += n + (dot ? 1 : 0);
	}
	buf_put8(b, 0);
}

void dns_query(struct buf *q, uint16_t id, const char *name, enum dns_type type)
{
	buf_put16(q, id);
	buf_put16(q, 0x0100);	/* RD */
	buf_put16(q, 1);	/* one question */
	buf_put16(q, 0);
	buf_put16(q, 0);
	buf_put16(q, 0);
	put_name(q, name);
	buf_put16(q, (uint16_t)type);
	buf_put16(q, 1);	/* IN */
}

/* TYPE, CLASS IN, TTL one hour, then RDLENGTH. */
static void put_rr_head(struct buf *a, enum dns_type type, uint16_t rdlength)
{
	buf_put16(a, (uint16_t)type);
	buf_put16(a, 1);
	buf_put16(a, 0);
	buf_put16(a, 3600);
	buf_put16(a, rdlength);
}

/* The query turned into the head of its answer; returns where it starts. */
static size_t answer_head(struct buf *a, const struct buf *q, uint8_t additional, bool ad)
{
	size_t start = a->len;
	buf_put(a, q->p, q->len);
	a->p[start + 2] = 0x81;	/* response, RD */
	a->p[start + 3] = (uint8_t)(0x80 | (ad ? DNS_FLAG_AD : 0));	/* RA, maybe AD */
	a->p[start + 7] = 1;	/* one answer */
	a->p[start + 11] = additional;
	buf_put16(a, 0xc00c);	/* the question's name */
	return start;
}

void dns_answer_txt(struct buf *a, const struct buf *q, const char *text)
{
	size_t n = strlen(text);
	if (n > 255)
		n = 255;
	answer_head(a, q, 0, false);
	put_rr_head(a, DNS_TXT, (uint16_t)(n + 1));
	buf_put8(a, (uint8_t)n);
	buf_put(a, text, n);
}

void dns_answer_tlsa(struct buf *a, const struct buf *q, uint8_t usage, uint8_t selector,
		     uint8_t mtype, const uint8_t *data, size_t n, bool dnssec)
{
	answer_head(a, q, 0, dnssec);
	put_rr_head(a, DNS_TLSA, (uint16_t)(3 + n));
	buf_put8(a, usage);
	buf_put8(a, selector);
	buf_put8(a, mtype);
	buf_put(a, data, n);
}

void dns_answer_mx(struct buf *a, const struct buf *q, const char *domain, const char *mx,
		   uint32_t ip)
{
	size_t mx_len = strlen(mx);
	size_t start = answer_head(a, q, 1, false);
	size_t first_label = strcspn(mx, ".");
	bool in_domain = strcmp(mx + first_label + (mx[first_label] ? 1 : 0), domain) == 0;
	size_t name_off = a->len - start + 10 + 2;	/* where the exchange name starts */
	put_rr_head(a, DNS_MX, (uint16_t)(2 + (in_domain ? 1 + first_label + 2 : mx_len + 2)));
	buf_put16(a, 10);	/* preference */
	if (in_domain) {
		buf_put8(a, (uint8_t)first_label);
		buf_put(a, mx, first_label);
		buf_put16(a, 0xc00c);
	} else {
		put_name(a, mx);
	}
	buf_put16(a, (uint16_t)(0xc000 | name_off));	/* additional: its A record */
	put_rr_head(a, DNS_A, 4);
	buf_put8(a, (uint8_t)(ip >> 24));
	buf_put8(a, (uint8_t)(ip >> 16));
	buf_put8(a, (uint8_t)(ip >> 8));
	buf_put8(a, (uint8_t)ip);
}

int dns_name(const uint8_t *m, size_t n, size_t off, char *out, size_t max)
{
	size_t o = 0;
	for (int hops = 0; hops < 16; hops++) {
		if (off >= n)
			return -1;
		uint8_t len = m[off];
		if (len == 0) {
			out[o ? o - 1 : 0] = '\0';
			return 0;
		}
		if ((len & 0xc0) == 0xc0) {
			if (off + 1 >= n)
				return -1;
			off = (size_t)(len & 0x3f) << 8 | m[off + 1];
			continue;
		}
		if (off + 1 + len > n || o + len + 1 >= max)
			return -1;
		for (size_t i = 0; i < len; i++) {
			uint8_t ch = m[off + 1 + i];
			out[o++] = ch > 0x20 && ch < 0x7f ? (char)ch : '?';
		}
		out[o++] = '.';
		off += 1 + len;
	}
	return -1;
}

size_t dns_skip(const uint8_t *m, size_t n, size_t off)
{
	while (off < n) {
		if (m[off] == 0)
			return off + 1;
		if ((m[off] & 0xc0) == 0xc0)
			return off + 2 <= n ? off + 2 : 0;
		off += 1 + m[off];
	}
	return 0;
}
