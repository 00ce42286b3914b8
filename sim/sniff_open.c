/*
 * sniff_open: the recording opened with stolen secrets.
 *
 * A stolen long-term private key opens the classic model's sealed session
 * key, and with it every record.  It opens nothing of TLS 1.2 ECDHE or
 * TLS 1.3: their session keys came from ephemeral shares.  A key log (the
 * session secrets, by client random) opens every version: the classic
 * session key itself, TLS 1.2's master secret (the key block follows from
 * it and both hello randoms), TLS 1.3's four traffic secrets (handshake
 * and application, each way).
 *
 * Keys live in the link's slot of the sniffer's arena, only during the
 * replay; sn_wipe_keys forgets them.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake.h"
#include "record.h"
#include "sniff_impl.h"
#include "tls12.h"
#include "tls_kdf.h"
#include "tls_record.h"

static struct sniff_keys *slot(struct sniff *sn, struct sniff_link *l)
{
	if (!l->keys)
		l->keys = &sn->slots[l - sn->l];
	return l->keys;
}

void sn_wipe_keys(struct sniff *sn, struct sniff_link *l)
{
	sodium_memzero(&sn->slots[l - sn->l], sizeof sn->slots[0]);
	l->keys = NULL;
	l->classic_key = false;
	memset(l->have_key, 0, sizeof l->have_key);
	memset(l->epoch, 0, sizeof l->epoch);
	memset(l->next_epoch, 0, sizeof l->next_epoch);
	l->keys_tried = false;
}

void sn_open_sealed(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame)
{
	struct sniff_keys *k = slot(sn, l);
	bool was = sn->loud;
	sn->loud = true;
	/* a second ClientKeyExchange on the link takes the same slot */
	if (crypto_box_seal_open(k->session_key, l->sealed, HS_SEALED_LEN, sn->stolen_pk,
				 sn->stolen_sk) == 0) {
		l->classic_key = true;
		sn_sayf(sn, FACT_ALERT, dir, frame, "",
			N_("stolen private key opens the recorded wrapped session key"));
		sn_say_hex(sn, FACT_SECRET, dir, frame, N_("session key (recovered)"),
			   k->session_key, HS_SESSION_KEY_LEN);
	} else {
		sodium_memzero(k->session_key, sizeof k->session_key);
		l->classic_key = false;
		sn_sayf(sn, FACT_ALERT, dir, frame, "", N_("the stolen key does not open the recorded box"));
	}
	sn->loud = was;
}

/* The key log's secret with this label for the link's handshake, or NULL. */
static const struct keylog_entry *find(const struct sniff *sn, const struct sniff_link *l,
				       const char *label, size_t len)
{
	for (size_t i = 0; i < sn->n_keylog; i++) {
		const struct keylog_entry *e = &sn->keylog[i];
		if (e->len == len && strncmp(e->label, label, sizeof e->label) == 0 &&
		    sodium_memcmp(e->client_random, l->client_random, 32) == 0)
			return e;
	}
	return NULL;
}

static bool keys_classic(struct sniff *sn, struct sniff_link *l, struct buf *names)
{
	const struct keylog_entry *e = find(sn, l, KEYLOG_CLASSIC, 32);
	if (!e)
		return false;
	memcpy(slot(sn, l)->session_key, e->secret, 32);
	l->classic_key = true;
	buf_put(names, KEYLOG_CLASSIC, strlen(KEYLOG_CLASSIC));
	return true;
}

static bool keys_tls12(struct sniff *sn, struct sniff_link *l, struct buf *names)
{
	const struct keylog_entry *e = find(sn, l, "CLIENT_RANDOM", TLS12_MASTER_LEN);
	if (!e || !l->have_server_random)
		return false;
	struct sniff_keys *k = slot(sn, l);
	struct tls12_key_block kb;
	tls12_key_block(&kb, e->secret, l->client_random, l->server_random);
	memcpy(k->key[0][0], kb.client_key, 32);
	memcpy(k->iv[0][0], kb.client_iv, 12);
	memcpy(k->key[1][0], kb.server_key, 32);
	memcpy(k->iv[1][0], kb.server_iv, 12);
	sodium_memzero(&kb, sizeof kb);
	l->have_key[0][0] = l->have_key[1][0] = true;
	buf_put(names, "CLIENT_RANDOM", strlen("CLIENT_RANDOM"));
	return true;
}

static bool keys_tls13(struct sniff *sn, struct sniff_link *l, struct buf *names)
{
	static const struct { const char *label; int dir, epoch; } want[4] = {
		{ "CLIENT_HANDSHAKE_TRAFFIC_SECRET", 0, 0 },
		{ "SERVER_HANDSHAKE_TRAFFIC_SECRET", 1, 0 },
		{ "CLIENT_TRAFFIC_SECRET_0", 0, 1 },
		{ "SERVER_TRAFFIC_SECRET_0", 1, 1 },
	};
	bool any = false;
	for (int i = 0; i < 4; i++) {
		const struct keylog_entry *e = find(sn, l, want[i].label, 32);
		if (!e)
			continue;
		struct sniff_keys *k = slot(sn, l);
		tls13_traffic_keys(e->secret, k->key[want[i].dir][want[i].epoch],
				   k->iv[want[i].dir][want[i].epoch]);
		l->have_key[want[i].dir][want[i].epoch] = true;
		if (names->len)
			buf_put(names, ", ", 2);
		buf_put(names, want[i].label, strlen(want[i].label));
		any = true;
	}
	return any;
}

/* The key log searched once per handshake, at its first protected record. */
static void keys_from_log(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame)
{
	struct buf names = { 0 };
	bool found = false;
	l->keys_tried = true;
	if (!l->have_client_random)
		return;	/* nothing to match the secrets to */
	if (l->ver == SV_TLS13)
		found = keys_tls13(sn, l, &names);
	else if (l->ver == SV_TLS12)
		found = keys_tls12(sn, l, &names);
	else
		found = keys_classic(sn, l, &names);
	char *cr = hex_short(l->client_random, 32, 6);
	bool was = sn->loud;
	sn->loud = true;
	if (found) {
		buf_put8(&names, 0);
		sn_sayf(sn, FACT_ALERT, dir, frame, "",
			N_("the key log holds %s for this handshake (client random %s): its records open"),
			(const char *)names.p, cr);
		if (l->classic_key)
			sn_say_hex(sn, FACT_SECRET, dir, frame, N_("session key (from the key log)"),
				   l->keys->session_key, 32);
	} else {
		sn_sayf(sn, FACT_ALERT, dir, frame, "",
			N_("the key log holds nothing for this handshake (client random %s): its records stay closed"),
			cr);
	}
	sn->loud = was;
	free(cr);
	buf_free(&names);
}

/* What opened a record, for whoever is told (sniff_on_opened): the
 * nonce made as record.c and tls_record.c make it. */
static void note_key(struct opening *o, const uint8_t *key, const uint8_t *iv, int d,
		     uint64_t seq, bool classic)
{
	o->key = key;
	o->seq = seq;
	memset(o->nonce, 0, sizeof o->nonce);
	if (classic) {
		o->aead = "XChaCha20-Poly1305";
		o->nonce_len = 24;
		o->nonce[0] = d ? 'S' : 'C';
		for (int i = 0; i < 8; i++)
			o->nonce[16 + i] = (uint8_t)(seq >> (56 - 8 * i));
		return;
	}
	o->aead = "ChaCha20-Poly1305";
	o->nonce_len = 12;
	memcpy(o->nonce, iv, 12);
	for (int i = 0; i < 8; i++)
		o->nonce[4 + i] ^= (uint8_t)(seq >> (56 - 8 * i));
}

/* Opens rec with the link's keys in the current epoch (TLS 1.3: or the next). */
static int try_open(struct sniff_link *l, int d, const uint8_t *rec, size_t n,
		    uint8_t *type, uint8_t *out, size_t *out_len, struct opening *o)
{
	struct sniff_keys *k = l->keys;
	if (!k)
		return -1;
	if (l->classic_key) {
		*type = rec[0];
		note_key(o, k->session_key, NULL, d, l->seq[d], true);
		return rec_open_with(k->session_key, d ? WIRE_S2C : WIRE_C2S, l->seq[d], rec, n,
				     out, out_len);
	}
	enum tls_rec_version v = l->ver == SV_TLS13 ? TLS_REC_13 : TLS_REC_12;
	unsigned e = l->epoch[d];
	if (e < 2 && l->have_key[d][e] &&
	    tls_rec_open_raw(v, k->key[d][e], k->iv[d][e], l->seq[d], rec, n, type, out,
			     out_len) == 0) {
		note_key(o, k->key[d][e], k->iv[d][e], d, l->seq[d], false);
		return 0;
	}
	/* a handshake epoch it could not follow: the application keys start at 0 */
	if (l->ver == SV_TLS13 && e == 0 && l->have_key[d][1] &&
	    tls_rec_open_raw(v, k->key[d][1], k->iv[d][1], 0, rec, n, type, out, out_len) == 0) {
		note_key(o, k->key[d][1], k->iv[d][1], d, 0, false);
		l->epoch[d] = 1;
		l->seq[d] = 0;
		return 0;
	}
	return -1;
}

/* Tells the listener, if any, where the record sat and what it held. */
static void tell_opened(struct sniff *sn, struct opening *o, int frame, const uint8_t *rec,
			size_t n, uint8_t type, const uint8_t *plain, size_t plen)
{
	if (!sn->on_opened || !sn->frames || frame < 0)
		return;
	const struct wire_frame *f = &sn->frames[frame];
	if (rec < f->bytes || rec + n > f->bytes + f->len)
		return;	/* not a record of this frame */
	o->frame = (size_t)frame;
	o->off = (size_t)(rec - f->bytes);
	o->len = n;
	o->type = type;
	o->plain = plain;
	o->plain_len = plen;
	sn->on_opened(sn->opened_ctx, o);
}

static void read_plain(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		       uint8_t type, const uint8_t *p, size_t n)
{
	if (type == REC_APPLICATION_DATA)
		sn_read_text(sn, l, dir, frame, p, n);
	else if (type == REC_HANDSHAKE)
		sn_handshake_bytes(sn, l, dir, frame, p, n, true);
	else if (type == REC_ALERT && n >= 2)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("decrypted TLS Alert: %s"),
			tls12_alert_name(p[1]));
	else
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("decrypted TLS %s record, %zu bytes"),
			rec_type_name(type), n);
}

void sn_open_record(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		    const uint8_t *rec, size_t n)
{
	int d = dir == WIRE_C2S ? 0 : 1;
	if (sn->keylog && !l->keys_tried)
		keys_from_log(sn, l, dir, frame);
	uint8_t *plain = xmalloc(n), type = 0;
	size_t plen = 0;
	struct opening o = { 0 };
	int rc = try_open(l, d, rec, n, &type, plain, &plen, &o);
	l->seq[d]++;
	if (rc == 0) {
		tell_opened(sn, &o, frame, rec, n, type, plain, plen);
		bool was = sn->loud;
		sn->decrypted++;
		sn->loud = true;
		read_plain(sn, l, dir, frame, type, plain, plen);
		sn->loud = was;
		if (l->next_epoch[d]) {
			l->next_epoch[d] = false;
			l->epoch[d] = 1;
			l->seq[d] = 0;
		}
	}
	sodium_memzero(plain, n);
	free(plain);
}
