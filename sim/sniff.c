/*
 * sniff: what a passive observer on the wire can read.
 *
 * Per link and direction it keeps only what a real sniffer would infer
 * from the bytes: whether the stream has turned into TLS records, which
 * version the ServerHello chose, whether the records are protected now,
 * and where an SMTP/POP3/IMAP dialogue stands (inside DATA, in the middle
 * of AUTH LOGIN).  This file reads frames and runs the replays; the
 * readers are in sniff_text.c, sniff_tls.c, sniff_tls_cert.c and
 * sniff_open.c.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "sniff.h"
#include "sniff_impl.h"

struct sniff *sniff_new(const struct wire_link *links, size_t n_links,
			sniff_emit_fn emit, void *ctx, struct arena *secrets)
{
	struct sniff *sn = xcalloc(1, sizeof *sn);
	sn->slots = arena_alloc(secrets, SNIFF_MAX_LINKS * sizeof *sn->slots);
	sn->stolen_pk = arena_alloc(secrets, 32);
	sn->stolen_sk = arena_alloc(secrets, 32);
	sn->links = links;
	sn->n_links = n_links < SNIFF_MAX_LINKS ? n_links : SNIFF_MAX_LINKS;
	sn->emit = emit;
	sn->ctx = ctx;
	return sn;
}

/* Forgets what it inferred from the streams and every key; the traffic counts stay. */
static void reset_links(struct sniff *sn)
{
	sodium_memzero(sn->stolen_sk, 32);
	sn->have_stolen = false;
	for (size_t i = 0; i < SNIFF_MAX_LINKS; i++) {
		struct sniff_link *l = &sn->l[i], keep = *l;
		sn_wipe_keys(sn, l);
		buf_free(&l->hs[0]);
		buf_free(&l->hs[1]);
		memset(l, 0, sizeof *l);
		l->seen = keep.seen;
		l->frames = l->summarised = keep.frames;
		memcpy(l->bytes, keep.bytes, sizeof l->bytes);
		l->first_us = keep.first_us;
		l->last_us = keep.last_us;
	}
}

void sniff_free(struct sniff *sn)
{
	if (!sn)
		return;
	reset_links(sn);
	free(sn);
}

void sn_say_value(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		  const char *label, struct fact_value *v)
{
	if (!sn->replay || sn->loud)	/* else it said all that when the frame first passed */
		sn->emit(sn->ctx, k, dir, frame, label, v);
	fact_value_free(v);
}

/* Text shown as it is: a line read from the wire, hex. */
void sn_say(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
	    const char *label, const char *text)
{
	struct fact_value v;
	fact_value_text(&v, text);
	sn_say_value(sn, k, dir, frame, label, &v);
}

/* A message id and its arguments. */
void sn_sayf(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
	     const char *label, const char *fmt, ...)
{
	struct fact_value v;
	va_list ap;
	va_start(ap, fmt);
	fact_value_vset(&v, fmt, ap);
	va_end(ap);
	sn_say_value(sn, k, dir, frame, label, &v);
}

void sn_say_hex(struct sniff *sn, enum fact_kind k, enum wire_dir dir, int frame,
		const char *label, const uint8_t *p, size_t n)
{
	char *hex = hex_new(p, n);
	sn_say(sn, k, dir, frame, label, hex);
	free(hex);
}

/* True when the bytes are one or more complete TLS records, nothing else. */
static bool looks_like_records(const uint8_t *p, size_t n)
{
	uint8_t type;
	const uint8_t *body;
	size_t blen, total;
	if (n == 0)
		return false;
	while (n > 0) {
		if (rec_parse(p, n, &type, &body, &blen, &total) < 0)
			return false;
		p += total;
		n -= total;
	}
	return true;
}

/* "hop A: 192.0.2.10:49731 -> 192.0.2.25:587 TCP".  One message id per
 * link (the order of session.c's links, as sniff_summary's labels), so
 * that the link's name is translated with the rest of the line. */
static void note_link(struct sniff *sn, struct sniff_link *l, const struct wire_link *k,
		      int frame)
{
	/* The link's own message id (wire.h), always of this shape. */
	const char *fmt = k->meta ? k->meta : N_("%u.%u.%u.%u:%u -> %u.%u.%u.%u:%u %s");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	sn_sayf(sn, FACT_META, WIRE_C2S, frame, "", fmt,
		k->client_ip >> 24, (k->client_ip >> 16) & 255,
		(k->client_ip >> 8) & 255, k->client_ip & 255, k->client_port,
		k->server_ip >> 24, (k->server_ip >> 16) & 255, (k->server_ip >> 8) & 255,
		k->server_ip & 255, k->server_port, k->proto == WIRE_UDP ? "UDP" : "TCP");
#pragma GCC diagnostic pop
	l->seen = true;
}

void sniff_link_open(struct sniff *sn, unsigned link)
{
	if (link >= sn->n_links || sn->replay || sn->l[link].seen)
		return;
	note_link(sn, &sn->l[link], &sn->links[link], -1);
}

void sniff_frame(struct sniff *sn, const struct wire_frame *f, int frame)
{
	if (f->link >= sn->n_links)
		return;
	struct sniff_link *l = &sn->l[f->link];
	const struct wire_link *k = &sn->links[f->link];
	int d = f->dir == WIRE_C2S ? 0 : 1;

	if (!sn->replay) {
		if (!l->seen)
			note_link(sn, l, k, frame);
		if (l->frames == 0)
			l->first_us = f->time_us;
		l->frames++;
		l->bytes[d] += f->len;
		l->last_us = f->time_us;
	}

	if (k->proto == WIRE_UDP)
		sn_read_dns(sn, f->dir, frame, f->bytes, f->len);
	else if (l->records[d] || looks_like_records(f->bytes, f->len)) {
		l->records[d] = true;
		sn_read_records(sn, l, f->dir, frame, f->bytes, f->len);
	} else
		sn_read_text(sn, l, f->dir, frame, f->bytes, f->len);
}

void sniff_summary(struct sniff *sn)
{
	for (size_t i = 0; i < sn->n_links; i++) {
		struct sniff_link *l = &sn->l[i];
		if (l->frames == 0 || l->frames == l->summarised)
			continue;
		static const char *const label[SNIFF_MAX_LINKS] = {
			N_("traffic hop A"), N_("traffic DNS"), N_("traffic hop B"),
			N_("traffic HTTPS"),
		};
		uint64_t us = l->last_us - l->first_us;
		sn_sayf(sn, FACT_META, WIRE_C2S, -1, label[i],
			N_("%zu packets, %zu bytes C>S, %zu bytes S>C, over %llu.%03llu s"),
			l->frames, l->bytes[0], l->bytes[1],
			(unsigned long long)(us / 1000000),
			(unsigned long long)(us / 1000 % 1000));
		l->summarised = l->frames;
	}
}

/* Reads the whole recording again; only what is new is reported. */
static void replay(struct sniff *sn, const struct wire_frame *frames, size_t n_frames)
{
	sn->replay = true;
	sn->frames = frames;
	sn->decrypted = 0;
	for (size_t i = 0; i < n_frames; i++)
		sniff_frame(sn, &frames[i], (int)i);
}

/* After a replay: the keys are forgotten, the stream state is the recording's end. */
static int replay_end(struct sniff *sn)
{
	for (size_t i = 0; i < SNIFF_MAX_LINKS; i++)
		sn_wipe_keys(sn, &sn->l[i]);
	sodium_memzero(sn->stolen_sk, 32);
	sn->have_stolen = false;
	sn->keylog = NULL;
	sn->n_keylog = 0;
	sn->replay = false;
	sn->frames = NULL;
	return sn->decrypted;
}

/* What a stolen long-term key could not do, said once per link. */
static void steal_verdicts(struct sniff *sn)
{
	sn->loud = true;
	for (size_t i = 0; i < sn->n_links; i++) {
		struct sniff_link *l = &sn->l[i];
		if (l->ver == SV_TLS13 && l->have_share)
			sn_sayf(sn, FACT_ALERT, WIRE_C2S, -1, "",
				N_("TLS 1.3: the stolen key opens nothing: it only signed the "
				   "CertificateVerify; the session keys came from X25519 key shares "
				   "whose private halves were wiped (forward secrecy)"));
		else if (l->ver == SV_TLS12 && l->have_share)
			sn_sayf(sn, FACT_ALERT, WIRE_C2S, -1, "",
				N_("TLS 1.2 ECDHE: the stolen key opens nothing: it only signed the "
				   "ServerKeyExchange; the session keys came from X25519 key shares "
				   "whose private halves were wiped (forward secrecy)"));
		else if (l->have_share && !l->classic_key)
			sn_sayf(sn, FACT_ALERT, WIRE_C2S, -1, "",
				N_("the recording holds only ephemeral key shares: neither stolen key derives "
				   "the session key (the signing key only ever proved who the server was), and "
				   "the ephemeral secrets were wiped (forward secrecy)"));
	}
	sn->loud = false;
}

static int steal(struct sniff *sn, const struct wire_frame *frames, size_t n_frames)
{
	sn->have_stolen = true;
	replay(sn, frames, n_frames);
	steal_verdicts(sn);
	return replay_end(sn);
}

int sniff_steal_key(struct sniff *sn, const uint8_t pk[32], const uint8_t sk[32],
		    const struct wire_frame *frames, size_t n_frames)
{
	reset_links(sn);
	memcpy(sn->stolen_pk, pk, 32);
	memcpy(sn->stolen_sk, sk, 32);
	return steal(sn, frames, n_frames);
}

int sniff_steal_signing_key(struct sniff *sn, const uint8_t ed25519_pk[32],
			    const uint8_t ed25519_sk[64], const struct wire_frame *frames,
			    size_t n_frames)
{
	reset_links(sn);
	if (crypto_sign_ed25519_pk_to_curve25519(sn->stolen_pk, ed25519_pk) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(sn->stolen_sk, ed25519_sk) != 0)
		memset(sn->stolen_pk, 0, 32);	/* not a key: nothing will open */
	return steal(sn, frames, n_frames);
}

int sniff_use_keylog(struct sniff *sn, const struct keylog_entry *e, size_t n,
		     const struct wire_frame *frames, size_t n_frames)
{
	reset_links(sn);
	sn->keylog = e;
	sn->n_keylog = e ? n : 0;
	replay(sn, frames, n_frames);
	return replay_end(sn);
}

void sniff_on_opened(struct sniff *sn, sniff_opened_fn fn, void *ctx)
{
	sn->on_opened = fn;
	sn->opened_ctx = ctx;
}
