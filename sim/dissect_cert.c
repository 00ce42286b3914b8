/*
 * dissect_cert: x509_parse reads the certificate; each field points at
 * the bytes the parser kept a span of.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissect_cert.h"
#include "util.h"
#include "x509.h"

/* "O=Example Test, CN=mail.example.test", as openssl prints a name. */
static void name_text(const struct x509_name *nm, char *out, size_t n)
{
	if (nm->o[0] && nm->cn[0])
		snprintf(out, n, "O=%s, CN=%s", nm->o, nm->cn);
	else if (nm->cn[0])
		snprintf(out, n, "CN=%s", nm->cn);
	else
		snprintf(out, n, "O=%s", nm->o);
}

static void names(struct dissection *d, unsigned depth, const struct x509_cert *c)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < c->n_dns; i++) {
		if (i)
			buf_put(&b, ", ", 2);
		buf_put(&b, c->dns[i], strlen(c->dns[i]));
	}
	buf_put8(&b, 0);
	if (c->has_san)
		dissect_add(d, depth, NULL, 0, N_("subjectAltName: %s"), (const char *)b.p);
	buf_free(&b);
}

void dissect_cert(struct dissection *d, unsigned depth, const uint8_t *der, size_t der_len)
{
	struct x509_cert c;
	if (x509_parse(&c, der, der_len) < 0) {
		dissect_add(d, depth, der, der_len, N_("a certificate that does not parse, %zu bytes"),
			    der_len);
		return;
	}
	char text[2 * X509_TEXT_MAX + 16], from[32], to[32];
	name_text(&c.subject, text, sizeof text);
	dissect_add(d, depth, c.subject.raw.p, c.subject.raw.len, N_("subject: %s"), text);
	name_text(&c.issuer, text, sizeof text);
	dissect_add(d, depth, c.issuer.raw.p, c.issuer.raw.len, N_("issuer: %s"), text);
	format_utc(c.not_before, from, sizeof from);
	format_utc(c.not_after, to, sizeof to);
	dissect_add(d, depth, NULL, 0, N_("valid from %s to %s"), from, to);
	names(d, depth, &c);
	char *key = c.key_ed25519 ? hex_short(c.key, 32, 8) : xstrdup("");
	dissect_add(d, depth, c.spki.p, c.spki.len, N_("public key: %s %s"), c.key_alg, key);
	free(key);
	if (c.has_bc)
		dissect_add(d, depth, NULL, 0, c.is_ca ? N_("basicConstraints: a CA") :
			    N_("basicConstraints: not a CA"));
	dissect_add(d, depth, c.sig.p, c.sig.len, N_("signature: %s, %zu bytes"), c.sig_alg,
		    c.sig.len);
}
