/* attack: the active attacker's changes and the later key theft. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attack.h"

#define DAY (24 * 60 * 60)

/*
 * forge: the attacker's own key pair, in a certificate that names the
 * real CA as its issuer; only the CA's key could have signed it, so the
 * signature check is the one that fails.
 */
/* The name of the server the attacker stands in front of. */
static const char *target(const struct sess *s)
{
	return s->attack_link == LINK_B ? s->sc->id.mx_server : s->sc->id.server;
}

static int forge_prepare(struct sess *s)
{
	s->use_bad = true;
	return identity_new(&s->id_bad, &s->secrets, PKI_FORGED, &s->ca, &s->rogue_ca,
			    target(s), s->sc->clock);
}

/*
 * The broken certificates: the real server, with its real key, but a
 * certificate that is wrong in one way.  Under several of these attacks
 * the first of untrusted, expired, wrong-name is shown.
 */
static int broken_prepare(struct sess *s)
{
	unsigned a = s->sc->attacks;
	enum pki_kind kind = a & ATTACK_UNTRUSTED ? PKI_UNTRUSTED
			     : a & ATTACK_EXPIRED ? PKI_EXPIRED : PKI_WRONG_NAME;
	if (a & ATTACK_FORGE)
		return 0;	/* the real certificate is never shown */
	return identity_reissue(s->attack_link == LINK_B ? &s->id_b : &s->id_a, kind, &s->ca,
				&s->rogue_ca, target(s), s->sc->clock);
}

/* Removes the line at [start, end) from the buffer. */
static void cut(struct buf *b, size_t start, size_t end)
{
	memmove(b->p + start, b->p + end, b->len - end);
	b->len -= end - start;
}

/* The reply line by which the driver's server offers TLS: "250-STARTTLS", "STLS". */
static bool line_offers_tls(const struct driver *d, const uint8_t *p, size_t n)
{
	return d->upgrade_line && n == strlen(d->upgrade_line) && memcmp(p, d->upgrade_line, n) == 0;
}

static uint8_t *find(uint8_t *p, size_t n, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = 0; i + w <= n; i++)
		if (memcmp(p + i, word, w) == 0)
			return p + i;
	return NULL;
}

static void strip_on_clear(struct sess *s, enum wire_dir dir, struct buf *b)
{
	if (dir != WIRE_S2C || !sess_attacked_here(s))
		return;
	for (size_t i = 0; i < b->len;) {
		uint8_t *nl = memchr(b->p + i, '\n', b->len - i);
		size_t end = nl ? (size_t)(nl - b->p) + 1 : b->len;
		size_t text = end - i - (nl ? 1 : 0);
		if (text > 0 && b->p[i + text - 1] == '\r')
			text--;
		if (line_offers_tls(s->driver, b->p + i, text)) {
			char *shown = xstrndup((const char *)b->p + i, text);
			sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
				  N_("attacker deleted \"%s\" from the server's reply"), shown);
			free(shown);
			cut(b, i, end);
			continue;
		}
		/* IMAP: the STARTTLS word inside a capability list */
		const char *word = s->driver->upgrade_word;
		uint8_t *w = word ? find(b->p + i, text, word) : NULL;
		if (w) {
			sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
				  N_("attacker deleted the word STARTTLS from the server's capability list"));
			cut(b, (size_t)(w - b->p), (size_t)(w - b->p) + strlen(word));
			continue;
		}
		i = end;
	}
}

static void forge_on_handshake(struct sess *s, struct buf *frame)
{
	(void)frame;
	if (!sess_attacked_here(s))
		return;
	sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
		  N_("attacker answered in the server's place with a certificate for %s that names "
		     "%s as its issuer but is signed with the attacker's own key"),
		  target(s), s->ca.cn);
}

/*
 * forge, when the client accepted the certificate anyway (opportunistic
 * relay): the attacker is the TLS endpoint, so it reads with its own
 * session keys everything the client sends.
 */
static void forge_on_delivered(struct sess *s, enum wire_dir dir)
{
	if (dir != WIRE_C2S || !sess_attacked_here(s))
		return;
	const uint8_t *p = s->got.p, *end = s->got.p + s->got.len;
	while (p && p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup((const char *)p, len > 0 && p[len - 1] == '\r' ? len - 1 : len);
		sess_fact_text(s, PARTY_SNIFFER, FACT_CLEAR, N_("attacker decrypts"), line);
		free(line);
		p = nl ? nl + 1 : end;
	}
}

/* Where the attacker sits, said once as the link it is on opens. */
static void position_on_link(struct sess *s)
{
	const struct wire_link *k = &s->tl->links[s->link];
	if (!sess_attacked_here(s) || s->sc->proto != PROTO_RELAY)
		return;
	if (s->link == LINK_B)
		sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
			  N_("the attacker sits on hop B, in the middle between %s and %s"),
			  k->client_name, k->server_name);
	else
		sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
			  N_("the attacker sits on hop A, in the middle between %s and %s"),
			  k->client_name, k->server_name);
}

static void tamper_on_record(struct sess *s, enum wire_dir dir, struct buf *frame)
{
	if (s->tampered || dir != WIRE_C2S || !sess_attacked_here(s) ||
	    frame->len <= REC_HEADER_LEN + 4)
		return;
	size_t at = REC_HEADER_LEN + 3;
	uint8_t was = frame->p[at];
	frame->p[at] ^= 0x01;
	s->tampered = true;
	sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
		  N_("attacker flipped one bit of a protected record: ciphertext byte %zu, %02x -> %02x"),
		  at - REC_HEADER_LEN + 1, was, frame->p[at]);
}

/*
 * key-leak: two thefts after the recording.  The server's long-term key
 * opens the classic recording only (ECDHE's secrets were ephemeral); the
 * session secrets themselves (a key log) open any version.
 */
static void key_leak_after(struct sess *s)
{
	const struct timeline *tl = s->tl;
	const struct server_identity *id = s->attack_link == LINK_B ? &s->id_b : &s->id_a;
	s->link = s->attack_link;
	s->prefix = "";
	sess_event(s, "key-leak", N_("Later: the server's private key is stolen"), PARTY_SNIFFER);
	char *sig = hex_new(id->sign_sk, 32);	/* the seed half of the Ed25519 key */
	sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
		  N_("months later the attacker steals the server's private key and replays its recording"));
	sess_fact(s, PARTY_SNIFFER, FACT_SECRET, N_("stolen private key"),
		  N_("%s (Ed25519; its X25519 form unwraps)"), sig);
	free(sig);
	int n = sniff_steal_signing_key(s->sniff, id->sign_pk, id->sign_sk,
					tl->frames, tl->n_frames);
	sess_fact(s, PARTY_SNIFFER, n > 0 ? FACT_ALERT : FACT_CHECK_OK, N_("recording"),
		  n > 0 ? N_("%d recorded records decrypted") : N_("nothing decrypted (%d records)"), n);

	sess_event(s, "key-log", N_("Later still: the session secrets leak (a key log)"),
		   PARTY_SNIFFER);
	sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
		  N_("the attacker gets the session secrets themselves, as a key log from a "
		     "debugging client or a compromised endpoint"));
	n = sniff_use_keylog(s->sniff, tl->keylog, tl->n_keylog, tl->frames, tl->n_frames);
	sess_fact(s, PARTY_SNIFFER, n > 0 ? FACT_ALERT : FACT_CHECK_OK, N_("recording"),
		  n > 0 ? N_("%d recorded records decrypted") : N_("nothing decrypted (%d records)"), n);
}

static const struct sess_hooks strip = { .on_clear = strip_on_clear };
static const struct sess_hooks forge = {
	.rogue_ca_name = "Mallory Interception CA",
	.prepare = forge_prepare,
	.on_handshake = forge_on_handshake,
	.on_delivered = forge_on_delivered,
};
static const struct sess_hooks position = { .on_link = position_on_link };
static const struct sess_hooks broken = { .prepare = broken_prepare };
static const struct sess_hooks tamper = { .on_record = tamper_on_record };
static const struct sess_hooks key_leak = { .after = key_leak_after };

size_t attack_hooks(unsigned attacks, const struct sess_hooks **out, size_t max)
{
	size_t n = 0;
	if ((attacks & ~(unsigned)ATTACK_KEY_LEAK) && n < max)
		out[n++] = &position;	/* an active attacker: say where */
	if ((attacks & ATTACK_STRIP) && n < max)
		out[n++] = &strip;
	if ((attacks & ATTACK_FORGE) && n < max)
		out[n++] = &forge;
	if ((attacks & (ATTACK_EXPIRED | ATTACK_WRONG_NAME | ATTACK_UNTRUSTED)) && n < max)
		out[n++] = &broken;
	if ((attacks & ATTACK_TAMPER) && n < max)
		out[n++] = &tamper;
	if ((attacks & ATTACK_KEY_LEAK) && n < max)
		out[n++] = &key_leak;
	return n;
}
