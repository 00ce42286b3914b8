/*
 * pki: making X.509 v3 certificates with Ed25519 keys (RFC 5280, RFC 8410):
 * a self-signed root CA, the server certificates it issues, and the
 * broken certificates the attacks present.
 *
 * Every name is "O=Example Test, CN=<name>".  Serial numbers and keys come
 * from randombytes_buf, so under rng_seed() the same calls give the same
 * bytes.  Times are Unix seconds passed in; nothing here reads a clock.
 * The certificates are read back by sim/x509.h, and by OpenSSL and
 * Wireshark.
 */
#ifndef PKI_H
#define PKI_H

#include <stdint.h>

#include "arena.h"
#include "util.h"
#include "x509.h"

struct pki_ca {
	char cn[X509_TEXT_MAX + 1];
	uint8_t pk[32];		/* Ed25519 public key */
	uint8_t *sk;		/* 64-byte secret key in the caller's arena: borrowed */
	uint8_t key_id[20];	/* subjectKeyIdentifier: SHA-256 of the key, cut (RFC 7093) */
	struct buf name;	/* the DER of its Name, owned */
	struct buf der;		/* its self-signed certificate, owned */
};

/*
 * A root CA named cn (UTF-8, 1..X509_TEXT_MAX bytes) with a fresh key pair
 * whose secret half is taken from arena a, valid from not_before to
 * not_after: basicConstraints CA:TRUE and keyUsage keyCertSign, cRLSign,
 * both critical.  Returns 0, or -1 for a bad name or time.  Draws
 * PKI_CA_DRAWS times from the randomness (the key pair, the serial).
 */
#define PKI_CA_DRAWS 2
#define PKI_MAKE_DRAWS 1

__attribute__((warn_unused_result))
int pki_ca_new(struct pki_ca *ca, struct arena *a, const char *cn, int64_t not_before,
	       int64_t not_after);

/* Frees the buffers (the secret key goes with the arena); NULL-safe. */
void pki_ca_free(struct pki_ca *ca);

/* What a server certificate says. */
struct pki_leaf {
	const char *dns_name;	/* subjectAltName dNSName and subject CN */
	const uint8_t *pk;	/* the server's Ed25519 public key, 32 bytes */
	int64_t not_before, not_after;
};

/*
 * A server certificate issued and signed by ca: basicConstraints CA:FALSE
 * and keyUsage digitalSignature (critical), extendedKeyUsage serverAuth,
 * the SAN, and key identifiers.  *out is replaced by its DER.  Returns 0,
 * or -1 for a bad DNS name or time.
 */
__attribute__((warn_unused_result))
int pki_issue(struct buf *out, const struct pki_leaf *l, const struct pki_ca *ca);

/*
 * The same certificate as pki_issue(l, claimed) would make, naming
 * claimed as its issuer (its Name and key identifier), but signed with
 * signer_sk: what an attacker without the CA's key can make.
 */
__attribute__((warn_unused_result))
int pki_forge(struct buf *out, const struct pki_leaf *l, const struct pki_ca *claimed,
	      const uint8_t *signer_sk);

/* The certificates a server (honest or not) can present. */
enum pki_kind {
	PKI_GOOD,	/* issued by the CA for the name, valid now */
	PKI_EXPIRED,	/* the same, but its validity ended 30 days ago */
	PKI_WRONG_NAME,	/* issued by the CA, valid, for PKI_OTHER_NAME */
	PKI_UNTRUSTED,	/* issued by the attacker's own CA */
	PKI_FORGED,	/* claims the CA as issuer, signed with the attacker's key */
};
#define PKI_KINDS 5
#define PKI_OTHER_NAME "mail.attacker.test"

/*
 * A certificate of that kind for dns_name and key pk at time now, the
 * same way every time: ca is the CA the client trusts, attacker the one
 * it does not (used by PKI_UNTRUSTED and PKI_FORGED).  Returns 0 or -1.
 * Draws PKI_MAKE_DRAWS times from the randomness (the serial).
 */
__attribute__((warn_unused_result))
int pki_make(struct buf *out, enum pki_kind kind, const struct pki_ca *ca,
	     const struct pki_ca *attacker, const char *dns_name, const uint8_t *pk,
	     int64_t now);

/* "good", "expired", "wrong-name", "untrusted", "forged" */
const char *pki_kind_str(enum pki_kind k);

#endif
