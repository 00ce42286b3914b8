/*
 * class_server: the teacher's end of a classroom session (--teach).
 *
 * It listens on a TCP port, shakes hands with each student that comes
 * (class_chan.h), sends it the lesson and where the class is, then sends
 * every move to every student.  It never waits for a student: sockets
 * are non-blocking and the app's loop polls them with the keyboard
 * (class_server_pollfds, then class_server_service).  Each student has
 * its own capped buffers; a student that does not read, sends garbage,
 * does not finish its handshake in time or stays silent too long is
 * dropped alone.  What students send changes nothing but their answer to
 * the question at hand, which the teacher sees only as counts.
 * No curses.
 */
#ifndef CLASS_SERVER_H
#define CLASS_SERVER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "class_chan.h"
#include "class_msg.h"

struct class_server;

/* What class_server_service() found (bits). */
enum {
	CLASS_SERVER_STUDENTS = 1,	/* a student came or went */
	CLASS_SERVER_ANSWERS = 2,	/* an answer came */
};

/*
 * Listens on addr (an IPv4 address; NULL: every one) and port (0: one
 * the system picks).  Returns the server, or NULL with errno set.
 */
struct class_server *class_server_open(const char *addr, unsigned port);
void class_server_close(struct class_server *s);

/* The port it listens on. */
unsigned class_server_port(const struct class_server *s);

/* The join code of this run's key ("7F3K-Q9ZD-2M4X"). */
const char *class_server_code(const struct class_server *s);

/* The lesson file the students get (copied; n at most CLASS_LESSON_MAX).
 * Returns 0, or -1 when it is too large. */
__attribute__((warn_unused_result))
int class_server_lesson(struct class_server *s, const uint8_t *bytes, size_t n);

/* Where the class is now: sent to every student when it changed. */
void class_server_move(struct class_server *s, const struct class_pos *pos);

/* Shows every student the answer of question q. */
void class_server_reveal(struct class_server *s, uint16_t q);

/* Students connected and past the handshake. */
size_t class_server_students(const struct class_server *s);

/* How many students answered question q; counts[c] (CLASS_CHOICES_MAX
 * of them) how many ticked choice c. */
size_t class_server_tally(const struct class_server *s, uint16_t q, unsigned *counts);

/* Fills fds (cap entries) with what to poll.  Returns the count. */
size_t class_server_pollfds(const struct class_server *s, struct pollfd *fds, size_t cap);

/* After poll(): accepts, reads, writes and times out (now: class_now_ms).
 * fds and n are what class_server_pollfds() gave, polled.  Returns the
 * flags above. */
unsigned class_server_service(struct class_server *s, const struct pollfd *fds, size_t n,
			      uint64_t now);

/* Milliseconds until a handshake or a silence times out or the students
 * are due a sign of life; -1 when no one is connected. */
int class_server_wait_ms(const struct class_server *s, uint64_t now);

#endif
