/*
 * class_client: a student's end of a classroom session (--join).
 *
 * class_client_join() connects, checks the teacher's key against the
 * join code before it trusts a byte, shakes hands and waits for the
 * lesson (when the teacher has one) and the first position: all of it
 * before the screen is taken, so that a wrong code or an unreachable
 * teacher is a plain message.  Then the app polls class_client_fd() with
 * the keyboard and takes messages with class_client_next().  No curses.
 */
#ifndef CLASS_CLIENT_H
#define CLASS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "class_msg.h"

struct class_client;

enum class_join_error {
	CLASS_JOINED,
	CLASS_ERR_ADDRESS,	/* the host is no address (or has none) */
	CLASS_ERR_CONNECT,	/* refused or unreachable (errno) */
	CLASS_ERR_TIMEOUT,	/* no teacher answered in time */
	CLASS_ERR_CODE,		/* what was typed is no join code */
	CLASS_ERR_NOT_TEACHER,	/* something answered, but not a teacher */
	CLASS_ERR_WRONG_KEY,	/* a teacher, but not the one of the code */
	CLASS_ERR_BROKEN,	/* the teacher went away or sent nonsense */
};

/* What went wrong, as an English msgid (N_ marked) for the UI. */
const char *class_join_strerror(enum class_join_error e);

/*
 * Joins the teacher at host (an IPv4 address or a name) and port, whose
 * key the join code code names, within timeout_ms.  Returns the client,
 * or NULL with *why.
 */
struct class_client *class_client_join(const char *host, unsigned port, const char *code,
				       int timeout_ms, enum class_join_error *why);
void class_client_close(struct class_client *c);

/* The lesson file the teacher sent (NULL when none) and its size. */
const uint8_t *class_client_lesson(const struct class_client *c, size_t *n);
/* The teacher's position when joining. */
const struct class_pos *class_client_pos(const struct class_client *c);

/* The socket to poll for input. */
int class_client_fd(const struct class_client *c);

/*
 * The next message from the teacher, without waiting.  Returns 1 with
 * *m (valid until the next call), 0 when none is there now, -1 when the
 * teacher left or the channel broke (the client is then useless).
 */
int class_client_next(struct class_client *c, struct class_msg *m);

/* Sends an answer to question q.  Returns 0, or -1. */
int class_client_answer(struct class_client *c, uint16_t q, uint16_t mask);

/* Says it is still there when it is time to (now: class_now_ms).
 * Returns 0, or -1 when the channel broke or the teacher, who says it is
 * there every CLASS_ALIVE_MS, has been silent for CLASS_IDLE_MS. */
int class_client_tick(struct class_client *c, uint64_t now);

/* Milliseconds until class_client_tick() has something to do. */
int class_client_wait_ms(const struct class_client *c, uint64_t now);

#endif
