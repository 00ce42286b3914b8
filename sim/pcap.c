/*
 * pcap: writes a timeline's frames as a classic pcap capture.
 *
 * One pass over the frames in order.  Each TCP link keeps the next
 * sequence number of both sides and what each side has acknowledged; the
 * packets a real stack would add (handshake, acknowledgements, the
 * closing FINs) are made up around the frames.  Every packet is built in
 * one scratch buffer: Ethernet, IPv4, then TCP or UDP with its checksum,
 * and written with its record header.  All multi-byte fields of the file
 * format are written little-endian, so the bytes do not depend on the
 * machine; the headers inside the packets are big-endian, as on the wire.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "pcap.h"
#include "util.h"

#define PCAP_ETH_LEN 14
#define PCAP_IP_LEN 20
#define PCAP_TCP_LEN 20
#define PCAP_UDP_LEN 8
#define PCAP_WINDOW 65535	/* advertised receive window, no scaling */
#define PCAP_GAP_US 10		/* spacing of the made-up packets */

enum {
	TCP_FIN = 0x01,
	TCP_SYN = 0x02,
	TCP_PSH = 0x08,
	TCP_ACK = 0x10,
};

/* One TCP connection; arrays are indexed by the sender's direction. */
struct pcap_tcp {
	bool open;
	uint32_t next[2];	/* sequence number of the sender's next byte */
	uint32_t acked[2];	/* highest of the sender's bytes acknowledged */
};

struct pcap_out {
	FILE *f;
	uint8_t *pkt;		/* scratch: one whole packet */
	uint16_t ip_id;		/* one counter for the whole capture */
	size_t packets;		/* written so far */
	uint64_t last_us;	/* time of the packet written last */
	bool any;		/* a packet has been written */
};

static void pcap_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void pcap_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void pcap_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Adds n bytes to a one's complement sum, as 16-bit big-endian words. */
static uint32_t pcap_sum(uint32_t sum, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t pcap_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static enum wire_dir pcap_other(enum wire_dir d)
{
	return d == WIRE_C2S ? WIRE_S2C : WIRE_C2S;
}

/* A fixed scramble of the connection's addresses: a plausible ISN. */
static uint32_t pcap_isn(const struct wire_link *l, enum wire_dir d)
{
	uint32_t x = l->client_ip * 0x9e3779b1u ^ l->server_ip;
	x ^= (uint32_t)l->client_port << 16 | l->server_port;
	x += d == WIRE_C2S ? 0x01234567u : 0x89abcdefu;
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

static int pcap_fwrite(FILE *f, const void *p, size_t n)
{
	if (!f)
		return 0;	/* counting only */
	errno = 0;
	if (fwrite(p, 1, n, f) == n)
		return 0;
	if (errno == 0)
		errno = EIO;
	return -1;
}

static int pcap_header(FILE *f)
{
	uint8_t h[24];

	pcap_le32(h, 0xa1b2c3d4u);	/* microsecond timestamps */
	pcap_le16(h + 4, 2);
	pcap_le16(h + 6, 4);
	pcap_le32(h + 8, 0);		/* thiszone: UTC */
	pcap_le32(h + 12, 0);		/* sigfigs */
	pcap_le32(h + 16, PCAP_SNAPLEN);
	pcap_le32(h + 20, 1);		/* LINKTYPE_ETHERNET */
	return pcap_fwrite(f, h, sizeof h);
}

/* 02:00 and then the four bytes of the IPv4 address. */
static void pcap_mac(uint8_t *p, uint32_t ip)
{
	p[0] = 0x02;
	p[1] = 0x00;
	pcap_put32(p + 2, ip);
}

/*
 * Fills in Ethernet and IPv4 for a transport segment of len bytes already
 * at o->pkt + 34, and writes the packet at time want_us (or just after the
 * previous packet, whichever is later).
 */
static int pcap_send(struct pcap_out *o, uint32_t src, uint32_t dst,
		     uint8_t ipproto, size_t len, uint64_t want_us)
{
	uint8_t *eth = o->pkt, *ip = o->pkt + PCAP_ETH_LEN;
	size_t total = PCAP_ETH_LEN + PCAP_IP_LEN + len;
	uint8_t rec[16];

	pcap_mac(eth, dst);
	pcap_mac(eth + 6, src);
	put16(eth + 12, 0x0800);

	ip[0] = 0x45;			/* version 4, 20-byte header */
	ip[1] = 0;
	put16(ip + 2, (uint16_t)(PCAP_IP_LEN + len));
	put16(ip + 4, o->ip_id++);
	o->packets++;
	put16(ip + 6, 0x4000);		/* don't fragment */
	ip[8] = 64;
	ip[9] = ipproto;
	put16(ip + 10, 0);
	pcap_put32(ip + 12, src);
	pcap_put32(ip + 16, dst);
	put16(ip + 10, pcap_fold(pcap_sum(0, ip, PCAP_IP_LEN)));

	uint64_t t = want_us;
	if (o->any && t <= o->last_us)
		t = o->last_us + 1;
	o->last_us = t;
	o->any = true;

	pcap_le32(rec, (uint32_t)(t / 1000000));
	pcap_le32(rec + 4, (uint32_t)(t % 1000000));
	pcap_le32(rec + 8, (uint32_t)total);
	pcap_le32(rec + 12, (uint32_t)total);
	if (pcap_fwrite(o->f, rec, sizeof rec) < 0)
		return -1;
	return pcap_fwrite(o->f, o->pkt, total);
}

/* The transport checksum over the pseudo-header and the segment. */
static uint16_t pcap_l4_sum(uint32_t src, uint32_t dst, uint8_t ipproto,
			    const uint8_t *seg, size_t len)
{
	uint8_t ph[12];

	pcap_put32(ph, src);
	pcap_put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = ipproto;
	put16(ph + 10, (uint16_t)len);
	return pcap_fold(pcap_sum(pcap_sum(0, ph, sizeof ph), seg, len));
}

static void pcap_ends(const struct wire_link *l, enum wire_dir d,
		      uint32_t *sip, uint16_t *sport,
		      uint32_t *dip, uint16_t *dport)
{
	bool c2s = d == WIRE_C2S;
	*sip = c2s ? l->client_ip : l->server_ip;
	*sport = c2s ? l->client_port : l->server_port;
	*dip = c2s ? l->server_ip : l->client_ip;
	*dport = c2s ? l->server_port : l->client_port;
}

/*
 * One TCP segment from side d.  Its sequence number is st->next[d], which
 * advances by the payload (and by one for SYN or FIN); with ACK it
 * acknowledges everything the other side has sent.
 */
static int pcap_tcp(struct pcap_out *o, const struct wire_link *l,
		    struct pcap_tcp *st, enum wire_dir d, uint8_t flags,
		    const uint8_t *payload, size_t n, uint64_t want_us)
{
	uint8_t *seg = o->pkt + PCAP_ETH_LEN + PCAP_IP_LEN;
	size_t hlen = PCAP_TCP_LEN + (flags & TCP_SYN ? 4 : 0);
	enum wire_dir e = pcap_other(d);
	uint32_t sip, dip;
	uint16_t sport, dport;

	pcap_ends(l, d, &sip, &sport, &dip, &dport);
	put16(seg, sport);
	put16(seg + 2, dport);
	pcap_put32(seg + 4, st->next[d]);
	pcap_put32(seg + 8, flags & TCP_ACK ? st->next[e] : 0);
	seg[12] = (uint8_t)(hlen / 4 << 4);
	seg[13] = flags;
	put16(seg + 14, PCAP_WINDOW);
	put16(seg + 16, 0);
	put16(seg + 18, 0);		/* urgent pointer */
	if (flags & TCP_SYN) {
		seg[20] = 2;		/* MSS option */
		seg[21] = 4;
		put16(seg + 22, PCAP_MSS);
	}
	if (n)
		memcpy(seg + hlen, payload, n);
	put16(seg + 16, pcap_l4_sum(sip, dip, 6, seg, hlen + n));

	if (flags & TCP_ACK)
		st->acked[e] = st->next[e];
	st->next[d] += (uint32_t)n + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
	return pcap_send(o, sip, dip, 6, hlen + n, want_us);
}

static int pcap_udp(struct pcap_out *o, const struct wire_link *l,
		    const struct wire_frame *fr)
{
	uint8_t *seg = o->pkt + PCAP_ETH_LEN + PCAP_IP_LEN;
	size_t len = PCAP_UDP_LEN + fr->len;
	uint32_t sip, dip;
	uint16_t sport, dport;

	pcap_ends(l, fr->dir, &sip, &sport, &dip, &dport);
	put16(seg, sport);
	put16(seg + 2, dport);
	put16(seg + 4, (uint16_t)len);
	put16(seg + 6, 0);
	if (fr->len)
		memcpy(seg + PCAP_UDP_LEN, fr->bytes, fr->len);
	uint16_t sum = pcap_l4_sum(sip, dip, 17, seg, len);
	put16(seg + 6, sum ? sum : 0xffff);	/* 0 would mean "none" */
	return pcap_send(o, sip, dip, 17, len, fr->time_us);
}

static int pcap_open(struct pcap_out *o, const struct wire_link *l,
		     struct pcap_tcp *st, uint64_t t)
{
	uint64_t t0 = t > 3 * PCAP_GAP_US ? t - 3 * PCAP_GAP_US : 0;

	st->next[WIRE_C2S] = pcap_isn(l, WIRE_C2S);
	st->next[WIRE_S2C] = pcap_isn(l, WIRE_S2C);
	st->open = true;
	if (pcap_tcp(o, l, st, WIRE_C2S, TCP_SYN, NULL, 0, t0) < 0 ||
	    pcap_tcp(o, l, st, WIRE_S2C, TCP_SYN | TCP_ACK, NULL, 0,
		     t0 + PCAP_GAP_US) < 0)
		return -1;
	return pcap_tcp(o, l, st, WIRE_C2S, TCP_ACK, NULL, 0,
			t0 + 2 * PCAP_GAP_US);
}

/* The frame's bytes as segments of at most PCAP_MSS, PSH on the last. */
static int pcap_data(struct pcap_out *o, const struct wire_link *l,
		     struct pcap_tcp *st, const struct wire_frame *fr)
{
	enum wire_dir d = fr->dir, e = pcap_other(d);
	size_t off = 0;

	do {
		size_t n = fr->len - off < PCAP_MSS ? fr->len - off : PCAP_MSS;
		bool last = off + n == fr->len;

		/* A receiver whose window would overflow acknowledges first. */
		if (st->next[d] - st->acked[d] + n > PCAP_WINDOW &&
		    pcap_tcp(o, l, st, e, TCP_ACK, NULL, 0, fr->time_us) < 0)
			return -1;
		if (pcap_tcp(o, l, st, d, TCP_ACK | (last ? TCP_PSH : 0),
			     fr->bytes + off, n, fr->time_us) < 0)
			return -1;
		off += n;
	} while (off < fr->len);
	return 0;
}

/* The sender of the link's last frame closes first. */
static int pcap_close(struct pcap_out *o, const struct wire_link *l,
		      struct pcap_tcp *st, enum wire_dir first, uint64_t t)
{
	enum wire_dir second = pcap_other(first);

	if (pcap_tcp(o, l, st, first, TCP_FIN | TCP_ACK, NULL, 0,
		     t + PCAP_GAP_US) < 0 ||
	    pcap_tcp(o, l, st, second, TCP_FIN | TCP_ACK, NULL, 0,
		     t + 2 * PCAP_GAP_US) < 0)
		return -1;
	return pcap_tcp(o, l, st, first, TCP_ACK, NULL, 0,
			t + 3 * PCAP_GAP_US);
}

/* Checks every frame before anything is written. */
static int pcap_check(const struct timeline *tl)
{
	if (tl->n_links > sizeof tl->links / sizeof tl->links[0] ||
	    (tl->n_frames && !tl->frames)) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < tl->n_frames; i++) {
		const struct wire_frame *fr = &tl->frames[i];
		if (fr->link >= tl->n_links || (fr->len && !fr->bytes) ||
		    (fr->dir != WIRE_C2S && fr->dir != WIRE_S2C)) {
			errno = EINVAL;
			return -1;
		}
		if (tl->links[fr->link].proto == WIRE_UDP &&
		    fr->len > PCAP_UDP_MAX) {
			errno = EMSGSIZE;
			return -1;
		}
	}
	return 0;
}

static int pcap_frames(struct pcap_out *o, const struct timeline *tl,
		       const size_t *next)
{
	struct pcap_tcp st[sizeof tl->links / sizeof tl->links[0]];

	memset(st, 0, sizeof st);
	for (size_t i = 0; i < tl->n_frames; i++) {
		const struct wire_frame *fr = &tl->frames[i];
		const struct wire_link *l = &tl->links[fr->link];
		struct pcap_tcp *s = &st[fr->link];

		if (l->proto == WIRE_UDP) {
			if (pcap_udp(o, l, fr) < 0)
				return -1;
			continue;
		}
		if (!s->open && pcap_open(o, l, s, fr->time_us) < 0)
			return -1;
		if (pcap_data(o, l, s, fr) < 0)
			return -1;
		uint64_t t = o->last_us;
		if (next[i] == tl->n_frames) {
			if (pcap_close(o, l, s, fr->dir, t) < 0)
				return -1;
		} else if (tl->frames[next[i]].dir == fr->dir) {
			/* No reply to carry the acknowledgement. */
			if (pcap_tcp(o, l, s, pcap_other(fr->dir), TCP_ACK,
				     NULL, 0, t + PCAP_GAP_US) < 0)
				return -1;
		}
	}
	return 0;
}

/* The capture into f (NULL: nowhere); the packets it holds in *packets. */
static int write_capture(const struct timeline *tl, FILE *f, size_t *packets)
{
	if (pcap_check(tl) < 0)
		return -1;

	/* next[i]: the following frame on frame i's link, or n_frames. */
	size_t *next = xcalloc(tl->n_frames, sizeof *next);
	size_t after[sizeof tl->links / sizeof tl->links[0]];
	for (size_t k = 0; k < tl->n_links; k++)
		after[k] = tl->n_frames;
	for (size_t i = tl->n_frames; i-- > 0;) {
		next[i] = after[tl->frames[i].link];
		after[tl->frames[i].link] = i;
	}

	struct pcap_out o = {
		.f = f,
		.pkt = xmalloc(PCAP_SNAPLEN),
		.ip_id = 1,
	};
	int rc = pcap_header(f);
	if (rc == 0)
		rc = pcap_frames(&o, tl, next);
	if (rc == 0 && f && fflush(f) != 0)
		rc = -1;
	*packets = o.packets;
	int saved = errno;
	free(o.pkt);
	free(next);
	errno = saved;
	return rc;
}

int pcap_write(const struct timeline *tl, FILE *f)
{
	size_t packets;
	return write_capture(tl, f, &packets);
}

size_t pcap_packets(const struct timeline *tl)
{
	size_t packets = 0;
	return write_capture(tl, NULL, &packets) == 0 ? packets : 0;
}

int pcap_write_file(const struct timeline *tl, const char *path)
{
	if (pcap_check(tl) < 0)	/* before a temporary file is made */
		return -1;
	struct outfile o;
	if (outfile_open(&o, path) < 0)
		return -1;
	if (pcap_write(tl, o.f) < 0) {
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o);
}
