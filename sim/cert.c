/* cert: canonical encoding, signing and validation of our certificates. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "util.h"

static const uint8_t magic[4] = { 'T', 'S', 'C', '1' };

int ca_new(struct ca *ca, struct arena *secrets, const char *name)
{
	memset(ca, 0, sizeof *ca);
	snprintf(ca->name, sizeof ca->name, "%s", name);
	ca->sk = arena_alloc(secrets, crypto_sign_SECRETKEYBYTES);
	return crypto_sign_keypair(ca->pk, ca->sk);
}

void ca_free(struct ca *ca)
{
	if (!ca || !ca->sk)
		return;
	sodium_memzero(ca->sk, crypto_sign_SECRETKEYBYTES);
	ca->sk = NULL;
}

/* The signed part: everything up to and including the signature algorithm. */
static size_t cert_encode_tbs(const struct cert *c, uint8_t *out)
{
	size_t n = 0, sl = strlen(c->subject), il = strlen(c->issuer);
	memcpy(out, magic, 4);
	n = 4;
	out[n++] = (uint8_t)sl;
	memcpy(out + n, c->subject, sl);
	n += sl;
	out[n++] = (uint8_t)il;
	memcpy(out + n, c->issuer, il);
	n += il;
	put64(out + n, (uint64_t)c->not_before);
	put64(out + n + 8, (uint64_t)c->not_after);
	n += 16;
	out[n++] = 1;
	memcpy(out + n, c->enc_pk, 32);
	memcpy(out + n + 32, c->sig_pk, 32);
	n += 64;
	out[n++] = 1;
	return n;
}

void cert_sign(struct cert *c, const struct ca *ca)
{
	uint8_t tbs[CERT_MAX_BYTES];
	snprintf(c->issuer, sizeof c->issuer, "%s", ca->name);
	size_t n = cert_encode_tbs(c, tbs);
	crypto_sign_detached(c->sig, NULL, tbs, n, ca->sk);
}

size_t cert_encode(const struct cert *c, uint8_t out[CERT_MAX_BYTES])
{
	size_t n = cert_encode_tbs(c, out);
	memcpy(out + n, c->sig, 64);
	return n + 64;
}

static bool subject_ok(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '-' || ch == '.'))
			return false;
	}
	return n > 0 && n <= CERT_NAME_MAX;
}

static bool issuer_ok(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return n > 0 && n <= CERT_NAME_MAX;
}

/* Reads a length-prefixed name at *pos; checks it with ok(). */
static int take_name(char *dst, const uint8_t *in, size_t len, size_t *pos,
		     bool (*ok)(const uint8_t *, size_t))
{
	if (*pos >= len)
		return -1;
	size_t n = in[(*pos)++];
	if (n > len - *pos || !ok(in + *pos, n))
		return -1;
	memcpy(dst, in + *pos, n);
	dst[n] = '\0';
	*pos += n;
	return 0;
}

int cert_decode(struct cert *c, const uint8_t *in, size_t len)
{
	size_t pos = 4;
	memset(c, 0, sizeof *c);
	if (len < 4 || memcmp(in, magic, 4) != 0)
		return -1;
	if (take_name(c->subject, in, len, &pos, subject_ok) < 0 ||
	    take_name(c->issuer, in, len, &pos, issuer_ok) < 0)
		return -1;
	/* dates, key algorithm, two keys, signature algorithm, signature */
	if (len - pos != 16 + 1 + 64 + 1 + 64)
		return -1;
	c->not_before = (int64_t)get64(in + pos);
	c->not_after = (int64_t)get64(in + pos + 8);
	pos += 16;
	if (c->not_before > c->not_after || in[pos] != 1)
		return -1;
	memcpy(c->enc_pk, in + pos + 1, 32);
	memcpy(c->sig_pk, in + pos + 33, 32);
	pos += 65;
	if (in[pos] != 1)
		return -1;
	memcpy(c->sig, in + pos + 1, 64);
	return 0;
}

void trust_store_add(struct trust_store *ts, const struct ca *ca)
{
	if (ts->n == sizeof ts->anchor / sizeof ts->anchor[0])
		return;
	snprintf(ts->anchor[ts->n].name, sizeof ts->anchor[0].name, "%s", ca->name);
	memcpy(ts->anchor[ts->n].pk, ca->pk, 32);
	ts->n++;
}

enum cert_result cert_verify(const struct cert *c, const struct trust_store *ts,
			     int64_t now, const char *expected_name,
			     struct cert_checks *checks)
{
	struct cert_checks k = { 0 };
	const uint8_t *anchor_pk = NULL;
	for (size_t i = 0; i < ts->n && !anchor_pk; i++)
		if (strcmp(ts->anchor[i].name, c->issuer) == 0)
			anchor_pk = ts->anchor[i].pk;
	k.issuer_trusted = anchor_pk != NULL;
	if (anchor_pk) {
		uint8_t tbs[CERT_MAX_BYTES];
		size_t n = cert_encode_tbs(c, tbs);
		k.signature_ok = crypto_sign_verify_detached(c->sig, tbs, n, anchor_pk) == 0;
	}
	k.started = now >= c->not_before;
	k.not_expired = now <= c->not_after;
	k.name_ok = strcmp(c->subject, expected_name) == 0;
	if (checks)
		*checks = k;
	if (!k.issuer_trusted)
		return CERT_UNKNOWN_ISSUER;
	if (!k.signature_ok)
		return CERT_BAD_SIGNATURE;
	if (!k.started)
		return CERT_NOT_YET_VALID;
	if (!k.not_expired)
		return CERT_EXPIRED;
	if (!k.name_ok)
		return CERT_NAME_MISMATCH;
	return CERT_OK;
}

const char *cert_result_str(enum cert_result r)
{
	switch (r) {
	case CERT_OK: return "ok";
	case CERT_MALFORMED: return "malformed certificate";
	case CERT_UNKNOWN_ISSUER: return "unknown issuer";
	case CERT_BAD_SIGNATURE: return "bad signature";
	case CERT_NOT_YET_VALID: return "not yet valid";
	case CERT_EXPIRED: return "expired";
	case CERT_NAME_MISMATCH: return "name mismatch";
	}
	return "?";
}

void cert_format_time(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, n, "@%lld", (long long)t);
}
