/* test_record: sealed records open once, in order, unchanged, and never otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "record.h"
#include "rng.h"

struct pair {
	struct rec_state client, server;
	struct arena secrets;
};

static int setup(void **state)
{
	static struct pair p;
	uint8_t key[32];
	memset(&p, 0, sizeof p);
	memset(key, 7, sizeof key);
	if (arena_init(&p.secrets, 4096) < 0 || rec_set_key(&p.client, &p.secrets, key, WIRE_C2S) < 0 ||
	    rec_set_key(&p.server, &p.secrets, key, WIRE_S2C) < 0)
		return -1;
	*state = &p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	rec_clear(&p->client);
	rec_clear(&p->server);
	arena_free(&p->secrets);
	return 0;
}

static void seal(struct rec_state *st, struct buf *b, const char *text)
{
	b->len = 0;
	rec_write_sealed(st, b, REC_APPLICATION_DATA, (const uint8_t *)text, strlen(text));
}

static void test_header_and_round_trip(void **state)
{
	struct pair *p = *state;
	struct buf b = { 0 };
	uint8_t out[64];
	size_t n;
	seal(&p->client, &b, "EHLO client.example.test\r\n");
	/* TLS header: type 23, version 3.3, length = plaintext + 16-byte tag */
	assert_int_equal(b.p[0], 23);
	assert_int_equal(b.p[1], 3);
	assert_int_equal(b.p[2], 3);
	assert_int_equal(get16(b.p + 3), 26 + REC_TAG_LEN);
	assert_int_equal(b.len, REC_HEADER_LEN + 26 + REC_TAG_LEN);
	for (size_t i = 0; i + 4 <= b.len; i++)
		assert_memory_not_equal(b.p + i, "EHLO", 4);
	assert_int_equal(rec_open(&p->server, b.p, b.len, out, &n), 0);
	assert_int_equal(n, 26);
	assert_memory_equal(out, "EHLO client.example.test\r\n", 26);
	buf_free(&b);
}

static void test_tampered_rejected(void **state)
{
	struct pair *p = *state;
	struct buf b = { 0 };
	uint8_t out[64];
	size_t n;
	seal(&p->client, &b, "AUTH PLAIN secret\r\n");
	for (size_t i = 0; i < b.len; i++) {
		if (i >= 3 && i < 5)
			continue;	/* the length: rec_open is given the whole record */
		b.p[i] ^= 0x01;
		assert_int_equal(rec_open(&p->server, b.p, b.len, out, &n), -1);
		b.p[i] ^= 0x01;
	}
	/* untouched, it still opens: the failures did not advance the counter */
	assert_int_equal(rec_open(&p->server, b.p, b.len, out, &n), 0);
	buf_free(&b);
}

static void test_replay_rejected(void **state)
{
	struct pair *p = *state;
	struct buf b = { 0 };
	uint8_t out[64];
	size_t n;
	seal(&p->client, &b, "RCPT TO:<bob@example.org>\r\n");
	assert_int_equal(rec_open(&p->server, b.p, b.len, out, &n), 0);
	assert_int_equal(rec_open(&p->server, b.p, b.len, out, &n), -1);
	buf_free(&b);
}

static void test_reorder_rejected(void **state)
{
	struct pair *p = *state;
	struct buf first = { 0 }, second = { 0 };
	uint8_t out[64];
	size_t n;
	seal(&p->client, &first, "MAIL FROM:<a@x>\r\n");
	seal(&p->client, &second, "RCPT TO:<b@y>\r\n");
	assert_int_equal(rec_open(&p->server, second.p, second.len, out, &n), -1);
	assert_int_equal(rec_open(&p->server, first.p, first.len, out, &n), 0);
	assert_int_equal(rec_open(&p->server, second.p, second.len, out, &n), 0);
	buf_free(&first);
	buf_free(&second);
}

static void test_reflection_rejected(void **state)
{
	struct pair *p = *state;
	struct buf b = { 0 };
	uint8_t out[64];
	size_t n;
	/* a client record sent back to the client: the direction is in the nonce */
	seal(&p->client, &b, "QUIT\r\n");
	assert_int_equal(rec_open(&p->client, b.p, b.len, out, &n), -1);
	buf_free(&b);
}

static void test_parse_rejects_junk(void **state)
{
	(void)state;
	uint8_t type;
	const uint8_t *body;
	size_t blen, total;
	const uint8_t text[] = "EHLO x\r\n";
	const uint8_t short_rec[] = { 23, 3, 3, 0, 9, 1, 2 };
	const uint8_t ok[] = { 22, 3, 3, 0, 2, 1, 2 };
	assert_int_equal(rec_parse(text, sizeof text - 1, &type, &body, &blen, &total), -1);
	assert_int_equal(rec_parse(short_rec, sizeof short_rec, &type, &body, &blen, &total), -1);
	assert_int_equal(rec_parse(ok, sizeof ok, &type, &body, &blen, &total), 0);
	assert_int_equal(type, 22);
	assert_int_equal(blen, 2);
	assert_int_equal(total, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header_and_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reorder_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reflection_rejected, setup, teardown),
		cmocka_unit_test(test_parse_rejects_junk),
	};
	if (rng_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
