/*
 * test_dissect: the packet inspector's dissector against known answers:
 * the frames of two real OpenSSL sessions (tests/data/tls-kat, read from
 * their pcap files), and the openings of whole simulated runs checked by
 * opening the recorded ciphertext again with the recorded key and nonce.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissect.h"
#include "options.h"
#include "rng.h"
#include "runner.h"
#include "scenario.h"
#include "timeline.h"
#include "util.h"

#define KAT "tests/data/tls-kat/"

static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *p = xmalloc(1 << 16);
	*n = fread(p, 1, 1 << 16, f);
	fclose(f);
	return p;
}

/* The TCP payload of packet number want (1-based, as tshark counts) of an
 * Ethernet pcap, into a new buffer. */
static uint8_t *pcap_payload(const char *path, size_t want, size_t *len)
{
	size_t n, at = 24;
	uint8_t *d = read_file(path, &n);
	for (size_t i = 1; at + 16 <= n; i++) {
		size_t incl = (size_t)d[at + 8] | (size_t)d[at + 9] << 8 | (size_t)d[at + 10] << 16;
		const uint8_t *ip = d + at + 16 + 14;
		const uint8_t *tcp = ip + (ip[0] & 15) * 4;
		const uint8_t *pay = tcp + (tcp[12] >> 4) * 4;
		if (i == want) {
			*len = (size_t)(d + at + 16 + incl - pay);
			uint8_t *out = xmalloc(*len);
			memcpy(out, pay, *len);
			free(d);
			return out;
		}
		at += 16 + incl;
	}
	fail_msg("packet %zu not in %s", want, path);
	return NULL;
}

/* A timeline of one frame on one TCP link, client 192.0.2.10 to 192.0.2.25:25. */
struct one {
	struct timeline tl;
	struct wire_frame f;
};

static void one_frame(struct one *o, uint8_t *bytes, size_t len, enum wire_dir dir)
{
	memset(o, 0, sizeof *o);
	o->tl.links[0] = (struct wire_link){ .name = "hop A", .proto = WIRE_TCP,
		.client_ip = 0xc000020a, .server_ip = 0xc0000219, .client_port = 49731,
		.server_port = 25 };
	o->tl.n_links = 1;
	o->f = (struct wire_frame){ .dir = dir, .len = len, .bytes = bytes };
	o->tl.frames = &o->f;
	o->tl.n_frames = 1;
}

/* The first field whose English label is text, or NULL. */
static const struct dfield *find(const struct dissection *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = fact_value_render(&d->f[i].label, NULL);
		bool same = strcmp(s, text) == 0;
		free(s);
		if (same)
			return &d->f[i];
	}
	return NULL;
}

static void test_client_hello_server_name(void **state)
{
	(void)state;
	size_t len;
	uint8_t *ch = pcap_payload(KAT "tls13-chacha-ed25519.pcap", 4, &len);
	struct one o;
	one_frame(&o, ch, len, WIRE_C2S);
	struct dissection d = { 0 };
	dissect_frame(&d, &o.tl, 0);

	const struct dfield *f = find(&d, "IPv4 192.0.2.10 -> 192.0.2.25, TCP 49731 -> 25, client to server, 229 bytes");
	assert_non_null(f);
	assert_int_equal(f->len, 0);
	f = find(&d, "content type: handshake (22)");
	assert_non_null(f);
	assert_int_equal(f->off, 0);
	assert_int_equal(f->len, 1);
	assert_non_null(find(&d, "legacy version: TLS 1.0 (0x0301)"));
	assert_non_null(find(&d, "handshake: ClientHello (1), 220 bytes"));
	assert_non_null(find(&d, "cipher suite: TLS_CHACHA20_POLY1305_SHA256 (0x1303)"));
	assert_non_null(find(&d, "supported version: TLS 1.3 (0x0304)"));
	/* the host name's 17 bytes, where tshark shows them: byte 95 of the segment */
	f = find(&d, "server_name: mail.example.test");
	assert_non_null(f);
	assert_int_equal(f->off, 95);
	assert_int_equal(f->len, 17);
	assert_memory_equal(ch + f->off, "mail.example.test", 17);
	assert_non_null(find(&d, "extension: server_name (0), 22 bytes"));
	/* the key share: group, length and the 32-byte key */
	bool share = false;
	for (size_t i = 0; i < d.n; i++) {
		char *s = fact_value_render(&d.f[i].label, NULL);
		if (strncmp(s, "key_share: x25519 (0x001d), key ", 32) == 0) {
			share = true;
			assert_int_equal(d.f[i].len, 2 + 2 + 32);
		}
		free(s);
	}
	assert_true(share);
	dissection_free(&d);
	free(ch);
}

static void test_tls12_certificate(void **state)
{
	(void)state;
	size_t len, der_len;
	uint8_t *flight = pcap_payload(KAT "tls12-ecdhe-ed25519-chacha.pcap", 6, &len);
	uint8_t *der = read_file(KAT "server.der", &der_len);
	struct one o;
	one_frame(&o, flight, len, WIRE_S2C);
	struct dissection d = { 0 };
	dissect_frame(&d, &o.tl, 0);

	assert_non_null(find(&d, "handshake: ServerHello (2), 61 bytes"));
	assert_non_null(find(&d, "cipher suite: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xcca9)"));
	char label[64];
	snprintf(label, sizeof label, "certificate: %zu bytes", der_len);
	const struct dfield *f = find(&d, label);
	assert_non_null(f);
	assert_int_equal(f->len, 3 + der_len);	/* its length, then the DER of server.der */
	assert_memory_equal(flight + f->off + 3, der, der_len);
	f = find(&d, "subject: O=Example Test, CN=mail.example.test");
	assert_non_null(f);
	assert_true(f->len > 17);
	bool holds = false;	/* the CN's value lies inside the subject's bytes */
	for (size_t i = 0; i + 17 <= f->len && !holds; i++)
		holds = memcmp(flight + f->off + i, "mail.example.test", 17) == 0;
	assert_true(holds);
	assert_non_null(find(&d, "issuer: O=Example Test, CN=Example Test Mail CA"));
	assert_non_null(find(&d, "subjectAltName: mail.example.test"));
	assert_non_null(find(&d, "handshake: ServerHelloDone (14), 0 bytes"));
	dissection_free(&d);
	free(der);
	free(flight);
}

static void test_protected_unreadable(void **state)
{
	(void)state;
	size_t len;
	uint8_t *rec = pcap_payload(KAT "tls13-chacha-ed25519.pcap", 12, &len);
	struct one o;
	one_frame(&o, rec, len, WIRE_C2S);
	struct dissection d = { 0 };
	dissect_frame(&d, &o.tl, 0);
	assert_non_null(find(&d, "content type: application_data (23)"));
	assert_non_null(find(&d, "legacy version: TLS 1.2 (0x0303)"));
	const struct dfield *f = find(&d, "encrypted: 43 bytes, unreadable without the key");
	assert_non_null(f);
	assert_int_equal(f->off, 5);
	assert_int_equal(f->len, 43);
	dissection_free(&d);
	free(rec);
}

static struct timeline *run(enum tls_version v)
{
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, "smtp-starttls"), 0);
	sc.tls = v;
	sc.seeded = true;
	sc.seed = 5;
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	return tl;
}

static const struct opening *find_plain(const struct timeline *tl, const char *prefix)
{
	for (size_t i = 0; i < tl->n_openings; i++)
		if (tl->openings[i].plain_len >= strlen(prefix) &&
		    memcmp(tl->openings[i].plain, prefix, strlen(prefix)) == 0)
			return &tl->openings[i];
	return NULL;
}

/* TLS 1.3: the recorded key and nonce open the recorded ciphertext again. */
static void test_opening_auth_plain_13(void **state)
{
	(void)state;
	struct timeline *tl = run(TLS_13);
	const struct opening *o = find_plain(tl, "AUTH PLAIN ");
	assert_non_null(o);
	assert_int_equal(o->type, 23);
	assert_int_equal(o->nonce_len, 12);
	const uint8_t *rec = tl->frames[o->frame].bytes + o->off;
	uint8_t out[512];
	unsigned long long n;
	assert_true(o->len - 5 <= sizeof out);
	assert_int_equal(crypto_aead_chacha20poly1305_ietf_decrypt(out, &n, NULL, rec + 5, o->len - 5,
								   rec, 5, o->nonce, o->key), 0);
	assert_int_equal(n, o->plain_len + 1);	/* then the real content type */
	assert_memory_equal(out, o->plain, o->plain_len);
	assert_int_equal(out[n - 1], 23);

	struct dissection d = { 0 };
	dissect_frame(&d, tl, o->frame);
	char label[96];
	snprintf(label, sizeof label, "the receiver opened it: application_data (23), %zu bytes of plaintext",
		 o->plain_len);
	assert_non_null(find(&d, label));
	dissection_free(&d);
	timeline_free(tl);
}

/* TLS 1.2 and the classic model: the same line, each its own AEAD. */
static void test_opening_auth_plain_12_classic(void **state)
{
	(void)state;
	static const struct { enum tls_version v; const char *aead; size_t nonce; } t[] = {
		{ TLS_12, "ChaCha20-Poly1305", 12 }, { TLS_CLASSIC, "XChaCha20-Poly1305", 24 },
	};
	for (size_t i = 0; i < 2; i++) {
		struct timeline *tl = run(t[i].v);
		const struct opening *o = find_plain(tl, "AUTH PLAIN ");
		assert_non_null(o);
		assert_string_equal(o->aead, t[i].aead);
		assert_int_equal(o->nonce_len, t[i].nonce);
		assert_int_equal(tl->frames[o->frame].bytes[o->off], 23);
		timeline_free(tl);
	}
}

/* Every field of every frame of every version stays inside its frame. */
static void test_fields_inside_frames(void **state)
{
	(void)state;
	for (int v = TLS_CLASSIC; v <= TLS_13; v++) {
		struct timeline *tl = run((enum tls_version)v);
		struct dissection d = { 0 };
		for (size_t i = 0; i < tl->n_frames; i++) {
			dissect_frame(&d, tl, i);
			assert_true(d.n >= 2);
			for (size_t j = 0; j < d.n; j++)
				assert_true(d.f[j].off + d.f[j].len <= tl->frames[i].len);
		}
		dissection_free(&d);
		timeline_free(tl);
	}
}

int main(void)
{
	if (rng_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_hello_server_name),
		cmocka_unit_test(test_tls12_certificate),
		cmocka_unit_test(test_protected_unreadable),
		cmocka_unit_test(test_opening_auth_plain_13),
		cmocka_unit_test(test_opening_auth_plain_12_classic),
		cmocka_unit_test(test_fields_inside_frames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
