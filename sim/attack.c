/* attack: the active attacker's changes and the later key theft. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attack.h"

#define DAY (24 * 60 * 60)

const char *attack_rogue_ca_name(unsigned attacks)
{
	return attacks & ATTACK_FORGE ? "Mallory Interception CA" : "Office Self-Signed CA";
}

int attack_prepare(struct sess *s)
{
	unsigned a = s->sc->attacks;
	int64_t t = s->sc->clock;
	struct cert *c = &s->id_a.cert;

	/* forge: the attacker's own key pair and certificate, its own CA. */
	if (a & ATTACK_FORGE) {
		s->use_bad = true;
		return hs_identity_new(&s->id_bad, s->sc->id.server, &s->rogue_ca,
				       t - 90 * DAY, t + 275 * DAY);
	}
	/* The others: the real server, with its real keys, but a certificate
	 * that is broken in one way, signed again by whoever issued it. */
	if (a & ATTACK_EXPIRED) {
		c->not_before = t - 400 * DAY;
		c->not_after = t - 35 * DAY;
	}
	if (a & ATTACK_WRONG_NAME)
		snprintf(c->subject, sizeof c->subject, "%s", "www.example.net");
	if (a & (ATTACK_EXPIRED | ATTACK_WRONG_NAME | ATTACK_UNTRUSTED))
		cert_sign(c, a & ATTACK_UNTRUSTED ? &s->rogue_ca : &s->ca);
	return 0;
}

/* Removes the line at [start, end) from the buffer. */
static void cut(struct buf *b, size_t start, size_t end)
{
	memmove(b->p + start, b->p + end, b->len - end);
	b->len -= end - start;
}

static bool line_is_starttls(const uint8_t *p, size_t n)
{
	/* SMTP "250-STARTTLS", POP3 "STLS" */
	return (n == 12 && memcmp(p, "250-STARTTLS", 12) == 0) || (n == 4 && memcmp(p, "STLS", 4) == 0);
}

static uint8_t *find(uint8_t *p, size_t n, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = 0; i + w <= n; i++)
		if (memcmp(p + i, word, w) == 0)
			return p + i;
	return NULL;
}

void attack_on_clear(struct sess *s, enum wire_dir dir, struct buf *b)
{
	if (!(s->sc->attacks & ATTACK_STRIP) || dir != WIRE_S2C || s->link != LINK_A)
		return;
	for (size_t i = 0; i < b->len;) {
		uint8_t *nl = memchr(b->p + i, '\n', b->len - i);
		size_t end = nl ? (size_t)(nl - b->p) + 1 : b->len;
		size_t text = end - i - (nl ? 1 : 0);
		if (text > 0 && b->p[i + text - 1] == '\r')
			text--;
		if (line_is_starttls(b->p + i, text)) {
			char *shown = xstrndup((const char *)b->p + i, text);
			sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
				  N_("attacker deleted \"%s\" from the server's reply"), shown);
			free(shown);
			cut(b, i, end);
			continue;
		}
		/* IMAP: the STARTTLS word inside a capability list */
		uint8_t *w = find(b->p + i, text, " STARTTLS");
		if (w) {
			sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
				  N_("attacker deleted the word STARTTLS from the server's capability list"));
			cut(b, (size_t)(w - b->p), (size_t)(w - b->p) + 9);
			continue;
		}
		i = end;
	}
}

void attack_on_handshake(struct sess *s, struct buf *frame)
{
	(void)frame;
	if (!(s->sc->attacks & ATTACK_FORGE) || s->link != LINK_A)
		return;
	sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
		  N_("attacker answered in the server's place with its own certificate for %s, "
		  "signed by %s"), s->sc->id.server, s->rogue_ca.name);
}

void attack_on_record(struct sess *s, enum wire_dir dir, struct buf *frame)
{
	if (!(s->sc->attacks & ATTACK_TAMPER) || s->tampered || dir != WIRE_C2S ||
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

int attack_rejected(struct sess *s, enum wire_dir dir)
{
	enum party rx = dir == WIRE_C2S ? PARTY_SERVER : PARTY_CLIENT;
	struct rec_state *st = dir == WIRE_C2S ? &s->hs.rec : &s->hc.rec;
	struct buf b = { 0 };
	uint8_t alert[2] = { 2, 20 };	/* fatal bad_record_mac */
	sess_fact(s, rx, FACT_CHECK_FAIL, N_("record"),
		  N_("authentication tag does not match: the record was changed on the way"));
	sess_fact(s, rx, FACT_ALERT, N_("verdict"),
		  N_("record rejected, nothing of it used; connection closed with a bad_record_mac alert"));
	rec_write_sealed(st, &b, REC_ALERT, alert, sizeof alert);
	size_t i = timeline_add_frame(s->tl, s->link, dir == WIRE_C2S ? WIRE_S2C : WIRE_C2S,
				      s->now_us, b.p, b.len);
	sniff_frame(s->sniff, &s->tl->frames[i], (int)i);
	buf_free(&b);
	return -1;
}

void attack_after(struct sess *s)
{
	if (!(s->sc->attacks & ATTACK_KEY_LEAK))
		return;
	s->link = LINK_A;
	s->prefix = "";
	sess_event(s, "key-leak", N_("Later: the server's private key is stolen"), PARTY_SNIFFER);
	char *enc = hex_new(s->id_a.enc_sk, 32), *sig = hex_new(s->id_a.sig_sk, 32);
	sess_fact(s, PARTY_SNIFFER, FACT_ALERT, "",
		  N_("months later the attacker steals the server's private keys and replays its recording"));
	sess_fact(s, PARTY_SNIFFER, FACT_SECRET, N_("stolen private key"), N_("%s (X25519, unwraps)"), enc);
	sess_fact(s, PARTY_SNIFFER, FACT_SECRET, N_("stolen signing key"), N_("%s (Ed25519, signs)"), sig);
	free(enc);
	free(sig);
	int n = sniff_steal_key(s->sniff, s->id_a.cert.enc_pk, s->id_a.enc_sk,
				s->tl->frames, s->tl->n_frames);
	sess_fact(s, PARTY_SNIFFER, n > 0 ? FACT_ALERT : FACT_CHECK_OK, N_("recording"),
		  n > 0 ? N_("%d recorded records decrypted") : N_("nothing decrypted (%d records)"), n);
}
