/*
 * test_class_server: the teacher's end on 127.0.0.1, with a port the
 * system picks.  A connection that never finishes its handshake is
 * closed once its time is up; garbage closes the connection that sent
 * it and no other; a real student (a child process, through the real
 * client) joins with the code, gets the lesson and the position, and
 * its answer is counted; a student with another code is refused.  Each
 * test is bounded: the server is served for a few seconds at most.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "class_client.h"
#include "class_net.h"
#include "class_server.h"

static int dial(unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

/* Serves s for up to ms, at the clock now + skew; stops early when done(). */
static unsigned serve(struct class_server *s, int ms, uint64_t skew, bool (*done)(void *),
		      void *arg)
{
	struct pollfd fds[1 + CLASS_PEERS_MAX];
	unsigned flags = 0;
	uint64_t end = class_now_ms() + (uint64_t)ms;
	while (class_now_ms() < end && !(done && done(arg))) {
		size_t n = class_server_pollfds(s, fds, sizeof fds / sizeof fds[0]);
		(void)poll(fds, n, 20);
		flags |= class_server_service(s, fds, n, class_now_ms() + skew);
	}
	return flags;
}

/* What the other end sent, up to EOF or 2 s: returns the bytes, -1 if it stayed open. */
static ssize_t until_eof(int fd)
{
	uint8_t buf[4096];
	ssize_t total = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	while (poll(&p, 1, 2000) == 1) {
		ssize_t r = recv(fd, buf, sizeof buf, 0);
		if (r <= 0)
			return r == 0 ? total : -1;
		total += r;
	}
	return -1;
}

static void test_silent_connection_times_out(void **state)
{
	(void)state;
	struct class_server *s = class_server_open("127.0.0.1", 0);
	assert_non_null(s);
	int fd = dial(class_server_port(s));
	serve(s, 200, 0, NULL, NULL);			/* accepted: the hello goes out */
	serve(s, 100, CLASS_HELLO_MS + 1000, NULL, NULL);	/* its time is up */
	assert_int_equal(until_eof(fd), 2 + CLASS_HELLO_BYTES);	/* the hello, then closed */
	close(fd);
	class_server_close(s);
}

static void test_garbage_closes_only_its_connection(void **state)
{
	(void)state;
	static const uint8_t junk[] = { 0xff, 0xff, 'n', 'o', 'i', 's', 'e' };
	struct class_server *s = class_server_open("127.0.0.1", 0);
	assert_non_null(s);
	int good = dial(class_server_port(s)), bad = dial(class_server_port(s));
	serve(s, 200, 0, NULL, NULL);
	assert_int_equal(send(bad, junk, sizeof junk, 0), (ssize_t)sizeof junk);
	serve(s, 300, 0, NULL, NULL);
	assert_int_equal(until_eof(bad), 2 + CLASS_HELLO_BYTES);
	struct pollfd p = { .fd = good, .events = POLLIN };
	uint8_t buf[64];
	assert_int_equal(recv(good, buf, sizeof buf, 0), 2 + CLASS_HELLO_BYTES);
	assert_int_equal(poll(&p, 1, 200), 0);	/* nothing more: still open */
	close(good);
	close(bad);
	class_server_close(s);
}

/* The child: joins with code, checks what it got, answers question 2
 * with choices a and c, and waits for the reveal.  Its exit status says
 * how far it got. */
static int student(unsigned port, const char *code)
{
	enum class_join_error why;
	struct class_client *c = class_client_join("127.0.0.1", port, code, 3000, &why);
	if (!c)
		return why == CLASS_ERR_WRONG_KEY ? 10 : 11;
	size_t n;
	const uint8_t *lesson = class_client_lesson(c, &n);
	if (n != 5 || memcmp(lesson, "title", 5) != 0 || class_client_pos(c)->ev != 5)
		return 12;
	if (class_client_answer(c, 2, 5) < 0)
		return 13;
	struct class_msg m;
	uint64_t end = class_now_ms() + 3000;
	while (class_now_ms() < end) {
		struct pollfd p = { .fd = class_client_fd(c), .events = POLLIN };
		(void)poll(&p, 1, 50);
		int r = class_client_next(c, &m);
		if (r < 0)
			return 14;
		if (r > 0 && m.type == CLASS_MSG_REVEAL && m.u.quiz.q == 2) {
			class_client_close(c);
			return 0;
		}
	}
	return 15;
}

static bool exited(void *arg)
{
	int *status = arg;
	return status[1] != 0 || (status[1] = waitpid(status[2], &status[0], WNOHANG)) != 0;
}

static bool answered(void *arg)
{
	unsigned counts[CLASS_CHOICES_MAX];
	return class_server_tally(arg, 2, counts) == 1 && counts[0] == 1 && counts[1] == 0 &&
	       counts[2] == 1;
}

/* Runs student() in a child with code; returns its exit status. */
static int run_student(struct class_server *s, const char *code, bool reveal)
{
	int st[3] = { 0, 0, 0 };
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(student(class_server_port(s), code));
	st[2] = pid;
	if (reveal) {
		serve(s, 3000, 0, answered, s);
		assert_true(answered(s));
		assert_int_equal(class_server_students(s), 1);
		class_server_reveal(s, 2);
	}
	serve(s, 4000, 0, exited, st);
	if (!st[1]) {
		kill(pid, SIGKILL);
		waitpid(pid, &st[0], 0);
		fail_msg("the student did not finish");
	}
	return WIFEXITED(st[0]) ? WEXITSTATUS(st[0]) : -1;
}

static void test_student_joins_answers_and_sees_reveal(void **state)
{
	(void)state;
	struct class_server *s = class_server_open("127.0.0.1", 0);
	assert_non_null(s);
	assert_int_equal(class_server_lesson(s, (const uint8_t *)"title", 5), 0);
	class_server_move(s, &(struct class_pos){ .kind = 0x11, .lesson = true, .ev = 5 });
	assert_int_equal(run_student(s, class_server_code(s), true), 0);
	class_server_close(s);
}

static void test_other_code_refused(void **state)
{
	(void)state;
	struct class_server *s = class_server_open("127.0.0.1", 0);
	assert_non_null(s);
	class_server_move(s, &(struct class_pos){ .kind = 0x11, .ev = 1 });
	char other[CLASS_CODE_LEN + 1];
	snprintf(other, sizeof other, "%s", class_server_code(s));
	other[0] = other[0] == '0' ? '1' : '0';	/* one character off */
	assert_int_equal(run_student(s, other, false), 10);
	assert_int_equal(class_server_students(s), 0);
	class_server_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_silent_connection_times_out),
		cmocka_unit_test(test_garbage_closes_only_its_connection),
		cmocka_unit_test(test_student_joins_answers_and_sees_reveal),
		cmocka_unit_test(test_other_code_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
