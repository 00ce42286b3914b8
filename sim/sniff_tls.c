/*
 * sniff_tls: TLS records and handshake messages, as Wireshark shows them.
 *
 * The ClientHello is in clear in every version: the server name, the
 * cipher suites and groups offered, and in TLS 1.3 the client's key share.
 * The ServerHello says which version and suite were chosen.  From there
 * TLS 1.3 encrypts everything (the outer record type is always 23 and the
 * ChangeCipherSpec is only for middleboxes), while TLS 1.2 and the classic
 * model still show the certificate, the key exchange messages, and switch
 * at ChangeCipherSpec.
 *
 * A link whose ClientHello has the older classic shape (only the private
 * suites, no supported_groups) is reported as it always was.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake.h"
#include "record.h"
#include "sniff_impl.h"
#include "tls12.h"
#include "tls13.h"
#include "tls_msg.h"

const char *sn_hs_name(uint8_t type)
{
	switch (type) {
	case TLS_HS_CLIENT_HELLO: return "ClientHello";
	case TLS_HS_SERVER_HELLO: return "ServerHello";
	case TLS_HS_NEW_SESSION_TICKET: return "NewSessionTicket";
	case TLS_HS_ENCRYPTED_EXTENSIONS: return "EncryptedExtensions";
	case TLS_HS_CERTIFICATE: return "Certificate";
	case TLS_HS_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
	case TLS_HS_CERTIFICATE_REQUEST: return "CertificateRequest";
	case TLS_HS_SERVER_HELLO_DONE: return "ServerHelloDone";
	case TLS_HS_CERTIFICATE_VERIFY: return "CertificateVerify";
	case TLS_HS_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
	case TLS_HS_FINISHED: return "Finished";
	case TLS_HS_KEY_UPDATE: return "KeyUpdate";
	}
	return "unknown";
}

/* IANA names of the suites one meets; the rest as Wireshark's hex. */
static void put_suite(struct buf *b, uint16_t s)
{
	static const struct { uint16_t n; const char *name; } t[] = {
		{ 0x1301, "TLS_AES_128_GCM_SHA256" },
		{ 0x1302, "TLS_AES_256_GCM_SHA384" },
		{ 0x1303, "TLS_CHACHA20_POLY1305_SHA256" },
		{ 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
		{ 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" },
		{ 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
		{ 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" },
		{ 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
		{ 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" },
		{ 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256" },
		{ 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384" },
		{ 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA" },
		{ 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA" },
		{ 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].n == s) {
			buf_put(b, t[i].name, strlen(t[i].name));
			return;
		}
	char hex[8];
	snprintf(hex, sizeof hex, "0x%04x", s);
	buf_put(b, hex, strlen(hex));
}

static void put_group(struct buf *b, uint16_t g)
{
	static const struct { uint16_t n; const char *name; } t[] = {
		{ 0x0017, "secp256r1" }, { 0x0018, "secp384r1" }, { 0x0019, "secp521r1" },
		{ 0x001d, "x25519" }, { 0x001e, "x448" }, { 0x0100, "ffdhe2048" },
		{ 0x0101, "ffdhe3072" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].n == g) {
			buf_put(b, t[i].name, strlen(t[i].name));
			return;
		}
	char hex[8];
	snprintf(hex, sizeof hex, "0x%04x", g);
	buf_put(b, hex, strlen(hex));
}

static void put_version(struct buf *b, uint16_t v)
{
	char s[16];
	if (v >= 0x0301 && v <= 0x0304)
		snprintf(s, sizeof s, "TLS 1.%u", v - 0x0301);
	else
		snprintf(s, sizeof s, "0x%04x", v);
	buf_put(b, s, strlen(s));
}

/* A list item: ", " before all but the first; the list ends with a NUL added by list_end. */
static void list_sep(struct buf *b)
{
	if (b->len > 0)
		buf_put(b, ", ", 2);
}

static const char *list_end(struct buf *b)
{
	buf_put8(b, 0);
	b->len--;
	return (const char *)b->p;
}

/* What a ClientHello's extensions show, read leniently (a malformed one ends the walk). */
struct ch_info {
	bool has_groups, has_versions, has_share;
	struct buf groups, versions;
	uint8_t share[32];
};

static void ch_group_list(struct tls_rd *body, struct buf *out, int len_bytes, size_t item)
{
	struct tls_rd list;
	uint16_t v;
	if (tls_rd_vec(body, len_bytes, &list) < 0)
		return;
	while (list.n >= item && tls_rd_u16(&list, &v) == 0) {
		list_sep(out);
		if (item == 2 && len_bytes == 2)
			put_group(out, v);
		else
			put_version(out, v);
	}
}

static void ch_key_share(struct tls_rd *body, struct ch_info *ci)
{
	struct tls_rd list, key;
	uint16_t group;
	if (tls_rd_vec(body, 2, &list) < 0)
		return;
	while (list.n > 0 && tls_rd_u16(&list, &group) == 0 && tls_rd_vec(&list, 2, &key) == 0)
		if (group == TLS_GROUP_X25519 && key.n == 32 && !ci->has_share) {
			memcpy(ci->share, key.p, 32);
			ci->has_share = true;
		}
}

static void ch_extensions(const uint8_t *p, size_t n, struct ch_info *ci)
{
	struct tls_rd r, body;
	uint16_t type;
	tls_rd_init(&r, p, n);
	while (r.n > 0 && tls_rd_u16(&r, &type) == 0 && tls_rd_vec(&r, 2, &body) == 0) {
		if (type == TLS_EXT_SUPPORTED_GROUPS && !ci->has_groups) {
			ci->has_groups = true;
			ch_group_list(&body, &ci->groups, 2, 2);
		} else if (type == TLS_EXT_SUPPORTED_VERSIONS && !ci->has_versions) {
			ci->has_versions = true;
			ch_group_list(&body, &ci->versions, 1, 2);
		} else if (type == TLS_EXT_KEY_SHARE) {
			ch_key_share(&body, ci);
		}
	}
}

static void say_offers(struct sniff *sn, enum wire_dir dir, int frame,
		       const struct tls_client_hello *ch, struct ch_info *ci)
{
	struct buf s = { 0 };
	for (size_t i = 0; i + 1 < ch->suites_len; i += 2) {
		list_sep(&s);
		put_suite(&s, get16(ch->suites + i));
	}
	sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ClientHello offers cipher suites %s"),
		list_end(&s));
	buf_free(&s);
	if (ci->has_groups)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ClientHello offers groups %s"),
			list_end(&ci->groups));
	if (ci->has_versions)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ClientHello offers versions %s"),
			list_end(&ci->versions));
	if (ci->has_share) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("TLS ClientHello already carries an X25519 key share (TLS 1.3)"));
		sn_say_hex(sn, FACT_KEY, dir, frame, N_("client key share"), ci->share, 32);
	}
}

static void read_client_hello(struct sniff *sn, struct sniff_link *l, enum wire_dir dir,
			      int frame, const uint8_t *b, size_t n)
{
	struct tls_client_hello ch;
	struct ch_info ci = { 0 };
	char name[TLS_NAME_MAX + 1];
	bool parsed = tls_client_hello_parse(b, n, &ch) == 0;
	if (parsed) {
		ch_extensions(ch.exts, ch.exts_len, &ci);
		memcpy(l->client_random, ch.random, 32);
		l->have_client_random = true;
	}
	l->legacy = !parsed;
	if (hs_parse_sni(b, n, name, sizeof name) == 0) {
		/* the name is whatever bytes the client sent */
		char *shown = text_printable((const uint8_t *)name, strlen(name));
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ClientHello asks for server name %s"),
			shown);
		sn_say(sn, FACT_INFO, dir, frame, N_("server name"), shown);
		free(shown);
	} else if (l->legacy) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s, %zu bytes"), "ClientHello", n);
	} else {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ClientHello without a server name"));
	}
	if (!l->legacy)
		say_offers(sn, dir, frame, &ch, &ci);
	if (ci.has_share)
		l->have_share = true;
	buf_free(&ci.groups);
	buf_free(&ci.versions);
}

/* A ServerHello's supported_versions and key_share (the server's shapes). */
static void sh_extensions(struct tls_rd *exts, uint16_t *version, const uint8_t **share)
{
	struct tls_rd body, key;
	uint16_t type, v, group;
	while (exts->n > 0 && tls_rd_u16(exts, &type) == 0 && tls_rd_vec(exts, 2, &body) == 0) {
		if (type == TLS_EXT_SUPPORTED_VERSIONS && tls_rd_u16(&body, &v) == 0)
			*version = v;
		else if (type == TLS_EXT_KEY_SHARE && tls_rd_u16(&body, &group) == 0 &&
			 tls_rd_vec(&body, 2, &key) == 0 && group == TLS_GROUP_X25519 && key.n == 32)
			*share = key.p;
	}
}

static enum sniff_ver version_of(uint16_t version, uint16_t suite)
{
	if (version == TLS_VERSION_13)
		return SV_TLS13;
	if (suite == HS_SUITE_CLASSIC)
		return SV_CLASSIC;
	return SV_TLS12;
}

static void say_server_hello(struct sniff *sn, struct sniff_link *l, enum wire_dir dir,
			     int frame, uint16_t version, const uint8_t *share)
{
	struct buf v = { 0 }, s = { 0 };
	put_version(&v, version);
	put_suite(&s, l->suite);
	sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ServerHello: %s, cipher suite %s"),
		list_end(&v), list_end(&s));
	sn_say(sn, FACT_INFO, dir, frame, N_("TLS version"), list_end(&v));
	sn_say(sn, FACT_INFO, dir, frame, N_("cipher suite"), list_end(&s));
	buf_free(&v);
	buf_free(&s);
	if (l->ver == SV_TLS13) {
		if (share) {
			sn_say_hex(sn, FACT_KEY, dir, frame, N_("server key share"), share, 32);
			l->have_share = true;
		}
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("TLS 1.3: every record after the ServerHello is encrypted: the "
			   "certificate and the rest of the handshake are not seen"));
	} else if (l->ver == SV_CLASSIC) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("TLS cipher suite 0xffa1 is the classic key transport: the session key will "
			   "cross the wire sealed to the certificate's key"));
	}
}

static void read_server_hello(struct sniff *sn, struct sniff_link *l, enum wire_dir dir,
			      int frame, const uint8_t *b, size_t n)
{
	struct tls_rd r, sid, exts = { 0 };
	uint16_t version = 0, suite = 0;
	uint8_t comp;
	const uint8_t *share = NULL;
	tls_rd_init(&r, b, n);
	tls_rd_u16(&r, &version);
	tls_rd_copy(&r, l->server_random, 32);
	tls_rd_vec(&r, 1, &sid);
	tls_rd_u16(&r, &suite);
	tls_rd_u8(&r, &comp);
	if (r.n > 0)
		tls_rd_vec(&r, 2, &exts);
	if (tls_rd_done(&r) < 0 || sid.n > 32) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s, %zu bytes"), "ServerHello", n);
		return;
	}
	sh_extensions(&exts, &version, &share);
	l->have_server_random = true;
	l->suite = suite;
	l->ver = version_of(version, suite);
	if (l->legacy)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s, %zu bytes"), "ServerHello", n);
	else
		say_server_hello(sn, l, dir, frame, version, share);
}

static const char *sig_name(uint16_t scheme, char *buf, size_t n)
{
	if (scheme == TLS_SIG_ED25519)
		return "Ed25519";
	snprintf(buf, n, "0x%04x", scheme);
	return buf;
}

/* TLS 1.2: curve type 3 (named_curve), group, share, signature scheme, signature. */
static int read_ske12(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		      const uint8_t *b, size_t n)
{
	struct tls_rd r, point, sig;
	uint8_t curve_type = 0;
	uint16_t group = 0, scheme = 0;
	char sbuf[8];
	tls_rd_init(&r, b, n);
	tls_rd_u8(&r, &curve_type);
	tls_rd_u16(&r, &group);
	tls_rd_vec(&r, 1, &point);
	tls_rd_u16(&r, &scheme);
	tls_rd_vec(&r, 2, &sig);
	if (tls_rd_done(&r) < 0 || curve_type != 3 || point.n == 0)
		return -1;
	struct buf g = { 0 };
	put_group(&g, group);
	sn_sayf(sn, FACT_CLEAR, dir, frame, "",
		N_("TLS ServerKeyExchange: named curve %s, the server's ephemeral share, signed with %s"),
		list_end(&g), sig_name(scheme, sbuf, sizeof sbuf));
	buf_free(&g);
	sn_say_hex(sn, FACT_KEY, dir, frame, N_("server key share"), point.p, point.n);
	l->have_share = true;
	return 0;
}

static int read_ske(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		    const uint8_t *b, size_t n)
{
	if (n == 96 && l->ver != SV_TLS12) {	/* the older model: share and signature */
		sn_say_hex(sn, FACT_KEY, dir, frame, N_("server ephemeral share"), b, 32);
		l->have_share = true;
		return 0;
	}
	return read_ske12(sn, l, dir, frame, b, n);
}

static int read_cke(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		    const uint8_t *b, size_t n)
{
	if (n == 2 + HS_SEALED_LEN && get16(b) == HS_SEALED_LEN && l->ver != SV_TLS12 &&
	    l->ver != SV_TLS13) {
		memcpy(l->sealed, b + 2, HS_SEALED_LEN);
		l->have_sealed = true;
		/* The frame's line first, then what it carries: the list
		 * reads in wire order, and the hex view shows the frame
		 * under its own line. */
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("TLS ClientKeyExchange: the wrapped session key, an 80-byte sealed box"));
		sn_say_hex(sn, FACT_KEY, dir, frame, N_("wrapped session key"), l->sealed,
			   HS_SEALED_LEN);
		if (sn->have_stolen)
			sn_open_sealed(sn, l, dir, frame);
		return 0;
	}
	if (n == 33 && b[0] == 32) {
		if (l->ver == SV_TLS12) {
			sn_sayf(sn, FACT_CLEAR, dir, frame, "",
				N_("TLS ClientKeyExchange: the client's ephemeral X25519 share"));
			sn_say_hex(sn, FACT_KEY, dir, frame, N_("client key share"), b + 1, 32);
		} else {
			sn_say_hex(sn, FACT_KEY, dir, frame, N_("client ephemeral share"), b + 1, 32);
		}
		l->have_share = true;
		return 0;
	}
	return -1;
}

/* One whole handshake message, from a clear record or a decrypted one. */
static void read_message(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			 uint8_t type, const uint8_t *b, size_t n, bool decrypted)
{
	int done = -1;
	if (type == TLS_HS_CLIENT_HELLO && !decrypted) {
		read_client_hello(sn, l, dir, frame, b, n);
		return;
	}
	if (type == TLS_HS_SERVER_HELLO && !decrypted) {
		read_server_hello(sn, l, dir, frame, b, n);
		return;
	}
	if (type == TLS_HS_CERTIFICATE) {
		sn_read_certificate(sn, l, dir, frame, b, n, decrypted);
		return;
	}
	if (type == TLS_HS_SERVER_KEY_EXCHANGE && !decrypted)
		done = read_ske(sn, l, dir, frame, b, n);
	else if (type == TLS_HS_CLIENT_KEY_EXCHANGE && !decrypted)
		done = read_cke(sn, l, dir, frame, b, n);
	if (done == 0)
		return;
	if (decrypted)
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("decrypted TLS %s"), sn_hs_name(type));
	else
		sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s, %zu bytes"), sn_hs_name(type), n);
	if (decrypted && type == TLS_HS_FINISHED && l->ver == SV_TLS13)
		l->next_epoch[dir == WIRE_C2S ? 0 : 1] = true;
}

void sn_handshake_bytes(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
			const uint8_t *p, size_t n, bool decrypted)
{
	int d = dir == WIRE_C2S ? 0 : 1;
	struct buf *b = &l->hs[d];
	if (l->hs_protected[d] != decrypted) {
		if (b->len)
			sodium_memzero(b->p, b->len);
		b->len = 0;
		l->hs_protected[d] = decrypted;
	}
	buf_put(b, p, n);
	size_t at = 0;
	for (;;) {
		uint8_t type;
		const uint8_t *body;
		size_t blen, total;
		int r = tls_msg_next(b->p + at, b->len - at, SNIFF_MAX_HS, &type, &body, &blen,
				     &total);
		if (r < 0) {
			sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("malformed TLS handshake record"));
			at = b->len;
		}
		if (r <= 0)
			break;
		read_message(sn, l, dir, frame, type, body, blen, decrypted);
		at += total;
	}
	memmove(b->p, b->p + at, b->len - at);
	b->len -= at;
}

static void read_ccs(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame)
{
	int d = dir == WIRE_C2S ? 0 : 1;
	if (l->ver == SV_TLS13) {
		sn_sayf(sn, FACT_CLEAR, dir, frame, "",
			N_("TLS ChangeCipherSpec: middlebox compatibility, carries nothing"));
		return;
	}
	l->encrypted[d] = true;
	l->seq[d] = 0;
	l->hs[d].len = 0;
	sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS ChangeCipherSpec: encrypted from here on"));
}

void sn_read_records(struct sniff *sn, struct sniff_link *l, enum wire_dir dir, int frame,
		     const uint8_t *p, size_t n)
{
	int d = dir == WIRE_C2S ? 0 : 1;
	uint8_t type;
	const uint8_t *body;
	size_t blen, total;
	while (n > 0 && rec_parse(p, n, &type, &body, &blen, &total) == 0) {
		if (type == REC_CHANGE_CIPHER_SPEC) {
			read_ccs(sn, l, dir, frame);
		} else if (l->encrypted[d] ||
			   (l->ver == SV_TLS13 && type == REC_APPLICATION_DATA)) {
			char *hex = hex_short(body, blen, 6);
			sn_sayf(sn, FACT_CIPHER, dir, frame, "", N_("[%u] %zu bytes, unreadable: %s"),
				type, blen, hex);
			free(hex);
			l->encrypted[d] = true;
			sn_open_record(sn, l, dir, frame, p, total);
		} else if (type == REC_HANDSHAKE) {
			sn_handshake_bytes(sn, l, dir, frame, body, blen, false);
		} else if (type == REC_ALERT) {	/* its own message id: "alert" is translated */
			sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS alert in clear, %zu bytes"), blen);
		} else {
			sn_sayf(sn, FACT_CLEAR, dir, frame, "", N_("TLS %s in clear, %zu bytes"),
				rec_type_name(type), blen);
		}
		p += total;
		n -= total;
	}
}
