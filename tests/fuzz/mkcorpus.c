/*
 * mkcorpus: writes the seed corpora of fuzz_x509 and fuzz_sniff from
 * seeded runs of the simulator, so the seeds are real bytes.
 *
 * Not built by the Makefile; rebuild the corpus by hand when the wire
 * format changes:
 *
 *   make build/libsim.a
 *   cc -std=c11 -D_DEFAULT_SOURCE -Isim -o build/mkcorpus tests/fuzz/mkcorpus.c \
 *       build/libsim.a $(pkg-config --libs libsodium)
 *   build/mkcorpus tests/fuzz/corpus
 *
 * fuzz_x509 gets the X.509 certificate of each certificate scenario (the
 * first of the Certificate message's list, after its two 3-byte lengths).
 * fuzz_sniff gets whole dialogues in its framing (selector byte: bit 0
 * link, 0 TCP / 1 UDP; bit 1 direction, 0 client to server; then a
 * 16-bit length and the bytes; see fuzz_sniff.c), plus a handshake whose
 * session key is sealed to the fixed key pair fuzz_sniff steals, so the
 * fuzzer reaches the decrypting path from the first run.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake.h"
#include "record.h"
#include "rng.h"
#include "scenario.h"
#include "options.h"
#include "runner.h"
#include "timeline.h"
#include "util.h"

static const char *outdir;

static void write_file(const char *sub, const char *name, const uint8_t *p, size_t n)
{
	char *path = xprintf("%s/%s/%s", outdir, sub, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	free(path);
}

/* One frame in fuzz_sniff's framing. */
static void put_frame(struct buf *b, int udp, enum wire_dir dir, const uint8_t *p, size_t n)
{
	if (n > 0xffff)
		n = 0xffff;
	buf_put8(b, (uint8_t)((udp ? 1 : 0) | (dir == WIRE_S2C ? 2 : 0)));
	buf_put16(b, (uint16_t)n);
	buf_put(b, p, n);
}

static struct timeline *run(const char *name, unsigned attacks, int ephemeral, int hop_b_plain,
			    int lax)
{
	struct scenario sc;
	if (scenario_init(&sc, name) != 0) {
		fprintf(stderr, "mkcorpus: no scenario %s\n", name);
		exit(1);
	}
	sc.seeded = true;
	sc.seed = 1;
	sc.attacks = attacks;
	if (ephemeral)
		sc.tls = TLS_13;	/* the ephemeral exchange: TLS 1.3 */
	if (hop_b_plain)
		sc.hop_b = HOP_B_PLAIN;
	if (lax) {
		sc.tls_policy = POLICY_OPPORTUNISTIC;
		sc.server_policy = SERVER_LAX;
	}
	struct timeline *tl = timeline_build(&sc);
	if (!tl) {
		fprintf(stderr, "mkcorpus: %s did not build\n", name);
		exit(1);
	}
	return tl;
}

/*
 * The frames of one link (a TCP link goes to link 0, UDP to link 1), or
 * of every hop-A-and-DNS frame when link < 0.
 */
static void sniff_seed(const struct timeline *tl, int link, const char *file)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < tl->n_frames; i++) {
		const struct wire_frame *f = &tl->frames[i];
		int udp = tl->links[f->link].proto == WIRE_UDP;
		if (link >= 0 ? (int)f->link != link : (f->link > 1))
			continue;
		put_frame(&b, udp, f->dir, f->bytes, f->len);
	}
	write_file("fuzz_sniff", file, b.p, b.len);
	buf_free(&b);
}

struct find_cert {
	const uint8_t *p;
	size_t n;
};

static int take_cert(void *ctx, uint8_t rec_type, uint8_t hs_type, const uint8_t *body,
		     size_t len)
{
	struct find_cert *fc = ctx;
	if (rec_type == REC_HANDSHAKE && hs_type == HS_CERTIFICATE && len > 6 &&
	    get24(body + 3) <= len - 6) {
		fc->p = body + 6;
		fc->n = get24(body + 3);
	}
	return 0;
}

static void cert_seed(const struct timeline *tl, const char *file)
{
	struct find_cert fc = { NULL, 0 };
	for (size_t i = 0; i < tl->n_frames && !fc.p; i++) {
		const struct wire_frame *f = &tl->frames[i];
		if (f->dir == WIRE_S2C && f->len > 0 && f->bytes[0] == REC_HANDSHAKE)
			(void)hs_each_message(f->bytes, f->len, take_cert, &fc);
	}
	if (!fc.p) {
		fprintf(stderr, "mkcorpus: no certificate for %s\n", file);
		exit(1);
	}
	write_file("fuzz_x509", file, fc.p, fc.n);
}

/* A handshake tail and a protected dialogue that fuzz_sniff's stolen key opens. */
static void stolen_seed(const uint8_t pk[32])
{
	static const char c2s[] = "EHLO client.example.test\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdAB3b25kZXJsYW5k\r\nDATA\r\n";
	static const char s2c[] = "250-mail.example.test\r\n250 AUTH PLAIN LOGIN\r\n354 go ahead\r\n";
	uint8_t key[HS_SESSION_KEY_LEN], msg[4 + 2 + HS_SEALED_LEN], ccs = 1;
	struct rec_state cs = { 0 }, ss = { 0 };
	struct buf b = { 0 }, rec = { 0 };

	randombytes_buf(key, sizeof key);
	msg[0] = HS_CLIENT_KEY_EXCHANGE;
	put24(msg + 1, 2 + HS_SEALED_LEN);
	put16(msg + 4, HS_SEALED_LEN);
	crypto_box_seal(msg + 6, key, sizeof key, pk);
	rec_write_plain(&rec, REC_HANDSHAKE, msg, sizeof msg);
	rec_write_plain(&rec, REC_CHANGE_CIPHER_SPEC, &ccs, 1);
	struct arena secrets;
	if (arena_init(&secrets, 4096) != 0 || rec_set_key(&cs, &secrets, key, WIRE_C2S) != 0 ||
	    rec_set_key(&ss, &secrets, key, WIRE_S2C) != 0)
		exit(1);
	rec_write_sealed(&cs, &rec, REC_HANDSHAKE, (const uint8_t *)"finished", 8);
	put_frame(&b, 0, WIRE_C2S, rec.p, rec.len);
	rec.len = 0;
	rec_write_plain(&rec, REC_CHANGE_CIPHER_SPEC, &ccs, 1);
	rec_write_sealed(&ss, &rec, REC_HANDSHAKE, (const uint8_t *)"finished", 8);
	put_frame(&b, 0, WIRE_S2C, rec.p, rec.len);
	rec.len = 0;
	rec_write_sealed(&ss, &rec, REC_APPLICATION_DATA, (const uint8_t *)s2c, sizeof s2c - 1);
	put_frame(&b, 0, WIRE_S2C, rec.p, rec.len);
	rec.len = 0;
	rec_write_sealed(&cs, &rec, REC_APPLICATION_DATA, (const uint8_t *)c2s, sizeof c2s - 1);
	put_frame(&b, 0, WIRE_C2S, rec.p, rec.len);
	write_file("fuzz_sniff", "stolen-key-opens", b.p, b.len);
	rec_clear(&cs);
	rec_clear(&ss);
	arena_free(&secrets);
	buf_free(&rec);
	buf_free(&b);
	sodium_memzero(key, sizeof key);
}

int main(int argc, char **argv)
{
	uint8_t pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
	static const struct {
		const char *scenario, *file;
		unsigned attacks;
		int ephemeral, hop_b_plain, lax;
	} runs[] = {
		{ "handshake", "handshake", 0, 0, 0, 0 },
		{ "handshake", "handshake-ephemeral", 0, 1, 0, 0 },
		{ "smtp-plain", "smtp-plain", 0, 0, 0, 0 },
		{ "smtp-starttls", "smtp-starttls", 0, 0, 0, 0 },
		{ "smtp-starttls", "smtp-strip-lax", ATTACK_STRIP, 0, 0, 1 },
		{ "smtp-starttls", "smtp-tamper", ATTACK_TAMPER, 0, 0, 0 },
		{ "smtps", "smtps-key-leak", ATTACK_KEY_LEAK, 0, 0, 0 },
		{ "pop3-plain", "pop3-plain", 0, 0, 0, 0 },
		{ "pop3-stls", "pop3-stls", 0, 0, 0, 0 },
		{ "imap-plain", "imap-plain", 0, 0, 0, 0 },
		{ "imap-starttls", "imap-strip-lax", ATTACK_STRIP, 0, 0, 1 },
	};
	static const struct {
		const char *file;
		unsigned attacks;
	} certs[] = {
		{ "cert-ok", 0 },
		{ "cert-forged", ATTACK_FORGE },
		{ "cert-expired", ATTACK_EXPIRED },
		{ "cert-wrong-name", ATTACK_WRONG_NAME },
		{ "cert-untrusted", ATTACK_UNTRUSTED },
	};

	if (argc != 2) {
		fprintf(stderr, "usage: mkcorpus CORPUS_DIR\n");
		return 2;
	}
	outdir = argv[1];
	if (rng_init() != 0)
		return 1;
	/* the same first draw as fuzz_sniff's LLVMFuzzerInitialize */
	rng_seed(1);
	if (crypto_box_keypair(pk, sk) != 0)
		return 1;
	stolen_seed(pk);
	sodium_memzero(sk, sizeof sk);

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		struct timeline *tl = run(runs[i].scenario, runs[i].attacks, runs[i].ephemeral,
					  runs[i].hop_b_plain, runs[i].lax);
		sniff_seed(tl, -1, runs[i].file);
		timeline_free(tl);
	}
	struct timeline *tl = run("relay", 0, 0, 1, 0);
	sniff_seed(tl, 1, "dns-mx");
	sniff_seed(tl, 2, "relay-hop-b-plain");
	timeline_free(tl);

	for (size_t i = 0; i < sizeof certs / sizeof certs[0]; i++) {
		tl = run("smtp-starttls", certs[i].attacks, 0, 0, 0);
		cert_seed(tl, certs[i].file);
		timeline_free(tl);
	}
	return 0;
}
