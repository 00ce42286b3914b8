/*
 * sniff_tls_cert: the Certificate message.  In TLS 1.2 and the classic
 * model it crosses the wire in clear, so a sniffer reads the server's
 * name, its issuer and its validity; in TLS 1.3 only a key log opens it.
 *
 * The chain is X.509 DER (3-byte list length, each certificate with a
 * 3-byte length; TLS 1.3 adds a request context before the list and
 * extensions after each certificate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sniff_impl.h"
#include "tls_msg.h"
#include "x509.h"

#define SHOWN_CHAIN 8	/* certificates of a chain it reports */

static const char *name_of(const struct x509_name *n)
{
	return n->cn[0] ? n->cn : n->o[0] ? n->o : "?";
}

/* "2026-03-03": the dates are enough here. */
static void day_of(int64_t t, char out[40])
{
	format_utc(t, out, 40);
	out[10] = '\0';
}

static void say_leaf(struct sniff *sn, enum wire_dir dir, int frame, const struct x509_cert *c,
		     bool decrypted)
{
	char from[40], to[40];
	day_of(c->not_before, from);
	day_of(c->not_after, to);
	if (decrypted)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("decrypted TLS Certificate: %s, issuer %s, valid %s to %s"),
			name_of(&c->subject), name_of(&c->issuer), from, to);
	else
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("TLS Certificate in clear: %s, issuer %s, valid %s to %s"),
			name_of(&c->subject), name_of(&c->issuer), from, to);
	sn_say(sn, FACT_INFO, dir, frame, N_("certificate"), name_of(&c->subject));
	if (c->key_ed25519)
		sn_say_hex(sn, FACT_KEY, dir, frame, N_("server public key"), c->key, 32);
}

/* The chain as X.509; -1 (having said nothing) when the first certificate is not. */
static int read_x509(struct sniff *sn, enum wire_dir dir, int frame, struct tls_rd *list,
		     bool tls13, bool decrypted)
{
	struct x509_cert *c = xmalloc(sizeof *c);
	struct tls_rd der, exts;
	int rc = -1;
	for (size_t i = 0; list->n > 0 && i < SHOWN_CHAIN; i++) {
		if (tls_rd_vec(list, 3, &der) < 0 || (tls13 && tls_rd_vec(list, 2, &exts) < 0))
			break;
		bool ok = x509_parse(c, der.p, der.n) == 0;
		if (i == 0 && !ok)
			break;
		if (i == 0) {
			say_leaf(sn, dir, frame, c, decrypted);
			rc = 0;
		} else if (ok) {
			sn_sayf(sn, FACT_CLEAR, dir, frame, "",
				N_("TLS Certificate chain also carries %s, issuer %s"),
				name_of(&c->subject), name_of(&c->issuer));
		} else {
			sn_sayf(sn, FACT_CLEAR, dir, frame, "",
				N_("TLS Certificate chain also carries %zu bytes it cannot parse"),
				der.n);
		}
	}
	free(c);
	return rc;
}

void sn_read_certificate(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			 const uint8_t *b, size_t n, bool decrypted)
{
	struct tls_rd r, ctx, list;
	bool tls13 = l->ver == SV_TLS13;
	tls_rd_init(&r, b, n);
	if (tls13)
		tls_rd_vec(&r, 1, &ctx);
	if (tls_rd_vec(&r, 3, &list) == 0 && tls_rd_done(&r) == 0 &&
	    read_x509(sn, dir, frame, &list, tls13, decrypted) == 0)
		return;
	if (decrypted)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("decrypted TLS %s"), "Certificate");
	else
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s, %zu bytes"), "Certificate", n);
}
