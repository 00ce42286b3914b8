/*
 * test_relay: how the relay protects (or fails to protect) hop B under
 * each policy of --hop-b, with the attacker on either hop (--attack-hop):
 * opportunistic TLS delivers to a forger and falls back to clear when
 * STARTTLS is stripped; MTA-STS and DANE defer instead, and nothing of the
 * message reaches the attacker.  Every case in every TLS version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "rng.h"
#include "runner.h"
#include "timeline.h"
#include "x509.h"

#define SUBJECT "Subject: Tea party on Saturday"
#define LINK_B 2
#define LINK_HTTPS 3

static const enum tls_version versions[] = { TLS_CLASSIC, TLS_12, TLS_13 };

static struct timeline *relay(enum tls_version v, enum hop_b_policy hop, unsigned attacks,
			      enum attack_hop where)
{
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, "relay"), 0);
	sc.seeded = true;
	sc.seed = 7;
	sc.tls = v;
	sc.hop_b = hop;
	sc.attacks = attacks;
	sc.attack_hop = where;
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	return tl;
}

static bool has_event(const struct timeline *tl, const char *name)
{
	return timeline_find(tl, name) >= 0;
}

static bool knows(const struct timeline *tl, enum party p, const char *text)
{
	for (size_t i = 0; i < tl->n_facts[p]; i++)
		if (strstr(tl->facts[p][i].value, text))
			return true;
	return false;
}

/* The sniffer read it in clear on the wire (not what the forger decrypted). */
static bool read_in_clear(const struct timeline *tl, const char *text)
{
	for (size_t i = 0; i < tl->n_facts[PARTY_SNIFFER]; i++) {
		const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
		if (f->kind == FACT_CLEAR && f->label[0] == '\0' && strstr(f->value, text))
			return true;
	}
	return false;
}

/* A frame of the link holds these bytes (clear text on the wire). */
static bool on_wire(const struct timeline *tl, unsigned link, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < tl->n_frames; i++) {
		const struct wire_frame *f = &tl->frames[i];
		for (size_t j = 0; f->link == link && j + n <= f->len; j++)
			if (memcmp(f->bytes + j, text, n) == 0)
				return true;
	}
	return false;
}

/* The sender kept the message: deferred, and nothing of it crossed hop B. */
static void assert_deferred(const struct timeline *tl)
{
	assert_true(has_event(tl, "b-deferred"));
	assert_true(knows(tl, PARTY_CLIENT, "delivery deferred (4xx), the message stays queued"));
	assert_false(has_event(tl, "b-data"));
	assert_false(has_event(tl, "b-message"));
	assert_false(on_wire(tl, LINK_B, "DATA\r\n"));
	assert_false(knows(tl, PARTY_SNIFFER, SUBJECT));
	assert_false(on_wire(tl, LINK_B, SUBJECT));
	assert_true(has_event(tl, "message"));	/* hop A delivered it to the sender */
}

static void assert_delivered(const struct timeline *tl)
{
	assert_false(has_event(tl, "b-deferred"));
	assert_true(has_event(tl, "b-message"));
	assert_int_equal(tl->outcome, 0);
}

static void test_forge_on_hop_b(void **state)
{
	(void)state;
	for (size_t v = 0; v < 3; v++) {
		/* opportunistic: the forger is taken for the MX and reads the message */
		struct timeline *tl = relay(versions[v], HOP_B_OPPORTUNISTIC, ATTACK_FORGE, ATTACK_HOP_B);
		assert_delivered(tl);
		assert_true(knows(tl, PARTY_SNIFFER, "the attacker sits on hop B"));
		assert_true(knows(tl, PARTY_SNIFFER, SUBJECT));
		assert_false(on_wire(tl, LINK_B, SUBJECT));	/* it crossed encrypted, to the forger */
		assert_true(knows(tl, PARTY_CLIENT, "opportunistic TLS authenticates no one"));
		assert_true(knows(tl, PARTY_SERVER, "never reached this server"));
		timeline_free(tl);

		tl = relay(versions[v], HOP_B_MTA_STS, ATTACK_FORGE, ATTACK_HOP_B);
		assert_deferred(tl);
		assert_true(knows(tl, PARTY_CLIENT, "certificate rejected: bad signature"));
		timeline_free(tl);

		tl = relay(versions[v], HOP_B_DANE, ATTACK_FORGE, ATTACK_HOP_B);
		assert_deferred(tl);
		assert_true(knows(tl, PARTY_CLIENT, "does not match the TLSA record"));
		timeline_free(tl);
	}
}

static void test_strip_on_hop_b(void **state)
{
	(void)state;
	for (size_t v = 0; v < 3; v++) {
		struct timeline *tl = relay(versions[v], HOP_B_OPPORTUNISTIC, ATTACK_STRIP, ATTACK_HOP_B);
		assert_delivered(tl);
		assert_true(read_in_clear(tl, SUBJECT));
		assert_true(read_in_clear(tl, "the tea party is on Saturday at four"));
		assert_true(on_wire(tl, LINK_B, "DATA\r\n"));
		assert_true(knows(tl, PARTY_CLIENT, "carrying on in clear"));
		assert_false(has_event(tl, "b-starttls"));
		/* hop A kept its TLS: STARTTLS was offered and taken there */
		assert_true(has_event(tl, "starttls"));
		timeline_free(tl);

		for (enum hop_b_policy p = HOP_B_MTA_STS; p <= HOP_B_DANE; p++) {
			tl = relay(versions[v], p, ATTACK_STRIP, ATTACK_HOP_B);
			assert_deferred(tl);
			assert_false(read_in_clear(tl, "tea party"));
			assert_true(has_event(tl, "b-quit"));	/* it said goodbye in clear */
			timeline_free(tl);
		}
	}
}

/* The default attack hop is A: the relay stops there as before, hop B never starts. */
static void test_hop_a_by_default(void **state)
{
	(void)state;
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, "relay"), 0);
	assert_int_equal(sc.attack_hop, ATTACK_HOP_A);
	assert_int_equal(sc.hop_b, HOP_B_OPPORTUNISTIC);
	static const unsigned stop[] = { ATTACK_FORGE, ATTACK_EXPIRED, ATTACK_STRIP, ATTACK_TAMPER };
	for (size_t v = 0; v < 3; v++) {
		for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++) {
			struct timeline *tl = relay(versions[v], HOP_B_OPPORTUNISTIC, stop[i], ATTACK_HOP_A);
			assert_int_equal(tl->outcome, -1);
			assert_false(has_event(tl, "dns-mx"));
			assert_false(has_event(tl, "b-tcp"));
			assert_false(knows(tl, PARTY_SNIFFER, SUBJECT));
			assert_true(knows(tl, PARTY_SNIFFER, "the attacker sits on hop A"));
			timeline_free(tl);
		}
	}
}

/* Certificates wrong in one way on hop B: MTA-STS defers, DANE-EE checks
 * only the key (which is still the MX's), opportunistic goes on. */
static void test_broken_certificate_on_hop_b(void **state)
{
	(void)state;
	static const unsigned broken[] = { ATTACK_EXPIRED, ATTACK_WRONG_NAME, ATTACK_UNTRUSTED };
	for (size_t v = 0; v < 3; v++) {
		for (size_t i = 0; i < 3; i++) {
			struct timeline *tl = relay(versions[v], HOP_B_MTA_STS, broken[i], ATTACK_HOP_B);
			assert_deferred(tl);
			timeline_free(tl);

			tl = relay(versions[v], HOP_B_DANE, broken[i], ATTACK_HOP_B);
			assert_delivered(tl);
			assert_true(knows(tl, PARTY_CLIENT, "matches the TLSA record"));
			assert_true(knows(tl, PARTY_CLIENT, "DANE-EE trusts the key named in DNS"));
			timeline_free(tl);

			tl = relay(versions[v], HOP_B_OPPORTUNISTIC, broken[i], ATTACK_HOP_B);
			assert_delivered(tl);
			assert_true(knows(tl, PARTY_CLIENT, "the sender goes on anyway"));
			assert_false(knows(tl, PARTY_SNIFFER, SUBJECT));	/* a passive sniffer: still encrypted */
			timeline_free(tl);
		}
	}
}

/* The TLSA record is SHA-256 of the MX certificate's SubjectPublicKeyInfo. */
static void test_tlsa_record(void **state)
{
	(void)state;
	struct timeline *tl = relay(TLS_12, HOP_B_DANE, 0, ATTACK_HOP_A);
	assert_delivered(tl);
	assert_true(has_event(tl, "b-tlsa"));
	assert_true(knows(tl, PARTY_SNIFFER, "DNS query: TLSA _25._tcp.mx.example.org?"));
	assert_true(knows(tl, PARTY_SNIFFER, "flagged AD"));
	assert_true(knows(tl, PARTY_SERVER, "assumed here"));
	/* TLS 1.2 shows the certificate in clear: hash its key as a sniffer would */
	const char *cert_hex = NULL;
	for (size_t i = 0; i < tl->n_facts[PARTY_CLIENT]; i++)
		if (strcmp(tl->facts[PARTY_CLIENT][i].label, "TLSA") == 0)
			cert_hex = tl->facts[PARTY_CLIENT][i].value;
	assert_non_null(cert_hex);
	/* find the MX's certificate among hop B's frames: the DER after its Certificate header */
	bool matched = false;
	for (size_t i = 0; i < tl->n_frames && !matched; i++) {
		const struct wire_frame *f = &tl->frames[i];
		for (size_t j = 0; f->link == LINK_B && j + 4 < f->len && !matched; j++) {
			struct x509_cert c;
			if (f->bytes[j] != 0x30 || f->bytes[j + 1] != 0x82)
				continue;
			size_t len = 4 + ((size_t)f->bytes[j + 2] << 8 | f->bytes[j + 3]);
			if (j + len > f->len || x509_parse(&c, f->bytes + j, len) < 0)
				continue;
			uint8_t h[32];
			char hex[65];
			crypto_hash_sha256(h, c.spki.p, c.spki.len);
			sodium_bin2hex(hex, sizeof hex, h, sizeof h);
			char *want = malloc(strlen("TLSA 3 1 1 ") + 65);
			strcpy(want, "TLSA 3 1 1 ");
			strcat(want, hex);
			matched = knows(tl, PARTY_SNIFFER, want);
			free(want);
		}
	}
	assert_true(matched);
	timeline_free(tl);
}

static void test_mta_sts_policy_on_the_wire(void **state)
{
	(void)state;
	for (size_t v = 0; v < 3; v++) {
		struct timeline *tl = relay(versions[v], HOP_B_MTA_STS, 0, ATTACK_HOP_A);
		assert_delivered(tl);
		assert_int_equal(tl->n_links, 4);
		assert_int_equal(tl->links[LINK_HTTPS].server_port, 443);
		assert_true(has_event(tl, "b-mta-sts-txt"));
		assert_true(has_event(tl, "b-mta-sts-https"));
		assert_true(has_event(tl, "b-mta-sts-policy"));
		assert_true(timeline_find(tl, "b-mta-sts-policy") < timeline_find(tl, "b-tcp"));
		assert_true(knows(tl, PARTY_SNIFFER, "DNS answer: _mta-sts.example.org TXT \"v=STSv1; id="));
		assert_true(knows(tl, PARTY_SNIFFER, "mta-sts.example.org"));	/* the SNI */
		assert_true(knows(tl, PARTY_CLIENT, "mode enforce, MX mx.example.org"));
		/* the policy and the GET are inside TLS: not on the wire, not read */
		assert_false(on_wire(tl, LINK_HTTPS, "mode: enforce"));
		assert_false(on_wire(tl, LINK_HTTPS, "GET /"));
		assert_false(knows(tl, PARTY_SNIFFER, "mode: enforce"));
		size_t frames = 0;
		for (size_t i = 0; i < tl->n_frames; i++)
			frames += tl->frames[i].link == LINK_HTTPS;
		assert_true(frames >= 6);
		timeline_free(tl);
	}
	/* the other policies have no HTTPS link */
	struct timeline *tl = relay(TLS_13, HOP_B_DANE, 0, ATTACK_HOP_A);
	assert_int_equal(tl->n_links, 3);
	timeline_free(tl);
}

/* Tampering on hop B breaks that connection only; the message waits. */
static void test_tamper_on_hop_b(void **state)
{
	(void)state;
	for (size_t v = 0; v < 3; v++) {
		struct timeline *tl = relay(versions[v], HOP_B_OPPORTUNISTIC, ATTACK_TAMPER, ATTACK_HOP_B);
		assert_true(knows(tl, PARTY_SNIFFER, "flipped one bit"));
		assert_deferred(tl);
		timeline_free(tl);
	}
}

/* key-leak on hop B steals the MX's key: only the classic recording opens. */
static void test_key_leak_on_hop_b(void **state)
{
	(void)state;
	struct timeline *tl = relay(TLS_CLASSIC, HOP_B_OPPORTUNISTIC, ATTACK_KEY_LEAK, ATTACK_HOP_B);
	assert_true(has_event(tl, "key-leak"));
	assert_int_equal(tl->events[timeline_find(tl, "key-leak")].link, LINK_B);
	assert_true(knows(tl, PARTY_SNIFFER, SUBJECT));
	timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forge_on_hop_b),
		cmocka_unit_test(test_strip_on_hop_b),
		cmocka_unit_test(test_hop_a_by_default),
		cmocka_unit_test(test_broken_certificate_on_hop_b),
		cmocka_unit_test(test_tlsa_record),
		cmocka_unit_test(test_mta_sts_policy_on_the_wire),
		cmocka_unit_test(test_tamper_on_hop_b),
		cmocka_unit_test(test_key_leak_on_hop_b),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
