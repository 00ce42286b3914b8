/*
 * test_attack: each attack and policy against the core's results: where
 * the client stops, which check fails with which reason, what the sniffer
 * recovers, and for key-leak the decrypted message itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"
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

struct opts {
	const char *scenario;
	unsigned attacks;
	enum tls_policy policy;
	enum server_policy server;
	bool set_server;
	enum tls_version tls;
};

static struct timeline *run(struct opts o)
{
	struct scenario sc;
	assert_int_equal(scenario_init(&sc, o.scenario), 0);
	sc.seeded = true;
	sc.seed = 5;
	sc.attacks = o.attacks;
	sc.tls_policy = o.policy;
	sc.tls = o.tls;
	if (o.set_server)
		sc.server_policy = o.server;
	struct timeline *tl = timeline_build(&sc);
	assert_non_null(tl);
	return tl;
}

static const struct fact *find_fact(const struct timeline *tl, enum party p,
				    enum fact_kind kind, const char *label, const char *text)
{
	for (size_t i = 0; i < tl->n_facts[p]; i++) {
		const struct fact *f = &tl->facts[p][i];
		if (f->kind == kind && (!label || strcmp(f->label, label) == 0) &&
		    (!text || strstr(f->value, text)))
			return f;
	}
	return NULL;
}

static bool sniffer_has(const struct timeline *tl, const char *text)
{
	for (size_t i = 0; i < tl->n_facts[PARTY_SNIFFER]; i++)
		if (strstr(tl->facts[PARTY_SNIFFER][i].value, text))
			return true;
	return false;
}

static bool has_event(const struct timeline *tl, const char *name)
{
	return timeline_find(tl, name) >= 0;
}

static void test_strip_required_policy_stops(void **state)
{
	(void)state;
	static const char *const names[] = { "smtp-starttls", "pop3-stls", "imap-starttls" };
	for (int i = 0; i < 3; i++) {
		struct timeline *tl = run((struct opts){ .scenario = names[i], .attacks = ATTACK_STRIP });
		assert_int_equal(tl->outcome, -1);
		assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_ALERT, NULL, "attacker deleted"));
		assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_ALERT, "verdict", "requires TLS"));
		assert_false(has_event(tl, "connect"));
		assert_false(sniffer_has(tl, "wonderland"));
		timeline_free(tl);
	}
}

static void test_strip_opportunistic_strict_server_leaks_nothing(void **state)
{
	(void)state;
	static const char *const names[] = { "smtp-starttls", "pop3-stls", "imap-starttls" };
	for (int i = 0; i < 3; i++) {
		struct timeline *tl = run((struct opts){ .scenario = names[i], .attacks = ATTACK_STRIP,
							 .policy = POLICY_OPPORTUNISTIC });
		assert_int_equal(tl->outcome, -1);
		assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_ALERT, "TLS", "opportunistic"));
		assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_ALERT, "verdict", "without"));
		assert_false(sniffer_has(tl, "wonderland"));
		assert_false(sniffer_has(tl, "tea party"));
		timeline_free(tl);
	}
}

static void test_strip_opportunistic_lax_server_leaks_all(void **state)
{
	(void)state;
	static const char *const names[] = { "smtp-starttls", "pop3-stls", "imap-starttls" };
	for (int i = 0; i < 3; i++) {
		struct timeline *tl = run((struct opts){ .scenario = names[i], .attacks = ATTACK_STRIP,
							 .policy = POLICY_OPPORTUNISTIC,
							 .server = SERVER_LAX, .set_server = true });
		assert_int_equal(tl->outcome, 0);
		assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_CREDENTIAL, NULL, "password wonderland"));
		assert_true(sniffer_has(tl, i == 0 ? "the tea party is on Saturday"
						   : "Saturday at four suits me"));
		assert_false(has_event(tl, "connect"));
		timeline_free(tl);
	}
}

static void check_cert_attack(unsigned attack, const char *label, const char *reason)
{
	struct timeline *tl = run((struct opts){ .scenario = "smtps", .attacks = attack });
	assert_int_equal(tl->outcome, -1);
	assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_CHECK_FAIL, label, NULL));
	assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_ALERT, "verdict", reason));
	/* stopped at step 3: no session key made, no key exchange sent */
	assert_false(has_event(tl, "session-key"));
	assert_null(find_fact(tl, PARTY_CLIENT, FACT_SECRET, "session key", NULL));
	/* the client's alert is the last frame */
	const struct wire_frame *last = &tl->frames[tl->n_frames - 1];
	assert_int_equal(last->dir, WIRE_C2S);
	assert_int_equal(last->bytes[0], 21);
	timeline_free(tl);
}

static void test_forge(void **state)
{
	(void)state;
	check_cert_attack(ATTACK_FORGE, "signature", "bad signature");
	for (enum tls_version v = TLS_CLASSIC; v <= TLS_13; v++) {
		struct timeline *tl = run((struct opts){ .scenario = "smtp-starttls",
							 .attacks = ATTACK_FORGE, .tls = v });
		assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_ALERT, NULL,
					  "signed with the attacker's own key"));
		/* the real server never saw the handshake the attacker answered */
		assert_null(find_fact(tl, PARTY_SERVER, FACT_INFO, "client asks for", NULL));
		assert_non_null(find_fact(tl, PARTY_SERVER, FACT_ALERT, "handshake", "never reached"));
		timeline_free(tl);
	}
}

static void test_broken_certificates(void **state)
{
	(void)state;
	check_cert_attack(ATTACK_EXPIRED, "validity", "expired");
	check_cert_attack(ATTACK_WRONG_NAME, "name", "name mismatch");
	check_cert_attack(ATTACK_UNTRUSTED, "issuer", "unknown issuer");
}

/* A broken certificate is still the real server's: same key as without the
 * attack.  A forged one carries the attacker's key, and the server never
 * sees the handshake. */
static void test_whose_key(void **state)
{
	(void)state;
	struct timeline *plain = run((struct opts){ .scenario = "smtps" });
	const struct fact *real = find_fact(plain, PARTY_CLIENT, FACT_KEY, "server public key", NULL);
	assert_non_null(real);
	static const unsigned broken[] = { ATTACK_EXPIRED, ATTACK_WRONG_NAME, ATTACK_UNTRUSTED };
	for (int i = 0; i < 3; i++) {
		struct timeline *tl = run((struct opts){ .scenario = "smtps", .attacks = broken[i] });
		assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_KEY, "server public key", real->value));
		assert_null(find_fact(tl, PARTY_SERVER, FACT_ALERT, "handshake", NULL));
		timeline_free(tl);
	}
	struct timeline *tl = run((struct opts){ .scenario = "smtps", .attacks = ATTACK_FORGE });
	assert_null(find_fact(tl, PARTY_CLIENT, FACT_KEY, "server public key", real->value));
	assert_non_null(find_fact(tl, PARTY_SERVER, FACT_ALERT, "handshake", "never reached"));
	timeline_free(tl);
	timeline_free(plain);
}

static void test_tamper_rejected(void **state)
{
	(void)state;
	struct timeline *tl = run((struct opts){ .scenario = "smtp-starttls", .attacks = ATTACK_TAMPER });
	assert_int_equal(tl->outcome, -1);
	assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_ALERT, NULL, "flipped one bit"));
	assert_non_null(find_fact(tl, PARTY_SERVER, FACT_CHECK_FAIL, "record", NULL));
	/* nothing after the tampered record was accepted: no AUTH, no mail */
	assert_false(has_event(tl, "auth"));
	assert_null(find_fact(tl, PARTY_SERVER, FACT_INFO, "message", NULL));
	/* the server answers with a sealed alert record */
	const struct wire_frame *last = &tl->frames[tl->n_frames - 1];
	assert_int_equal(last->dir, WIRE_S2C);
	assert_int_equal(last->bytes[0], 21);
	timeline_free(tl);
}

/* The sniffer's readable client lines after the key-leak event, joined. */
/* The lines the sniffer read in clear from the client during one theft:
 * the events from the one named from up to the next one (or the end). */
static char *leaked_lines(const struct timeline *tl, const char *from)
{
	int ev = timeline_find(tl, from);
	assert_true(ev >= 1);
	size_t first = tl->events[ev - 1].known[PARTY_SNIFFER];
	size_t last = (size_t)ev + 1 < tl->n_events ? tl->events[ev].known[PARTY_SNIFFER]
						     : tl->n_facts[PARTY_SNIFFER];
	struct buf b = { 0 };
	for (size_t i = first; i < last; i++) {
		const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
		if (f->kind == FACT_CLEAR && f->dir == WIRE_C2S && strncmp(f->value, "decrypted", 9)) {
			buf_put(&b, f->value, strlen(f->value));
			buf_put(&b, "\r\n", 2);
		}
	}
	buf_put8(&b, 0);
	return (char *)b.p;
}

/* The message as sent, dot-stuffed, is among lines. */
static void assert_has_message(const struct timeline *tl, const char *lines)
{
	char *msg = message_outgoing(&tl->sc), *stuffed = message_dot_stuff(msg);
	assert_non_null(strstr(lines, stuffed));
	free(msg);
	free(stuffed);
}

/* Classic: the stolen private key unwraps the recorded session key, and
 * so does the key log. */
static void test_key_leak_transport_decrypts(void **state)
{
	(void)state;
	struct timeline *tl = run((struct opts){ .scenario = "smtp-starttls", .attacks = ATTACK_KEY_LEAK });
	assert_int_equal(tl->outcome, 0);
	assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_CREDENTIAL, NULL, "password wonderland"));
	char *lines = leaked_lines(tl, "key-leak");
	assert_has_message(tl, lines);
	free(lines);
	lines = leaked_lines(tl, "key-log");
	assert_has_message(tl, lines);
	free(lines);
	timeline_free(tl);
}

/* TLS 1.2 (ECDHE) and 1.3: the stolen long-term key opens nothing; the
 * session secrets (a key log) open everything. */
static void test_key_leak_ephemeral_holds(void **state)
{
	(void)state;
	for (enum tls_version v = TLS_12; v <= TLS_13; v++) {
		struct timeline *tl = run((struct opts){ .scenario = "smtp-starttls",
							 .attacks = ATTACK_KEY_LEAK, .tls = v });
		assert_int_equal(tl->outcome, 0);
		assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_ALERT, NULL, "forward secrecy"));
		char *lines = leaked_lines(tl, "key-leak");
		assert_string_equal(lines, "");
		free(lines);
		/* the credential appears only once the key log is in hand */
		int log = timeline_find(tl, "key-log");
		assert_true(log > 0);
		for (size_t i = 0; i < tl->events[log - 1].known[PARTY_SNIFFER]; i++)
			assert_int_not_equal(tl->facts[PARTY_SNIFFER][i].kind, FACT_CREDENTIAL);
		assert_non_null(find_fact(tl, PARTY_SNIFFER, FACT_CREDENTIAL, NULL, "password wonderland"));
		lines = leaked_lines(tl, "key-log");
		assert_has_message(tl, lines);
		free(lines);
		timeline_free(tl);
	}
}

/* Every TLS scenario completes in every version; only classic unwraps. */
static void test_every_version_everywhere(void **state)
{
	(void)state;
	for (size_t i = 0; i < SCENARIOS->n_choices; i++) {
		if (scenario_plain(SCENARIOS->choices[i].name))
			continue;
		for (enum tls_version v = TLS_CLASSIC; v <= TLS_13; v++) {
			struct timeline *tl = run((struct opts){ .scenario = SCENARIOS->choices[i].name,
								 .tls = v });
			assert_int_equal(tl->outcome, 0);
			if (v == TLS_12)
				assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_CHECK_OK,
							  "key share signature", NULL));
			if (v == TLS_13)
				assert_non_null(find_fact(tl, PARTY_CLIENT, FACT_CHECK_OK,
							  "CertificateVerify", NULL));
			assert_true((find_fact(tl, PARTY_SERVER, FACT_CHECK_OK, "unwrap", NULL) != NULL) ==
				    (v == TLS_CLASSIC));
			assert_true((find_fact(tl, PARTY_SERVER, FACT_CHECK_OK, "derive", NULL) != NULL) ==
				    (v != TLS_CLASSIC));
			timeline_free(tl);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_required_policy_stops),
		cmocka_unit_test(test_strip_opportunistic_strict_server_leaks_nothing),
		cmocka_unit_test(test_strip_opportunistic_lax_server_leaks_all),
		cmocka_unit_test(test_forge),
		cmocka_unit_test(test_broken_certificates),
		cmocka_unit_test(test_whose_key),
		cmocka_unit_test(test_tamper_rejected),
		cmocka_unit_test(test_key_leak_transport_decrypts),
		cmocka_unit_test(test_key_leak_ephemeral_holds),
		cmocka_unit_test(test_every_version_everywhere),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("attack", tests, NULL, NULL);
}
