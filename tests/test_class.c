/*
 * test_class: the classroom's messages and channel.  Messages read back
 * as written, in known bytes, and anything not exactly a message is
 * refused; the join code is known for a known key and read leniently;
 * the channel opens only with the right teacher's key, and refuses
 * tampered, replayed and reordered records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "class_chan.h"
#include "class_msg.h"
#include "options.h"

/* BLAKE2b-256("tlssim class join code v1" || 32 zero bytes), first 60 bits,
 * in Crockford base32: computed apart with Python's hashlib. */
#define KNOWN_CODE "9XJ0-82E6-QS6Y"

/* ---- messages ------------------------------------------------------------ */

static struct class_pos sample_pos(void)
{
	struct scenario sc;
	struct class_pos pos;
	assert_int_equal(scenario_init(&sc, "smtp-starttls"), 0);
	sc.tls = TLS_13;
	sc.attacks = ATTACK_STRIP | ATTACK_TAMPER;
	sc.seeded = true;
	sc.seed = 0x0102030405060708u;
	class_pos_from(&pos, &sc, false, 17);
	pos.zoom = 2;
	pos.frame = 5;
	return pos;
}

static void test_pos_known_bytes(void **state)
{
	(void)state;
	static const uint8_t want[] = {
		1,			/* POS */
		0x11, 2, 0, 0, 1, 0,	/* smtp upgrade, 1.3, required, strict, opportunistic, hop a */
		0, 0, 0, 0x21,		/* strip | tamper */
		1, 1, 2, 3, 4, 5, 6, 7, 8,	/* seeded, seed */
		0, 0, 0, 0, 17,		/* no lesson, event 17 */
		2, 0, 0, 0, 5,		/* zoom, frame */
	};
	struct class_pos pos = sample_pos();
	uint8_t out[64];
	int n = class_msg_encode(&(struct class_msg){ .type = CLASS_MSG_POS, .u.pos = pos }, out,
				 sizeof out);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(out, want, sizeof want);

	struct class_msg m;
	assert_int_equal(class_msg_decode(out, (size_t)n, &m), 0);
	assert_int_equal(m.type, CLASS_MSG_POS);
	assert_int_equal(m.u.pos.ev, 17);
	assert_int_equal(m.u.pos.attacks, ATTACK_STRIP | ATTACK_TAMPER);
	struct scenario sc;
	assert_int_equal(class_pos_scenario(&m.u.pos, &sc), 0);
	assert_string_equal(sc.name, "smtp-starttls");
	assert_int_equal(sc.tls, TLS_13);
	assert_true(sc.seeded);
	assert_true(sc.seed == 0x0102030405060708u);
}

static void test_refuses_all_but_one_message(void **state)
{
	(void)state;
	struct class_pos pos = sample_pos();
	uint8_t out[64], bad[65];
	struct class_msg m;
	int n = class_msg_encode(&(struct class_msg){ .type = CLASS_MSG_POS, .u.pos = pos }, out,
				 sizeof out);
	assert_true(n > 0);
	for (int cut = 0; cut < n; cut++)	/* every truncation */
		assert_int_equal(class_msg_decode(out, (size_t)cut, &m), -1);
	memcpy(bad, out, (size_t)n);
	bad[n] = 0;				/* a byte too many */
	assert_int_equal(class_msg_decode(bad, (size_t)n + 1, &m), -1);
	memcpy(bad, out, (size_t)n);
	bad[1] = 0x77;				/* no such scenario */
	assert_int_equal(class_msg_decode(bad, (size_t)n, &m), -1);
	memcpy(bad, out, (size_t)n);
	bad[2] = 3;				/* no such TLS version */
	assert_int_equal(class_msg_decode(bad, (size_t)n, &m), -1);
	memcpy(bad, out, (size_t)n);
	bad[7] = 0x80;				/* no such attack */
	assert_int_equal(class_msg_decode(bad, (size_t)n, &m), -1);
	bad[0] = 0;
	assert_int_equal(class_msg_decode(bad, 1, &m), -1);	/* no such type */
	bad[0] = 99;
	assert_int_equal(class_msg_decode(bad, 1, &m), -1);
}

static void test_lesson_pieces(void **state)
{
	(void)state;
	uint8_t data[10] = "0123456789", out[64];
	struct class_msg m = { .type = CLASS_MSG_LESSON, .u.lesson = { 100, 90, 10, data } };
	int n = class_msg_encode(&m, out, sizeof out);
	assert_int_equal(n, 1 + 4 + 4 + 2 + 10);
	struct class_msg back;
	assert_int_equal(class_msg_decode(out, (size_t)n, &back), 0);
	assert_int_equal(back.u.lesson.offset, 90);
	assert_memory_equal(back.u.lesson.data, data, 10);
	/* A piece past the end of the file, a length that is not the rest,
	 * a file over the cap: refused both ways. */
	m.u.lesson.offset = 91;
	assert_int_equal(class_msg_encode(&m, out, sizeof out), -1);
	out[8] = 91;
	assert_int_equal(class_msg_decode(out, (size_t)n, &back), -1);
	out[8] = 90;
	assert_int_equal(class_msg_decode(out, (size_t)n - 1, &back), -1);
	out[2] = 0x10;	/* total 0x100064: more than CLASS_LESSON_MAX */
	assert_int_equal(class_msg_decode(out, (size_t)n, &back), -1);
}

static void test_answers(void **state)
{
	(void)state;
	uint8_t out[8];
	struct class_msg m;
	int n = class_msg_encode(&(struct class_msg){ .type = CLASS_MSG_ANSWER, .u.quiz = { 3, 5 } },
				 out, sizeof out);
	assert_int_equal(n, 5);
	assert_int_equal(class_msg_decode(out, 5, &m), 0);
	assert_int_equal(m.u.quiz.q, 3);
	assert_int_equal(m.u.quiz.mask, 5);
	n = class_msg_encode(&(struct class_msg){ .type = CLASS_MSG_ALIVE }, out, sizeof out);
	assert_int_equal(n, 1);
	assert_int_equal(class_msg_decode(out, 2, &m), -1);
}

/* ---- the join code ----------------------------------------------------------- */

static void test_code_known_answer(void **state)
{
	(void)state;
	unsigned char pk[CLASS_PK_BYTES];
	char code[CLASS_CODE_LEN + 1], again[CLASS_CODE_LEN + 1], digits[CLASS_CODE_CHARS + 1];
	memset(pk, 0, sizeof pk);
	class_code(pk, code);
	assert_int_equal(strlen(code), CLASS_CODE_LEN);
	assert_string_equal(code, KNOWN_CODE);
	pk[31] = 1;	/* one bit of the key changes the code */
	class_code(pk, again);
	assert_string_not_equal(code, again);
	/* Typed leniently: lower case, spaces, O for 0, I and L for 1. */
	assert_int_equal(class_code_read("abcd efgh jkmn", digits), 0);
	assert_string_equal(digits, "ABCDEFGHJKMN");
	assert_int_equal(class_code_read("oil0-0000-0000", digits), 0);
	assert_string_equal(digits, "011000000000");
	assert_int_equal(class_code_read("ABCD-EFGH-JKM", digits), -1);	/* too short */
	assert_int_equal(class_code_read("ABCD-EFGH-JKMNP", digits), -1);	/* too long */
	assert_int_equal(class_code_read("ABCD-EFGH-JKMU", digits), -1);	/* U is no digit */
}

/* ---- the channel --------------------------------------------------------------- */

struct pair {
	struct class_keys teacher;
	struct class_chan *t, *s;
	char code[CLASS_CODE_LEN + 1];
};

static int setup(void **state)
{
	static struct pair p;
	memset(&p, 0, sizeof p);
	if (sodium_init() < 0 || class_keys_new(&p.teacher) < 0)
		return -1;
	p.t = class_chan_new();
	p.s = class_chan_new();
	class_code(p.teacher.pk, p.code);
	*state = &p;
	return p.t && p.s ? 0 : -1;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	class_chan_free(p->t);
	class_chan_free(p->s);
	class_keys_free(&p->teacher);
	return 0;
}

/* The whole handshake with the code typed; returns the join result. */
static enum class_join_result shake(struct pair *p, const char *typed)
{
	uint8_t hello[CLASS_HELLO_BYTES], reply[CLASS_REPLY_BYTES], header[CLASS_HEADER_BYTES];
	unsigned char seen[CLASS_PK_BYTES];
	class_chan_hello(&p->teacher, hello);
	enum class_join_result r = class_chan_join(p->s, hello, sizeof hello, typed, reply, seen);
	if (r != CLASS_JOIN_OK)
		return r;
	assert_memory_equal(seen, p->teacher.pk, CLASS_PK_BYTES);
	assert_int_equal(class_chan_accept(p->t, &p->teacher, reply, sizeof reply, header), 0);
	assert_int_equal(class_chan_start(p->s, header, sizeof header), 0);
	return r;
}

static void test_channel_both_ways(void **state)
{
	struct pair *p = *state;
	uint8_t rec[64], out[64];
	assert_int_equal(shake(p, p->code), CLASS_JOIN_OK);
	int n = class_chan_seal(p->t, (const uint8_t *)"step", 4, rec, sizeof rec);
	assert_int_equal(n, 4 + CLASS_SEAL_BYTES);
	assert_int_equal(class_chan_open(p->s, rec, (size_t)n, out, sizeof out), 4);
	assert_memory_equal(out, "step", 4);
	n = class_chan_seal(p->s, (const uint8_t *)"answer", 6, rec, sizeof rec);
	assert_int_equal(class_chan_open(p->t, rec, (size_t)n, out, sizeof out), 6);
	assert_memory_equal(out, "answer", 6);
	/* A student's record is no teacher's: it does not open on the student's side. */
	n = class_chan_seal(p->s, (const uint8_t *)"x", 1, rec, sizeof rec);
	assert_int_equal(class_chan_open(p->s, rec, (size_t)n, out, sizeof out), -1);
}

static void test_tampered_replayed_reordered(void **state)
{
	struct pair *p = *state;
	uint8_t r1[64], r2[64], out[64];
	assert_int_equal(shake(p, p->code), CLASS_JOIN_OK);
	int n1 = class_chan_seal(p->t, (const uint8_t *)"one", 3, r1, sizeof r1);
	int n2 = class_chan_seal(p->t, (const uint8_t *)"two", 3, r2, sizeof r2);
	assert_true(n1 > 0 && n2 > 0);
	assert_int_equal(class_chan_open(p->s, r2, (size_t)n2, out, sizeof out), -1);	/* reordered */
	r1[5] ^= 1;
	assert_int_equal(class_chan_open(p->s, r1, (size_t)n1, out, sizeof out), -1);	/* tampered */
	r1[5] ^= 1;
	assert_int_equal(class_chan_open(p->s, r1, (size_t)n1, out, sizeof out), 3);
	assert_int_equal(class_chan_open(p->s, r1, (size_t)n1, out, sizeof out), -1);	/* replayed */
	assert_int_equal(class_chan_open(p->s, r2, (size_t)n2, out, sizeof out), 3);
}

static void test_wrong_code_refused(void **state)
{
	struct pair *p = *state;
	char other[CLASS_CODE_LEN + 1];
	struct class_keys impostor;
	assert_int_equal(class_keys_new(&impostor), 0);
	class_code(impostor.pk, other);
	assert_int_equal(shake(p, other), CLASS_JOIN_WRONG_KEY);
	assert_int_equal(shake(p, "not a code"), CLASS_JOIN_BAD_CODE);
	class_keys_free(&impostor);

	uint8_t junk[CLASS_HELLO_BYTES], reply[CLASS_REPLY_BYTES];
	unsigned char seen[CLASS_PK_BYTES];
	memset(junk, 'A', sizeof junk);
	assert_int_equal(class_chan_join(p->s, junk, sizeof junk, p->code, reply, seen),
			 CLASS_JOIN_NOT_TEACHER);
	/* Garbage as a student's reply is refused. */
	uint8_t header[CLASS_HEADER_BYTES];
	memset(reply, 'B', sizeof reply);
	assert_int_equal(class_chan_accept(p->t, &p->teacher, reply, sizeof reply - 1, header), -1);
}

/* A teacher key that matches the code but differs from the one the
 * student derived keys with cannot speak: the records do not open. */
static void test_impostor_cannot_speak(void **state)
{
	struct pair *p = *state;
	uint8_t hello[CLASS_HELLO_BYTES], reply[CLASS_REPLY_BYTES], header[CLASS_HEADER_BYTES];
	uint8_t rec[64], out[64];
	unsigned char seen[CLASS_PK_BYTES];
	struct class_keys other;
	struct class_chan *fake = class_chan_new();
	assert_non_null(fake);
	assert_int_equal(class_keys_new(&other), 0);
	class_chan_hello(&p->teacher, hello);	/* replays the real teacher's hello */
	assert_int_equal(class_chan_join(p->s, hello, sizeof hello, p->code, reply, seen), CLASS_JOIN_OK);
	assert_int_equal(class_chan_accept(fake, &other, reply, sizeof reply, header), 0);
	assert_int_equal(class_chan_start(p->s, header, sizeof header), 0);
	int n = class_chan_seal(fake, (const uint8_t *)"go", 2, rec, sizeof rec);
	assert_int_equal(class_chan_open(p->s, rec, (size_t)n, out, sizeof out), -1);
	class_chan_free(fake);
	class_keys_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pos_known_bytes),
		cmocka_unit_test(test_refuses_all_but_one_message),
		cmocka_unit_test(test_lesson_pieces),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_code_known_answer),
		cmocka_unit_test_setup_teardown(test_channel_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_replayed_reordered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_code_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_impostor_cannot_speak, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
