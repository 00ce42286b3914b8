/*
 * tls_record: ChaCha20-Poly1305 record protection for TLS 1.3 and 1.2
 * (see tls_record.h).  Every length comes from the wire and is checked
 * before it is used; a record that fails leaves the sequence where it was.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tls_record.h"

void tls_rec_init(struct tls_rec *r, struct arena *a, enum tls_rec_version ver)
{
	memset(r, 0, sizeof *r);
	r->ver = ver;
	r->key = arena_alloc(a, 32);
}

void tls_rec_set_key(struct tls_rec *r, const uint8_t key[32], const uint8_t iv[12])
{
	memcpy(r->key, key, 32);
	memcpy(r->iv, iv, 12);
	r->seq = 0;
	r->on = true;
}

static void make_nonce(uint8_t nonce[12], const uint8_t iv[12], uint64_t seq)
{
	memcpy(nonce, iv, 12);
	for (int i = 0; i < 8; i++)
		nonce[4 + i] ^= (uint8_t)(seq >> (56 - 8 * i));
}

/* TLS 1.2's associated data (RFC 5246 6.2.3.3). */
static void aad12(uint8_t aad[13], uint64_t seq, uint8_t type, size_t plain_len)
{
	put64(aad, seq);
	aad[8] = type;
	aad[9] = 3;
	aad[10] = 3;
	put16(aad + 11, (uint16_t)plain_len);
}

void tls_rec_write_plain(struct buf *out, uint8_t type, const uint8_t *in, size_t n, bool hello)
{
	buf_put8(out, type);
	buf_put16(out, hello ? 0x0301 : 0x0303);
	buf_put16(out, (uint16_t)n);
	buf_put(out, in, n);
}

int tls_rec_seal_raw(enum tls_rec_version ver, const uint8_t key[32], const uint8_t iv[12],
		     uint64_t seq, uint8_t type, const uint8_t *in, size_t n, struct buf *out)
{
	uint8_t nonce[12], aad[13], hdr[TLS_REC_HEADER];
	size_t plain = ver == TLS_REC_13 ? n + 1 : n;
	unsigned long long clen;

	if (n > TLS_REC_MAX_PLAIN)
		return -1;
	make_nonce(nonce, iv, seq);
	hdr[0] = ver == TLS_REC_13 ? TLS_CT_APPLICATION_DATA : type;
	hdr[1] = 3;
	hdr[2] = 3;
	put16(hdr + 3, (uint16_t)(plain + TLS_REC_TAG));

	uint8_t *p = xmalloc(plain + TLS_REC_TAG);
	if (n)
		memcpy(p, in, n);
	if (ver == TLS_REC_13) {
		p[n] = type;	/* TLSInnerPlaintext, no padding */
		crypto_aead_chacha20poly1305_ietf_encrypt(p, &clen, p, plain, hdr, sizeof hdr,
							  NULL, nonce, key);
	} else {
		aad12(aad, seq, type, n);
		crypto_aead_chacha20poly1305_ietf_encrypt(p, &clen, p, plain, aad, sizeof aad,
							  NULL, nonce, key);
	}
	buf_put(out, hdr, sizeof hdr);
	buf_put(out, p, (size_t)clen);
	sodium_memzero(p, plain + TLS_REC_TAG);
	free(p);
	return 0;
}

int tls_rec_open_raw(enum tls_rec_version ver, const uint8_t key[32], const uint8_t iv[12],
		     uint64_t seq, const uint8_t *rec, size_t rec_len,
		     uint8_t *type, uint8_t *out, size_t *out_len)
{
	uint8_t nonce[12], aad[13];
	unsigned long long plen;

	if (rec_len < TLS_REC_HEADER + TLS_REC_TAG || rec[1] != 3 || rec[2] != 3 ||
	    get16(rec + 3) != rec_len - TLS_REC_HEADER || rec_len - TLS_REC_HEADER > TLS_REC_MAX_BODY)
		return -1;
	const uint8_t *body = rec + TLS_REC_HEADER;
	size_t blen = rec_len - TLS_REC_HEADER;
	make_nonce(nonce, iv, seq);
	if (ver == TLS_REC_13) {
		if (rec[0] != TLS_CT_APPLICATION_DATA ||
		    crypto_aead_chacha20poly1305_ietf_decrypt(out, &plen, NULL, body, blen,
							      rec, TLS_REC_HEADER, nonce, key) != 0)
			return -1;
		/* The real type is the last non-zero byte; zeros after it are padding. */
		while (plen > 0 && out[plen - 1] == 0)
			plen--;
		if (plen == 0 || plen - 1 > TLS_REC_MAX_PLAIN)
			return -1;
		*type = out[plen - 1];
		*out_len = (size_t)plen - 1;
		return 0;
	}
	if (blen - TLS_REC_TAG > TLS_REC_MAX_PLAIN)
		return -1;
	aad12(aad, seq, rec[0], blen - TLS_REC_TAG);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(out, &plen, NULL, body, blen, aad, sizeof aad,
						      nonce, key) != 0)
		return -1;
	*type = rec[0];
	*out_len = (size_t)plen;
	return 0;
}

int tls_rec_seal(struct tls_rec *r, uint8_t type, const uint8_t *in, size_t n, struct buf *out)
{
	if (!r->on || tls_rec_seal_raw(r->ver, r->key, r->iv, r->seq, type, in, n, out) < 0)
		return -1;
	r->seq++;
	return 0;
}

int tls_rec_open(struct tls_rec *r, const uint8_t *rec, size_t rec_len,
		 uint8_t *type, uint8_t *out, size_t *out_len)
{
	if (!r->on || tls_rec_open_raw(r->ver, r->key, r->iv, r->seq, rec, rec_len, type, out,
				       out_len) < 0)
		return -1;
	r->seq++;
	return 0;
}

long tls_rec_frame(const uint8_t *in, size_t n)
{
	if (n < 1)
		return 0;
	if (in[0] < TLS_CT_CHANGE_CIPHER_SPEC || in[0] > TLS_CT_APPLICATION_DATA)
		return -1;
	if (n < 2)
		return 0;
	if (in[1] != 3)
		return -1;
	if (n < TLS_REC_HEADER)
		return 0;
	size_t len = get16(in + 3);
	if (len > TLS_REC_MAX_BODY)
		return -1;
	return n < TLS_REC_HEADER + len ? 0 : (long)(TLS_REC_HEADER + len);
}
