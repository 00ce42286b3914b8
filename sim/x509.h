/*
 * x509: reading X.509 v3 certificates (RFC 5280) with Ed25519 keys
 * (RFC 8410), and validating a chain of them for a server name (RFC 6125).
 *
 * x509_parse() takes the DER bytes a server sent, trusting nothing in
 * them, and fills a struct with what a student is shown and what the
 * validator needs.  It refuses (-1) anything that is not DER or not a
 * certificate; it accepts a certificate with algorithms or extensions it
 * does not know, and records them, because refusing those is a decision
 * for validation, not for parsing.
 *
 * x509_verify_chain() is the client's side of the handshake: find the
 * issuer of each certificate (among those the server sent, then the
 * trust anchors), check every signature, the validity periods, the CA
 * flags and key usages, and the name.  It answers with the first reason
 * for failure and, for the screen, with every check on its own.
 *
 * Certificates are made by sim/pki.h.
 */
#ifndef X509_H
#define X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define X509_TEXT_MAX 128	/* bytes of an O or CN value (64 characters, RFC 5280) */
#define X509_DNS_MAX 253	/* bytes of a DNS name */
#define X509_MAX_DNS 16		/* dNSNames kept; a certificate with more is refused */
#define X509_SERIAL_MAX 20	/* bytes of a serial number (RFC 5280 4.1.2.2) */
#define X509_MAX_CHAIN 4	/* certificates between the leaf and an anchor, inclusive */

/* keyUsage bits, numbered as in RFC 5280 4.2.1.3 */
#define X509_KU_DIGITAL_SIGNATURE	(1u << 0)
#define X509_KU_KEY_CERT_SIGN		(1u << 5)
#define X509_KU_CRL_SIGN		(1u << 6)

/* Bytes inside the parsed input (borrowed from it). */
struct x509_span {
	const uint8_t *p;
	size_t len;
};

struct x509_name {
	struct x509_span raw;		/* the whole Name, compared byte for byte */
	char o[X509_TEXT_MAX + 1];	/* organizationName, "" if absent */
	char cn[X509_TEXT_MAX + 1];	/* commonName, "" if absent */
};

/*
 * A parsed certificate.  The spans point into the bytes given to
 * x509_parse(), so the struct is valid only while they are; the text
 * fields are copies, NUL-terminated, valid UTF-8 with no control
 * characters (safe to print).
 */
struct x509_cert {
	struct x509_span der;		/* the whole certificate */
	struct x509_span tbs;		/* TBSCertificate: the signed bytes */
	int version;			/* 1, 2 or 3, as people count */
	uint8_t serial[X509_SERIAL_MAX];
	size_t serial_len;
	char serial_hex[3 * X509_SERIAL_MAX];	/* "09:d1:40:...", as openssl prints */
	char sig_alg[64];		/* "Ed25519", or the OID in dotted form */
	bool sig_ed25519;		/* signed with Ed25519, no parameters */
	struct x509_name issuer, subject;
	int64_t not_before, not_after;	/* Unix seconds */
	struct x509_span spki;		/* SubjectPublicKeyInfo, whole (DANE's selector 1) */
	char key_alg[64];		/* "Ed25519", or the OID in dotted form */
	bool key_ed25519;
	uint8_t key[32];		/* the Ed25519 public key when key_ed25519 */
	struct x509_span sig;		/* signatureValue's bytes (64 for Ed25519) */

	/* extensions (v3) */
	char dns[X509_MAX_DNS][X509_DNS_MAX + 1];	/* SAN dNSNames */
	size_t n_dns;
	bool has_san;
	bool has_bc, is_ca;		/* basicConstraints present; its cA flag */
	int path_len;			/* pathLenConstraint, -1 when absent */
	bool has_ku;
	unsigned key_usage;		/* X509_KU_* bits */
	bool has_eku, eku_server_auth, eku_any;
	struct x509_span skid, akid;	/* key identifiers, len 0 when absent */
	bool unknown_critical;		/* a critical extension we do not know */
};

/* Parses exactly len bytes of DER.  Returns 0, or -1 on any malformation. */
__attribute__((warn_unused_result))
int x509_parse(struct x509_cert *c, const uint8_t *der, size_t len);

enum x509_result {
	X509_OK,
	X509_MALFORMED,		/* a certificate did not parse */
	X509_UNKNOWN_ISSUER,	/* no path to a trust anchor */
	X509_BAD_SIGNATURE,
	X509_NOT_YET_VALID,
	X509_EXPIRED,
	X509_NAME_MISMATCH,
	X509_BAD_USAGE,		/* issuer not a CA, key usage, EKU, unknown critical */
};

/* Each check on its own, for the client pane's ticks and crosses. */
struct x509_checks {
	bool issuer_trusted;	/* the path ends at a trust anchor */
	bool signature_ok;	/* the leaf's signature, and each above it, verified */
	bool started;		/* now >= notBefore, every certificate on the path */
	bool not_expired;	/* now <= notAfter, every certificate on the path */
	bool name_ok;		/* the leaf is for the expected DNS name */
	bool usage_ok;		/* CA flags, key usages, no unknown critical extension */
};

/*
 * Validates leaf for dns_name at time now.  inter[] are the other
 * certificates the server sent (any order, may include its root), anchors[]
 * the trusted roots: an anchor stands for its subject Name and its key
 * (its own dates and self-signature are not checked, as in RFC 5280 6.1).
 * Issuers are looked up by Name; the path has at most X509_MAX_CHAIN
 * certificates.  Returns the first failure in the order of enum
 * x509_result (or X509_OK) and fills *checks when not NULL.
 */
__attribute__((warn_unused_result))
enum x509_result x509_verify_chain(const struct x509_cert *leaf,
				   const struct x509_cert *inter, size_t n_inter,
				   const struct x509_cert *anchors, size_t n_anchors,
				   int64_t now, const char *dns_name,
				   struct x509_checks *checks);

/*
 * RFC 6125 matching of one presented DNS name (maybe "*.example.test")
 * against the name the client wanted: ASCII case-insensitive, a wildcard
 * only as the whole left-most label, standing for exactly one label, and
 * never directly above a top-level domain.
 */
bool x509_dns_match(const char *pattern, const char *name);

/* "ok", "expired", ... */
const char *x509_result_str(enum x509_result r);

#endif
