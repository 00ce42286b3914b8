/*
 * tls_msg: bounded reading and vector writing of TLS handshake bytes, and
 * the hello extensions both versions share (see tls_msg.h).
 */
#include <string.h>

#include "tls_msg.h"

void tls_rd_init(struct tls_rd *r, const uint8_t *p, size_t n)
{
	r->p = p;
	r->n = n;
	r->bad = false;
}

int tls_rd_bytes(struct tls_rd *r, size_t n, const uint8_t **p)
{
	if (r->bad || n > r->n) {
		r->bad = true;
		return -1;
	}
	*p = r->p;
	r->p += n;
	r->n -= n;
	return 0;
}

static int rd_uint(struct tls_rd *r, int len, uint32_t *v)
{
	const uint8_t *p;
	if (tls_rd_bytes(r, (size_t)len, &p) < 0) {
		*v = 0;
		return -1;
	}
	*v = 0;
	for (int i = 0; i < len; i++)
		*v = *v << 8 | p[i];
	return 0;
}

int tls_rd_u8(struct tls_rd *r, uint8_t *v)
{
	uint32_t x;
	int rc = rd_uint(r, 1, &x);
	*v = (uint8_t)x;
	return rc;
}

int tls_rd_u16(struct tls_rd *r, uint16_t *v)
{
	uint32_t x;
	int rc = rd_uint(r, 2, &x);
	*v = (uint16_t)x;
	return rc;
}

int tls_rd_u24(struct tls_rd *r, uint32_t *v)
{
	return rd_uint(r, 3, v);
}

int tls_rd_copy(struct tls_rd *r, void *dst, size_t n)
{
	const uint8_t *p;
	if (tls_rd_bytes(r, n, &p) < 0)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

int tls_rd_vec(struct tls_rd *r, int len_bytes, struct tls_rd *sub)
{
	uint32_t len;
	const uint8_t *p = NULL;
	tls_rd_init(sub, NULL, 0);
	if (len_bytes < 1 || len_bytes > 3 || rd_uint(r, len_bytes, &len) < 0 ||
	    tls_rd_bytes(r, len, &p) < 0) {
		r->bad = sub->bad = true;
		return -1;
	}
	tls_rd_init(sub, p, len);
	return 0;
}

int tls_rd_done(const struct tls_rd *r)
{
	return r->bad || r->n != 0 ? -1 : 0;
}

size_t tls_wr_begin(struct buf *b, int len_bytes)
{
	size_t at = b->len;
	for (int i = 0; i < len_bytes; i++)
		buf_put8(b, 0);
	return at;
}

int tls_wr_end(struct buf *b, size_t at, int len_bytes)
{
	size_t len = b->len - at - (size_t)len_bytes;
	if (len >> (8 * len_bytes))
		return -1;
	for (int i = 0; i < len_bytes; i++)
		b->p[at + (size_t)i] = (uint8_t)(len >> (8 * (len_bytes - 1 - i)));
	return 0;
}

size_t tls_msg_begin(struct buf *b, uint8_t type)
{
	buf_put8(b, type);
	return tls_wr_begin(b, 3);
}

int tls_msg_end(struct buf *b, size_t at)
{
	return tls_wr_end(b, at, 3);
}

int tls_msg_next(const uint8_t *in, size_t n, size_t max_len, uint8_t *type,
		 const uint8_t **body, size_t *body_len, size_t *total)
{
	if (n < 4)
		return 0;
	size_t len = get24(in + 1);
	if (len > max_len)
		return -1;
	if (n - 4 < len)
		return 0;
	*type = in[0];
	*body = in + 4;
	*body_len = len;
	*total = 4 + len;
	return 1;
}

static size_t ext_begin(struct buf *b, uint16_t type)
{
	buf_put16(b, type);
	return tls_wr_begin(b, 2);
}

/* Our own extensions are short constants or a checked host name: they fit. */
static void ext_end(struct buf *b, size_t at)
{
	if (tls_wr_end(b, at, 2) < 0)
		b->p[at] = b->p[at + 1] = 0xff;
}

void tls_ext_put_server_name(struct buf *b, const char *name)
{
	size_t nl = strnlen(name, TLS_NAME_MAX);
	size_t at = ext_begin(b, TLS_EXT_SERVER_NAME);
	buf_put16(b, (uint16_t)(nl + 3));	/* server_name_list */
	buf_put8(b, 0);				/* host_name */
	buf_put16(b, (uint16_t)nl);
	buf_put(b, name, nl);
	ext_end(b, at);
}

void tls_ext_put_supported_groups(struct buf *b)
{
	size_t at = ext_begin(b, TLS_EXT_SUPPORTED_GROUPS);
	buf_put16(b, 2);
	buf_put16(b, TLS_GROUP_X25519);
	ext_end(b, at);
}

void tls_ext_put_signature_algorithms(struct buf *b)
{
	size_t at = ext_begin(b, TLS_EXT_SIGNATURE_ALGORITHMS);
	buf_put16(b, 2);
	buf_put16(b, TLS_SIG_ED25519);
	ext_end(b, at);
}

void tls_ext_put_ec_point_formats(struct buf *b)
{
	size_t at = ext_begin(b, TLS_EXT_EC_POINT_FORMATS);
	buf_put8(b, 1);
	buf_put8(b, 0);		/* uncompressed */
	ext_end(b, at);
}

void tls_ext_put_empty(struct buf *b, uint16_t type)
{
	buf_put16(b, type);
	buf_put16(b, 0);
}

void tls_ext_put_renegotiation_info(struct buf *b)
{
	size_t at = ext_begin(b, TLS_EXT_RENEGOTIATION_INFO);
	buf_put8(b, 0);		/* renegotiated_connection<0..255>, empty */
	ext_end(b, at);
}

static int parse_server_name(struct tls_rd *d, struct tls_hello_exts *e)
{
	struct tls_rd list, name;
	uint8_t kind;
	if (tls_rd_vec(d, 2, &list) < 0)
		return -1;
	/* Only host_name exists; take the first and require the list to be well-formed. */
	while (list.n > 0) {
		if (tls_rd_u8(&list, &kind) < 0 || tls_rd_vec(&list, 2, &name) < 0)
			return -1;
		if (kind == 0 && !e->has_server_name) {
			if (name.n == 0 || name.n > TLS_NAME_MAX || memchr(name.p, 0, name.n))
				return -1;
			memcpy(e->server_name, name.p, name.n);
			e->server_name[name.n] = '\0';
			e->has_server_name = true;
		}
	}
	return 0;
}

static int parse_u16_list(struct tls_rd *d, uint16_t want, bool *found)
{
	struct tls_rd list;
	uint16_t v;
	if (tls_rd_vec(d, 2, &list) < 0 || list.n % 2 || list.n == 0)
		return -1;
	while (list.n > 0) {
		(void)tls_rd_u16(&list, &v);
		if (v == want)
			*found = true;
	}
	return 0;
}

static int parse_key_share(struct tls_rd *d, bool server, struct tls_hello_exts *e)
{
	struct tls_rd list, share;
	uint16_t group;

	if (server) {
		/* ServerHello: one KeyShareEntry; HelloRetryRequest: a bare group. */
		if (d->n == 2)
			return tls_rd_u16(d, &e->hrr_group);
		list = *d;
		d->n = 0;
	} else if (tls_rd_vec(d, 2, &list) < 0) {
		return -1;
	}
	while (list.n > 0) {
		if (tls_rd_u16(&list, &group) < 0 || tls_rd_vec(&list, 2, &share) < 0)
			return -1;
		if (group == TLS_GROUP_X25519 && !e->x25519_share) {
			if (share.n != 32)
				return -1;
			memcpy(e->key_share, share.p, 32);
			e->x25519_share = true;
		}
	}
	return 0;
}

/* A 1-byte-length list of bytes; *seen when it holds want.  -1 when empty. */
static int parse_u8_list(struct tls_rd *d, uint8_t want, bool *seen)
{
	struct tls_rd v;
	uint8_t x;
	if (tls_rd_vec(d, 1, &v) < 0 || v.n == 0)
		return -1;
	while (v.n > 0)
		if (tls_rd_u8(&v, &x) == 0 && x == want)
			*seen = true;
	return 0;
}

/* supported_versions: the server's choice, or the client's list. */
static int parse_versions(struct tls_rd *d, bool server, struct tls_hello_exts *e)
{
	struct tls_rd v;
	e->has_versions = true;
	if (server) {
		if (tls_rd_u16(d, &e->selected_version) < 0)
			return -1;
		e->tls13 = e->selected_version == TLS_VERSION_13;
		return 0;
	}
	if (tls_rd_vec(d, 1, &v) < 0 || v.n % 2 || v.n == 0)
		return -1;
	while (v.n > 0) {
		uint16_t ver;
		if (tls_rd_u16(&v, &ver) == 0 && ver == TLS_VERSION_13)
			e->tls13 = true;
	}
	return 0;
}

/* One extension's body; -1 when malformed. */
static int parse_one(uint16_t type, struct tls_rd *d, bool server, struct tls_hello_exts *e)
{
	struct tls_rd v;

	switch (type) {
	case TLS_EXT_SERVER_NAME:
		/* A server acknowledges with an empty extension. */
		if (d->n == 0)
			return 0;
		return parse_server_name(d, e);
	case TLS_EXT_SUPPORTED_GROUPS:
		e->has_groups = true;
		return parse_u16_list(d, TLS_GROUP_X25519, &e->x25519);
	case TLS_EXT_SIGNATURE_ALGORITHMS:
		e->has_sig_algs = true;
		return parse_u16_list(d, TLS_SIG_ED25519, &e->ed25519);
	case TLS_EXT_EC_POINT_FORMATS:
		e->has_point_formats = true;
		return parse_u8_list(d, 0, &e->uncompressed);
	case TLS_EXT_EXTENDED_MASTER_SECRET:
		e->ems = true;
		return d->n == 0 ? 0 : -1;
	case TLS_EXT_ENCRYPT_THEN_MAC:
		e->encrypt_then_mac = true;
		return d->n == 0 ? 0 : -1;
	case TLS_EXT_SESSION_TICKET:
		e->session_ticket = true;
		d->n = 0;	/* a ticket we never redeem */
		return 0;
	case TLS_EXT_RENEGOTIATION_INFO:
		e->has_reneg_info = true;
		if (tls_rd_vec(d, 1, &v) < 0)
			return -1;
		e->reneg_info_empty = v.n == 0;
		return 0;
	case TLS_EXT_SUPPORTED_VERSIONS:
		return parse_versions(d, server, e);
	case TLS_EXT_PSK_KEY_EXCHANGE_MODES:
		e->has_psk_modes = true;
		return parse_u8_list(d, 1, &e->psk_dhe_ke);
	case TLS_EXT_KEY_SHARE:
		e->has_key_share = true;
		return parse_key_share(d, server, e);
	default:
		d->n = 0;
		return 0;
	}
}

int tls_ext_parse(const uint8_t *p, size_t n, bool server, struct tls_hello_exts *e)
{
	struct tls_rd r, body;
	uint16_t type;
	/* Types seen, to refuse repeats; the few above 255 we know share a bit. */
	uint8_t seen[64] = { 0 };

	memset(e, 0, sizeof *e);
	tls_rd_init(&r, p, n);
	while (r.n > 0) {
		if (tls_rd_u16(&r, &type) < 0 || tls_rd_vec(&r, 2, &body) < 0)
			return -1;
		unsigned bit = type < 511 ? type : 511;
		if (type < 511 || type == TLS_EXT_RENEGOTIATION_INFO) {
			if (seen[bit / 8] & (1u << (bit % 8)))
				return -1;
			seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
		}
		if (parse_one(type, &body, server, e) < 0 || tls_rd_done(&body) < 0)
			return -1;
	}
	return 0;
}

int tls_client_hello_parse(const uint8_t *body, size_t len, struct tls_client_hello *ch)
{
	struct tls_rd r, v;

	memset(ch, 0, sizeof *ch);
	tls_rd_init(&r, body, len);
	(void)tls_rd_u16(&r, &ch->version);
	if (tls_rd_bytes(&r, 32, &ch->random) < 0 || tls_rd_vec(&r, 1, &v) < 0 || v.n > 32)
		return -1;
	ch->session_id = v.p;
	ch->session_id_len = v.n;
	if (tls_rd_vec(&r, 2, &v) < 0 || v.n == 0 || v.n % 2)
		return -1;
	ch->suites = v.p;
	ch->suites_len = v.n;
	if (tls_rd_vec(&r, 1, &v) < 0 || v.n == 0)
		return -1;
	ch->null_compression = memchr(v.p, 0, v.n) != NULL;
	if (r.n == 0)
		return 0;	/* no extensions at all */
	if (tls_rd_vec(&r, 2, &v) < 0 || tls_rd_done(&r) < 0)
		return -1;
	ch->exts = v.p;
	ch->exts_len = v.n;
	return 0;
}

bool tls_client_hello_has_suite(const struct tls_client_hello *ch, uint16_t suite)
{
	for (size_t i = 0; i + 1 < ch->suites_len; i += 2)
		if (get16(ch->suites + i) == suite)
			return true;
	return false;
}
