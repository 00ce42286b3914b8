/*
 * ptydrive: runs a command in a pseudo-terminal and measures it, for
 * `make bench` (tests/bench/run.sh).
 *
 * The command gets a pty of the given size with TERM=xterm-256color and
 * LANG=C.UTF-8.  Every byte it writes is read and counted; a frame is
 * "complete" once output has been quiet for a while (-q).  A script of
 * actions, one per argument before the "--", says when to send keys and
 * what to measure; each measuring action prints one line of key=value
 * pairs on standard output that run.sh reads:
 *
 *   frame:LABEL            wait for output, then quiet; bytes and ms (from
 *                          the previous key, or from the start, to the
 *                          last byte of the frame)
 *   key:BYTES              send BYTES (C escapes: \e \t \n \r \\ \xNN)
 *   steps:N:BYTES:LABEL[:REPAINT]
 *                          N times: send BYTES, wait for the frame; the
 *                          bytes of each and their median, mean and max,
 *                          and the CPU time the frames took.  With
 *                          REPAINT, after each step also send that (a
 *                          key that repaints the whole screen) and count
 *                          its bytes apart: the full repaint of the same
 *                          screen, to compare the step with
 *   idle:MS:LABEL          send nothing for MS ms; CPU time, context
 *                          switches (wakeups) and bytes in that window
 *   animate:MS:BYTES:LABEL[:N:RESET]
 *                          for MS ms: send BYTES, wait until the output
 *                          stops (-a ms quiet), again (and after every N
 *                          presses send RESET); CPU time over the window
 *                          and over the time output was flowing
 *   press:BYTES:LABEL[:again]
 *                          send BYTES, then wait until the child is
 *                          settled (below); the bytes it wrote, and with
 *                          -c the number of dump files by then.  For keys
 *                          that may write nothing, and for a child as slow
 *                          as one under valgrind.  With "again": when the
 *                          child goes on writing or computing within a
 *                          second with no key (the key started something
 *                          that runs on its own), send BYTES once more to
 *                          stop it
 *   walk:FILE:LABEL:REPAINT
 *                          the steps listed in FILE, one a line: "step
 *                          KEYS [AFTER...]" sends KEYS and counts what
 *                          the child writes until it is settled, then
 *                          sends REPAINT (a key that repaints the whole
 *                          screen) and counts that apart; then sends each
 *                          AFTER (keys not counted, e.g. a question's
 *                          answer), each settled, and repaints again.  A
 *                          line "pre AFTER..." sends keys before the first
 *                          step.  A step whose repaint is byte for byte
 *                          the repaint before it changed nothing on the
 *                          screen: it is marked same=1
 *   settle:LABEL           wait until the child is settled
 *   hwm:LABEL              the child's peak resident set (VmHWM)
 *   sleep:MS               drain output for MS ms
 *
 * "Settled": no output and no CPU time used for -q ms, whether or not it
 * wrote anything; given up after -w ms (settled=0).
 *
 * After the script it waits for the child to exit (killing it after -m ms)
 * and prints "exit ms=... status=...".  -o DIR writes the bytes of every
 * labelled frame to DIR/LABEL.bin (steps: LABEL.N.bin), for looking at
 * what was written.  CPU time comes from /proc/PID/schedstat
 * (nanoseconds), context switches from /proc/PID/status.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_STEPS 512

static int master = -1;
static pid_t child;
static int exited;		/* the pty reported end of file / EIO */
static long quiet_ms = 150;	/* no output this long: the frame is done */
static long anim_quiet_ms = 250;	/* the same for the end of an animation */
static long max_ms = 5000;	/* longest wait for a frame or the exit */
static long settle_max_ms = 5000;	/* longest wait for the child to settle */
static const char *dump_prefix;	/* -c: count the files PREFIX.1, PREFIX.2... */
static const char *dump_dir;
static double t0;		/* when the child was started */
static double last_byte;	/* when the last byte arrived */
static double seg_t;		/* when the current segment began */
static unsigned char *seg;	/* bytes of the current segment */
static size_t seg_len, seg_cap;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
	perror(what);
	if (child > 0)
		kill(child, SIGKILL);
	exit(2);
}

static void seg_reset(void)
{
	seg_len = 0;
	seg_t = now_ms();
}

static void seg_add(const unsigned char *p, size_t n)
{
	if (seg_len + n > seg_cap) {
		size_t cap = seg_cap ? seg_cap : 65536;
		while (cap < seg_len + n)
			cap *= 2;
		unsigned char *q = realloc(seg, cap);
		if (!q)
			die("realloc");
		seg = q;
		seg_cap = cap;
	}
	memcpy(seg + seg_len, p, n);
	seg_len += n;
}

/*
 * Reads what is there within timeout ms (-1: block).  Returns the number
 * of bytes read; 0 on timeout or once the child has gone.
 */
static size_t pump(int timeout)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	unsigned char buf[16384];

	if (exited)
		return 0;
	int r = poll(&pfd, 1, timeout);
	if (r < 0) {
		if (errno == EINTR)
			return 0;
		die("poll");
	}
	if (r == 0)
		return 0;
	ssize_t n = read(master, buf, sizeof buf);
	if (n <= 0) {		/* EIO: the slave side is closed */
		exited = 1;
		return 0;
	}
	last_byte = now_ms();
	seg_add(buf, (size_t)n);
	return (size_t)n;
}

/* Drains output for ms milliseconds. */
static void drain(double ms)
{
	double end = now_ms() + ms;
	double left;

	while (!exited && (left = end - now_ms()) > 0)
		pump((int)left + 1);
}

/*
 * Waits for output to start and then stop for quiet milliseconds.
 * Returns false when nothing came within max_ms.
 */
static bool wait_quiet(long quiet)
{
	double start = now_ms();
	size_t before = seg_len;

	while (!exited && seg_len == before) {
		double left = start + (double)max_ms - now_ms();
		if (left <= 0)
			return false;
		pump((int)left + 1);
	}
	for (;;) {
		double left = last_byte + (double)quiet - now_ms();
		if (exited || left <= 0)
			return true;
		pump((int)left + 1);
	}
}

static double cpu_us(void);

/*
 * Waits until the child has written nothing and used no CPU time for
 * quiet ms: it is waiting for a key again, whatever it wrote (nothing,
 * too).  Gives up after settle_max_ms (-w): returns false then.
 */
static bool wait_settled(long quiet)
{
	double deadline = now_ms() + (double)settle_max_ms, since = now_ms();
	double c = cpu_us();

	while (!exited && now_ms() < deadline) {
		double left = since + (double)quiet - now_ms();
		if (left > 0) {
			if (pump((int)left + 1) > 0) {
				since = now_ms();
				c = cpu_us();
			}
			continue;
		}
		double c2 = cpu_us();
		if (c2 == c)
			return true;
		c = c2;
		since = now_ms();
	}
	return exited;
}

/* Whether the child writes or computes within ms with no key sent: a key
 * started something that runs on its own (the output is kept). */
static bool runs_on_its_own(long ms)
{
	double c = cpu_us();
	size_t before = seg_len;

	drain((double)ms);
	return seg_len != before || cpu_us() != c;
}

/* How many of the files PREFIX.1, PREFIX.2, ... exist (-c), e.g. the dumps
 * callgrind writes: the key whose window they fall in made them. */
static int dumps(void)
{
	char path[4096];
	struct stat st;
	int n = 0;

	if (!dump_prefix)
		return 0;
	for (;;) {
		snprintf(path, sizeof path, "%s.%d", dump_prefix, n + 1);
		if (stat(path, &st) != 0)
			return n;
		n++;
	}
}

static void send_bytes(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(master, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("write to the pty");
		}
		s += w;
		n -= (size_t)w;
	}
}

/* C escapes into bytes; returns the length. */
static size_t unescape(const char *s, char *out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'e': out[n++] = 27; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case 'n': out[n++] = '\n'; s++; break;
		case 'r': out[n++] = '\r'; s++; break;
		case 'x': {
			char hex[3] = { 0, 0, 0 };
			int k = 0;
			s++;
			while (k < 2 && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
					 (*s >= 'A' && *s <= 'F')))
				hex[k++] = *s++;
			out[n++] = (char)strtol(hex, NULL, 16);
			break;
		}
		default: out[n++] = *s++; break;
		}
	}
	return n;
}

static void dump(const char *label, int index)
{
	char path[4096];
	FILE *f;

	if (!dump_dir)
		return;
	if (index >= 0)
		snprintf(path, sizeof path, "%s/%s.%d.bin", dump_dir, label, index);
	else
		snprintf(path, sizeof path, "%s/%s.bin", dump_dir, label);
	if (!(f = fopen(path, "wb")))
		die(path);
	if (seg_len)
		fwrite(seg, 1, seg_len, f);
	fclose(f);
}

/* CPU time the child has used, in microseconds. */
static double cpu_us(void)
{
	char path[64], buf[512];
	unsigned long long ns = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)child);
	if ((f = fopen(path, "r"))) {
		int ok = fscanf(f, "%llu", &ns) == 1;
		fclose(f);
		if (ok)
			return (double)ns / 1e3;
	}
	/* No schedstat: utime + stime in clock ticks, fields 14 and 15. */
	snprintf(path, sizeof path, "/proc/%d/stat", (int)child);
	if (!(f = fopen(path, "r")))
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	unsigned long long ut = 0, st = 0;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return 0;
	return (double)(ut + st) * 1e6 / (double)sysconf(_SC_CLK_TCK);
}

/* A "Name:  N kB" or "Name: N" line of /proc/PID/status; -1 if absent. */
static long status_field(const char *name)
{
	char path[64], line[256];
	size_t len = strlen(name);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)child);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			v = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static long wakeups(void)
{
	return status_field("voluntary_ctxt_switches") +
	       status_field("nonvoluntary_ctxt_switches");
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Splits "a:b:c" in place into at most max fields; returns the count. */
static int fields(char *s, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	while (n < max && (s = strchr(s, ':'))) {
		*s++ = '\0';
		f[n++] = s;
	}
	return n;
}

static void usage(void)
{
	fputs("usage: ptydrive [-s COLSxROWS] [-q QUIET_MS] [-a ANIM_QUIET_MS] [-m MAX_MS]\n"
	      "                [-w SETTLE_MAX_MS] [-o DIR] [-c DUMP_PREFIX] ACTION... -- COMMAND [ARG...]\n"
	      "actions: frame:LABEL key:BYTES steps:N:BYTES:LABEL[:REPAINT] idle:MS:LABEL\n"
	      "         animate:MS:BYTES:LABEL[:N:RESET] press:BYTES:LABEL[:again] settle:LABEL\n"
	      "         walk:FILE:LABEL:REPAINT hwm:LABEL sleep:MS\n", stderr);
	exit(2);
}

/* Sends the C-escaped keys s and waits until the child is settled. */
static bool send_settled(const char *s)
{
	char keys[256];
	size_t n = unescape(s, keys, sizeof keys);

	send_bytes(keys, n);
	return wait_settled(quiet_ms);
}

/* The repaint of the screen as it is now, into *buf (malloc'd). */
static void repaint(const char *key, unsigned char **buf, size_t *len)
{
	seg_reset();
	send_settled(key);
	free(*buf);
	*buf = malloc(seg_len ? seg_len : 1);
	if (!*buf)
		die("malloc");
	memcpy(*buf, seg, seg_len);
	*len = seg_len;
}

/* walk:FILE:LABEL:REPAINT (see the top). */
static void walk(const char *file, const char *label, const char *repaint_key)
{
	static size_t b[MAX_STEPS], rp[MAX_STEPS];
	static bool same[MAX_STEPS];
	unsigned char *prev = NULL, *cur = NULL;
	size_t prev_len = 0, cur_len = 0;
	char line[4096], name[256];
	int n = 0;
	FILE *f = fopen(file, "r");

	if (!f)
		die(file);
	repaint(repaint_key, &prev, &prev_len);
	while (n < MAX_STEPS && fgets(line, sizeof line, f)) {
		char *tok = strtok(line, " \t\n");
		bool step = tok && strcmp(tok, "step") == 0;
		if (!tok || (!step && strcmp(tok, "pre") != 0))
			continue;
		if (step && (tok = strtok(NULL, " \t\n"))) {
			seg_reset();
			send_settled(tok);
			b[n] = seg_len;
			dump(label, n);
			repaint(repaint_key, &cur, &cur_len);
			rp[n] = cur_len;
			same[n] = cur_len == prev_len && memcmp(cur, prev, cur_len) == 0;
			snprintf(name, sizeof name, "%s-repaint", label);
			dump(name, n);
			n++;
		}
		bool after = false;
		while ((tok = strtok(NULL, " \t\n"))) {
			send_settled(tok);
			after = true;
		}
		if (after)
			repaint(repaint_key, &cur, &cur_len);
		if (step || after) {	/* the screen the next step starts from */
			unsigned char *t = prev;
			size_t tl = prev_len;
			prev = cur, prev_len = cur_len;
			cur = t, cur_len = tl;
		}
	}
	fclose(f);
	free(prev);
	free(cur);
	seg_reset();
	printf("%s n=%d each=", label, n);
	for (int i = 0; i < n; i++)
		printf("%s%zu", i ? "," : "", b[i]);
	printf(" repaints=");
	for (int i = 0; i < n; i++)
		printf("%s%zu", i ? "," : "", rp[i]);
	printf(" same=");
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", same[i]);
	putchar('\n');
}

static void run_action(char *act)
{
	char *f[7], keys[256];
	int nf = fields(act, f, 7);
	size_t nk;

	if (strcmp(f[0], "frame") == 0 && nf == 2) {
		bool got = wait_quiet(quiet_ms);
		double ms = got ? last_byte - seg_t : -1;
		printf("%s bytes=%zu ms=%.3f%s\n", f[1], seg_len, ms, got ? "" : " nooutput=1");
		dump(f[1], -1);
		seg_reset();
	} else if (strcmp(f[0], "key") == 0 && nf == 2) {
		seg_reset();
		nk = unescape(f[1], keys, sizeof keys);
		send_bytes(keys, nk);
	} else if (strcmp(f[0], "steps") == 0 && (nf == 4 || nf == 5)) {
		static size_t b[MAX_STEPS], s[MAX_STEPS], rp[MAX_STEPS];
		int n = atoi(f[1]);
		size_t sum = 0, rsum = 0, nr = 0;
		char repaint[64], label[256];
		if (n < 1 || n > MAX_STEPS)
			usage();
		nk = unescape(f[2], keys, sizeof keys);
		if (nf == 5)
			nr = unescape(f[4], repaint, sizeof repaint);
		double cpu = 0;
		for (int i = 0; i < n; i++) {
			seg_reset();
			double c0 = cpu_us();
			send_bytes(keys, nk);
			wait_quiet(quiet_ms);
			cpu += cpu_us() - c0;
			b[i] = s[i] = seg_len;
			sum += seg_len;
			dump(f[3], i);
			if (nr) {	/* the full repaint of the same screen */
				seg_reset();
				send_bytes(repaint, nr);
				wait_quiet(quiet_ms);
				rp[i] = seg_len;
				rsum += seg_len;
				snprintf(label, sizeof label, "%s-repaint", f[3]);
				dump(label, i);
			}
		}
		seg_reset();
		qsort(s, (size_t)n, sizeof s[0], cmp_size);
		printf("%s n=%d median=%zu mean=%.1f min=%zu max=%zu sum=%zu cpu_us=%.0f", f[3], n,
		       s[n / 2], (double)sum / n, s[0], s[n - 1], sum, cpu);
		if (nr)
			printf(" repaint_sum=%zu repaint_mean=%.1f", rsum, (double)rsum / n);
		printf(" each=");
		for (int i = 0; i < n; i++)
			printf("%s%zu", i ? "," : "", b[i]);
		if (nr) {
			printf(" repaints=");
			for (int i = 0; i < n; i++)
				printf("%s%zu", i ? "," : "", rp[i]);
		}
		putchar('\n');
	} else if (strcmp(f[0], "idle") == 0 && nf == 3) {
		seg_reset();
		double c0 = cpu_us();
		long w0 = wakeups();
		drain((double)atol(f[1]));
		double c1 = cpu_us();
		long w1 = wakeups();
		printf("%s ms=%ld cpu_us=%.0f wakeups=%ld bytes=%zu\n", f[2], atol(f[1]),
		       c1 - c0, w1 - w0, seg_len);
		seg_reset();
	} else if (strcmp(f[0], "animate") == 0 && (nf == 4 || nf == 6)) {
		double window = (double)atol(f[1]), busy = 0;
		int presses = 0, every = nf == 6 ? atoi(f[4]) : 0;
		size_t bytes = 0, nr = 0;
		char reset[64];
		nk = unescape(f[2], keys, sizeof keys);
		if (nf == 6)
			nr = unescape(f[5], reset, sizeof reset);
		double start = now_ms(), c0 = cpu_us();
		long w0 = wakeups();
		while (!exited && now_ms() - start < window) {
			if (every > 0 && presses > 0 && presses % every == 0) {
				/* back to the start of the story: not animated */
				seg_reset();
				send_bytes(reset, nr);
				wait_quiet(quiet_ms);
			}
			seg_reset();
			double k = now_ms();
			send_bytes(keys, nk);
			presses++;
			if (wait_quiet(anim_quiet_ms))
				busy += last_byte - k;
			bytes += seg_len;
		}
		double wall = now_ms() - start, c1 = cpu_us();
		long w1 = wakeups();
		seg_reset();
		printf("%s wall_ms=%.0f busy_ms=%.0f cpu_us=%.0f wakeups=%ld presses=%d bytes=%zu"
		       " pct_wall=%.3f pct_busy=%.3f\n", f[3], wall, busy, c1 - c0, w1 - w0,
		       presses, bytes, 100 * (c1 - c0) / 1e3 / wall,
		       busy > 0 ? 100 * (c1 - c0) / 1e3 / busy : 0.0);
	} else if (strcmp(f[0], "press") == 0 && (nf == 3 || (nf == 4 && !strcmp(f[3], "again")))) {
		seg_reset();
		bool settled = send_settled(f[1]), again = false;
		if (nf == 4 && settled && runs_on_its_own(1000)) {
			again = true;	/* stop it: the same key again */
			settled = send_settled(f[1]);
		}
		printf("%s bytes=%zu settled=%d again=%d dumps=%d\n", f[2], seg_len, settled, again,
		       dumps());
		dump(f[2], -1);
		seg_reset();
	} else if (strcmp(f[0], "settle") == 0 && nf == 2) {
		seg_reset();
		bool settled = wait_settled(quiet_ms);
		printf("%s bytes=%zu settled=%d dumps=%d\n", f[1], seg_len, settled, dumps());
		seg_reset();
	} else if (strcmp(f[0], "walk") == 0 && nf == 4) {
		walk(f[1], f[2], f[3]);
	} else if (strcmp(f[0], "hwm") == 0 && nf == 2) {
		printf("%s hwm_kb=%ld rss_kb=%ld\n", f[1], status_field("VmHWM"),
		       status_field("VmRSS"));
	} else if (strcmp(f[0], "sleep") == 0 && nf == 2) {
		drain((double)atol(f[1]));
	} else {
		fprintf(stderr, "ptydrive: bad action '%s'\n", f[0]);
		usage();
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_col = 80, .ws_row = 24 };
	int c, first_cmd = -1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			first_cmd = i + 1;
			break;
		}
	}
	if (first_cmd < 0 || first_cmd >= argc)
		usage();
	/* Options and actions end at the "--"; getopt must not see past it. */
	while ((c = getopt(first_cmd - 1, argv, "+s:q:a:m:w:o:c:")) != -1) {
		switch (c) {
		case 's':
			if (sscanf(optarg, "%hux%hu", &ws.ws_col, &ws.ws_row) != 2)
				usage();
			break;
		case 'q': quiet_ms = atol(optarg); break;
		case 'a': anim_quiet_ms = atol(optarg); break;
		case 'm': max_ms = atol(optarg); break;
		case 'w': settle_max_ms = atol(optarg); break;
		case 'c': dump_prefix = optarg; break;
		case 'o':
			dump_dir = optarg;
			mkdir(dump_dir, 0777);
			break;
		default: usage();
		}
	}
	t0 = seg_t = now_ms();
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0)
		die("forkpty");
	if (child == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("LC_ALL");
		unsetenv("LINES");	/* curses would prefer these to the pty size */
		unsetenv("COLUMNS");
		unsetenv("NO_COLOR");
		execvp(argv[first_cmd], argv + first_cmd);
		perror(argv[first_cmd]);
		_exit(127);
	}
	for (int i = optind; i < first_cmd - 1; i++)
		run_action(argv[i]);

	/* The end: wait for the child, read what it still writes. */
	double end = now_ms() + (double)max_ms;
	int status = 0;
	struct rusage ru;
	pid_t w;
	memset(&ru, 0, sizeof ru);
	while ((w = wait4(child, &status, WNOHANG, &ru)) == 0) {
		if (now_ms() > end) {
			kill(child, SIGKILL);
			w = wait4(child, &status, 0, &ru);
			printf("killed after %ld ms\n", max_ms);
			break;
		}
		if (exited)
			usleep(1000);
		else
			pump(10);
	}
	double t_exit = now_ms();
	while (!exited && pump(0) > 0)
		;
	printf("exit ms=%.3f status=%d bytes=%zu maxrss_kb=%ld\n", t_exit - t0,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), seg_len,
	       ru.ru_maxrss);
	return 0;
}
