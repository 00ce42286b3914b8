/*
 * class_load: a classroom's worth of trouble for a teacher on loopback,
 * for `make bench` (tests/bench/class.sh).
 *
 *   class_load PORT CODE SECONDS [STUDENTS] [NASTY]
 *
 * Joins STUDENTS (200) students to the teacher at 127.0.0.1:PORT through
 * the real client (class_client.h: handshake, key pinned by CODE), then
 * for SECONDS keeps them reading and saying they are there, while NASTY
 * (50) more connections misbehave: the even ones send random bytes every
 * 200 ms, the odd ones connect and say nothing; each one the teacher
 * closes is opened again.  Prints "joined N" once all have joined, then
 * at the end one line: how many students joined, how many were still
 * connected, the fewest and most positions a student received, and how
 * often the teacher closed a nasty connection.  It stops early when the
 * teacher has left (every student closed).  Exits 1 when a student could
 * not join.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "class_client.h"
#include "class_net.h"

#define MAX_CONN 512

struct nasty {
	int fd;
	uint64_t next;		/* the next garbage, for the even ones */
};

static int port;

static int dial(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || class_nonblock(fd) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A nasty connection's turn: garbage when due; reopened once closed. */
static int nasty_turn(struct nasty *n, size_t i, uint64_t now)
{
	uint8_t junk[64], sink[4096];
	int closed = 0;
	if (n->fd >= 0) {
		ssize_t r = recv(n->fd, sink, sizeof sink, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
			close(n->fd);
			n->fd = -1;
			closed = 1;
		}
	}
	if (n->fd < 0)
		n->fd = dial();
	if (n->fd >= 0 && i % 2 == 0 && now >= n->next) {
		randombytes_buf(junk, sizeof junk);
		(void)send(n->fd, junk, sizeof junk, MSG_NOSIGNAL | MSG_DONTWAIT);
		n->next = now + 200;
	}
	return closed;
}

/* Reads every message a student has; counts the positions.  -1: dropped. */
static int student_turn(struct class_client *c, unsigned *positions, uint64_t now)
{
	struct class_msg m;
	int r;
	while ((r = class_client_next(c, &m)) > 0)
		if (m.type == CLASS_MSG_POS)
			(*positions)++;
	if (r < 0 || class_client_tick(c, now) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct class_client *st[MAX_CONN];
	static unsigned positions[MAX_CONN];
	static struct nasty bad[MAX_CONN];
	static struct pollfd fds[2 * MAX_CONN];
	enum class_join_error why;

	if (argc < 4 || sodium_init() < 0) {
		fputs("usage: class_load PORT CODE SECONDS [STUDENTS] [NASTY]\n", stderr);
		return 2;
	}
	port = atoi(argv[1]);
	int secs = atoi(argv[3]);
	int ns = argc > 4 ? atoi(argv[4]) : 200, nn = argc > 5 ? atoi(argv[5]) : 50;
	if (ns < 0 || ns > MAX_CONN || nn < 0 || nn > MAX_CONN || secs < 1 || secs > 600)
		return 2;
	int joined = 0, alive, reopened = 0;
	for (int i = 0; i < nn; i++)
		bad[i].fd = -1;
	for (int i = 0; i < ns; i++) {
		st[i] = class_client_join("127.0.0.1", (unsigned)port, argv[2], 5000, &why);
		if (!st[i])
			fprintf(stderr, "class_load: student %d: %s\n", i, class_join_strerror(why));
		joined += st[i] != NULL;
	}
	printf("joined %d\n", joined);
	fflush(stdout);
	uint64_t end = class_now_ms() + (uint64_t)secs * 1000;
	alive = joined;
	for (uint64_t now = class_now_ms(); now < end && alive > 0; now = class_now_ms()) {
		size_t n = 0;
		for (int i = 0; i < ns; i++)
			fds[n++] = (struct pollfd){ .fd = st[i] ? class_client_fd(st[i]) : -1, .events = POLLIN };
		(void)poll(fds, n, 100);
		for (int i = 0; i < ns; i++)
			if (st[i] && student_turn(st[i], &positions[i], now) < 0) {
				class_client_close(st[i]);
				st[i] = NULL;
				alive--;
			}
		for (int i = 0; i < nn; i++)
			reopened += nasty_turn(&bad[i], (size_t)i, now);
	}
	unsigned lo = ~0u, hi = 0;
	for (int i = 0; i < ns; i++) {
		lo = positions[i] < lo ? positions[i] : lo;
		hi = positions[i] > hi ? positions[i] : hi;
		class_client_close(st[i]);
	}
	for (int i = 0; i < nn; i++)
		if (bad[i].fd >= 0)
			close(bad[i].fd);
	printf("class_load students=%d joined=%d alive=%d positions_min=%u positions_max=%u "
	       "nasty=%d closed_by_teacher=%d\n", ns, joined, alive, ns ? lo : 0, hi, nn, reopened);
	return joined == ns ? 0 : 1;
}
