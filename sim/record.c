/* record: TLS-style framing and the AEAD that protects records after step 8. */
#include <sodium.h>
#include <string.h>

#include "record.h"

static void rec_nonce(uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES],
		      enum wire_dir sender, uint64_t seq)
{
	memset(nonce, 0, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	nonce[0] = sender == WIRE_C2S ? 'C' : 'S';
	put64(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES - 8, seq);
}

static void rec_header(uint8_t h[REC_HEADER_LEN], uint8_t type, size_t len)
{
	h[0] = type;
	h[1] = 3;
	h[2] = 3;
	put16(h + 3, (uint16_t)len);
}

int rec_set_key(struct rec_state *st, struct arena *secrets, const uint8_t key[32],
		enum wire_dir send_dir)
{
	rec_clear(st);
	st->key = arena_alloc(secrets, 32);
	memcpy(st->key, key, 32);
	st->send_dir = send_dir;
	st->send_seq = st->recv_seq = 0;
	return 0;
}

void rec_clear(struct rec_state *st)
{
	if (st->key)
		sodium_memzero(st->key, 32);
	st->key = NULL;
}

void rec_write_plain(struct buf *out, enum rec_type type, const uint8_t *data, size_t n)
{
	uint8_t h[REC_HEADER_LEN];
	rec_header(h, (uint8_t)type, n);
	buf_put(out, h, sizeof h);
	buf_put(out, data, n);
}

void rec_write_sealed(struct rec_state *st, struct buf *out, enum rec_type type,
		      const uint8_t *data, size_t n)
{
	uint8_t h[REC_HEADER_LEN], nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned long long clen;
	rec_header(h, (uint8_t)type, n + REC_TAG_LEN);
	buf_put(out, h, sizeof h);
	grow(&out->p, &out->cap, out->len + n + REC_TAG_LEN, 1);
	rec_nonce(nonce, st->send_dir, st->send_seq++);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out->p + out->len, &clen, data, n,
						   h, sizeof h, NULL, nonce, st->key);
	out->len += (size_t)clen;
}

int rec_parse(const uint8_t *in, size_t len, uint8_t *type,
	      const uint8_t **body, size_t *body_len, size_t *total)
{
	if (len < REC_HEADER_LEN || in[1] != 3 || in[2] > 4)
		return -1;
	if (in[0] < REC_CHANGE_CIPHER_SPEC || in[0] > REC_APPLICATION_DATA)
		return -1;
	size_t n = get16(in + 3);
	if (n > len - REC_HEADER_LEN || n > REC_MAX_PLAIN + 256)
		return -1;
	*type = in[0];
	*body = in + REC_HEADER_LEN;
	*body_len = n;
	*total = REC_HEADER_LEN + n;
	return 0;
}

int rec_open_with(const uint8_t key[32], enum wire_dir sender, uint64_t seq,
		  const uint8_t *rec, size_t rec_len, uint8_t *out, size_t *out_len)
{
	uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned long long mlen;
	if (rec_len < REC_HEADER_LEN + REC_TAG_LEN)
		return -1;
	rec_nonce(nonce, sender, seq);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL,
						       rec + REC_HEADER_LEN, rec_len - REC_HEADER_LEN,
						       rec, REC_HEADER_LEN, nonce, key) != 0)
		return -1;
	*out_len = (size_t)mlen;
	return 0;
}

int rec_open(struct rec_state *st, const uint8_t *rec, size_t rec_len,
	     uint8_t *out, size_t *out_len)
{
	enum wire_dir peer = st->send_dir == WIRE_C2S ? WIRE_S2C : WIRE_C2S;
	if (!st->key || rec_open_with(st->key, peer, st->recv_seq, rec, rec_len, out, out_len) != 0)
		return -1;
	st->recv_seq++;
	return 0;
}

const char *rec_type_name(uint8_t type)
{
	switch (type) {
	case REC_CHANGE_CIPHER_SPEC: return "change_cipher_spec";
	case REC_ALERT: return "alert";
	case REC_HANDSHAKE: return "handshake";
	case REC_APPLICATION_DATA: return "application_data";
	}
	return "unknown";
}
