/*
 * class_net: what the teacher's and the student's ends of a classroom
 * session share: frames on a TCP stream, the limits, the clock.
 *
 * On the wire every unit is a frame: a two-byte big-endian length and
 * that many bytes (a hello, a stream header or a sealed record).  A
 * frame longer than CLASS_FRAME_MAX ends the connection: no length read
 * from the network is trusted with more memory than that.  No curses.
 */
#ifndef CLASS_NET_H
#define CLASS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "class_chan.h"
#include "class_msg.h"

#define CLASS_PORT 7878			/* the default of --port */
#define CLASS_FRAME_MAX (CLASS_MSG_MAX + CLASS_SEAL_BYTES)
#define CLASS_PEERS_MAX 300		/* connections the teacher keeps at once */
#define CLASS_OUT_MAX (2 * CLASS_LESSON_MAX)	/* bytes queued for one student */
#define CLASS_HELLO_MS 5000		/* to finish the handshake */
#define CLASS_IDLE_MS 30000		/* a student silent this long is gone */
#define CLASS_ALIVE_MS 10000		/* a student says it is there this often */

/* Bytes received and not yet taken as frames. */
struct class_inbuf {
	uint8_t b[2 + CLASS_FRAME_MAX];
	size_t len;
};

/* Bytes waiting to be sent, at most cap; the memory grows as needed. */
struct class_outbuf {
	uint8_t *b;
	size_t len, off, cap;
	size_t alloc;		/* bytes at b */
};

/* Milliseconds of a monotonic clock. */
uint64_t class_now_ms(void);

/* Makes fd non-blocking (and close-on-exec).  Returns 0, or -1. */
int class_nonblock(int fd);

/*
 * Reads what fd has into in (non-blocking).  Returns 1 when something
 * came, 0 when nothing is there now, -1 when the peer closed or failed.
 */
int class_fill(int fd, struct class_inbuf *in);

/*
 * The next whole frame in in: *p and *n point at its body, valid until
 * class_frame_drop(in).  Returns 1, 0 when none is whole yet, -1 when
 * the length is more than CLASS_FRAME_MAX.
 */
int class_frame_next(const struct class_inbuf *in, const uint8_t **p, size_t *n);
void class_frame_drop(struct class_inbuf *in);

/* Queues frame body p (n bytes) on out.  Returns 0, or -1 when it would
 * pass out->cap. */
__attribute__((warn_unused_result))
int class_out_frame(struct class_outbuf *out, const uint8_t *p, size_t n);

/* Seals message m with chan and queues it.  Returns 0, or -1. */
__attribute__((warn_unused_result))
int class_out_msg(struct class_outbuf *out, struct class_chan *chan, const struct class_msg *m);

/* Sends what out holds, as much as fd takes now.  Returns 0, or -1 when
 * the connection failed. */
int class_flush(int fd, struct class_outbuf *out);
void class_out_free(struct class_outbuf *out);

/* Opens the frame just taken: decrypts it and decodes the message.
 * Returns 0, or -1 when it is not a record of this stream or not a
 * message.  buf (CLASS_MSG_MAX bytes) keeps what m points into. */
__attribute__((warn_unused_result))
int class_open_msg(struct class_chan *chan, const uint8_t *p, size_t n, uint8_t *buf,
		   struct class_msg *m);

#endif
