/*
 * class_client: a student's end (see class_client.h).
 */
#include "class_client.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "class_chan.h"
#include "class_net.h"
#include "util.h"

#define CLIENT_OUT_MAX 4096

struct class_client {
	int fd;
	struct class_chan *chan;
	struct class_inbuf in;
	struct class_outbuf out;
	uint8_t msg[CLASS_MSG_MAX];	/* what the last message points into */
	uint8_t *lesson;		/* the lesson file, once whole */
	size_t lesson_len, lesson_got;
	struct class_pos pos;
	uint64_t next_alive;		/* when to say it is still there */
	uint64_t heard;			/* when the teacher last sent anything */
};

const char *class_join_strerror(enum class_join_error e)
{
	switch (e) {
	case CLASS_JOINED: return "";
	case CLASS_ERR_ADDRESS: return N_("no such host");
	case CLASS_ERR_CONNECT: return N_("cannot connect: is the teacher's program running?");
	case CLASS_ERR_TIMEOUT: return N_("the teacher did not answer in time");
	case CLASS_ERR_CODE:
		return N_("a join code is twelve letters and digits, such as 7F3K-Q9ZD-2M4X");
	case CLASS_ERR_NOT_TEACHER: return N_("what answered there is not a tlssim teacher");
	case CLASS_ERR_WRONG_KEY:
		return N_("this is not the teacher whose code you typed: its key does not match the "
			  "join code (check the code, or someone is pretending to be the teacher)");
	case CLASS_ERR_BROKEN: return N_("the teacher's program went away or sent nonsense");
	}
	return "";
}

/* A connected socket to host:port, or -1 with *why; waits until deadline. */
static int dial(const char *host, unsigned port, uint64_t deadline, enum class_join_error *why)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *ai;
	char service[8];
	snprintf(service, sizeof service, "%u", port);
	if (port == 0 || port > 65535 || getaddrinfo(host, service, &hints, &ai) != 0) {
		*why = CLASS_ERR_ADDRESS;
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	*why = CLASS_ERR_CONNECT;
	int r = fd >= 0 && class_nonblock(fd) == 0 ? connect(fd, ai->ai_addr, ai->ai_addrlen) : -1;
	if (r == 0)
		*why = CLASS_JOINED;	/* at once, as loopback may */
	else if (fd >= 0 && errno == EINPROGRESS) {
		uint64_t now = class_now_ms();
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		int err = 0;
		socklen_t len = sizeof err;
		if (poll(&p, 1, now < deadline ? (int)(deadline - now) : 0) == 0)
			*why = CLASS_ERR_TIMEOUT;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
			*why = CLASS_JOINED;
		else
			errno = err;
	}
	freeaddrinfo(ai);
	if (*why != CLASS_JOINED && fd >= 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Waits for the next frame until deadline.  1 with *p, *n; else -1 and *why. */
static int next_frame(struct class_client *c, uint64_t deadline, const uint8_t **p, size_t *n,
		      enum class_join_error *why)
{
	for (;;) {
		int r = class_frame_next(&c->in, p, n);
		if (r != 0) {
			*why = CLASS_ERR_BROKEN;
			return r;
		}
		uint64_t now = class_now_ms();
		struct pollfd pf = { .fd = c->fd, .events = POLLIN };
		if (now >= deadline || poll(&pf, 1, (int)(deadline - now)) == 0) {
			*why = CLASS_ERR_TIMEOUT;
			return -1;
		}
		if (class_fill(c->fd, &c->in) < 0) {
			*why = CLASS_ERR_BROKEN;
			return -1;
		}
	}
}

/* A piece of the lesson; the pieces come in order.  0, or -1. */
static int take_lesson(struct class_client *c, const struct class_msg *m)
{
	if (!c->lesson) {
		c->lesson_len = m->u.lesson.total;
		c->lesson = malloc(c->lesson_len ? c->lesson_len : 1);
		if (!c->lesson)
			return -1;
	}
	if (m->u.lesson.total != c->lesson_len || m->u.lesson.offset != c->lesson_got)
		return -1;
	memcpy(c->lesson + c->lesson_got, m->u.lesson.data, m->u.lesson.len);
	c->lesson_got += m->u.lesson.len;
	return 0;
}

/* The handshake, the lesson and the first position. */
static enum class_join_error handshake(struct class_client *c, const char *code, uint64_t deadline)
{
	const uint8_t *f;
	size_t n;
	uint8_t reply[CLASS_REPLY_BYTES];
	unsigned char teacher[CLASS_PK_BYTES];
	enum class_join_error why;
	struct class_msg m;

	if (next_frame(c, deadline, &f, &n, &why) < 0)
		return why;
	switch (class_chan_join(c->chan, f, n, code, reply, teacher)) {
	case CLASS_JOIN_OK: break;
	case CLASS_JOIN_BAD_CODE: return CLASS_ERR_CODE;
	case CLASS_JOIN_WRONG_KEY: return CLASS_ERR_WRONG_KEY;
	case CLASS_JOIN_NOT_TEACHER: return CLASS_ERR_NOT_TEACHER;
	}
	class_frame_drop(&c->in);
	if (class_out_frame(&c->out, reply, sizeof reply) < 0 || class_flush(c->fd, &c->out) < 0)
		return CLASS_ERR_BROKEN;
	if (next_frame(c, deadline, &f, &n, &why) < 0)
		return why;
	if (class_chan_start(c->chan, f, n) < 0)
		return CLASS_ERR_WRONG_KEY;
	class_frame_drop(&c->in);
	for (;;) {
		if (next_frame(c, deadline, &f, &n, &why) < 0)
			return why;
		if (class_open_msg(c->chan, f, n, c->msg, &m) < 0)
			return CLASS_ERR_WRONG_KEY;	/* not sealed by the key of the code */
		class_frame_drop(&c->in);
		if (m.type == CLASS_MSG_LESSON && take_lesson(c, &m) < 0)
			return CLASS_ERR_BROKEN;
		if (m.type == CLASS_MSG_POS) {
			c->pos = m.u.pos;
			return c->lesson_got == c->lesson_len ? CLASS_JOINED : CLASS_ERR_BROKEN;
		}
	}
}

struct class_client *class_client_join(const char *host, unsigned port, const char *code,
				       int timeout_ms, enum class_join_error *why)
{
	char digits[CLASS_CODE_CHARS + 1];
	uint64_t deadline = class_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);

	if (class_code_read(code, digits) < 0) {
		*why = CLASS_ERR_CODE;	/* said before any connection */
		return NULL;
	}
	if (sodium_init() < 0) {
		*why = CLASS_ERR_BROKEN;
		return NULL;
	}
	struct class_client *c = calloc(1, sizeof *c);
	if (!c) {
		*why = CLASS_ERR_BROKEN;
		return NULL;
	}
	c->out.cap = CLIENT_OUT_MAX;
	c->fd = dial(host, port, deadline, why);
	if (c->fd >= 0 && !(c->chan = class_chan_new()))
		*why = CLASS_ERR_BROKEN;
	if (c->fd >= 0 && c->chan)
		*why = handshake(c, code, deadline);
	if (*why != CLASS_JOINED) {
		class_client_close(c);
		return NULL;
	}
	c->heard = class_now_ms();
	c->next_alive = c->heard + CLASS_ALIVE_MS;
	return c;
}

void class_client_close(struct class_client *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	class_chan_free(c->chan);
	class_out_free(&c->out);
	free(c->lesson);
	free(c);
}

const uint8_t *class_client_lesson(const struct class_client *c, size_t *n)
{
	*n = c->lesson_len;
	return c->lesson;
}

const struct class_pos *class_client_pos(const struct class_client *c)
{
	return &c->pos;
}

int class_client_fd(const struct class_client *c)
{
	return c->fd;
}

int class_client_next(struct class_client *c, struct class_msg *m)
{
	const uint8_t *f;
	size_t n;
	int r = class_frame_next(&c->in, &f, &n);

	if (r == 0) {
		if (class_fill(c->fd, &c->in) < 0)
			return -1;
		r = class_frame_next(&c->in, &f, &n);
	}
	if (r <= 0)
		return r;
	if (class_open_msg(c->chan, f, n, c->msg, m) < 0 || m->type == CLASS_MSG_ANSWER)
		return -1;
	class_frame_drop(&c->in);
	c->heard = class_now_ms();
	return 1;
}

static int send_msg(struct class_client *c, const struct class_msg *m)
{
	if (class_out_msg(&c->out, c->chan, m) < 0)
		return -1;
	return class_flush(c->fd, &c->out);
}

int class_client_answer(struct class_client *c, uint16_t q, uint16_t mask)
{
	return send_msg(c, &(struct class_msg){ .type = CLASS_MSG_ANSWER, .u.quiz = { q, mask } });
}

int class_client_tick(struct class_client *c, uint64_t now)
{
	if (class_flush(c->fd, &c->out) < 0 || now > c->heard + CLASS_IDLE_MS)
		return -1;	/* broken, or the teacher has been silent too long */
	if (now < c->next_alive)
		return 0;
	c->next_alive = now + CLASS_ALIVE_MS;
	return send_msg(c, &(struct class_msg){ .type = CLASS_MSG_ALIVE });
}

int class_client_wait_ms(const struct class_client *c, uint64_t now)
{
	uint64_t at = c->next_alive < c->heard + CLASS_IDLE_MS + 1 ? c->next_alive
								    : c->heard + CLASS_IDLE_MS + 1;
	return now >= at ? 0 : (int)(at - now);
}
