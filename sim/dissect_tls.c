/*
 * dissect_tls: read with the bounded reader of tls_msg.h; whatever does
 * not parse ends the walk of its message with what was read so far, so a
 * malformed or attacker-changed message still shows its bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissect_cert.h"
#include "dissect_names.h"
#include "dissect_tls.h"
#include "tls_msg.h"
#include "util.h"

/* The bytes a reader consumed since at. */
#define SPAN(r, at) (at), (size_t)((r)->p - (at))

static void version_field(struct dissection *d, unsigned depth, struct tls_rd *r, const char *fmt)
{
	const uint8_t *at = r->p;
	uint16_t v;
	if (tls_rd_u16(r, &v) == 0)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		dissect_add(d, depth, SPAN(r, at), fmt, dn_version(v), v);
#pragma GCC diagnostic pop
}

/* random, then legacy_session_id: the part both hellos share. */
static int random_and_session(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	const uint8_t *rnd, *at;
	struct tls_rd sid;
	if (tls_rd_bytes(r, 32, &rnd) < 0)
		return -1;
	char *h = hex_short(rnd, 32, 8);
	dissect_add(d, depth, rnd, 32, N_("random: %s"), h);
	free(h);
	at = r->p;
	if (tls_rd_vec(r, 1, &sid) < 0)
		return -1;
	dissect_add(d, depth, SPAN(r, at), N_("session id: %zu bytes"), sid.n);
	return 0;
}

/* A list of 16-bit numbers, each a field named by fn. */
static void u16_list(struct dissection *d, unsigned depth, struct tls_rd *list,
		     const char *(*fn)(uint16_t), const char *fmt)
{
	while (list->n >= 2) {
		const uint8_t *at = list->p;
		uint16_t v;
		(void)tls_rd_u16(list, &v);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		dissect_add(d, depth, SPAN(list, at), fmt, fn(v), v);
#pragma GCC diagnostic pop
	}
}

static void ext_server_name(struct dissection *d, unsigned depth, struct tls_rd *e)
{
	struct tls_rd list, name;
	if (tls_rd_vec(e, 2, &list) < 0)
		return;
	while (list.n > 0) {
		uint8_t type;
		if (tls_rd_u8(&list, &type) < 0 || tls_rd_vec(&list, 2, &name) < 0)
			return;
		char host[TLS_NAME_MAX + 1];
		size_t n = name.n < TLS_NAME_MAX ? name.n : TLS_NAME_MAX;
		memcpy(host, name.p, n);
		host[n] = '\0';
		dissect_add(d, depth, name.p, name.n, N_("server_name: %s"), host);
	}
}

static void key_share_entry(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	const uint8_t *at = r->p;
	uint16_t group;
	struct tls_rd key;
	if (tls_rd_u16(r, &group) < 0 || tls_rd_vec(r, 2, &key) < 0)
		return;
	char *h = hex_short(key.p, key.n, 8);
	dissect_add(d, depth, SPAN(r, at), N_("key_share: %s (0x%04x), key %s"),
		    dn_group(group), group, h);
	free(h);
}

/* The fields of one extension's body; server: as a ServerHello holds it. */
static void ext_body(struct dissection *d, unsigned depth, uint16_t type, struct tls_rd *e,
		     bool server)
{
	struct tls_rd list;
	if (type == TLS_EXT_SERVER_NAME && !server)
		ext_server_name(d, depth, e);
	else if (type == TLS_EXT_SUPPORTED_VERSIONS && server)
		version_field(d, depth, e, N_("selected version: %s (0x%04x)"));
	else if (type == TLS_EXT_SUPPORTED_VERSIONS && tls_rd_vec(e, 1, &list) == 0)
		u16_list(d, depth, &list, dn_version, N_("supported version: %s (0x%04x)"));
	else if (type == TLS_EXT_SUPPORTED_GROUPS && tls_rd_vec(e, 2, &list) == 0)
		u16_list(d, depth, &list, dn_group, N_("group: %s (0x%04x)"));
	else if (type == TLS_EXT_SIGNATURE_ALGORITHMS && tls_rd_vec(e, 2, &list) == 0)
		u16_list(d, depth, &list, dn_sig_scheme, N_("signature scheme: %s (0x%04x)"));
	else if (type == TLS_EXT_KEY_SHARE && server)
		key_share_entry(d, depth, e);
	else if (type == TLS_EXT_KEY_SHARE && tls_rd_vec(e, 2, &list) == 0)
		while (list.n > 0 && !list.bad)
			key_share_entry(d, depth, &list);
}

static void extensions(struct dissection *d, unsigned depth, struct tls_rd *r, bool server)
{
	const uint8_t *at = r->p;
	struct tls_rd all;
	if (r->n == 0 || tls_rd_vec(r, 2, &all) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("extensions: %zu bytes"), all.n);
	while (all.n >= 4) {
		const uint8_t *eat = all.p;
		uint16_t type;
		struct tls_rd e;
		if (tls_rd_u16(&all, &type) < 0 || tls_rd_vec(&all, 2, &e) < 0)
			return;
		dissect_add(d, depth + 1, SPAN(&all, eat), N_("extension: %s (%u), %zu bytes"),
			    dn_extension(type), type, e.n);
		ext_body(d, depth + 2, type, &e, server);
	}
}

static void client_hello(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	struct tls_rd list;
	version_field(d, depth, r, N_("legacy version: %s (0x%04x)"));
	if (random_and_session(d, depth, r) < 0)
		return;
	const uint8_t *at = r->p;
	if (tls_rd_vec(r, 2, &list) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("cipher suites: %zu"), list.n / 2);
	u16_list(d, depth + 1, &list, dn_suite, N_("cipher suite: %s (0x%04x)"));
	at = r->p;
	if (tls_rd_vec(r, 1, &list) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("compression methods: %zu"), list.n);
	extensions(d, depth, r, false);
}

static void server_hello(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	version_field(d, depth, r, N_("legacy version: %s (0x%04x)"));
	if (random_and_session(d, depth, r) < 0)
		return;
	const uint8_t *at = r->p;
	uint16_t suite;
	uint8_t comp;
	if (tls_rd_u16(r, &suite) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("cipher suite: %s (0x%04x)"), dn_suite(suite), suite);
	at = r->p;
	if (tls_rd_u8(r, &comp) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("compression method: %u"), comp);
	extensions(d, depth, r, true);
}

/* TLS 1.3 puts a request context before the list, 1.2 does not. */
static void certificate(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	bool tls13 = r->n >= 4 && r->p[0] == 0 &&
		     ((size_t)r->p[1] << 16 | (size_t)r->p[2] << 8 | r->p[3]) == r->n - 4;
	struct tls_rd ctx, list, der, ext;
	if (tls13 && tls_rd_vec(r, 1, &ctx) < 0)
		return;
	if (tls_rd_vec(r, 3, &list) < 0)
		return;
	while (list.n > 0) {
		const uint8_t *at = list.p;
		if (tls_rd_vec(&list, 3, &der) < 0 || (tls13 && tls_rd_vec(&list, 2, &ext) < 0))
			return;
		dissect_add(d, depth, SPAN(&list, at), N_("certificate: %zu bytes"), der.n);
		dissect_cert(d, depth + 1, der.p, der.n);
	}
}

/* A vector of key or signature bytes under a label. */
static void bytes_field(struct dissection *d, unsigned depth, struct tls_rd *r, int len_bytes,
			const char *fmt)
{
	const uint8_t *at = r->p;
	struct tls_rd v;
	if (tls_rd_vec(r, len_bytes, &v) < 0)
		return;
	char *h = hex_short(v.p, v.n, 8);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	dissect_add(d, depth, SPAN(r, at), fmt, v.n, h);
#pragma GCC diagnostic pop
	free(h);
}

static void signature(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	const uint8_t *at = r->p;
	uint16_t scheme;
	if (tls_rd_u16(r, &scheme) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("signature scheme: %s (0x%04x)"),
		    dn_sig_scheme(scheme), scheme);
	bytes_field(d, depth, r, 2, N_("signature: %zu bytes, %s"));
}

static void server_key_exchange(struct dissection *d, unsigned depth, struct tls_rd *r)
{
	const uint8_t *at = r->p;
	uint8_t curve_type;
	uint16_t group;
	if (tls_rd_u8(r, &curve_type) < 0 || tls_rd_u16(r, &group) < 0)
		return;
	dissect_add(d, depth, SPAN(r, at), N_("group: %s (0x%04x)"), dn_group(group), group);
	bytes_field(d, depth, r, 1, N_("public key: %zu bytes, %s"));
	signature(d, depth, r);
}

static void message_body(struct dissection *d, unsigned depth, uint8_t type, struct tls_rd *r)
{
	const uint8_t *at = r->p;
	size_t n = r->n;
	switch (type) {
	case TLS_HS_CLIENT_HELLO: client_hello(d, depth, r); break;
	case TLS_HS_SERVER_HELLO: server_hello(d, depth, r); break;
	case TLS_HS_ENCRYPTED_EXTENSIONS: extensions(d, depth, r, true); break;
	case TLS_HS_CERTIFICATE: certificate(d, depth, r); break;
	case TLS_HS_SERVER_KEY_EXCHANGE: server_key_exchange(d, depth, r); break;
	case TLS_HS_CERTIFICATE_VERIFY: signature(d, depth, r); break;
	case TLS_HS_CLIENT_KEY_EXCHANGE: bytes_field(d, depth, r, 1, N_("public key: %zu bytes, %s")); break;
	case TLS_HS_SERVER_HELLO_DONE: break;
	case TLS_HS_FINISHED: {
		char *h = hex_short(at, n, 12);
		dissect_add(d, depth, at, n, N_("verify_data: %s"), h);
		free(h);
		break;
	}
	default: {
		char *h = hex_short(at, n, 8);
		dissect_add(d, depth, at, n, N_("content: %zu bytes, %s"), n, h);
		free(h);
	}
	}
}

void dissect_handshake(struct dissection *d, unsigned depth, const uint8_t *p, size_t n)
{
	struct tls_rd r;
	tls_rd_init(&r, p, n);
	while (r.n >= 4) {
		const uint8_t *at = r.p, *body;
		uint8_t type;
		uint32_t len;
		(void)tls_rd_u8(&r, &type);
		(void)tls_rd_u24(&r, &len);
		if (len > r.n) {
			dissect_add(d, depth, at, n - (size_t)(at - p),
				    N_("handshake: %s (%u), continues in the next record"),
				    dn_handshake(type), type);
			return;
		}
		(void)tls_rd_bytes(&r, len, &body);
		dissect_add(d, depth, SPAN(&r, at), N_("handshake: %s (%u), %u bytes"),
			    dn_handshake(type), type, len);
		struct tls_rd m;
		tls_rd_init(&m, body, len);
		message_body(d, depth + 1, type, &m);
	}
}
