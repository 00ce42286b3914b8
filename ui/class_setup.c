/*
 * class_setup: --teach and --join before the screen (see class_setup.h).
 */
#include "class_setup.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "class_net.h"
#include "i18n.h"
#include "lessons.h"
#include "util.h"

#define JOIN_TIMEOUT_MS 5000

void class_setup_address(const char *listen, char *out, size_t n)
{
	struct ifaddrs *ifs, *i;
	snprintf(out, n, "127.0.0.1");
	if (listen && strcmp(listen, "0.0.0.0") != 0) {
		snprintf(out, n, "%s", listen);
		return;
	}
	if (getifaddrs(&ifs) < 0)
		return;
	for (i = ifs; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK) ||
		    !(i->ifa_flags & IFF_UP))
			continue;
		const struct sockaddr_in *sa = (const struct sockaddr_in *)(const void *)i->ifa_addr;
		inet_ntop(AF_INET, &sa->sin_addr, out, (socklen_t)n);
		break;
	}
	freeifaddrs(ifs);
}

/* The whole lesson file into the server; 0, or -1 (said why). */
static int load_lesson(struct class_server *s, const char *path)
{
	uint8_t *b = malloc(CLASS_LESSON_MAX + 1);
	FILE *f = fopen(path, "rb");
	size_t n = f && b ? fread(b, 1, CLASS_LESSON_MAX + 1, f) : 0;
	int r = f && b && !ferror(f) && n <= CLASS_LESSON_MAX ? class_server_lesson(s, b, n) : -1;
	if (r < 0)
		cli_complain("cannot send %s to the class: it cannot be read or is over %d KiB", path,
			     CLASS_LESSON_MAX / 1024);
	if (f)
		fclose(f);
	free(b);
	return r;
}

int class_setup_teach(const struct cli *c, struct app_options *opt, const char *lesson_path)
{
	static char cmd[128];
	char addr[INET_ADDRSTRLEN + 8];
	unsigned port = c->port ? c->port : CLASS_PORT;

	if (c->join)
		return cli_bad_usage("--teach and --join do not go together");
	opt->teach = class_server_open(c->listen, port);
	if (!opt->teach) {
		cli_complain("cannot teach on %s port %u: %s", c->listen ? c->listen : "0.0.0.0", port,
			     errno == EINVAL ? _("not an IPv4 address") : strerror(errno));
		return 1;
	}
	if (lesson_path && load_lesson(opt->teach, lesson_path) < 0) {
		class_server_close(opt->teach);
		opt->teach = NULL;
		return 1;
	}
	class_setup_address(c->listen, addr, sizeof addr);
	snprintf(cmd, sizeof cmd, "tlssim --join %s:%u %s", addr, port, class_server_code(opt->teach));
	opt->join_cmd = cmd;
	/* Also on stderr: a log of the session, or a script, can read it. */
	fprintf(stderr, "tlssim: %s %s\n", _("students join with:"), cmd);
	return 0;
}

/* The lesson the teacher sent, checked as a file of this machine would
 * be: written to a private file, opened, and the file removed (a class
 * keeps no progress: the teacher's place is the student's). 0, or 1. */
static int open_sent_lesson(const uint8_t *bytes, size_t n, struct app_options *opt)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xprintf("%s/tlssim-class-XXXXXX.lesson", tmp && *tmp == '/' ? tmp : P_tmpdir);
	int fd = mkstemps(path, 7);
	bool ok = fd >= 0 && write(fd, bytes, n) == (ssize_t)n;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok) {
		fprintf(stderr, "tlssim: %s\n", _("checking the teacher's lesson:"));
		opt->lesson = lessons_open(path, &opt->tl, stderr);
	} else {
		cli_complain("cannot keep the teacher's lesson: %s", strerror(errno));
	}
	if (fd >= 0)
		unlink(path);
	free(path);
	return opt->lesson ? 0 : 1;
}

/* HOST[:PORT] into host (n bytes) and *port.  0, or -1. */
static int split_address(const char *arg, char *host, size_t n, unsigned *port)
{
	const char *colon = strrchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	*port = CLASS_PORT;
	if (len == 0 || len >= n)
		return -1;
	memcpy(host, arg, len);
	host[len] = '\0';
	if (!colon)
		return 0;
	char *end;
	unsigned long v = strtoul(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end || v == 0 || v > 65535)
		return -1;
	*port = (unsigned)v;
	return 0;
}

int class_setup_join(const struct cli *c, struct app_options *opt)
{
	char host[256];
	unsigned port;
	enum class_join_error why;

	if (c->teach)
		return cli_bad_usage("--teach and --join do not go together");
	if (c->n_files != 1)
		return cli_bad_usage("--join needs the teacher's address and its join code, "
				     "as the teacher's screen shows them");
	if (split_address(c->join, host, sizeof host, &port) < 0)
		return cli_bad_usage("--join wants HOST or HOST:PORT, not '%s'", c->join);
	opt->join = class_client_join(host, port, c->files[0], JOIN_TIMEOUT_MS, &why);
	if (!opt->join) {
		cli_complain("cannot join %s:%u: %s", host, port, _(class_join_strerror(why)));
		return 1;
	}
	size_t n;
	const uint8_t *lesson = class_client_lesson(opt->join, &n);
	const struct class_pos *pos = class_client_pos(opt->join);
	int r = 0;
	if (pos->lesson && lesson)
		r = open_sent_lesson(lesson, n, opt);
	else if (pos->lesson || class_pos_scenario(pos, &opt->sc) < 0)
		r = 1;
	if (r) {
		cli_complain("cannot join %s:%u: %s", host, port,
			     _("the teacher's lesson or scenario cannot be shown here"));
		class_client_close(opt->join);
		opt->join = NULL;
	}
	return r;
}
