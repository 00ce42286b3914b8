/*
 * progress: the progress file format and where it lives (see progress.h).
 */
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static const char magic[] = "tlssim-progress 1";

/* A whole decimal number up to max, with nothing after it but the end of
 * the field.  Advances *s past it. */
static int get_num(const char **s, const char *end, uint64_t max, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;

	if (p >= end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
		return -1;	/* no leading zeros: one spelling per number */
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*s = p;
	*out = v;
	return 0;
}

static int get_space(const char **s, const char *end)
{
	if (*s >= end || **s != ' ')
		return -1;
	(*s)++;
	return 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* "WORD " at the start of [s, end): advances past it. */
static bool word(const char **s, const char *end, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(end - *s) <= n || memcmp(*s, w, n) != 0 || (*s)[n] != ' ')
		return false;
	*s += n + 1;
	return true;
}

/* "answer Q TICKED RIGHT" after its word. */
static int parse_answer(const char *s, const char *end, struct progress *p)
{
	uint64_t a, b, c;
	if (get_num(&s, end, PROGRESS_MAX_ANSWERS - 1, &a) < 0 || get_space(&s, end) < 0 ||
	    get_num(&s, end, UINT64_MAX, &b) < 0 || get_space(&s, end) < 0 ||
	    get_num(&s, end, 1, &c) < 0 || s != end || b == 0)
		return -1;
	/* In increasing order, each question once. */
	if (p->n_answers && p->answers[p->n_answers - 1].q >= a)
		return -1;
	if (p->n_answers >= PROGRESS_MAX_ANSWERS)
		return -1;
	p->answers[p->n_answers++] = (struct progress_answer){(unsigned)a, b, c == 1};
	return 0;
}

static int parse_line(const char *s, const char *end, struct progress *p,
		      bool *have_event)
{
	uint64_t a;

	if (word(&s, end, "event")) {
		if (*have_event || get_num(&s, end, 1000000, &a) < 0 || get_space(&s, end) < 0)
			return -1;
		size_t n = (size_t)(end - s);
		if (n == 0 || n >= PROGRESS_NAME_MAX)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!name_char(s[i]))
				return -1;
		p->ev = (size_t)a;
		memcpy(p->event, s, n);
		p->event[n] = '\0';
		*have_event = true;
		return 0;
	}
	if (word(&s, end, "events")) {
		if (get_num(&s, end, 1000000, &a) < 0 || s != end)
			return -1;
		p->n_events = (size_t)a;
		return 0;
	}
	if (word(&s, end, "done")) {
		if (get_num(&s, end, 1, &a) < 0 || s != end)
			return -1;
		p->done = a == 1;
		return 0;
	}
	if (word(&s, end, "seed")) {
		if (p->has_seed || get_num(&s, end, UINT64_MAX, &a) < 0 || s != end)
			return -1;
		p->has_seed = true;
		p->seed = a;
		return 0;
	}
	if (word(&s, end, "answer"))
		return parse_answer(s, end, p);
	/* An unknown word: a later version's line.  Only a plain word. */
	const char *q = s;
	while (q < end && *q >= 'a' && *q <= 'z')
		q++;
	if (q == s || (q < end && *q != ' '))
		return -1;
	for (; q < end; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return -1;
	return 0;
}

int progress_parse(const char *text, size_t len, struct progress *p)
{
	const char *s = text, *end = text + len;
	bool have_event = false, first = true;

	memset(p, 0, sizeof *p);
	if (!text || len > PROGRESS_MAX_BYTES)
		return -1;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			goto bad;	/* every line ends with a newline */
		if (first) {
			if ((size_t)(nl - s) != sizeof magic - 1 || memcmp(s, magic, sizeof magic - 1))
				goto bad;
			first = false;
		} else if (parse_line(s, nl, p, &have_event) < 0) {
			goto bad;
		}
		s = nl + 1;
	}
	if (first || !have_event || (p->n_events && p->ev >= p->n_events))
		goto bad;
	return 0;
bad:
	memset(p, 0, sizeof *p);
	return -1;
}

char *progress_format(const struct progress *p)
{
	struct buf b = { 0 };
	char line[128];
	int n;

	n = snprintf(line, sizeof line, "%s\nevent %zu %s\nevents %zu\ndone %d\n", magic,
		     p->ev, p->event[0] ? p->event : "start", p->n_events, p->done ? 1 : 0);
	buf_put(&b, line, (size_t)n);
	if (p->has_seed) {
		n = snprintf(line, sizeof line, "seed %llu\n", (unsigned long long)p->seed);
		buf_put(&b, line, (size_t)n);
	}
	for (size_t i = 0; i < p->n_answers; i++) {
		n = snprintf(line, sizeof line, "answer %u %llu %d\n", p->answers[i].q,
			     (unsigned long long)p->answers[i].ticked, p->answers[i].right ? 1 : 0);
		buf_put(&b, line, (size_t)n);
	}
	buf_put8(&b, 0);
	return (char *)b.p;
}

void progress_set_answer(struct progress *p, unsigned q, uint64_t ticked, bool right)
{
	size_t i = 0;
	while (i < p->n_answers && p->answers[i].q < q)
		i++;
	if (i < p->n_answers && p->answers[i].q == q) {
		p->answers[i].ticked = ticked;
		p->answers[i].right = right;
		return;
	}
	if (p->n_answers >= PROGRESS_MAX_ANSWERS || q >= PROGRESS_MAX_ANSWERS)
		return;
	memmove(&p->answers[i + 1], &p->answers[i], (p->n_answers - i) * sizeof p->answers[0]);
	p->answers[i] = (struct progress_answer){q, ticked, right};
	p->n_answers++;
}

void progress_merge(struct progress *p, const struct progress *q)
{
	for (size_t i = 0; i < q->n_answers; i++) {
		const struct progress_answer *a = &q->answers[i];
		size_t k = 0;
		while (k < p->n_answers && p->answers[k].q != a->q)
			k++;
		if (k == p->n_answers)
			progress_set_answer(p, a->q, a->ticked, a->right);
	}
	p->done = p->done || q->done;
	if (!p->has_seed && q->has_seed) {
		p->has_seed = true;
		p->seed = q->seed;
	}
}

/* The state directory: $XDG_STATE_HOME/tlssim or ~/.local/state/tlssim. */
static char *state_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");
	if (x && x[0] == '/')	/* the spec ignores a relative path */
		return xprintf("%s/tlssim", x);
	if (h && h[0])
		return xprintf("%s/.local/state/tlssim", h);
	return NULL;
}

uint64_t progress_hash(uint64_t h, const void *data, size_t n)
{
	const unsigned char *b = data;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);	/* the 64-bit FNV prime */
	}
	return h;
}

/* h extended with the content of the regular file path.  -1 when it
 * cannot be read whole. */
static int hash_file(const char *path, uint64_t *h)
{
	char buf[16384];
	struct stat st;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return -1;
		}
		*h = progress_hash(*h, buf, (size_t)r);
	}
	close(fd);
	return 0;
}

/* The lesson's file name without ".lesson", as a plain file name. */
static char *plain_name(const char *lesson_file)
{
	const char *base = strrchr(lesson_file, '/');
	base = base ? base + 1 : lesson_file;
	size_t n = strlen(base);
	if (n > 7 && strcmp(base + n - 7, ".lesson") == 0)
		n -= 7;
	if (n > 100)
		n = 100;
	char *name = xstrndup(base, n);
	for (char *c = name; *c; c++)	/* a plain file name, whatever the lesson's */
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
			*c = '_';
	if (!name[0]) {
		free(name);
		return xstrdup("_");
	}
	if (name[0] == '.')	/* never a dot file */
		name[0] = '_';
	return name;
}

char *progress_path(const char *lesson_file, const char *lang)
{
	char *dir = state_dir(), *real = realpath(lesson_file, NULL), *path = NULL;
	/* The canonical path with its NUL, then the content: another file of
	 * the same name, or this one edited, has other progress. */
	uint64_t h = PROGRESS_HASH_INIT;
	if (dir && real) {
		h = progress_hash(h, real, strlen(real) + 1);
		if (hash_file(real, &h) == 0) {
			char *name = plain_name(real);
			path = xprintf("%s/%s.%016" PRIx64 ".%s.progress", dir, name, h,
				       lang && strcmp(lang, "ja") == 0 ? "ja" : "en");
			free(name);
		}
	}
	free(real);
	free(dir);
	return path;
}

int progress_load(const char *path, struct progress *p)
{
	char buf[PROGRESS_MAX_BYTES + 1];
	struct stat st;
	size_t len = 0;
	ssize_t r;

	memset(p, 0, sizeof *p);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > PROGRESS_MAX_BYTES) {
		close(fd);
		return -1;
	}
	while (len < sizeof buf && (r = read(fd, buf + len, sizeof buf - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		len += (size_t)r;
	}
	close(fd);
	return progress_parse(buf, len, p);
}

/* mkdir -p with mode 0700 for the directories of path. */
static int make_dirs(const char *path)
{
	char *d = xstrdup(path);
	int r = 0;
	for (char *s = d + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(d, 0700) < 0 && errno != EEXIST)
			r = -1;
		*s = '/';
	}
	free(d);
	return r;
}

int progress_save(const char *path, const struct progress *p)
{
	if (make_dirs(path) < 0)
		return -1;
	char *tmp = xprintf("%s.%ld.tmp", path, (long)getpid());
	char *text = progress_format(p);
	size_t len = strlen(text), off = 0;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	int r = fd < 0 ? -1 : 0;
	while (r == 0 && off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			r = -1;
		else
			off += (size_t)w;
	}
	if (r == 0 && fsync(fd) < 0)	/* whole on disk before it replaces the old */
		r = -1;
	if (fd >= 0 && close(fd) < 0)
		r = -1;
	if (r == 0 && rename(tmp, path) < 0)
		r = -1;
	if (r < 0 && fd >= 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
	}
	free(text);
	free(tmp);
	return r;
}

/* An exclusive lock on the directory of path, held until the returned
 * descriptor is closed; -1 when the file system has no such locks (the
 * save goes on without: the temporary file is still renamed whole). */
static int lock_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	int fd = open(slash && dir[0] ? dir : slash ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	while (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

int progress_store(const char *path, struct progress *p, bool merge)
{
	if (make_dirs(path) < 0)
		return -1;
	int lock = lock_dir(path);
	struct progress disk;
	if (merge && progress_load(path, &disk) == 0)
		progress_merge(p, &disk);
	int r = progress_save(path, p);
	int e = errno;
	if (lock >= 0)
		close(lock);
	errno = e;
	return r;
}
