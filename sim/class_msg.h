/*
 * class_msg: the messages of a classroom session (--teach, --join), as
 * bytes and back.
 *
 * The teacher sends where it is (struct class_pos: the scenario, the
 * event, the zoomed pane, the inspector's frame), the lesson file in
 * pieces, and the answer of a question once revealed; a student sends
 * only its answer to a question.  Both send a sign of life now and then,
 * so that each notices the other gone even when the network says nothing.  Every field has a
 * fixed size and every value is checked against what it may be: the
 * decoder trusts no length and no number it reads, and refuses the whole
 * message on the first thing that is not exactly right.  Pure: no I/O.
 */
#ifndef CLASS_MSG_H
#define CLASS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

#define CLASS_MSG_MAX 4096		/* bytes of one message, at most */
#define CLASS_CHUNK_MAX 3072		/* lesson bytes in one message */
#define CLASS_LESSON_MAX (256 * 1024)	/* a larger lesson does not travel */
#define CLASS_CHOICES_MAX 16		/* choices an answer can tick */

enum class_msg_type {
	CLASS_MSG_POS = 1,	/* teacher: where the class is */
	CLASS_MSG_LESSON,	/* teacher: a piece of the lesson file */
	CLASS_MSG_REVEAL,	/* teacher: the answer of question q is shown */
	CLASS_MSG_ANSWER,	/* student: its answer to question q */
	CLASS_MSG_ALIVE,	/* either end: still here (nothing else) */
};

/*
 * A position, everything a student needs to show what the teacher shows.
 * Filled from the app and applied to it in one place each (ui/app_class.c),
 * so that a new thing to follow is a field here and two lines there.
 */
struct class_pos {
	uint8_t kind;		/* SCENARIO_KIND(proto, mode): --scenario's value */
	uint8_t tls;		/* enum tls_version */
	uint8_t tls_policy, server_policy, hop_b, attack_hop;
	uint32_t attacks;	/* enum attack bits */
	bool seeded;
	uint64_t seed;
	bool lesson;		/* the lesson sent before sets the scenario */
	uint32_t ev;		/* the event on show */
	uint8_t zoom;		/* the zoomed pane + 1, 0 when none */
	uint32_t frame;		/* the inspector's frame + 1, 0 when closed */
};

struct class_msg {
	enum class_msg_type type;
	union {
		struct class_pos pos;
		struct {
			uint32_t total, offset;	/* the file's size, this piece's place */
			uint16_t len;
			const uint8_t *data;	/* borrowed from the decoded bytes */
		} lesson;
		struct {
			uint16_t q;	/* the question, as the lesson numbers them */
			uint16_t mask;	/* ANSWER: bit c, choice c ticked */
		} quiz;
	} u;
};

/*
 * Writes m into out (cap bytes).  Returns the length, or -1 when m is not
 * a message that could be sent (a value out of range, a piece too long)
 * or does not fit.
 */
__attribute__((warn_unused_result))
int class_msg_encode(const struct class_msg *m, uint8_t *out, size_t cap);

/*
 * Reads one whole message of n bytes into *m (a lesson piece points into
 * p).  Returns 0, or -1 when the bytes are anything but one message of a
 * known type with every field in range and nothing left over.
 */
__attribute__((warn_unused_result))
int class_msg_decode(const uint8_t *p, size_t n, struct class_msg *m);

/* The position of sc at event ev (lesson: sc is the lesson's). */
void class_pos_from(struct class_pos *pos, const struct scenario *sc, bool lesson, size_t ev);

/* The scenario pos describes, into *sc.  Returns 0, or -1 when no
 * scenario of the table has that kind. */
__attribute__((warn_unused_result))
int class_pos_scenario(const struct class_pos *pos, struct scenario *sc);

#endif
