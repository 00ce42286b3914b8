/*
 * x509: parsing X.509 v3 certificates from untrusted DER and validating a
 * chain (see x509.h).  Parsing follows the ASN.1 of RFC 5280 section 4.1
 * field by field; each helper reads one field and returns -1 at the first
 * byte that does not fit, so x509_parse() reads top to bottom like the
 * ASN.1 it implements.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "der.h"
#include "x509.h"

#define OID(name, ...) static const uint8_t name[] = { __VA_ARGS__ }
OID(oid_ed25519, 0x2b, 0x65, 0x70);			/* 1.3.101.112 */
OID(oid_cn, 0x55, 0x04, 0x03);				/* 2.5.4.3 */
OID(oid_o, 0x55, 0x04, 0x0a);				/* 2.5.4.10 */
OID(oid_ski, 0x55, 0x1d, 0x0e);				/* 2.5.29.14 */
OID(oid_ku, 0x55, 0x1d, 0x0f);				/* 2.5.29.15 */
OID(oid_san, 0x55, 0x1d, 0x11);				/* 2.5.29.17 */
OID(oid_bc, 0x55, 0x1d, 0x13);				/* 2.5.29.19 */
OID(oid_aki, 0x55, 0x1d, 0x23);				/* 2.5.29.35 */
OID(oid_eku, 0x55, 0x1d, 0x25);				/* 2.5.29.37 */
OID(oid_eku_any, 0x55, 0x1d, 0x25, 0x00);		/* 2.5.29.37.0 */
OID(oid_server_auth, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01);	/* 1.3.6.1.5.5.7.3.1 */

static bool oid_is(const struct der_tlv *t, const uint8_t *oid, size_t n)
{
	return t->tag == DER_OID && t->len == n && memcmp(t->p, oid, n) == 0;
}
#define OID_IS(t, oid) oid_is(t, oid, sizeof oid)

/*
 * AlgorithmIdentifier.  Ed25519 must come without parameters (RFC 8410
 * section 3); any other algorithm is named by its OID and its parameters
 * skipped.  *raw receives the whole element, to compare the two copies.
 */
static int parse_alg(struct der *d, struct der_tlv *raw, char *name, size_t cap, bool *ed25519)
{
	struct der seq;
	struct der_tlv oid, params;

	if (der_enter(d, DER_SEQUENCE, &seq, raw) != 0 || der_expect(&seq, DER_OID, &oid) != 0 ||
	    der_oid_text(oid.p, oid.len, name, cap) != 0)
		return -1;
	*ed25519 = OID_IS(&oid, oid_ed25519);
	if (*ed25519)
		snprintf(name, cap, "Ed25519");
	else if (!der_empty(&seq) && der_read(&seq, &params) != 0)
		return -1;
	return der_finish(&seq);
}

/* X.690 11.6: SET OF elements in ascending order, the shorter padded with zeros. */
static bool in_order(const struct der_tlv *prev, const struct der_tlv *cur)
{
	size_t n = prev->raw_len < cur->raw_len ? prev->raw_len : cur->raw_len;
	int c = memcmp(prev->raw, cur->raw, n);
	if (c != 0)
		return c < 0;
	for (size_t i = n; i < prev->raw_len; i++)
		if (prev->raw[i] != 0)
			return false;
	return true;
}

/* A DirectoryString value as safe text: UTF-8 kept, control characters
 * (C0, DEL, C1) shown as '.'. */
static int take_text(char *dst, const struct der_tlv *v)
{
	size_t o = 0;

	if (v->len > X509_TEXT_MAX || !der_utf8_valid(v->p, v->len))
		return -1;
	if (v->tag == DER_PRINTABLE_STRING) {
		for (size_t i = 0; i < v->len; i++)
			if (v->p[i] < 0x20 || v->p[i] > 0x7e)
				return -1;
	} else if (v->tag != DER_UTF8_STRING) {
		return -1;
	}
	for (size_t i = 0; i < v->len; i++) {
		uint8_t b = v->p[i];
		if (b == 0xc2 && i + 1 < v->len && v->p[i + 1] < 0xa0) {
			dst[o++] = '.';		/* U+0080..U+009F */
			i++;
		} else {
			dst[o++] = (b < 0x20 || b == 0x7f) ? '.' : (char)b;
		}
	}
	dst[o] = '\0';
	return 0;
}

/* Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY } */
static int parse_name(struct der *d, struct x509_name *n)
{
	struct der name, rdn, atv;
	struct der_tlv t, set, prev = { 0 }, cur, type, value;

	if (der_enter(d, DER_SEQUENCE, &name, &t) != 0)
		return -1;
	n->raw.p = t.raw;
	n->raw.len = t.raw_len;
	while (!der_empty(&name)) {
		if (der_enter(&name, DER_SET, &rdn, &set) != 0 || der_empty(&rdn))
			return -1;
		for (bool first = true; !der_empty(&rdn); first = false, prev = cur) {
			if (der_enter(&rdn, DER_SEQUENCE, &atv, &cur) != 0 ||
			    der_expect(&atv, DER_OID, &type) != 0 || der_read(&atv, &value) != 0 ||
			    der_finish(&atv) != 0 || (!first && !in_order(&prev, &cur)))
				return -1;
			char *dst = OID_IS(&type, oid_cn) ? n->cn : OID_IS(&type, oid_o) ? n->o : NULL;
			if (dst && dst[0] == '\0' && take_text(dst, &value) != 0)
				return -1;
		}
	}
	return 0;
}

static int parse_validity(struct der *d, struct x509_cert *c)
{
	struct der v;
	struct der_tlv nb, na;
	if (der_enter(d, DER_SEQUENCE, &v, NULL) != 0 || der_read(&v, &nb) != 0 ||
	    der_read(&v, &na) != 0 || der_finish(&v) != 0 ||
	    der_get_time(&nb, &c->not_before) != 0 || der_get_time(&na, &c->not_after) != 0)
		return -1;
	return 0;
}

static int parse_spki(struct der *d, struct x509_cert *c)
{
	struct der spki;
	struct der_tlv alg, key;
	const uint8_t *bits;
	size_t n;
	unsigned unused;
	const uint8_t *start = d->p;

	if (der_enter(d, DER_SEQUENCE, &spki, NULL) != 0 ||
	    parse_alg(&spki, &alg, c->key_alg, sizeof c->key_alg, &c->key_ed25519) != 0 ||
	    der_expect(&spki, DER_BIT_STRING, &key) != 0 || der_finish(&spki) != 0 ||
	    der_get_bits(&key, &bits, &n, &unused) != 0)
		return -1;
	c->spki = (struct x509_span){ start, (size_t)(d->p - start) };
	if (c->key_ed25519) {
		if (n != 32 || unused != 0)
			return -1;
		memcpy(c->key, bits, 32);
	}
	return 0;
}

/* basicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } */
static int ext_bc(struct der *d, struct x509_cert *c)
{
	struct der seq;
	struct der_tlv t;
	uint32_t v;

	if (der_enter(d, DER_SEQUENCE, &seq, NULL) != 0)
		return -1;
	c->has_bc = true;
	if (der_at(&seq, DER_BOOLEAN)) {
		/* DER leaves out a value equal to the DEFAULT: FALSE is never written */
		if (der_read(&seq, &t) != 0 || der_get_bool(&t, &c->is_ca) != 0 || !c->is_ca)
			return -1;
	}
	if (der_at(&seq, DER_INTEGER)) {
		if (der_read(&seq, &t) != 0 || der_get_small(&t, &v) != 0 || v > 255)
			return -1;
		c->path_len = (int)v;
	}
	return der_finish(&seq);
}

/* keyUsage ::= BIT STRING, a named bit list: DER drops trailing zero bits. */
static int ext_ku(struct der *d, struct x509_cert *c)
{
	struct der_tlv t;
	const uint8_t *bits;
	size_t n;
	unsigned unused;

	if (der_expect(d, DER_BIT_STRING, &t) != 0 || der_get_bits(&t, &bits, &n, &unused) != 0 ||
	    n == 0 || n > 2 || bits[n - 1] == 0 || !(bits[n - 1] & (1u << unused)))
		return -1;
	c->has_ku = true;
	for (unsigned i = 0; i < 8 * n; i++)
		if (bits[i / 8] & (0x80 >> (i % 8)))
			c->key_usage |= 1u << i;
	return 0;
}

static int ext_eku(struct der *d, struct x509_cert *c)
{
	struct der seq;
	struct der_tlv t;

	if (der_enter(d, DER_SEQUENCE, &seq, NULL) != 0 || der_empty(&seq))
		return -1;
	c->has_eku = true;
	while (!der_empty(&seq)) {
		if (der_expect(&seq, DER_OID, &t) != 0)
			return -1;
		c->eku_server_auth |= OID_IS(&t, oid_server_auth);
		c->eku_any |= OID_IS(&t, oid_eku_any);
	}
	return 0;
}

/* A dNSName in the preferred name syntax's characters: no spaces, no controls. */
static bool dns_chars_ok(const struct der_tlv *t)
{
	if (t->len == 0 || t->len > X509_DNS_MAX)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (t->p[i] <= 0x20 || t->p[i] >= 0x7f)
			return false;
	return true;
}

/* subjectAltName ::= GeneralNames; dNSName is [2] IA5String. */
static int ext_san(struct der *d, struct x509_cert *c)
{
	struct der seq;
	struct der_tlv t;

	if (der_enter(d, DER_SEQUENCE, &seq, NULL) != 0 || der_empty(&seq))
		return -1;
	c->has_san = true;
	while (!der_empty(&seq)) {
		if (der_read(&seq, &t) != 0 || (t.tag & 0xc0) != 0x80)
			return -1;	/* every GeneralName is context-tagged */
		if (t.tag != DER_CONTEXT(2))
			continue;	/* an e-mail address, IP address, ...: not used here */
		if (!dns_chars_ok(&t) || c->n_dns == X509_MAX_DNS)
			return -1;
		memcpy(c->dns[c->n_dns], t.p, t.len);
		c->dns[c->n_dns++][t.len] = '\0';
	}
	return 0;
}

static int ext_ski(struct der *d, struct x509_cert *c)
{
	struct der_tlv t;
	if (der_expect(d, DER_OCTET_STRING, &t) != 0 || t.len == 0)
		return -1;
	c->skid.p = t.p;
	c->skid.len = t.len;
	return 0;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier, [1] issuer, [2] serial } */
static int ext_aki(struct der *d, struct x509_cert *c)
{
	struct der seq;
	struct der_tlv t;

	if (der_enter(d, DER_SEQUENCE, &seq, NULL) != 0)
		return -1;
	if (der_at(&seq, DER_CONTEXT(0))) {
		if (der_read(&seq, &t) != 0 || t.len == 0)
			return -1;
		c->akid.p = t.p;
		c->akid.len = t.len;
	}
	if (der_at(&seq, DER_CONTEXT_CONS(1)) && der_read(&seq, &t) != 0)
		return -1;
	if (der_at(&seq, DER_CONTEXT(2)) && der_read(&seq, &t) != 0)
		return -1;
	return der_finish(&seq);
}

static const struct {
	const uint8_t *oid;
	size_t len;
	int (*parse)(struct der *d, struct x509_cert *c);
} known_ext[] = {
	{ oid_bc, sizeof oid_bc, ext_bc },
	{ oid_ku, sizeof oid_ku, ext_ku },
	{ oid_eku, sizeof oid_eku, ext_eku },
	{ oid_san, sizeof oid_san, ext_san },
	{ oid_ski, sizeof oid_ski, ext_ski },
	{ oid_aki, sizeof oid_aki, ext_aki },
};

/*
 * extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension, where
 * Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING holding the extension's own DER }.
 */
static int parse_extensions(struct der *d, struct x509_cert *c)
{
	struct der outer, seq, ext, val;
	struct der_tlv id, crit, octets;
	unsigned seen = 0;

	if (der_enter(d, DER_CONTEXT_CONS(3), &outer, NULL) != 0 ||
	    der_enter(&outer, DER_SEQUENCE, &seq, NULL) != 0 || der_finish(&outer) != 0 ||
	    der_empty(&seq))
		return -1;
	while (!der_empty(&seq)) {
		bool critical = false;
		if (der_enter(&seq, DER_SEQUENCE, &ext, NULL) != 0 ||
		    der_expect(&ext, DER_OID, &id) != 0)
			return -1;
		if (der_at(&ext, DER_BOOLEAN) &&
		    (der_read(&ext, &crit) != 0 || der_get_bool(&crit, &critical) != 0 || !critical))
			return -1;
		if (der_expect(&ext, DER_OCTET_STRING, &octets) != 0 || der_finish(&ext) != 0)
			return -1;
		size_t k = 0, n = sizeof known_ext / sizeof known_ext[0];
		while (k < n && !oid_is(&id, known_ext[k].oid, known_ext[k].len))
			k++;
		if (k == n) {
			char dotted[128];
			if (der_oid_text(id.p, id.len, dotted, sizeof dotted) != 0)
				return -1;
			c->unknown_critical |= critical;
			continue;
		}
		if (seen & (1u << k))
			return -1;	/* RFC 5280 4.2: at most one of each */
		seen |= 1u << k;
		der_init(&val, octets.p, octets.len);
		if (known_ext[k].parse(&val, c) != 0 || der_finish(&val) != 0)
			return -1;
	}
	return 0;
}

static void serial_to_hex(struct x509_cert *c)
{
	static const char hexd[] = "0123456789abcdef";
	char *s = c->serial_hex;
	for (size_t i = 0; i < c->serial_len; i++) {
		if (i)
			*s++ = ':';
		*s++ = hexd[c->serial[i] >> 4];
		*s++ = hexd[c->serial[i] & 15];
	}
	*s = '\0';
}

/*
 * TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serial,
 * signature AlgorithmIdentifier, issuer, validity, subject, SPKI,
 * issuerUniqueID [1] and subjectUniqueID [2] (v2 and v3), extensions [3] (v3) }
 */
static int parse_tbs(struct der *d, struct x509_cert *c, struct der_tlv *alg)
{
	struct der tbs, ver;
	struct der_tlv t;
	const uint8_t *be;
	size_t n;
	uint32_t v = 0;

	if (der_enter(d, DER_SEQUENCE, &tbs, &t) != 0)
		return -1;
	c->tbs.p = t.raw;
	c->tbs.len = t.raw_len;
	if (der_at(&tbs, DER_CONTEXT_CONS(0))) {
		/* v1 is the DEFAULT, so DER never writes it */
		if (der_enter(&tbs, DER_CONTEXT_CONS(0), &ver, NULL) != 0 ||
		    der_expect(&ver, DER_INTEGER, &t) != 0 || der_finish(&ver) != 0 ||
		    der_get_small(&t, &v) != 0 || v < 1 || v > 2)
			return -1;
	}
	c->version = (int)v + 1;
	if (der_expect(&tbs, DER_INTEGER, &t) != 0 || der_get_uint(&t, &be, &n) != 0 ||
	    n > X509_SERIAL_MAX)
		return -1;
	memcpy(c->serial, be, n);
	c->serial_len = n;
	serial_to_hex(c);
	if (parse_alg(&tbs, alg, c->sig_alg, sizeof c->sig_alg, &c->sig_ed25519) != 0 ||
	    parse_name(&tbs, &c->issuer) != 0 || parse_validity(&tbs, c) != 0 ||
	    parse_name(&tbs, &c->subject) != 0 || parse_spki(&tbs, c) != 0)
		return -1;
	if (der_at(&tbs, DER_CONTEXT(1)) && (c->version < 2 || der_read(&tbs, &t) != 0))
		return -1;
	if (der_at(&tbs, DER_CONTEXT(2)) && (c->version < 2 || der_read(&tbs, &t) != 0))
		return -1;
	if (der_at(&tbs, DER_CONTEXT_CONS(3)) && (c->version < 3 || parse_extensions(&tbs, c) != 0))
		return -1;
	return der_finish(&tbs);
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } */
int x509_parse(struct x509_cert *c, const uint8_t *der, size_t len)
{
	struct der top, cert;
	struct der_tlv t, inner_alg, outer_alg;
	char name[sizeof c->sig_alg];
	bool ed25519;
	const uint8_t *bits;
	size_t n;
	unsigned unused;

	memset(c, 0, sizeof *c);
	c->path_len = -1;
	der_init(&top, der, len);
	if (der_enter(&top, DER_SEQUENCE, &cert, &t) != 0 || der_finish(&top) != 0 ||
	    parse_tbs(&cert, c, &inner_alg) != 0 ||
	    parse_alg(&cert, &outer_alg, name, sizeof name, &ed25519) != 0 ||
	    der_expect(&cert, DER_BIT_STRING, &t) != 0 || der_finish(&cert) != 0 ||
	    der_get_bits(&t, &bits, &n, &unused) != 0 || unused != 0)
		goto bad;
	/* RFC 5280 4.1.1.2: the signed copy of the algorithm must match */
	if (outer_alg.raw_len != inner_alg.raw_len ||
	    memcmp(outer_alg.raw, inner_alg.raw, inner_alg.raw_len) != 0)
		goto bad;
	if (c->sig_ed25519 && n != crypto_sign_BYTES)
		goto bad;
	c->der.p = der;
	c->der.len = len;
	c->sig.p = bits;
	c->sig.len = n;
	return 0;
bad:
	memset(c, 0, sizeof *c);
	return -1;
}

static char ascii_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Case-insensitive for ASCII letters only, whatever the locale. */
static bool ascii_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

bool x509_dns_match(const char *pattern, const char *name)
{
	if (!pattern[0] || !name[0] || strchr(name, '*'))
		return false;
	if (pattern[0] != '*')
		return !strchr(pattern, '*') && ascii_eq(pattern, name);
	/* "*.example.test": the star is the whole label, two labels follow */
	const char *rest = pattern + 1, *dot = strchr(name, '.');
	if (rest[0] != '.' || strchr(rest, '*') || !strchr(rest + 1, '.') || !dot || dot == name)
		return false;
	return ascii_eq(rest, dot);
}

static bool same_name(const struct x509_name *a, const struct x509_name *b)
{
	return a->raw.len == b->raw.len && memcmp(a->raw.p, b->raw.p, a->raw.len) == 0;
}

static bool signed_by(const struct x509_cert *c, const struct x509_cert *issuer)
{
	return c->sig_ed25519 && issuer->key_ed25519 && c->sig.len == crypto_sign_BYTES &&
	       crypto_sign_verify_detached(c->sig.p, c->tbs.p, c->tbs.len, issuer->key) == 0;
}

/*
 * The issuer of c among n candidates, found by Name; of several with that
 * Name the one whose key verifies c's signature.  skip[] are certificates
 * already on the path (a self-signed root names itself).
 */
static const struct x509_cert *find_issuer(const struct x509_cert *c,
					   const struct x509_cert *cand, size_t n,
					   const struct x509_cert *const *skip, size_t n_skip)
{
	const struct x509_cert *by_name = NULL;
	for (size_t i = 0; i < n; i++) {
		bool on_path = false;
		for (size_t k = 0; k < n_skip; k++)
			on_path |= skip[k] == &cand[i];
		if (on_path || !same_name(&c->issuer, &cand[i].subject))
			continue;
		if (signed_by(c, &cand[i]))
			return &cand[i];
		if (!by_name)
			by_name = &cand[i];
	}
	return by_name;
}

/*
 * May ca sign certificates, with `below` intermediates under it?  A v1
 * certificate has no extensions to say so; it is accepted only as an
 * anchor, as RFC 5280 6.1 allows.
 */
static bool may_issue(const struct x509_cert *ca, size_t below, bool anchor)
{
	if (ca->unknown_critical)
		return false;
	if (ca->version == 1)
		return anchor;
	if (!ca->has_bc || !ca->is_ca || (ca->has_ku && !(ca->key_usage & X509_KU_KEY_CERT_SIGN)))
		return false;
	return ca->path_len < 0 || below <= (size_t)ca->path_len;
}

/* A server certificate for a TLS handshake signed with its Ed25519 key. */
static bool leaf_usage_ok(const struct x509_cert *c)
{
	if (c->unknown_critical)
		return false;
	if (c->has_ku && !(c->key_usage & X509_KU_DIGITAL_SIGNATURE))
		return false;
	return !c->has_eku || c->eku_server_auth || c->eku_any;
}

static bool leaf_name_ok(const struct x509_cert *c, const char *dns_name)
{
	/* RFC 6125 6.4.4: the CN only when there is no dNSName at all */
	if (c->n_dns == 0)
		return c->subject.cn[0] && x509_dns_match(c->subject.cn, dns_name);
	for (size_t i = 0; i < c->n_dns; i++)
		if (x509_dns_match(c->dns[i], dns_name))
			return true;
	return false;
}

enum x509_result x509_verify_chain(const struct x509_cert *leaf,
				   const struct x509_cert *inter, size_t n_inter,
				   const struct x509_cert *anchors, size_t n_anchors,
				   int64_t now, const char *dns_name,
				   struct x509_checks *checks)
{
	struct x509_checks k = { .started = true, .not_expired = true };
	const struct x509_cert *path[X509_MAX_CHAIN], *cur, *iss;
	size_t n = 0;
	bool sig = true;

	if (checks)
		*checks = (struct x509_checks){ 0 };
	if (!leaf || !dns_name || leaf->der.p == NULL)
		return X509_MALFORMED;
	k.usage_ok = leaf_usage_ok(leaf);
	path[n++] = cur = leaf;
	for (;;) {
		iss = find_issuer(cur, anchors, n_anchors, NULL, 0);
		if (iss) {
			k.issuer_trusted = true;
			sig &= signed_by(cur, iss);
			k.usage_ok &= may_issue(iss, n - 1, true);
			break;
		}
		if (n == X509_MAX_CHAIN)
			break;
		iss = find_issuer(cur, inter, n_inter, path, n);
		if (!iss)
			break;
		sig &= signed_by(cur, iss);
		k.usage_ok &= may_issue(iss, n - 1, false);
		path[n++] = cur = iss;
	}
	/* nothing was checked when not even the leaf's issuer was found */
	k.signature_ok = sig && (n > 1 || k.issuer_trusted);
	for (size_t i = 0; i < n; i++) {
		k.started &= now >= path[i]->not_before;
		k.not_expired &= now <= path[i]->not_after;
	}
	k.name_ok = leaf_name_ok(leaf, dns_name);
	if (checks)
		*checks = k;
	if (!k.issuer_trusted)
		return X509_UNKNOWN_ISSUER;
	if (!k.signature_ok)
		return X509_BAD_SIGNATURE;
	if (!k.started)
		return X509_NOT_YET_VALID;
	if (!k.not_expired)
		return X509_EXPIRED;
	if (!k.name_ok)
		return X509_NAME_MISMATCH;
	if (!k.usage_ok)
		return X509_BAD_USAGE;
	return X509_OK;
}

const char *x509_result_str(enum x509_result r)
{
	switch (r) {
	case X509_OK: return "ok";
	case X509_MALFORMED: return "malformed certificate";
	case X509_UNKNOWN_ISSUER: return "unknown issuer";
	case X509_BAD_SIGNATURE: return "bad signature";
	case X509_NOT_YET_VALID: return "not yet valid";
	case X509_EXPIRED: return "expired";
	case X509_NAME_MISMATCH: return "name mismatch";
	case X509_BAD_USAGE: return "not a CA, or key usage not allowed";
	}
	return "?";
}
