/*
 * fuzz_sniff: the eavesdropper reading whatever crosses the wire.
 *
 * The input is a list of frames.  Each frame is one selector byte (bit 0:
 * link, 0 = the TCP mail link, 1 = the UDP DNS link; bit 1: direction,
 * 0 = client to server), a big-endian 16-bit length, then that many bytes
 * (fewer when the input ends first).  The frames go through sniff_frame()
 * one by one, then sniff_summary(), then sniff_steal_key() replays them
 * with a fixed server key pair (the first crypto_box_keypair() after
 * rng_seed(1); tests/fuzz/mkcorpus.c seals session keys to it so the
 * corpus reaches the decrypting path), then sniff_use_keylog() with a key
 * log of fixed secrets (FUZZ_SECRET's bytes: every TLS 1.3 traffic
 * secret, the TLS 1.2 master secret, the classic session key) for the
 * client random of the first frame's ClientHello (bytes 11..42).
 *
 * The emit callback reads every string it gets (so ASan sees a bad one)
 * and aborts on a control byte or invalid UTF-8: timeline.h promises that
 * a fact's value is printable UTF-8 without control bytes.
 */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "sniff.h"

#define MAX_FRAMES 64
#define FUZZ_SECRET 0x5a	/* every byte of every secret in the fuzzer's key log */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct wire_link links[2] = {
	{ "hop A", WIRE_TCP, 0xc000020a, 0xc0000219, 49731, 587,
	  "client.example.test", "mail.example.test" },
	{ "DNS", WIRE_UDP, 0xc0000219, 0xc0000235, 53124, 53,
	  "mail.example.test", "resolver" },
};

static uint8_t server_pk[crypto_box_PUBLICKEYBYTES];
static uint8_t server_sk[crypto_box_SECRETKEYBYTES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (rng_init() != 0)
		abort();
	rng_seed(1);
	if (crypto_box_keypair(server_pk, server_sk) != 0)
		abort();
	return 0;
}

/* The fixed key log for a ClientHello's random. */
static size_t make_keylog(struct keylog_entry *e, const uint8_t random[32])
{
	static const char *const labels[6] = {
		"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
		"CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "CLIENT_RANDOM",
		KEYLOG_CLASSIC,
	};
	for (size_t i = 0; i < 6; i++) {
		memset(&e[i], 0, sizeof e[i]);
		strcpy(e[i].label, labels[i]);
		memcpy(e[i].client_random, random, 32);
		memset(e[i].secret, FUZZ_SECRET, sizeof e[i].secret);
		e[i].len = i == 4 ? 48 : 32;
	}
	return 6;
}

/* Aborts unless s is valid UTF-8 with no C0, DEL or C1 control. */
static void check_printable(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
			     (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1fu : len == 3 ? c & 0x0fu : c & 0x07u;
		if (len == 0 || len > n - i)
			abort();
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				abort();
			cp = cp << 6 | (p[i + k] & 0x3fu);
		}
		/* a tab is kept (the screen draws it as a visible mark) */
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f))
			abort();
		i += len;
	}
}

static void emit(void *ctx, enum fact_kind kind, enum wire_dir dir, int frame,
		 const char *label, struct fact_value *v)
{
	size_t *count = ctx;
	(void)kind;
	(void)dir;
	(void)frame;
	if (!label || !v)
		abort();
	char *value = fact_value_render(v, NULL);
	check_printable(label);
	check_printable(value);
	*count += strlen(label) + strlen(value) + 1;
	free(value);
	fact_value_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_frame frames[MAX_FRAMES];
	size_t n = 0, count = 0;
	struct sniff *sn;

	while (size >= 3 && n < MAX_FRAMES) {
		size_t len = (size_t)data[1] << 8 | data[2];
		struct wire_frame *f = &frames[n];
		f->link = data[0] & 1;
		f->dir = data[0] & 2 ? WIRE_S2C : WIRE_C2S;
		f->time_us = 1780000000000000ull + (uint64_t)n * 1500 + (data[0] >> 2);
		data += 3;
		size -= 3;
		f->len = len < size ? len : size;
		/* a copy of its own, so ASan catches a read past the frame */
		f->bytes = malloc(f->len ? f->len : 1);
		if (!f->bytes)
			abort();
		if (f->len)
			memcpy(f->bytes, data, f->len);
		data += f->len;
		size -= f->len;
		n++;
	}

	static struct arena secrets;	/* one region for every run: a few bytes each */
	secrets.used = 0;
	if (!secrets.base && arena_init(&secrets, 4096) != 0)
		abort();
	sn = sniff_new(links, 2, emit, &count, &secrets);
	for (size_t i = 0; i < n; i++)
		sniff_frame(sn, &frames[i], (int)i);
	sniff_summary(sn);
	sniff_summary(sn);	/* nothing changed: says nothing */
	if (sniff_steal_key(sn, server_pk, server_sk, frames, n) < 0)
		abort();
	struct keylog_entry keylog[6];
	if (n > 0 && frames[0].len >= 43) {
		size_t nk = make_keylog(keylog, frames[0].bytes + 11);
		if (sniff_use_keylog(sn, keylog, nk, frames, n) < 0)
			abort();
	}
	sniff_free(sn);
	for (size_t i = 0; i < n; i++)
		free(frames[i].bytes);
	return 0;
}
