/*
 * class_chan: the classroom's secure channel and join code (see
 * class_chan.h).
 */
#include "class_chan.h"

#include <string.h>

static const uint8_t hello_magic[4] = { 'T', 'S', 'C', '1' };	/* tlssim class, v1 */
static const char code_label[] = "tlssim class join code v1";
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct class_chan {
	crypto_secretstream_xchacha20poly1305_state tx, rx;
	unsigned char rx_key[crypto_kx_SESSIONKEYBYTES];	/* until the peer's header */
	bool sending, receiving;
};

int class_keys_new(struct class_keys *k)
{
	k->sk = sodium_malloc(crypto_kx_SECRETKEYBYTES);
	if (!k->sk)
		return -1;
	crypto_kx_keypair(k->pk, k->sk);
	return 0;
}

void class_keys_free(struct class_keys *k)
{
	sodium_free(k->sk);	/* wipes it first */
	k->sk = NULL;
}

/* The 60 bits of pk's code, as twelve 5-bit values. */
static void code_digits(const unsigned char pk[CLASS_PK_BYTES], uint8_t d[CLASS_CODE_CHARS])
{
	unsigned char h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)code_label, sizeof code_label - 1);
	crypto_generichash_update(&st, pk, CLASS_PK_BYTES);
	crypto_generichash_final(&st, h, sizeof h);
	uint64_t bits = 0;
	for (int i = 0; i < 8; i++)
		bits = bits << 8 | h[i];
	for (int i = 0; i < CLASS_CODE_CHARS; i++)
		d[i] = (uint8_t)(bits >> (59 - 5 * i) & 31);
}

void class_code(const unsigned char pk[CLASS_PK_BYTES], char code[CLASS_CODE_LEN + 1])
{
	uint8_t d[CLASS_CODE_CHARS];
	size_t o = 0;
	code_digits(pk, d);
	for (int i = 0; i < CLASS_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			code[o++] = '-';
		code[o++] = crockford[d[i]];
	}
	code[o] = '\0';
}

/* The Crockford digit of a typed character, or -1. */
static int crockford_value(char ch)
{
	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	if (ch == 'O')
		ch = '0';
	if (ch == 'I' || ch == 'L')
		ch = '1';
	const char *at = ch ? strchr(crockford, ch) : NULL;
	return at ? (int)(at - crockford) : -1;
}

int class_code_read(const char *typed, char out[CLASS_CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *s = typed; *s; s++) {
		if (*s == '-' || *s == ' ')
			continue;
		int v = crockford_value(*s);
		if (v < 0 || n == CLASS_CODE_CHARS)
			return -1;
		out[n++] = crockford[v];
	}
	out[n] = '\0';
	return n == CLASS_CODE_CHARS ? 0 : -1;
}

struct class_chan *class_chan_new(void)
{
	struct class_chan *c = sodium_malloc(sizeof *c);
	if (c)
		memset(c, 0, sizeof *c);
	return c;
}

void class_chan_free(struct class_chan *c)
{
	sodium_free(c);
}

void class_chan_hello(const struct class_keys *k, uint8_t *out)
{
	memcpy(out, hello_magic, 4);
	memcpy(out + 4, k->pk, CLASS_PK_BYTES);
}

/* Whether pk is the key the typed code names (compared in constant time). */
static bool code_names(const unsigned char pk[CLASS_PK_BYTES],
		       const char want[CLASS_CODE_CHARS + 1])
{
	char code[CLASS_CODE_LEN + 1], got[CLASS_CODE_CHARS + 1];
	class_code(pk, code);
	if (class_code_read(code, got) < 0)
		return false;
	return sodium_memcmp(got, want, CLASS_CODE_CHARS) == 0;
}

enum class_join_result class_chan_join(struct class_chan *c, const uint8_t *hello, size_t n,
				       const char *typed, uint8_t *out,
				       unsigned char teacher_pk[CLASS_PK_BYTES])
{
	char want[CLASS_CODE_CHARS + 1];
	struct class_keys mine;

	if (class_code_read(typed, want) < 0)
		return CLASS_JOIN_BAD_CODE;
	if (n != CLASS_HELLO_BYTES || memcmp(hello, hello_magic, 4) != 0)
		return CLASS_JOIN_NOT_TEACHER;
	if (!code_names(hello + 4, want))
		return CLASS_JOIN_WRONG_KEY;
	memcpy(teacher_pk, hello + 4, CLASS_PK_BYTES);
	if (class_keys_new(&mine) < 0)
		return CLASS_JOIN_NOT_TEACHER;
	unsigned char *keys = sodium_malloc(2 * crypto_kx_SESSIONKEYBYTES);
	int r = keys ? crypto_kx_client_session_keys(keys, keys + crypto_kx_SESSIONKEYBYTES,
						      mine.pk, mine.sk, teacher_pk) : -1;
	if (r == 0) {
		memcpy(c->rx_key, keys, crypto_kx_SESSIONKEYBYTES);
		memcpy(out, hello_magic, 4);
		memcpy(out + 4, mine.pk, CLASS_PK_BYTES);
		crypto_secretstream_xchacha20poly1305_init_push(&c->tx, out + 4 + CLASS_PK_BYTES,
								keys + crypto_kx_SESSIONKEYBYTES);
		c->sending = true;
	}
	sodium_free(keys);
	class_keys_free(&mine);	/* the student's key is for this session only */
	return r == 0 ? CLASS_JOIN_OK : CLASS_JOIN_WRONG_KEY;
}

int class_chan_accept(struct class_chan *c, const struct class_keys *k, const uint8_t *reply,
		      size_t n, uint8_t *header)
{
	if (n != CLASS_REPLY_BYTES || memcmp(reply, hello_magic, 4) != 0 || c->sending)
		return -1;
	unsigned char *keys = sodium_malloc(2 * crypto_kx_SESSIONKEYBYTES);
	if (!keys)
		return -1;
	int r = crypto_kx_server_session_keys(keys, keys + crypto_kx_SESSIONKEYBYTES, k->pk, k->sk,
					      reply + 4);
	if (r == 0)
		r = crypto_secretstream_xchacha20poly1305_init_pull(&c->rx, reply + 4 + CLASS_PK_BYTES,
								    keys);
	if (r == 0) {
		crypto_secretstream_xchacha20poly1305_init_push(&c->tx, header,
								keys + crypto_kx_SESSIONKEYBYTES);
		c->sending = c->receiving = true;
	}
	sodium_free(keys);
	return r == 0 ? 0 : -1;
}

int class_chan_start(struct class_chan *c, const uint8_t *header, size_t n)
{
	if (n != CLASS_HEADER_BYTES || !c->sending || c->receiving)
		return -1;
	int r = crypto_secretstream_xchacha20poly1305_init_pull(&c->rx, header, c->rx_key);
	sodium_memzero(c->rx_key, sizeof c->rx_key);
	if (r != 0)
		return -1;
	c->receiving = true;
	return 0;
}

int class_chan_seal(struct class_chan *c, const uint8_t *m, size_t n, uint8_t *out, size_t cap)
{
	if (!c->sending || n > cap || cap - n < CLASS_SEAL_BYTES || n > INT32_MAX / 2)
		return -1;
	unsigned long long len;
	crypto_secretstream_xchacha20poly1305_push(&c->tx, out, &len, m, n, NULL, 0,
						   crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	return (int)len;
}

int class_chan_open(struct class_chan *c, const uint8_t *r, size_t n, uint8_t *out, size_t cap)
{
	unsigned long long len;
	unsigned char tag;
	if (!c->receiving || n < CLASS_SEAL_BYTES || n - CLASS_SEAL_BYTES > cap || n > INT32_MAX / 2)
		return -1;
	if (crypto_secretstream_xchacha20poly1305_pull(&c->rx, out, &len, &tag, r, n, NULL, 0) != 0 ||
	    tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		return -1;
	return (int)len;
}
