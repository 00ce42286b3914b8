/*
 * test_progress: the lesson progress file (ui/progress.c) and the
 * question state it restores (ui/quiz.c).
 *
 * A progress file is untrusted input: every corrupt variant here must be
 * refused as a whole, never half-read, and a good one must survive a
 * format / parse round trip unchanged.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lesson.h"
#include "progress.h"
#include "quiz.h"

static const char good[] =
	"tlssim-progress 1\n"
	"event 12 ehlo-again\n"
	"events 19\n"
	"done 0\n"
	"answer 0 3 1\n"
	"answer 2 2 0\n";

static void test_parse_good(void **state)
{
	struct progress p;
	(void)state;
	assert_int_equal(progress_parse(good, strlen(good), &p), 0);
	assert_int_equal(p.ev, 12);
	assert_string_equal(p.event, "ehlo-again");
	assert_int_equal(p.n_events, 19);
	assert_false(p.done);
	assert_int_equal(p.n_answers, 2);
	assert_int_equal(p.answers[0].q, 0);
	assert_int_equal(p.answers[0].ticked, 3);
	assert_true(p.answers[0].right);
	assert_int_equal(p.answers[1].q, 2);
	assert_int_equal(p.answers[1].ticked, 2);
	assert_false(p.answers[1].right);
}

static void test_round_trip(void **state)
{
	struct progress p, q;
	(void)state;
	assert_int_equal(progress_parse(good, strlen(good), &p), 0);
	char *s = progress_format(&p);
	assert_string_equal(s, good);
	assert_int_equal(progress_parse(s, strlen(s), &q), 0);
	assert_memory_equal(&p, &q, sizeof p);
	free(s);

	/* The largest numbers survive too. */
	memset(&p, 0, sizeof p);
	p.ev = 3;
	p.n_events = 4;
	p.done = true;
	strcpy(p.event, "b-ehlo-again");
	progress_set_answer(&p, PROGRESS_MAX_ANSWERS - 1, UINT64_MAX, true);
	progress_set_answer(&p, 5, 1, false);
	progress_set_answer(&p, 5, 6, true);	/* replaces */
	assert_int_equal(p.n_answers, 2);
	assert_int_equal(p.answers[0].q, 5);
	s = progress_format(&p);
	assert_int_equal(progress_parse(s, strlen(s), &q), 0);
	assert_memory_equal(&p, &q, sizeof p);
	free(s);
}

/* The seed of a lesson without a seed: header: kept whole, once, and
 * merged only into progress that has none (its own wins). */
static void test_seed(void **state)
{
	static const char seeded[] = "tlssim-progress 1\nevent 4 connect\nevents 19\ndone 0\n"
				     "seed 18446744073709551615\nanswer 0 3 1\n";
	struct progress p, q;
	(void)state;
	assert_int_equal(progress_parse(seeded, strlen(seeded), &p), 0);
	assert_true(p.has_seed);
	assert_true(p.seed == UINT64_MAX);
	char *s = progress_format(&p);
	assert_string_equal(s, seeded);
	free(s);
	static const char twice[] = "tlssim-progress 1\nevent 4 connect\nseed 1\nseed 2\n";
	assert_int_equal(progress_parse(twice, strlen(twice), &q), -1);
	static const char bad[] = "tlssim-progress 1\nevent 4 connect\nseed 0x10\n";
	assert_int_equal(progress_parse(bad, strlen(bad), &q), -1);
	assert_int_equal(progress_parse(good, strlen(good), &q), 0);
	assert_false(q.has_seed);
	progress_merge(&q, &p);
	assert_true(q.has_seed && q.seed == UINT64_MAX);
	p.seed = 7;
	progress_merge(&p, &q);
	assert_true(p.seed == 7);
}

static void test_unknown_lines_skipped(void **state)
{
	static const char t[] = "tlssim-progress 1\nevent 1 greeting\nmood happy today\nlater\n";
	struct progress p;
	(void)state;
	assert_int_equal(progress_parse(t, strlen(t), &p), 0);
	assert_int_equal(p.ev, 1);
}

/* Each of these is refused, and leaves the struct zeroed. */
static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"tlssim-progress 1\n",					/* no event */
		"tlssim-progress 2\nevent 1 tcp\n",			/* other version */
		"tlssim-progress 1 \nevent 1 tcp\n",
		"TLSSIM-PROGRESS 1\nevent 1 tcp\n",
		"tlssim-progress 1\nevent 1 tcp",			/* no final newline */
		"tlssim-progress 1\r\nevent 1 tcp\r\n",
		"tlssim-progress 1\nevent -1 tcp\n",
		"tlssim-progress 1\nevent 01 tcp\n",			/* leading zero */
		"tlssim-progress 1\nevent 1  tcp\n",
		"tlssim-progress 1\nevent 1 \n",
		"tlssim-progress 1\nevent 1\n",
		"tlssim-progress 1\nevent 1 TCP\n",
		"tlssim-progress 1\nevent 1 tcp/../x\n",
		"tlssim-progress 1\nevent 99999999999999999999999 tcp\n",
		"tlssim-progress 1\nevent 1 tcp\nevent 2 greeting\n",	/* twice */
		"tlssim-progress 1\nevent 5 tcp\nevents 5\n",		/* past the end */
		"tlssim-progress 1\nevent 1 tcp\nevents x\n",
		"tlssim-progress 1\nevent 1 tcp\ndone 2\n",
		"tlssim-progress 1\nevent 1 tcp\ndone 1 1\n",
		"tlssim-progress 1\nevent 1 tcp\nanswer 0 0 1\n",	/* nothing ticked */
		"tlssim-progress 1\nevent 1 tcp\nanswer 0 1\n",
		"tlssim-progress 1\nevent 1 tcp\nanswer 0 1 2\n",
		"tlssim-progress 1\nevent 1 tcp\nanswer 256 1 1\n",
		"tlssim-progress 1\nevent 1 tcp\nanswer 0 18446744073709551616 1\n",
		"tlssim-progress 1\nevent 1 tcp\nanswer 1 1 1\nanswer 1 1 1\n",
		"tlssim-progress 1\nevent 1 tcp\nanswer 2 1 1\nanswer 1 1 1\n",
		"tlssim-progress 1\nevent 1 tcp\n9lives 1\n",
		"tlssim-progress 1\nevent 1 tcp\nmood \033[31m\n",
		"tlssim-progress 1\nevent 1 tcp\n\n",
	};
	struct progress p, zero;
	(void)state;
	memset(&zero, 0, sizeof zero);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&p, 0x5a, sizeof p);
		if (progress_parse(bad[i], strlen(bad[i]), &p) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
		assert_memory_equal(&p, &zero, sizeof p);
	}
	/* A NUL byte inside, and a file over the limit. */
	static const char nul[] = "tlssim-progress 1\nevent 1 t\0cp\n";
	assert_int_equal(progress_parse(nul, sizeof nul - 1, &p), -1);
	char *big = malloc(PROGRESS_MAX_BYTES + 2);
	size_t n = (size_t)snprintf(big, PROGRESS_MAX_BYTES + 2, "%s", good);
	memset(big + n, '\n', PROGRESS_MAX_BYTES + 1 - n);
	assert_int_equal(progress_parse(big, PROGRESS_MAX_BYTES + 1, &p), -1);
	free(big);
	assert_int_equal(progress_parse(NULL, 0, &p), -1);
}

/* Every prefix of a good file and every single-byte change is either
 * refused or parsed to something sane: no crash, names stay clean. */
static void test_mutations(void **state)
{
	char t[sizeof good];
	struct progress p;
	(void)state;
	for (size_t len = 0; len < sizeof good - 1; len++)
		if (progress_parse(good, len, &p) == 0)
			assert_int_equal(p.ev, 12);	/* whole lines only */
	for (size_t i = 0; i < sizeof good - 1; i++) {
		for (int v = 0; v < 256; v += 7) {
			memcpy(t, good, sizeof good);
			t[i] = (char)v;
			if (progress_parse(t, sizeof good - 1, &p) == 0) {
				for (const char *c = p.event; *c; c++)
					assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-');
				assert_true(p.n_answers <= PROGRESS_MAX_ANSWERS);
			}
		}
	}
}

static char dir[] = "/tmp/test_progress.XXXXXX";

/* Writes text to dir/name and returns the path (static buffer). */
static const char *write_file(const char *d, const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", d, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The part of a progress path after the state directory. */
static const char *tail(const char *p, const char *dir_prefix)
{
	assert_memory_equal(p, dir_prefix, strlen(dir_prefix));
	return p + strlen(dir_prefix);
}

static void test_hash(void **state)
{
	(void)state;
	/* The published FNV-1a 64 test vectors. */
	assert_true(progress_hash(PROGRESS_HASH_INIT, "", 0) == UINT64_C(0xcbf29ce484222325));
	assert_true(progress_hash(PROGRESS_HASH_INIT, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(progress_hash(PROGRESS_HASH_INIT, "foobar", 6) == UINT64_C(0x85944171f73967e8));
	/* In pieces as in one go. */
	assert_true(progress_hash(progress_hash(PROGRESS_HASH_INIT, "foo", 3), "bar", 3) ==
		    UINT64_C(0x85944171f73967e8));
}

static void test_path(void **state)
{
	char d[] = "/tmp/test_progress_path.XXXXXX", sub[600], cwd[4096];
	(void)state;
	assert_non_null(mkdtemp(d));
	snprintf(sub, sizeof sub, "%s/other", d);
	assert_int_equal(mkdir(sub, 0700), 0);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	char *a = progress_path(write_file(d, "03-starttls.lesson", "title: A\n"), "en");
	assert_non_null(a);
	const char *t = tail(a, "/x/state/tlssim/03-starttls.");
	assert_int_equal(strlen(t), 16 + strlen(".en.progress"));
	assert_string_equal(t + 16, ".en.progress");

	/* The same name elsewhere, even with the same content: another file. */
	char *b = progress_path(write_file(sub, "03-starttls.lesson", "title: A\n"), "en");
	assert_string_not_equal(a, b);
	free(b);
	/* The same file by another name of its path: the same progress. */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(sub), 0);
	b = progress_path("../03-starttls.lesson", "en");
	assert_string_equal(a, b);
	free(b);
	assert_int_equal(chdir(cwd), 0);
	/* Edited: another file; in Japanese: another file. */
	char *j = progress_path(write_file(d, "03-starttls.lesson", "title: A\n"), "ja");
	assert_string_equal(tail(j, "/x/state/tlssim/03-starttls.") + 16, ".ja.progress");
	free(j);
	b = progress_path(write_file(d, "03-starttls.lesson", "title: B\n"), "en");
	assert_string_not_equal(a, b);
	free(b);
	free(a);

	/* Odd names become plain file names, never dot files. */
	a = progress_path(write_file(d, "odd name;$(rm).lesson", "x"), "ja");
	assert_memory_equal(tail(a, "/x/state/tlssim/"), "odd_name___rm_.", 15);
	free(a);
	a = progress_path(write_file(d, ".hidden", "x"), "en");
	assert_memory_equal(tail(a, "/x/state/tlssim/"), "_hidden.", 8);
	free(a);
	/* What cannot be read has no progress. */
	assert_null(progress_path("/nonexistent/a.lesson", "en"));
	assert_null(progress_path(d, "en"));	/* a directory */

	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/student", 1);
	a = progress_path(write_file(d, "a.lesson", "x"), "en");
	tail(a, "/home/student/.local/state/tlssim/a.");
	free(a);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_null(progress_path(write_file(d, "a.lesson", "x"), "en"));
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
}

/* Two runs of one lesson: the one that quits last keeps the other's
 * answers, its own win, and --restart alone replaces. */
static void test_store_merges(void **state)
{
	char d[] = "/tmp/test_progress_merge.XXXXXX", path[600];
	struct progress a, b, q;
	(void)state;
	assert_non_null(mkdtemp(d));
	snprintf(path, sizeof path, "%s/state/tlssim/l.en.progress", d);
	assert_int_equal(progress_parse(good, strlen(good), &a), 0);	/* answers 0 and 2 */
	b = a;
	/* Run A answers question 5 and quits. */
	progress_set_answer(&a, 5, 1, true);
	assert_int_equal(progress_store(path, &a, true), 0);
	/* Run B started from the same file, answered 7, changed nothing else. */
	progress_set_answer(&b, 7, 2, false);
	progress_set_answer(&b, 0, 1, false);		/* its own answer wins */
	b.done = false;
	assert_int_equal(progress_store(path, &b, true), 0);
	assert_int_equal(progress_load(path, &q), 0);
	assert_int_equal(q.n_answers, 4);
	assert_int_equal(q.answers[0].q, 0);
	assert_int_equal(q.answers[0].ticked, 1);
	assert_int_equal(q.answers[1].q, 2);
	assert_int_equal(q.answers[2].q, 5);
	assert_true(q.answers[2].right);
	assert_int_equal(q.answers[3].q, 7);
	/* Done by either run: done. */
	a.done = true;
	assert_int_equal(progress_store(path, &a, true), 0);
	b.done = false;
	assert_int_equal(progress_store(path, &b, true), 0);
	assert_int_equal(progress_load(path, &q), 0);
	assert_true(q.done);
	/* --restart: replaced, nothing merged. */
	struct progress fresh = { .ev = 0, .event = "connect", .n_events = 19 };
	assert_int_equal(progress_store(path, &fresh, false), 0);
	assert_int_equal(progress_load(path, &q), 0);
	assert_int_equal(q.n_answers, 0);
	assert_false(q.done);

	/* A directory that cannot be made: -1 with errno, nothing written. */
	char blocked[700];
	snprintf(blocked, sizeof blocked, "%s/file", d);
	FILE *f = fopen(blocked, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(blocked, sizeof blocked, "%s/file/tlssim/l.en.progress", d);
	errno = 0;
	assert_int_equal(progress_store(blocked, &a, true), -1);
	assert_int_not_equal(errno, 0);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
}

static void test_save_load(void **state)
{
	struct progress p, q;
	struct stat st;
	(void)state;
	assert_non_null(mkdtemp(dir));
	char path[256], sub[256];
	snprintf(path, sizeof path, "%s/state/tlssim/03-starttls.en.progress", dir);
	snprintf(sub, sizeof sub, "%s/state/tlssim", dir);
	assert_int_equal(progress_parse(good, strlen(good), &p), 0);
	assert_int_equal(progress_save(path, &p), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(progress_load(path, &q), 0);
	assert_memory_equal(&p, &q, sizeof p);
	/* Saved again over it: still one good file, no temporary left. */
	p.done = true;
	assert_int_equal(progress_save(path, &p), 0);
	assert_int_equal(progress_load(path, &q), 0);
	assert_true(q.done);

	/* Corrupt, a directory, a symbolic link, missing: all refused. */
	FILE *f = fopen(path, "w");
	fputs("tlssim-progress 1\nevent x\n", f);
	fclose(f);
	assert_int_equal(progress_load(path, &q), -1);
	assert_int_equal(progress_load(sub, &q), -1);
	char link[300];
	snprintf(link, sizeof link, "%s/link.progress", sub);
	assert_int_equal(progress_save(path, &p), 0);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(progress_load(link, &q), -1);
	unlink(link);
	unlink(path);
	assert_int_equal(progress_load(path, &q), -1);
	rmdir(sub);
	snprintf(sub, sizeof sub, "%s/state", dir);
	rmdir(sub);
	rmdir(dir);
}

static const char lesson_text[] =
	"title: Test\nlang: en\nscenario: smtp-plain\n\n"
	"== at greeting\nHello *there*.\n\n"
	"? Which?\n- [x] one\n- [ ] two\n- [x] three\n> Because.\n\n"
	"? Again?\n- [ ] no\n- [x] yes\n> So.\n";

static void test_quiz(void **state)
{
	struct lesson *l;
	struct quiz qz;
	size_t answered, count;
	(void)state;
	assert_int_equal(lesson_parse("t.lesson", lesson_text, strlen(lesson_text), &l, NULL), 0);
	quiz_init(&qz, l, false);
	assert_int_equal(qz.n, 2);
	assert_int_equal(quiz_of_section(&qz, 0, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(quiz_right_mask(&qz, 0), 5);
	assert_int_equal(quiz_submit(&qz, 0), -1);	/* nothing ticked */
	quiz_toggle(&qz, 0, 0);
	quiz_toggle(&qz, 0, 1);
	quiz_toggle(&qz, 0, 1);
	quiz_toggle(&qz, 0, 9);				/* no such choice */
	assert_int_equal(quiz_submit(&qz, 0), 0);
	assert_false(qz.items[0].right);		/* one right one missing */
	assert_int_equal(quiz_submit(&qz, 0), -1);	/* once only */
	quiz_toggle(&qz, 0, 2);				/* no change once answered */
	assert_int_equal(qz.items[0].ticked, 1);
	assert_int_equal(quiz_restore(&qz, 1, 0), -1);
	assert_int_equal(quiz_restore(&qz, 1, 4), -1);	/* a choice it lacks */
	assert_int_equal(quiz_restore(&qz, 7, 1), -1);
	assert_int_equal(quiz_restore(&qz, 1, 2), 0);
	assert_true(qz.items[1].right);
	assert_int_equal(quiz_score(&qz, &answered), 1);
	assert_int_equal(answered, 2);
	assert_string_equal(qz.items[0].text.text, "Which?");
	quiz_free(&qz);
	quiz_free(NULL);
	lesson_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_unknown_lines_skipped),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_store_merges),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_quiz),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
