/*
 * test_pcap: the capture writer, read back by a small independent parser.
 *
 * A timeline is built by hand (links and frames only, no events), written
 * to a memory stream, and every packet is decoded again: record header,
 * Ethernet, IPv4, TCP or UDP.  Checksums are recomputed here with code of
 * our own, sequence and acknowledgement numbers are followed across the
 * whole connection, and the payloads are reassembled and compared with
 * the frames.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pcap.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))
#define T0 1704110400000000ull	/* 2024-01-01 12:00:00 UTC, in us */
#define BIG 4000		/* a frame that needs three segments */
#define MAX_PKTS 256

static const char greeting[] = "220 mail.example.test ESMTP\r\n";
static const char ehlo[] = "EHLO client.example.test\r\n";
static const char caps[] = "250-mail.example.test\r\n250 STARTTLS\r\n";
static const char quit[] = "QUIT\r\n";
static const char bye[] = "221 2.0.0 Bye\r\n";
/* A DNS query for example.org MX: 29 bytes, an odd length on purpose. */
static const uint8_t dns_q[] = {
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0,
	0x00, 0x0f, 0x00, 0x01,
};

/* One decoded packet; pointers into the captured bytes. */
struct pkt {
	uint64_t ts;
	const uint8_t *ip;
	size_t ip_len;		/* IPv4 total length */
	uint16_t ip_id;
	uint8_t proto;
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;	/* TCP */
	uint8_t flags;		/* TCP */
	uint16_t udp_len;
	const uint8_t *data;
	size_t len;
};

struct cap {
	char *buf;
	size_t size;
	struct pkt p[MAX_PKTS];
	size_t n;
};

struct fixture {
	struct timeline tl;
	uint8_t *big;
	struct cap cap;
};

static uint32_t rd32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

/* RFC 1071, written out: the sum of 16-bit words with end-around carry. */
static uint16_t ones_sum(uint32_t acc, const uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		acc += (i % 2 == 0) ? (uint32_t)p[i] * 256 : p[i];
	while (acc > 0xffff)
		acc = (acc >> 16) + (acc & 0xffff);
	return (uint16_t)acc;
}

/* The sum over pseudo-header and segment: 0xffff when the checksum holds. */
static uint16_t l4_check(const struct pkt *k)
{
	const uint8_t *seg = k->ip + 20;
	size_t len = k->ip_len - 20;
	uint32_t acc = (k->src >> 16) + (k->src & 0xffff) + (k->dst >> 16) +
		       (k->dst & 0xffff) + k->proto + (uint32_t)len;
	return ones_sum(acc, seg, len);
}

static void frame(struct fixture *fx, unsigned link, enum wire_dir dir,
		  uint64_t t, const void *bytes, size_t len)
{
	struct wire_frame *f = &fx->tl.frames[fx->tl.n_frames++];
	f->link = link;
	f->dir = dir;
	f->time_us = t;
	f->len = len;
	f->bytes = (uint8_t *)bytes;	/* borrowed: the test owns them */
}

/*
 * Link 0: SMTP 192.0.2.10:49152 -> 192.0.2.25:25.  Link 1: DNS
 * 192.0.2.25:40000 -> 192.0.2.53:53.  The DNS exchange happens while the
 * SMTP connection is open; the server sends the last SMTP frame.
 */
static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	struct timeline *tl = &fx->tl;

	tl->links[0] = (struct wire_link){
		.name = "hop A", .proto = WIRE_TCP,
		.client_ip = IP(192, 0, 2, 10), .server_ip = IP(192, 0, 2, 25),
		.client_port = 49152, .server_port = 25,
		.client_name = "client.example.test",
		.server_name = "mail.example.test",
	};
	tl->links[1] = (struct wire_link){
		.name = "DNS", .proto = WIRE_UDP,
		.client_ip = IP(192, 0, 2, 25), .server_ip = IP(192, 0, 2, 53),
		.client_port = 40000, .server_port = 53,
		.client_name = "mail.example.test",
		.server_name = "resolver.example.test",
	};
	tl->n_links = 2;

	fx->big = malloc(BIG);
	assert_non_null(fx->big);
	for (size_t i = 0; i < BIG; i++)
		fx->big[i] = (uint8_t)(i * 7 + 3);

	tl->frames = calloc(8, sizeof *tl->frames);
	assert_non_null(tl->frames);
	frame(fx, 0, WIRE_S2C, T0, greeting, strlen(greeting));
	frame(fx, 0, WIRE_C2S, T0 + 1000, ehlo, strlen(ehlo));
	frame(fx, 0, WIRE_S2C, T0 + 2000, caps, strlen(caps));
	frame(fx, 0, WIRE_C2S, T0 + 3000, fx->big, BIG);
	frame(fx, 0, WIRE_C2S, T0 + 4000, quit, strlen(quit));
	frame(fx, 1, WIRE_C2S, T0 + 5000, dns_q, sizeof dns_q);
	frame(fx, 1, WIRE_S2C, T0 + 6000, dns_q, sizeof dns_q);
	frame(fx, 0, WIRE_S2C, T0 + 7000, bye, strlen(bye));
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	free(fx->tl.frames);
	free(fx->big);
	free(fx->cap.buf);
	free(fx);
	return 0;
}

/* Writes tl into a memory stream and decodes every packet. */
static void capture(const struct timeline *tl, struct cap *c)
{
	free(c->buf);
	c->buf = NULL;
	FILE *f = open_memstream(&c->buf, &c->size);
	assert_non_null(f);
	assert_int_equal(pcap_write(tl, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_true(c->size >= 24);

	const uint8_t *b = (const uint8_t *)c->buf;
	size_t off = 24;
	c->n = 0;
	while (off < c->size) {
		assert_true(c->n < MAX_PKTS);
		assert_true(off + 16 <= c->size);
		struct pkt *k = &c->p[c->n++];
		uint32_t incl = rd32le(b + off + 8);
		assert_int_equal(incl, rd32le(b + off + 12));
		assert_true(incl <= 65535);
		assert_true(rd32le(b + off + 4) < 1000000);
		k->ts = rd32le(b + off) * 1000000ull + rd32le(b + off + 4);
		off += 16;
		assert_true(off + incl <= c->size);

		const uint8_t *eth = b + off;
		assert_true(incl >= 14 + 20);
		assert_int_equal(rd16(eth + 12), 0x0800);
		assert_int_equal(eth[0] & 1, 0);	/* unicast */
		assert_int_equal(eth[0] & 2, 2);	/* locally administered */
		k->ip = eth + 14;
		k->ip_len = rd16(k->ip + 2);
		assert_int_equal(k->ip_len, incl - 14);
		off += incl;

		const uint8_t *ip = k->ip;
		assert_int_equal(ip[0], 0x45);
		assert_int_equal(rd16(ip + 6), 0x4000);	/* DF, no fragment */
		assert_int_equal(ip[8], 64);
		assert_int_equal(ones_sum(0, ip, 20), 0xffff);
		k->ip_id = rd16(ip + 4);
		k->proto = ip[9];
		k->src = rd32(ip + 12);
		k->dst = rd32(ip + 16);

		const uint8_t *seg = ip + 20;
		k->sport = rd16(seg);
		k->dport = rd16(seg + 2);
		if (k->proto == 6) {
			size_t hlen = (size_t)(seg[12] >> 4) * 4;
			assert_true(hlen >= 20 && hlen <= k->ip_len - 20);
			k->seq = rd32(seg + 4);
			k->ack = rd32(seg + 8);
			k->flags = seg[13];
			assert_int_equal(rd16(seg + 14), 65535);
			k->data = seg + hlen;
			k->len = k->ip_len - 20 - hlen;
		} else {
			assert_int_equal(k->proto, 17);
			k->udp_len = rd16(seg + 4);
			assert_int_equal(k->udp_len, k->ip_len - 20);
			assert_int_not_equal(rd16(seg + 6), 0);
			k->data = seg + 8;
			k->len = k->udp_len - 8u;
		}
		assert_int_equal(l4_check(k), 0xffff);
	}
	assert_int_equal(off, c->size);
}

static void test_global_header(void **state)
{
	struct fixture *fx = *state;
	static const uint8_t want[24] = {
		0xd4, 0xc3, 0xb2, 0xa1,	/* magic, little-endian */
		2, 0, 4, 0,		/* version 2.4 */
		0, 0, 0, 0, 0, 0, 0, 0,	/* thiszone, sigfigs */
		0xff, 0xff, 0, 0,	/* snaplen 65535 */
		1, 0, 0, 0,		/* LINKTYPE_ETHERNET */
	};

	capture(&fx->tl, &fx->cap);
	assert_memory_equal(fx->cap.buf, want, sizeof want);
}

/* The packet list, packet by packet; see setup() for the frames. */
static void test_packet_sequence(void **state)
{
	struct fixture *fx = *state;
	struct cap *c = &fx->cap;
	capture(&fx->tl, c);

	enum { S = 0x02, SA = 0x12, A = 0x10, PA = 0x18, FA = 0x11, U = 0 };
	static const struct {
		uint8_t flags;	/* U: a UDP datagram */
		int c2s;
		size_t len;
	} want[] = {
		{ S, 1, 0 }, { SA, 0, 0 }, { A, 1, 0 },
		{ PA, 0, sizeof greeting - 1 },
		{ PA, 1, sizeof ehlo - 1 },
		{ PA, 0, sizeof caps - 1 },
		{ A, 1, 1460 }, { A, 1, 1460 }, { PA, 1, BIG - 2920 },
		{ A, 0, 0 },	/* nothing to reply: a pure ACK */
		{ PA, 1, sizeof quit - 1 },
		{ U, 1, sizeof dns_q }, { U, 0, sizeof dns_q },
		{ PA, 0, sizeof bye - 1 },
		{ FA, 0, 0 }, { FA, 1, 0 }, { A, 0, 0 },
	};
	assert_int_equal(c->n, sizeof want / sizeof want[0]);

	const struct wire_link *l0 = &fx->tl.links[0], *l1 = &fx->tl.links[1];
	for (size_t i = 0; i < c->n; i++) {
		const struct pkt *k = &c->p[i];
		const struct wire_link *l = want[i].flags == U ? l1 : l0;
		uint32_t src = want[i].c2s ? l->client_ip : l->server_ip;
		uint16_t sport = want[i].c2s ? l->client_port : l->server_port;
		uint32_t dst = want[i].c2s ? l->server_ip : l->client_ip;
		uint16_t dport = want[i].c2s ? l->server_port : l->client_port;

		assert_int_equal(k->proto, want[i].flags == U ? 17 : 6);
		if (want[i].flags != U)
			assert_int_equal(k->flags, want[i].flags);
		assert_int_equal(k->src, src);
		assert_int_equal(k->dst, dst);
		assert_int_equal(k->sport, sport);
		assert_int_equal(k->dport, dport);
		assert_int_equal(k->len, want[i].len);
		assert_true(k->len <= PCAP_MSS);
		/* One IP ID counter, one up per packet. */
		if (i > 0) {
			assert_int_equal(k->ip_id, (uint16_t)(c->p[i - 1].ip_id + 1));
			assert_true(k->ts > c->p[i - 1].ts);
		}
	}

	/* Frames keep their own time; made-up packets sit just around. */
	assert_true(c->p[0].ts < T0 && c->p[0].ts + 1000 > T0);
	assert_int_equal(c->p[3].ts, T0);
	assert_int_equal(c->p[4].ts, T0 + 1000);
	assert_int_equal(c->p[6].ts, T0 + 3000);
	assert_int_equal(c->p[11].ts, T0 + 5000);
	assert_int_equal(c->p[13].ts, T0 + 7000);
	assert_true(c->p[16].ts < T0 + 8000);
}

static void test_handshake(void **state)
{
	struct fixture *fx = *state;
	struct cap *c = &fx->cap;
	capture(&fx->tl, c);

	uint32_t isn_c = c->p[0].seq, isn_s = c->p[1].seq;
	assert_int_equal(c->p[0].ack, 0);
	assert_int_equal(c->p[1].ack, isn_c + 1);
	assert_int_equal(c->p[2].seq, isn_c + 1);
	assert_int_equal(c->p[2].ack, isn_s + 1);
	assert_int_not_equal(isn_c, isn_s);
	/* Known answer, worked out by hand: the SYN's IPv4 header is
	 * 4500 002c 0001 4000 4006 .... c000 020a c000 0219. */
	assert_int_equal(rd16(c->p[0].ip + 10), 0xb6a7);
	/* The SYNs carry MSS 1460 (kind 2, length 4). */
	for (int i = 0; i < 2; i++) {
		const uint8_t *tcp = c->p[i].ip + 20;
		assert_int_equal(tcp[12] >> 4, 6);
		assert_int_equal(tcp[20], 2);
		assert_int_equal(tcp[21], 4);
		assert_int_equal(rd16(tcp + 22), 1460);
	}
	/* Known answers: the first data segments, counted from the ISNs. */
	uint32_t g = sizeof greeting - 1, e = sizeof ehlo - 1;
	assert_int_equal(c->p[3].seq, isn_s + 1);
	assert_int_equal(c->p[3].ack, isn_c + 1);
	assert_int_equal(c->p[4].seq, isn_c + 1);
	assert_int_equal(c->p[4].ack, isn_s + 1 + g);
	assert_int_equal(c->p[5].seq, isn_s + 1 + g);
	assert_int_equal(c->p[5].ack, isn_c + 1 + e);
	assert_int_equal(c->p[6].seq, isn_c + 1 + e);
	assert_int_equal(c->p[7].seq, isn_c + 1 + e + 1460);
	assert_int_equal(c->p[8].seq, isn_c + 1 + e + 2920);
	/* The server's pure ACK covers the whole 4000-byte frame. */
	assert_int_equal(c->p[9].ack, isn_c + 1 + e + BIG);
}

/*
 * Follows both directions of every TCP connection in a capture: each
 * segment starts where the sender's previous one ended, each ACK covers
 * exactly what the other side has sent, no more than a window is ever
 * unacknowledged, and the payload read back equals frames joined.
 */
static void follow_tcp(const struct cap *c, const struct timeline *tl,
		       unsigned link)
{
	const struct wire_link *l = &tl->links[link];
	uint32_t next[2] = { 0, 0 }, acked[2] = { 0, 0 };
	int syn[2] = { 0, 0 }, fin[2] = { 0, 0 };
	size_t got[2] = { 0, 0 }, want[2] = { 0, 0 };
	uint8_t *stream[2], *expect[2];

	for (size_t i = 0; i < tl->n_frames; i++)
		if (tl->frames[i].link == link)
			want[tl->frames[i].dir] += tl->frames[i].len;
	for (int d = 0; d < 2; d++) {
		stream[d] = malloc(want[d] + 1);
		expect[d] = malloc(want[d] + 1);
		assert_non_null(stream[d]);
		assert_non_null(expect[d]);
		want[d] = 0;
	}
	for (size_t i = 0; i < tl->n_frames; i++) {
		const struct wire_frame *f = &tl->frames[i];
		if (f->link != link)
			continue;
		memcpy(expect[f->dir] + want[f->dir], f->bytes, f->len);
		want[f->dir] += f->len;
	}

	for (size_t i = 0; i < c->n; i++) {
		const struct pkt *k = &c->p[i];
		if (k->proto != 6)
			continue;
		int d;
		if (k->src == l->client_ip && k->sport == l->client_port &&
		    k->dst == l->server_ip && k->dport == l->server_port)
			d = WIRE_C2S;
		else if (k->src == l->server_ip && k->sport == l->server_port &&
			 k->dst == l->client_ip && k->dport == l->client_port)
			d = WIRE_S2C;
		else
			continue;
		int e = !d;

		if (k->flags & 0x02) {
			assert_false(syn[d]);
			syn[d] = 1;
			next[d] = k->seq + 1;
			acked[d] = next[d];
			if (d == WIRE_S2C)
				assert_true(syn[e]);
		} else {
			assert_true(syn[d]);
			assert_int_equal(k->seq, next[d]);
			/* After its FIN a side only acknowledges. */
			if (fin[d])
				assert_true(k->len == 0 && k->flags == 0x10);
			next[d] += (uint32_t)k->len + (k->flags & 0x01);
			fin[d] |= k->flags & 0x01;
			memcpy(stream[d] + got[d], k->data, k->len);
			got[d] += k->len;
			assert_true(got[d] <= want[d]);
		}
		assert_true(k->flags & 0x10 || (k->flags == 0x02 && d == WIRE_C2S));
		if (k->flags & 0x10) {
			assert_int_equal(k->ack, next[e]);
			acked[e] = next[e];
		}
		assert_true(next[d] - acked[d] <= 65535);
	}
	for (int d = 0; d < 2; d++) {
		assert_true(syn[d] && fin[d]);
		assert_int_equal(got[d], want[d]);
		assert_memory_equal(stream[d], expect[d], want[d]);
		assert_int_equal(acked[d], next[d]);	/* FINs acknowledged */
		free(stream[d]);
		free(expect[d]);
	}
}

static void test_tcp_stream(void **state)
{
	struct fixture *fx = *state;
	capture(&fx->tl, &fx->cap);
	follow_tcp(&fx->cap, &fx->tl, 0);
}

static void test_udp(void **state)
{
	struct fixture *fx = *state;
	struct cap *c = &fx->cap;
	capture(&fx->tl, c);

	const struct pkt *q = &c->p[11], *r = &c->p[12];
	assert_int_equal(q->proto, 17);
	assert_int_equal(q->udp_len, 8 + sizeof dns_q);
	assert_int_equal(q->sport, 40000);
	assert_int_equal(q->dport, 53);
	assert_memory_equal(q->data, dns_q, sizeof dns_q);
	assert_int_equal(r->sport, 53);
	assert_int_equal(r->dport, 40000);
	assert_int_equal(r->src, IP(192, 0, 2, 53));
	assert_memory_equal(r->data, dns_q, sizeof dns_q);
	assert_int_equal(l4_check(r), 0xffff);
}

/* A 100000-byte frame: 69 segments, the receiver acknowledges midway. */
static void test_window(void **state)
{
	struct fixture *fx = *state;
	size_t n = 100000;
	uint8_t *huge = malloc(n);
	assert_non_null(huge);
	for (size_t i = 0; i < n; i++)
		huge[i] = (uint8_t)(i >> 3);
	fx->tl.frames[3].bytes = huge;
	fx->tl.frames[3].len = n;

	capture(&fx->tl, &fx->cap);
	follow_tcp(&fx->cap, &fx->tl, 0);
	size_t segs = 0, acks = 0;
	for (size_t i = 0; i < fx->cap.n; i++) {
		const struct pkt *k = &fx->cap.p[i];
		if (k->proto != 6 || k->ts < T0 + 3000 || k->ts >= T0 + 4000)
			continue;
		if (k->sport == 49152 && k->len > 0)
			segs++;
		if (k->sport == 25 && k->len == 0 && k->flags == 0x10)
			acks++;
	}
	assert_int_equal(segs, (n + PCAP_MSS - 1) / PCAP_MSS);
	/* After 44 segments (64240 bytes) the next would overflow the
	 * window: one ACK within the frame, one after it. */
	assert_int_equal(acks, 2);
	fx->tl.frames[3].bytes = fx->big;
	fx->tl.frames[3].len = BIG;
	free(huge);
}

static void test_deterministic(void **state)
{
	struct fixture *fx = *state;
	struct cap *again = calloc(1, sizeof *again);
	assert_non_null(again);

	capture(&fx->tl, &fx->cap);
	capture(&fx->tl, again);
	assert_int_equal(again->size, fx->cap.size);
	assert_memory_equal(again->buf, fx->cap.buf, fx->cap.size);

	/* pcap_write_file writes the same bytes. */
	char path[] = "/tmp/test_pcap_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(pcap_write_file(&fx->tl, path), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *back = malloc(fx->cap.size + 1);
	assert_non_null(back);
	assert_int_equal(fread(back, 1, fx->cap.size + 1, f), fx->cap.size);
	fclose(f);
	remove(path);
	assert_memory_equal(back, fx->cap.buf, fx->cap.size);
	free(back);
	free(again->buf);
	free(again);
}

static void test_errors(void **state)
{
	struct fixture *fx = *state;
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	assert_non_null(f);

	fx->tl.frames[2].link = 2;	/* there is no link 2 */
	errno = 0;
	assert_int_equal(pcap_write(&fx->tl, f), -1);
	assert_int_equal(errno, EINVAL);
	fx->tl.frames[2].link = 0;

	static uint8_t jumbo[PCAP_UDP_MAX + 1];
	fx->tl.frames[5].bytes = jumbo;
	fx->tl.frames[5].len = sizeof jumbo;
	errno = 0;
	assert_int_equal(pcap_write(&fx->tl, f), -1);
	assert_int_equal(errno, EMSGSIZE);
	fx->tl.frames[5].len = PCAP_UDP_MAX;	/* the largest that fits */
	assert_int_equal(pcap_write(&fx->tl, f), 0);
	fx->tl.frames[5].bytes = (uint8_t *)dns_q;
	fx->tl.frames[5].len = sizeof dns_q;
	fclose(f);
	free(buf);

	errno = 0;
	assert_int_equal(pcap_write_file(&fx->tl, "/nonexistent/dir/x.pcap"), -1);
	assert_int_equal(errno, ENOENT);
}

/* No frames: a valid, empty capture. */
static void test_empty(void **state)
{
	struct fixture *fx = *state;
	size_t n = fx->tl.n_frames;
	fx->tl.n_frames = 0;
	capture(&fx->tl, &fx->cap);
	assert_int_equal(fx->cap.size, 24);
	assert_int_equal(fx->cap.n, 0);
	fx->tl.n_frames = n;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_global_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_packet_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
