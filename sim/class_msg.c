/*
 * class_msg: the classroom messages as bytes (see class_msg.h).
 *
 * A message is a type byte and that type's fields, big-endian, fixed
 * sizes; a lesson piece ends with its bytes.  Writing and reading go
 * through a cursor that stops at the end instead of running past it, and
 * the reader checks each value where it reads it.
 */
#include "class_msg.h"

#include <string.h>

#include "options.h"

/* A cursor over a message: writing or reading past cap sets bad. */
struct cur {
	uint8_t *w;		/* writing: the output, else NULL */
	const uint8_t *r;	/* reading: the input */
	size_t at, cap;
	bool bad;
};

static void put_n(struct cur *c, uint64_t v, int bytes)
{
	if (c->bad || c->cap - c->at < (size_t)bytes) {
		c->bad = true;
		return;
	}
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		c->w[c->at + (size_t)i] = (uint8_t)v;
	c->at += (size_t)bytes;
}

static uint64_t get_n(struct cur *c, int bytes)
{
	uint64_t v = 0;
	if (c->bad || c->cap - c->at < (size_t)bytes) {
		c->bad = true;
		return 0;
	}
	for (int i = 0; i < bytes; i++)
		v = v << 8 | c->r[c->at++];
	return v;
}

/* A byte that must be at most max. */
static uint8_t get_upto(struct cur *c, uint8_t max)
{
	uint64_t v = get_n(c, 1);
	if (v > max)
		c->bad = true;
	return (uint8_t)v;
}

/* ---- positions --------------------------------------------------------------- */

#define ATTACKS_ALL 0x7fu	/* every bit of enum attack */

static bool known_kind(int kind)
{
	return option_choice_of(options_find("--scenario"), kind) != NULL;
}

static void put_pos(struct cur *c, const struct class_pos *p)
{
	put_n(c, p->kind, 1);
	put_n(c, p->tls, 1);
	put_n(c, p->tls_policy, 1);
	put_n(c, p->server_policy, 1);
	put_n(c, p->hop_b, 1);
	put_n(c, p->attack_hop, 1);
	put_n(c, p->attacks, 4);
	put_n(c, p->seeded, 1);
	put_n(c, p->seed, 8);
	put_n(c, p->lesson, 1);
	put_n(c, p->ev, 4);
	put_n(c, p->zoom, 1);
	put_n(c, p->frame, 4);
}

static void get_pos(struct cur *c, struct class_pos *p)
{
	p->kind = (uint8_t)get_n(c, 1);
	p->tls = get_upto(c, TLS_13);
	p->tls_policy = get_upto(c, POLICY_OPPORTUNISTIC);
	p->server_policy = get_upto(c, SERVER_LAX);
	p->hop_b = get_upto(c, HOP_B_DANE);
	p->attack_hop = get_upto(c, ATTACK_HOP_B);
	p->attacks = (uint32_t)get_n(c, 4);
	p->seeded = get_upto(c, 1);
	p->seed = get_n(c, 8);
	p->lesson = get_upto(c, 1);
	p->ev = (uint32_t)get_n(c, 4);
	p->zoom = get_upto(c, 8);
	p->frame = (uint32_t)get_n(c, 4);
	if (!known_kind(p->kind) || (p->attacks & ~ATTACKS_ALL))
		c->bad = true;
}

void class_pos_from(struct class_pos *pos, const struct scenario *sc, bool lesson, size_t ev)
{
	*pos = (struct class_pos){
		.kind = (uint8_t)SCENARIO_KIND(sc->proto, sc->mode),
		.tls = (uint8_t)sc->tls,
		.tls_policy = (uint8_t)sc->tls_policy,
		.server_policy = (uint8_t)sc->server_policy,
		.hop_b = (uint8_t)sc->hop_b,
		.attack_hop = (uint8_t)sc->attack_hop,
		.attacks = sc->attacks & ATTACKS_ALL,
		.seeded = sc->seeded,
		.seed = sc->seed,
		.lesson = lesson,
		.ev = ev > UINT32_MAX ? UINT32_MAX : (uint32_t)ev,
	};
}

int class_pos_scenario(const struct class_pos *pos, struct scenario *sc)
{
	const struct option_choice *c = option_choice_of(options_find("--scenario"), pos->kind);
	if (!c)
		return -1;
	scenario_set(sc, c);
	sc->tls = (enum tls_version)pos->tls;
	sc->tls_policy = (enum tls_policy)pos->tls_policy;
	sc->server_policy = (enum server_policy)pos->server_policy;
	sc->hop_b = (enum hop_b_policy)pos->hop_b;
	sc->attack_hop = (enum attack_hop)pos->attack_hop;
	sc->attacks = pos->attacks & ATTACKS_ALL;
	sc->seeded = pos->seeded;
	sc->seed = pos->seed;
	return 0;
}

/* ---- messages ---------------------------------------------------------------- */

int class_msg_encode(const struct class_msg *m, uint8_t *out, size_t cap)
{
	struct cur c = { .w = out, .cap = cap < CLASS_MSG_MAX ? cap : CLASS_MSG_MAX };

	put_n(&c, m->type, 1);
	switch (m->type) {
	case CLASS_MSG_POS:
		put_pos(&c, &m->u.pos);
		break;
	case CLASS_MSG_LESSON:
		if (m->u.lesson.len > CLASS_CHUNK_MAX || m->u.lesson.total > CLASS_LESSON_MAX ||
		    m->u.lesson.offset > m->u.lesson.total ||
		    m->u.lesson.len > m->u.lesson.total - m->u.lesson.offset)
			return -1;
		put_n(&c, m->u.lesson.total, 4);
		put_n(&c, m->u.lesson.offset, 4);
		put_n(&c, m->u.lesson.len, 2);
		if (!c.bad && c.cap - c.at >= m->u.lesson.len) {
			memcpy(out + c.at, m->u.lesson.data, m->u.lesson.len);
			c.at += m->u.lesson.len;
		} else {
			c.bad = true;
		}
		break;
	case CLASS_MSG_REVEAL:
		put_n(&c, m->u.quiz.q, 2);
		break;
	case CLASS_MSG_ANSWER:
		put_n(&c, m->u.quiz.q, 2);
		put_n(&c, m->u.quiz.mask, 2);
		break;
	case CLASS_MSG_ALIVE:
		break;
	default:
		return -1;
	}
	return c.bad ? -1 : (int)c.at;
}

/* A lesson piece: its bytes are the rest of the message, exactly len. */
static void get_lesson(struct cur *c, struct class_msg *m)
{
	m->u.lesson.total = (uint32_t)get_n(c, 4);
	m->u.lesson.offset = (uint32_t)get_n(c, 4);
	m->u.lesson.len = (uint16_t)get_n(c, 2);
	if (c->bad || m->u.lesson.total > CLASS_LESSON_MAX || m->u.lesson.len > CLASS_CHUNK_MAX ||
	    m->u.lesson.offset > m->u.lesson.total ||
	    m->u.lesson.len > m->u.lesson.total - m->u.lesson.offset ||
	    c->cap - c->at != m->u.lesson.len) {
		c->bad = true;
		return;
	}
	m->u.lesson.data = c->r + c->at;
	c->at += m->u.lesson.len;
}

int class_msg_decode(const uint8_t *p, size_t n, struct class_msg *m)
{
	struct cur c = { .r = p, .cap = n };

	memset(m, 0, sizeof *m);
	if (n == 0 || n > CLASS_MSG_MAX)
		return -1;
	m->type = (enum class_msg_type)get_n(&c, 1);
	switch (m->type) {
	case CLASS_MSG_POS:
		get_pos(&c, &m->u.pos);
		break;
	case CLASS_MSG_LESSON:
		get_lesson(&c, m);
		break;
	case CLASS_MSG_REVEAL:
		m->u.quiz.q = (uint16_t)get_n(&c, 2);
		break;
	case CLASS_MSG_ANSWER:
		m->u.quiz.q = (uint16_t)get_n(&c, 2);
		m->u.quiz.mask = (uint16_t)get_n(&c, 2);
		break;
	case CLASS_MSG_ALIVE:
		break;
	default:
		c.bad = true;
		break;
	}
	if (c.bad || c.at != n) {
		memset(m, 0, sizeof *m);
		return -1;
	}
	return 0;
}
