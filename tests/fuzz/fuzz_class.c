/*
 * fuzz_class: the classroom message decoder on any bytes, as a student's
 * or a teacher's end would get them once a record opened.
 *
 * What class_msg_decode() refuses it must refuse without reading outside
 * the input and leave *m zeroed; what it accepts must encode back to
 * exactly the input (one encoding per message), keep a lesson piece
 * inside the input and inside the file it belongs to, and give a
 * position whose scenario exists.  The same bytes are then fed to the
 * frame reader as a stream: it must take whole frames only and never
 * a length over CLASS_FRAME_MAX.
 *
 * Built by "make fuzz"; tests/fuzz/run.sh runs it over
 * tests/fuzz/corpus/fuzz_class (one valid message of each type).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "class_msg.h"
#include "class_net.h"
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_accepted(const uint8_t *data, size_t size, const struct class_msg *m)
{
	uint8_t out[CLASS_MSG_MAX];
	int n = class_msg_encode(m, out, sizeof out);
	if (n < 0 || (size_t)n != size || memcmp(out, data, size) != 0)
		abort();	/* accepted, but not the one encoding of it */
	if (m->type == CLASS_MSG_LESSON) {
		const uint8_t *p = m->u.lesson.data;
		if (m->u.lesson.len && (p < data || p + m->u.lesson.len > data + size))
			abort();
		if ((uint64_t)m->u.lesson.offset + m->u.lesson.len > m->u.lesson.total ||
		    m->u.lesson.total > CLASS_LESSON_MAX)
			abort();
	}
	if (m->type == CLASS_MSG_POS) {
		struct scenario sc;
		if (class_pos_scenario(&m->u.pos, &sc) < 0)
			abort();
	}
}

/* The bytes as a stream of frames, fed in pieces of 7 bytes. */
static void frames(const uint8_t *data, size_t size)
{
	static struct class_inbuf in;
	const uint8_t *p;
	size_t n;
	in.len = 0;
	for (size_t at = 0; at < size;) {
		size_t take = size - at < 7 ? size - at : 7;
		if (take > sizeof in.b - in.len)
			take = sizeof in.b - in.len;
		memcpy(in.b + in.len, data + at, take);
		in.len += take;
		at += take;
		int r;
		while ((r = class_frame_next(&in, &p, &n)) == 1) {
			if (n > CLASS_FRAME_MAX || p + n > in.b + in.len)
				abort();
			class_frame_drop(&in);
		}
		if (r < 0)
			return;		/* a connection would close here */
		if (take == 0)
			return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct class_msg m;
	static const struct class_msg zero;
	if (class_msg_decode(data, size, &m) == 0)
		check_accepted(data, size, &m);
	else if (memcmp(&m, &zero, sizeof m) != 0)
		abort();	/* a refused message leaves nothing behind */
	frames(data, size);
	return 0;
}
