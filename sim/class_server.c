/*
 * class_server: the teacher's end (see class_server.h).
 *
 * The students are an array of peers; fds[0] of a poll is the listening
 * socket and fds[1 + i] peer i, so that service() finds each peer's
 * events without a search.  A peer goes from its hello (sent as soon as
 * it is accepted) to open (its reply read and our header sent), when it
 * gets the lesson and the position; any failure drops it.
 */
#include "class_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "class_net.h"

#define ACCEPTS_PER_ROUND 32	/* a flood of connections cannot starve the rest */

struct peer {
	int fd;
	bool open;			/* the handshake is done */
	struct class_chan *chan;
	struct class_inbuf in;
	struct class_outbuf out;
	uint64_t deadline;		/* dropped when now passes it */
	bool answered;			/* to question q, ticking mask */
	uint16_t q, mask;
};

struct class_server {
	int lfd;
	struct class_keys keys;
	char code[CLASS_CODE_LEN + 1];
	struct peer *peers[CLASS_PEERS_MAX];
	size_t n;
	uint8_t *lesson;		/* the file students get, or NULL */
	size_t lesson_len;
	struct class_pos pos;
	bool moved;			/* pos was set */
	uint64_t next_alive;		/* when the students hear it is still there */
};

struct class_server *class_server_open(const char *addr, unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1, e;

	if (port > 65535 || sodium_init() < 0) {
		errno = EINVAL;
		return NULL;
	}
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (addr && inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		errno = EINVAL;
		return NULL;
	}
	struct class_server *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (s->lfd < 0 || setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(s->lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s->lfd, 64) < 0 ||
	    class_nonblock(s->lfd) < 0 || class_keys_new(&s->keys) < 0) {
		e = errno;
		if (s->lfd >= 0)
			close(s->lfd);
		free(s);
		errno = e;
		return NULL;
	}
	class_code(s->keys.pk, s->code);
	return s;
}

static void drop(struct class_server *s, size_t i)
{
	struct peer *p = s->peers[i];
	close(p->fd);
	class_chan_free(p->chan);
	class_out_free(&p->out);
	free(p);
	s->peers[i] = s->peers[--s->n];
}

void class_server_close(struct class_server *s)
{
	if (!s)
		return;
	while (s->n)
		drop(s, s->n - 1);
	close(s->lfd);
	class_keys_free(&s->keys);
	free(s->lesson);
	free(s);
}

unsigned class_server_port(const struct class_server *s)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	if (getsockname(s->lfd, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	return ntohs(sa.sin_port);
}

const char *class_server_code(const struct class_server *s)
{
	return s->code;
}

int class_server_lesson(struct class_server *s, const uint8_t *bytes, size_t n)
{
	if (n > CLASS_LESSON_MAX)
		return -1;
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		return -1;
	memcpy(copy, bytes, n);
	free(s->lesson);
	s->lesson = copy;
	s->lesson_len = n;
	return 0;
}

/* Queues m for peer p and sends what it can.  -1: p must go. */
static int send_msg(struct peer *p, const struct class_msg *m)
{
	if (!p->open)
		return 0;	/* it gets the latest state once open */
	if (class_out_msg(&p->out, p->chan, m) < 0)
		return -1;	/* a student this far behind is not reading */
	return class_flush(p->fd, &p->out);
}

/* Sends m to every open peer, dropping those that cannot take it. */
static void broadcast(struct class_server *s, const struct class_msg *m)
{
	for (size_t i = s->n; i-- > 0;)
		if (send_msg(s->peers[i], m) < 0)
			drop(s, i);
}

/* Whether two positions are the same (by their bytes: no padding compared). */
static bool same_pos(const struct class_pos *a, const struct class_pos *b)
{
	uint8_t ea[64], eb[64];
	struct class_msg ma = { .type = CLASS_MSG_POS, .u.pos = *a };
	struct class_msg mb = { .type = CLASS_MSG_POS, .u.pos = *b };
	int na = class_msg_encode(&ma, ea, sizeof ea), nb = class_msg_encode(&mb, eb, sizeof eb);
	return na > 0 && na == nb && memcmp(ea, eb, (size_t)na) == 0;
}

void class_server_move(struct class_server *s, const struct class_pos *pos)
{
	if (s->moved && same_pos(&s->pos, pos))
		return;
	s->pos = *pos;
	s->moved = true;
	broadcast(s, &(struct class_msg){ .type = CLASS_MSG_POS, .u.pos = *pos });
}

void class_server_reveal(struct class_server *s, uint16_t q)
{
	broadcast(s, &(struct class_msg){ .type = CLASS_MSG_REVEAL, .u.quiz.q = q });
}

size_t class_server_students(const struct class_server *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += s->peers[i]->open;
	return n;
}

size_t class_server_tally(const struct class_server *s, uint16_t q, unsigned *counts)
{
	size_t n = 0;
	memset(counts, 0, CLASS_CHOICES_MAX * sizeof *counts);
	for (size_t i = 0; i < s->n; i++) {
		const struct peer *p = s->peers[i];
		if (!p->open || !p->answered || p->q != q)
			continue;
		n++;
		for (int c = 0; c < CLASS_CHOICES_MAX; c++)
			counts[c] += p->mask >> c & 1;
	}
	return n;
}

size_t class_server_pollfds(const struct class_server *s, struct pollfd *fds, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return 0;
	/* At the cap, new connections wait in the kernel's queue. */
	fds[n++] = (struct pollfd){ .fd = s->n < CLASS_PEERS_MAX ? s->lfd : -1, .events = POLLIN };
	for (size_t i = 0; i < s->n && n < cap; i++) {
		const struct peer *p = s->peers[i];
		short ev = POLLIN;
		if (p->out.off < p->out.len)
			ev |= POLLOUT;
		fds[n++] = (struct pollfd){ .fd = p->fd, .events = ev };
	}
	return n;
}

/* A new connection: the teacher's hello goes out at once. */
static void accept_one(struct class_server *s, uint64_t now)
{
	uint8_t hello[CLASS_HELLO_BYTES];
	int fd = accept(s->lfd, NULL, NULL);
	if (fd < 0)
		return;
	struct peer *p = calloc(1, sizeof *p);
	if (!p || class_nonblock(fd) < 0 || !(p->chan = class_chan_new())) {
		free(p);
		close(fd);
		return;
	}
	p->fd = fd;
	p->out.cap = CLASS_OUT_MAX;
	p->deadline = now + CLASS_HELLO_MS;
	s->peers[s->n++] = p;
	class_chan_hello(&s->keys, hello);
	if (class_out_frame(&p->out, hello, sizeof hello) < 0 || class_flush(fd, &p->out) < 0)
		drop(s, s->n - 1);
}

/* A student that has just opened gets the lesson, then the position. */
static int welcome(const struct class_server *s, struct peer *p)
{
	for (size_t off = 0; s->lesson && off < s->lesson_len; off += CLASS_CHUNK_MAX) {
		size_t len = s->lesson_len - off < CLASS_CHUNK_MAX ? s->lesson_len - off : CLASS_CHUNK_MAX;
		struct class_msg m = { .type = CLASS_MSG_LESSON,
			.u.lesson = { (uint32_t)s->lesson_len, (uint32_t)off, (uint16_t)len,
				      s->lesson + off } };
		if (class_out_msg(&p->out, p->chan, &m) < 0)
			return -1;
	}
	if (s->lesson && s->lesson_len == 0 &&
	    class_out_msg(&p->out, p->chan, &(struct class_msg){ .type = CLASS_MSG_LESSON }) < 0)
		return -1;
	if (s->moved)
		return send_msg(p, &(struct class_msg){ .type = CLASS_MSG_POS, .u.pos = s->pos });
	return class_flush(p->fd, &p->out);
}

/* One frame from peer p.  Returns flags, or -1 when p must go. */
static int take_frame(struct class_server *s, struct peer *p, const uint8_t *f, size_t n,
		      uint64_t now)
{
	uint8_t header[CLASS_HEADER_BYTES], buf[CLASS_MSG_MAX];
	struct class_msg m;

	p->deadline = now + CLASS_IDLE_MS;
	if (!p->open) {
		if (class_chan_accept(p->chan, &s->keys, f, n, header) < 0 ||
		    class_out_frame(&p->out, header, sizeof header) < 0)
			return -1;
		p->open = true;
		return welcome(s, p) < 0 ? -1 : CLASS_SERVER_STUDENTS;
	}
	if (class_open_msg(p->chan, f, n, buf, &m) < 0)
		return -1;
	switch (m.type) {
	case CLASS_MSG_ALIVE:
		return 0;
	case CLASS_MSG_ANSWER:
		p->answered = true;
		p->q = m.u.quiz.q;
		p->mask = m.u.quiz.mask;
		return CLASS_SERVER_ANSWERS;
	default:
		return -1;	/* a student sends nothing else */
	}
}

/* Reads and handles what peer p sent.  Returns flags, or -1: p must go. */
static int serve_peer(struct class_server *s, struct peer *p, uint64_t now)
{
	const uint8_t *f;
	size_t n;
	unsigned flags = 0;
	int r, got = class_fill(p->fd, &p->in);

	if (got < 0)
		return -1;
	while ((r = class_frame_next(&p->in, &f, &n)) == 1) {
		int t = take_frame(s, p, f, n, now);
		if (t < 0)
			return -1;
		flags |= (unsigned)t;
		class_frame_drop(&p->in);
	}
	return r < 0 ? -1 : (int)flags;
}

unsigned class_server_service(struct class_server *s, const struct pollfd *fds, size_t n,
			      uint64_t now)
{
	unsigned flags = 0;
	size_t before = class_server_students(s);

	/* Peers first, by their poll slots, from the last (drop() moves the last one down). */
	for (size_t k = n; k-- > 1;) {
		size_t i = k - 1;
		if (i >= s->n || fds[k].fd != s->peers[i]->fd || !fds[k].revents)
			continue;
		struct peer *p = s->peers[i];
		int r = 0;
		if (fds[k].revents & (POLLIN | POLLERR | POLLHUP))
			r = serve_peer(s, p, now);
		if (r >= 0 && (fds[k].revents & POLLOUT))
			r = class_flush(p->fd, &p->out) < 0 ? -1 : r;
		if (r < 0)
			drop(s, i);
		else
			flags |= (unsigned)r;
	}
	for (size_t i = s->n; i-- > 0;)
		if (now > s->peers[i]->deadline)
			drop(s, i);
	if (now >= s->next_alive) {	/* so that a student notices a teacher gone silent */
		s->next_alive = now + CLASS_ALIVE_MS;
		broadcast(s, &(struct class_msg){ .type = CLASS_MSG_ALIVE });
	}
	if (n > 0 && fds[0].fd >= 0 && (fds[0].revents & POLLIN))
		for (int k = 0; k < ACCEPTS_PER_ROUND && s->n < CLASS_PEERS_MAX; k++) {
			size_t had = s->n;
			accept_one(s, now);
			if (s->n == had && errno != ECONNABORTED)
				break;
		}
	if (class_server_students(s) != before)
		flags |= CLASS_SERVER_STUDENTS;
	return flags;
}

int class_server_wait_ms(const struct class_server *s, uint64_t now)
{
	uint64_t first = s->n ? s->next_alive : UINT64_MAX;
	for (size_t i = 0; i < s->n; i++)
		if (s->peers[i]->deadline < first)
			first = s->peers[i]->deadline;
	if (first == UINT64_MAX)
		return -1;
	return first <= now ? 0 : first - now > 60000 ? 60000 : (int)(first - now) + 1;
}
