/*
 * fuzz_x509: the DER reader and the X.509 parser on any bytes a server
 * (or an attacker) might send as a certificate.
 *
 * First the bytes are walked as a tree of DER elements; when the whole
 * input is accepted, writing the same tree back with the DER writer must
 * give exactly the input (the reader accepts only the one encoding DER
 * allows).  Then x509_parse(): what it refuses, it must refuse without
 * reading outside the input; what it accepts must keep its promises
 * (spans inside the input, terminated printable text, sizes in bounds,
 * times that the writer encodes and the reader reads back the same).  An
 * accepted certificate is validated as a leaf against a seeded CA, as
 * its own anchor, and as an anchor for a good certificate.
 *
 * Built by "make fuzz"; tests/fuzz/run.sh runs it over
 * tests/fuzz/corpus/fuzz_x509 (real OpenSSL certificates from
 * tests/data/tls-kat and those tests/x509_gen writes).
 */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "der.h"
#include "pki.h"
#include "rng.h"
#include "x509.h"

#define NOW 1780304400

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct arena arena;
static struct pki_ca ca;
static struct buf good_der;
static struct x509_cert anchor, good;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t pk[32], *sk;

	(void)argc;
	(void)argv;
	if (rng_init() != 0 || arena_init(&arena, 1024) != 0)
		abort();
	rng_seed(1);
	sk = arena_alloc(&arena, crypto_sign_SECRETKEYBYTES);
	if (pki_ca_new(&ca, &arena, "Example Test Mail CA", NOW - 86400, NOW + 86400) != 0 ||
	    crypto_sign_keypair(pk, sk) != 0 ||
	    pki_make(&good_der, PKI_GOOD, &ca, &ca, "mail.example.test", pk, NOW) != 0 ||
	    x509_parse(&anchor, ca.der.p, ca.der.len) != 0 ||
	    x509_parse(&good, good_der.p, good_der.len) != 0)
		abort();
	return 0;
}

/* Reads every element of d, descending into constructed ones, and writes
 * them to out.  Returns -1 where the reader refuses. */
static int rewrite(struct der *d, struct buf *out, int depth)
{
	struct der_tlv t;
	struct der in;

	while (!der_empty(d)) {
		if (depth > 32 || der_read(d, &t) != 0)
			return -1;
		if (t.tag & 0x20) {
			size_t m = der_open(out, t.tag);
			der_init(&in, t.p, t.len);
			if (rewrite(&in, out, depth + 1) != 0)
				return -1;
			der_close(out, m);
		} else {
			der_put(out, t.tag, t.p, t.len);
		}
	}
	return 0;
}

static void span_inside(const struct x509_span *s, const uint8_t *data, size_t size)
{
	if (s->len && (s->p < data || s->len > size || s->p - data > (ptrdiff_t)(size - s->len)))
		abort();
}

static void text_ok(const char *s, size_t cap)
{
	const char *end = memchr(s, 0, cap);
	if (!end)
		abort();
	for (; s < end; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

static void time_round_trip(int64_t t)
{
	struct buf b = { 0 };
	struct der d;
	struct der_tlv tlv;
	int64_t back;
	if (der_put_time(&b, t) != 0)
		abort();	/* the reader gave a time the writer cannot write */
	der_init(&d, b.p, b.len);
	if (der_read(&d, &tlv) != 0 || der_get_time(&tlv, &back) != 0 || back != t)
		abort();
	buf_free(&b);
}

static void check_cert(const struct x509_cert *c, const uint8_t *data, size_t size)
{
	struct x509_checks k;

	span_inside(&c->der, data, size);
	span_inside(&c->tbs, data, size);
	span_inside(&c->sig, data, size);
	span_inside(&c->issuer.raw, data, size);
	span_inside(&c->subject.raw, data, size);
	span_inside(&c->skid, data, size);
	span_inside(&c->akid, data, size);
	if (c->version < 1 || c->version > 3 || c->serial_len > X509_SERIAL_MAX ||
	    c->n_dns > X509_MAX_DNS || (c->sig_ed25519 && c->sig.len != 64))
		abort();
	text_ok(c->serial_hex, sizeof c->serial_hex);
	text_ok(c->sig_alg, sizeof c->sig_alg);
	text_ok(c->key_alg, sizeof c->key_alg);
	text_ok(c->issuer.o, sizeof c->issuer.o);
	text_ok(c->issuer.cn, sizeof c->issuer.cn);
	text_ok(c->subject.o, sizeof c->subject.o);
	text_ok(c->subject.cn, sizeof c->subject.cn);
	for (size_t i = 0; i < c->n_dns; i++) {
		text_ok(c->dns[i], sizeof c->dns[i]);
		(void)x509_dns_match(c->dns[i], "mail.example.test");
	}
	time_round_trip(c->not_before);
	time_round_trip(c->not_after);

	if (x509_verify_chain(c, NULL, 0, &anchor, 1, NOW, "mail.example.test", &k) == X509_OK &&
	    !(k.issuer_trusted && k.signature_ok))
		abort();
	(void)x509_verify_chain(c, c, 1, c, 1, NOW, "mail.example.test", &k);
	(void)x509_verify_chain(&good, c, 1, &anchor, 1, NOW, "mail.example.test", &k);
	(void)x509_verify_chain(&good, c, 1, c, 1, c->not_after, c->subject.cn, &k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct der d;
	struct buf out = { 0 };
	struct x509_cert c;

	der_init(&d, data, size);
	if (rewrite(&d, &out, 0) == 0 && (out.len != size || (size && memcmp(out.p, data, size) != 0)))
		abort();	/* accepted an encoding the writer would not make */
	buf_free(&out);

	if (x509_parse(&c, data, size) == 0)
		check_cert(&c, data, size);
	return 0;
}
