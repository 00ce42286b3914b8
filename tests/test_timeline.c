/*
 * test_timeline: whole runs.  Determinism, the eight steps in order, and
 * what the sniffer can and cannot read in every scenario.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "rng.h"
#include "runner.h"
#include "timeline.h"
#include "util.h"

/* The named scenarios: the choices of --scenario in the options table. */
#define SCENARIOS options_find("--scenario")

static bool scenario_plain(const char *name)
{
	struct scenario sc;
	return scenario_init(&sc, name) == 0 && sc.mode == MODE_PLAIN;
}

static struct timeline *run(const char *name, uint64_t seed)
{
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, name), 0);
	sc.seeded = true;
	sc.seed = seed;
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	return tl;
}

static bool same_frames(const struct timeline *a, const struct timeline *b)
{
	if (a->n_frames != b->n_frames)
		return false;
	for (size_t i = 0; i < a->n_frames; i++)
		if (a->frames[i].len != b->frames[i].len ||
		    memcmp(a->frames[i].bytes, b->frames[i].bytes, a->frames[i].len) != 0 ||
		    a->frames[i].time_us != b->frames[i].time_us)
			return false;
	return true;
}

static void test_seeded_runs_repeat(void **state)
{
	(void)state;
	for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
		struct timeline *a = run(SCENARIOS->choices[i].name, 7), *b = run(SCENARIOS->choices[i].name, 7);
		assert_true(same_frames(a, b));
		assert_int_equal(a->n_facts[PARTY_CLIENT], b->n_facts[PARTY_CLIENT]);
		for (size_t j = 0; j < a->n_facts[PARTY_CLIENT]; j++)
			assert_string_equal(a->facts[PARTY_CLIENT][j].value, b->facts[PARTY_CLIENT][j].value);
		timeline_free(a);
		timeline_free(b);
	}
}

static void test_seeds_and_unseeded_differ(void **state)
{
	(void)state;
	struct timeline *a = run("handshake", 7), *b = run("handshake", 8);
	assert_false(same_frames(a, b));
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, "handshake"), 0);
	struct timeline *u1 = timeline_build(&sc), *u2 = timeline_build(&sc);
	assert_false(same_frames(u1, u2));
	assert_false(same_frames(a, u1));
	timeline_free(a);
	timeline_free(b);
	timeline_free(u1);
	timeline_free(u2);
}

static void test_eight_steps_in_order(void **state)
{
	(void)state;
	static const enum party actor[9] = {
		0, PARTY_CLIENT, PARTY_SERVER, PARTY_CLIENT, PARTY_CLIENT,
		PARTY_CLIENT, PARTY_CLIENT, PARTY_SERVER, PARTY_CLIENT,
	};
	static const char *const names[9] = {
		"", "connect", "certificate", "validation", "session-key",
		"wrap", "transfer", "unwrap", "session",
	};
	struct timeline *tl = run("handshake", 7);
	int next = 1;
	for (size_t i = 0; i < tl->n_events; i++) {
		const struct event *e = &tl->events[i];
		if (e->step == 0)
			continue;
		assert_int_equal(e->step, next);
		assert_int_equal(e->actor, actor[next]);
		assert_string_equal(e->name, names[next]);
		next++;
	}
	assert_int_equal(next, 9);
	assert_int_equal(tl->outcome, 0);
	/* steps 1, 2, 6 and 8 put bytes on the wire; 3, 4, 5 and 7 are local */
	for (int step = 1; step <= 8; step++) {
		const struct event *e = &tl->events[timeline_find_step(tl, step)];
		bool wire = step == 1 || step == 2 || step == 6 || step == 8;
		assert_int_equal(e->frame_count > 0, wire);
	}
	timeline_free(tl);
}

/* Does any fact of the party, up to the end, contain the text? */
static bool party_knows(const struct timeline *tl, enum party p, const char *text)
{
	for (size_t i = 0; i < tl->n_facts[p]; i++)
		if (strstr(tl->facts[p][i].value, text) || strstr(tl->facts[p][i].label, text))
			return true;
	return false;
}

/* The secret the session keys come from, from the client's own facts:
 * the session key (classic), the master secret (TLS 1.2), the X25519
 * shared secret (TLS 1.3). */
static char *session_secret_hex(const struct timeline *tl)
{
	static const char *const labels[] = { "session key", "master secret", "shared secret" };
	for (size_t i = 0; i < tl->n_facts[PARTY_CLIENT]; i++) {
		const struct fact *f = &tl->facts[PARTY_CLIENT][i];
		for (size_t k = 0; k < 3; k++)
			if (strcmp(f->label, labels[k]) == 0)
				return xstrdup(f->value);
	}
	return NULL;
}

static void test_sniffer_never_has_session_key(void **state)
{
	(void)state;
	for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
		if (scenario_plain(SCENARIOS->choices[i].name))
			continue;
		for (enum tls_version v = TLS_CLASSIC; v <= TLS_13; v++) {
			struct scenario sc;
			assert_int_equal(scenario_init(&sc, SCENARIOS->choices[i].name), 0);
			sc.seeded = true;
			sc.seed = 3;
			sc.tls = v;
			struct timeline *tl = timeline_build(&sc);
			char *key = session_secret_hex(tl);
			assert_non_null(key);
			assert_true(strlen(key) >= 64);
			assert_false(party_knows(tl, PARTY_SNIFFER, key));
			/* nor its first part, in case something printed it short */
			key[16] = '\0';
			assert_false(party_knows(tl, PARTY_SNIFFER, key));
			free(key);
			timeline_free(tl);
		}
	}
}

static void test_password_only_in_plain(void **state)
{
	(void)state;
	for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
		struct timeline *tl = run(SCENARIOS->choices[i].name, 1);
		bool plain = scenario_plain(SCENARIOS->choices[i].name);
		assert_int_equal(party_knows(tl, PARTY_SNIFFER, "wonderland"), plain);
		if (plain)
			assert_true(party_knows(tl, PARTY_SNIFFER, "password wonderland"));
		assert_int_equal(tl->outcome, 0);
		timeline_free(tl);
	}
}

/* The sniffer's readable lines, in order, as one string joined by '|'. */
static char *clear_lines(const struct timeline *tl, unsigned link)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < tl->n_facts[PARTY_SNIFFER]; i++) {
		const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
		if (f->kind != FACT_CLEAR || f->frame < 0 || tl->frames[f->frame].link != link ||
		    strncmp(f->value, "TLS ", 4) == 0)
			continue;
		buf_put(&b, f->value, strlen(f->value));
		buf_put8(&b, '|');
	}
	buf_put8(&b, 0);
	return (char *)b.p;
}

static void test_starttls_reads_only_until_upgrade(void **state)
{
	(void)state;
	struct timeline *tl = run("smtp-starttls", 1);
	char *seen = clear_lines(tl, 0);
	assert_string_equal(seen,
		"220 mail.example.test ESMTP Postfix (Debian/GNU)|EHLO client.example.test|"
		"250-mail.example.test|250-PIPELINING|250-SIZE 10240000|250-VRFY|250-ETRN|"
		"250-STARTTLS|250-ENHANCEDSTATUSCODES|250-8BITMIME|250-DSN|250-SMTPUTF8|"
		"250 CHUNKING|STARTTLS|220 2.0.0 Ready to start TLS|");
	free(seen);
	timeline_free(tl);

	tl = run("pop3-stls", 1);
	seen = clear_lines(tl, 0);
	assert_non_null(strstr(seen, "|STLS|+OK Begin TLS negotiation now.|"));
	assert_null(strstr(seen, "USER"));
	assert_null(strstr(seen, "RETR"));
	free(seen);
	timeline_free(tl);

	tl = run("imap-starttls", 1);
	seen = clear_lines(tl, 0);
	assert_non_null(strstr(seen, "a2 STARTTLS|a2 OK Begin TLS negotiation now.|"));
	assert_non_null(strstr(seen, "LOGINDISABLED"));
	assert_null(strstr(seen, "LOGIN alice"));
	assert_null(strstr(seen, "SELECT"));
	free(seen);
	timeline_free(tl);
}

static void test_implicit_tls_reads_no_command(void **state)
{
	(void)state;
	static const char *const names[] = { "smtps", "pop3s", "imaps" };
	for (size_t i = 0; i < 3; i++) {
		struct timeline *tl = run(names[i], 1);
		char *seen = clear_lines(tl, 0);
		assert_string_equal(seen, "");
		assert_true(party_knows(tl, PARTY_SNIFFER, "server name"));
		free(seen);
		timeline_free(tl);
	}
}

static void test_relay_hop_b_plain(void **state)
{
	(void)state;
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, "relay"), 0);
	sc.seeded = true;
	sc.seed = 1;
	sc.hop_b = HOP_B_PLAIN;
	struct timeline *tl = timeline_build(&sc);
	char *a = clear_lines(tl, 0), *dns = clear_lines(tl, 1), *b = clear_lines(tl, 2);
	assert_null(strstr(a, "tea party"));
	assert_non_null(strstr(b, "the tea party is on Saturday at four"));
	assert_non_null(strstr(b, "MAIL FROM:<alice@example.test>"));
	assert_non_null(strstr(dns, "DNS query: MX example.org?"));
	assert_non_null(strstr(dns, "DNS answer: example.org MX 10 mx.example.org"));
	free(a);
	free(dns);
	free(b);
	timeline_free(tl);

	/* with STARTTLS on hop B, the body is readable nowhere */
	tl = run("relay", 1);
	b = clear_lines(tl, 2);
	assert_null(strstr(b, "tea party"));
	assert_non_null(strstr(b, "250-STARTTLS"));
	free(b);
	timeline_free(tl);
}

static void test_view_supersedes_labels(void **state)
{
	(void)state;
	struct timeline *tl = run("smtp-starttls", 1);
	const struct fact *v[256];
	size_t last = tl->n_events - 1;
	size_t n = timeline_view(tl, last, PARTY_SERVER, v, 256);
	int channel = 0;
	for (size_t i = 0; i < n; i++)
		channel += strcmp(v[i]->label, "client") == 0;
	assert_int_equal(channel, 1);	/* "client" was said twice (two EHLOs), shown once */
	/* the view at event 0 is a prefix */
	assert_true(timeline_view(tl, 0, PARTY_SNIFFER, v, 256) <= tl->events[0].known[PARTY_SNIFFER]);
	assert_int_equal(timeline_view(tl, tl->n_events, PARTY_SNIFFER, v, 256), 0);
	timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeded_runs_repeat),
		cmocka_unit_test(test_seeds_and_unseeded_differ),
		cmocka_unit_test(test_eight_steps_in_order),
		cmocka_unit_test(test_sniffer_never_has_session_key),
		cmocka_unit_test(test_password_only_in_plain),
		cmocka_unit_test(test_starttls_reads_only_until_upgrade),
		cmocka_unit_test(test_implicit_tls_reads_no_command),
		cmocka_unit_test(test_relay_hop_b_plain),
		cmocka_unit_test(test_view_supersedes_labels),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("timeline", tests, NULL, NULL);
}
