/*
 * pki: writing X.509 v3 certificates (see pki.h).  Each certificate is
 * written as its ASN.1 reads: the TBSCertificate is built, signed with
 * crypto_sign_detached, and wrapped with the algorithm and signature.
 */
#include <sodium.h>
#include <string.h>

#include "der.h"
#include "pki.h"

#define DAY 86400

static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 };
static const uint8_t oid_o[] = { 0x55, 0x04, 0x0a };
static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 };
static const uint8_t oid_ski[] = { 0x55, 0x1d, 0x0e };
static const uint8_t oid_ku[] = { 0x55, 0x1d, 0x0f };
static const uint8_t oid_san[] = { 0x55, 0x1d, 0x11 };
static const uint8_t oid_bc[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_aki[] = { 0x55, 0x1d, 0x23 };
static const uint8_t oid_eku[] = { 0x55, 0x1d, 0x25 };
static const uint8_t oid_server_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };

/* What differs between a CA's certificate and a server's. */
struct tbs {
	const struct buf *issuer;	/* Name DER */
	const struct buf *subject;	/* Name DER */
	int64_t not_before, not_after;
	const uint8_t *pk;
	const uint8_t *akid;		/* issuer's key id, NULL for none */
	const char *dns_name;		/* NULL for a CA */
};

/* AlgorithmIdentifier for Ed25519: the OID alone (RFC 8410 section 3). */
static void put_alg(struct buf *b)
{
	size_t m = der_open(b, DER_SEQUENCE);
	der_put(b, DER_OID, oid_ed25519, sizeof oid_ed25519);
	der_close(b, m);
}

static void put_atv(struct buf *b, const uint8_t *oid, size_t n, const char *value)
{
	size_t set = der_open(b, DER_SET), atv = der_open(b, DER_SEQUENCE);
	der_put(b, DER_OID, oid, n);
	der_put(b, DER_UTF8_STRING, value, strlen(value));
	der_close(b, atv);
	der_close(b, set);
}

/* Name: O=Example Test, CN=cn into *out (replaced). */
static int put_name(struct buf *out, const char *cn)
{
	size_t n = strlen(cn);
	if (n == 0 || n > X509_TEXT_MAX || !der_utf8_valid((const uint8_t *)cn, n))
		return -1;
	out->len = 0;
	size_t m = der_open(out, DER_SEQUENCE);
	put_atv(out, oid_o, sizeof oid_o, "Example Test");
	put_atv(out, oid_cn, sizeof oid_cn, cn);
	der_close(out, m);
	return 0;
}

/* Opens an Extension up to the inside of its extnValue OCTET STRING. */
static void ext_open(struct buf *b, size_t mark[2], const uint8_t *oid, size_t n, bool critical)
{
	mark[0] = der_open(b, DER_SEQUENCE);
	der_put(b, DER_OID, oid, n);
	if (critical)
		der_put_bool(b, true);
	mark[1] = der_open(b, DER_OCTET_STRING);
}

static void ext_close(struct buf *b, const size_t mark[2])
{
	der_close(b, mark[1]);
	der_close(b, mark[0]);
}

static void key_id(uint8_t id[20], const uint8_t pk[32])
{
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, pk, 32);
	memcpy(id, h, 20);
}

/* The extensions: a CA's when t->dns_name is NULL, a server's otherwise. */
static void put_extensions(struct buf *b, const struct tbs *t)
{
	size_t outer = der_open(b, DER_CONTEXT_CONS(3)), seq = der_open(b, DER_SEQUENCE), m[2], s;
	uint8_t id[20];

	ext_open(b, m, oid_bc, sizeof oid_bc, true);
	s = der_open(b, DER_SEQUENCE);
	if (!t->dns_name)
		der_put_bool(b, true);	/* cA; FALSE is the DEFAULT and left out */
	der_close(b, s);
	ext_close(b, m);

	/* digitalSignature is bit 0; keyCertSign and cRLSign bits 5 and 6 */
	ext_open(b, m, oid_ku, sizeof oid_ku, true);
	if (t->dns_name)
		der_put_bits(b, (const uint8_t[]){ 0x80 }, 1, 7);
	else
		der_put_bits(b, (const uint8_t[]){ 0x06 }, 1, 1);
	ext_close(b, m);

	if (t->dns_name) {
		ext_open(b, m, oid_eku, sizeof oid_eku, false);
		s = der_open(b, DER_SEQUENCE);
		der_put(b, DER_OID, oid_server_auth, sizeof oid_server_auth);
		der_close(b, s);
		ext_close(b, m);

		ext_open(b, m, oid_san, sizeof oid_san, false);
		s = der_open(b, DER_SEQUENCE);
		der_put(b, DER_CONTEXT(2), t->dns_name, strlen(t->dns_name));
		der_close(b, s);
		ext_close(b, m);
	}

	key_id(id, t->pk);
	ext_open(b, m, oid_ski, sizeof oid_ski, false);
	der_put(b, DER_OCTET_STRING, id, sizeof id);
	ext_close(b, m);

	if (t->akid) {
		ext_open(b, m, oid_aki, sizeof oid_aki, false);
		s = der_open(b, DER_SEQUENCE);
		der_put(b, DER_CONTEXT(0), t->akid, 20);
		der_close(b, s);
		ext_close(b, m);
	}
	der_close(b, seq);
	der_close(b, outer);
}

/* TBSCertificate, then the signed Certificate into *out (replaced). */
static int put_cert(struct buf *out, const struct tbs *t, const uint8_t *sk)
{
	struct buf tbs = { 0 };
	uint8_t serial[16], sig[crypto_sign_BYTES];
	int rc = -1;

	/* 16 random bytes; the top bit clear (positive) and the next set, so
	 * the INTEGER is always 16 bytes long */
	randombytes_buf(serial, sizeof serial);
	serial[0] = (uint8_t)((serial[0] & 0x7f) | 0x40);

	size_t m = der_open(&tbs, DER_SEQUENCE), v = der_open(&tbs, DER_CONTEXT_CONS(0));
	der_put_small(&tbs, 2);		/* v3 */
	der_close(&tbs, v);
	der_put_uint(&tbs, serial, sizeof serial);
	put_alg(&tbs);
	buf_put(&tbs, t->issuer->p, t->issuer->len);
	v = der_open(&tbs, DER_SEQUENCE);
	if (der_put_time(&tbs, t->not_before) != 0 || der_put_time(&tbs, t->not_after) != 0)
		goto out;
	der_close(&tbs, v);
	buf_put(&tbs, t->subject->p, t->subject->len);
	v = der_open(&tbs, DER_SEQUENCE);
	put_alg(&tbs);
	der_put_bits(&tbs, t->pk, 32, 0);
	der_close(&tbs, v);
	put_extensions(&tbs, t);
	der_close(&tbs, m);

	crypto_sign_detached(sig, NULL, tbs.p, tbs.len, sk);
	out->len = 0;
	m = der_open(out, DER_SEQUENCE);
	buf_put(out, tbs.p, tbs.len);
	put_alg(out);
	der_put_bits(out, sig, sizeof sig, 0);
	der_close(out, m);
	rc = 0;
out:
	buf_free(&tbs);
	return rc;
}

int pki_ca_new(struct pki_ca *ca, struct arena *a, const char *cn, int64_t not_before,
	       int64_t not_after)
{
	struct tbs t = {
		.issuer = &ca->name, .subject = &ca->name, .not_before = not_before,
		.not_after = not_after, .pk = ca->pk, .akid = NULL, .dns_name = NULL,
	};

	memset(ca, 0, sizeof *ca);
	if (put_name(&ca->name, cn) != 0)
		return -1;
	memcpy(ca->cn, cn, strlen(cn) + 1);	/* put_name checked the length */
	ca->sk = arena_alloc(a, crypto_sign_SECRETKEYBYTES);
	if (crypto_sign_keypair(ca->pk, ca->sk) != 0 || put_cert(&ca->der, &t, ca->sk) != 0) {
		pki_ca_free(ca);
		return -1;
	}
	key_id(ca->key_id, ca->pk);
	return 0;
}

void pki_ca_free(struct pki_ca *ca)
{
	if (!ca)
		return;
	buf_free(&ca->name);
	buf_free(&ca->der);
	ca->sk = NULL;
}

/* Letters, digits, '-' and '.', or a left-most "*." label; 1..253 bytes. */
static bool dns_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > X509_DNS_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool star = c == '*' && i == 0 && s[1] == '.';
		if (!star && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			       (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return false;
	}
	return true;
}

int pki_forge(struct buf *out, const struct pki_leaf *l, const struct pki_ca *claimed,
	      const uint8_t *signer_sk)
{
	struct buf subject = { 0 };
	int rc = -1;

	if (dns_name_ok(l->dns_name) && put_name(&subject, l->dns_name) == 0) {
		struct tbs t = {
			.issuer = &claimed->name, .subject = &subject,
			.not_before = l->not_before, .not_after = l->not_after, .pk = l->pk,
			.akid = claimed->key_id, .dns_name = l->dns_name,
		};
		rc = put_cert(out, &t, signer_sk);
	}
	buf_free(&subject);
	return rc;
}

int pki_issue(struct buf *out, const struct pki_leaf *l, const struct pki_ca *ca)
{
	return pki_forge(out, l, ca, ca->sk);
}

int pki_make(struct buf *out, enum pki_kind kind, const struct pki_ca *ca,
	     const struct pki_ca *attacker, const char *dns_name, const uint8_t *pk,
	     int64_t now)
{
	struct pki_leaf l = {
		.dns_name = dns_name, .pk = pk,
		.not_before = now - 90 * DAY, .not_after = now + 275 * DAY,
	};
	switch (kind) {
	case PKI_GOOD:
		return pki_issue(out, &l, ca);
	case PKI_EXPIRED:
		l.not_before = now - 395 * DAY;
		l.not_after = now - 30 * DAY;
		return pki_issue(out, &l, ca);
	case PKI_WRONG_NAME:
		l.dns_name = PKI_OTHER_NAME;
		return pki_issue(out, &l, ca);
	case PKI_UNTRUSTED:
		return pki_issue(out, &l, attacker);
	case PKI_FORGED:
		return pki_forge(out, &l, ca, attacker->sk);
	}
	return -1;
}

const char *pki_kind_str(enum pki_kind k)
{
	switch (k) {
	case PKI_GOOD: return "good";
	case PKI_EXPIRED: return "expired";
	case PKI_WRONG_NAME: return "wrong-name";
	case PKI_UNTRUSTED: return "untrusted";
	case PKI_FORGED: return "forged";
	}
	return "?";
}
