/*
 * test_lessons: opening a lesson runs its scenario once, and a run that
 * cannot be built is a message, not a crash.
 *
 * The link wraps timeline_build (-Wl,--wrap=timeline_build, see the
 * Makefile), so that ui/'s calls of it are counted here, and can be made
 * to fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lessons.h"
#include "rng.h"
#include "timeline.h"

#define LESSON "lessons/en/03-starttls.lesson"

static int builds;		/* calls of timeline_build since the last reset */
static int fail_builds;		/* make them return NULL */

struct timeline *__real_timeline_build(const struct scenario *sc);
struct timeline *__wrap_timeline_build(const struct scenario *sc);

struct timeline *__wrap_timeline_build(const struct scenario *sc)
{
	builds++;
	return fail_builds ? NULL : __real_timeline_build(sc);
}

static int setup(void **state)
{
	(void)state;
	builds = 0;
	fail_builds = 0;
	return 0;
}

/* What a function wrote to a stream, as a string (caller frees). */
struct sink {
	char *text;
	size_t len;
	FILE *f;
};

static void sink_open(struct sink *s)
{
	s->text = NULL;
	s->f = open_memstream(&s->text, &s->len);
	assert_non_null(s->f);
}

static void sink_close(struct sink *s)
{
	fclose(s->f);
}

static void test_open_builds_once(void **state)
{
	(void)state;
	struct sink err;
	struct timeline *tl = NULL;
	sink_open(&err);
	struct lesson *l = lessons_open(LESSON, &tl, err.f);
	sink_close(&err);
	assert_non_null(l);
	assert_non_null(tl);
	assert_int_equal(builds, 1);
	assert_string_equal(tl->sc.name, "smtp-starttls");
	assert_int_equal(err.len, 0);
	lesson_free(l);
	timeline_free(tl);
	free(err.text);
}

static void test_plain_builds_once(void **state)
{
	(void)state;
	struct sink out, err;
	sink_open(&out);
	sink_open(&err);
	assert_int_equal(lessons_plain(LESSON, out.f, err.f), 0);
	sink_close(&out);
	sink_close(&err);
	assert_int_equal(builds, 1);
	assert_non_null(strstr(out.text, "lesson: STARTTLS"));
	assert_non_null(strstr(out.text, "narration: "));
	free(out.text);
	free(err.text);
}

/* --check: once for the file, once for its translation. */
static void test_check_builds_once_per_file(void **state)
{
	(void)state;
	char path[] = LESSON, *paths[] = { path };
	struct sink out, err;
	sink_open(&out);
	sink_open(&err);
	assert_int_equal(lessons_check(paths, 1, out.f, err.f), 0);
	sink_close(&out);
	sink_close(&err);
	assert_int_equal(builds, 2);
	free(out.text);
	free(err.text);
}

static void test_build_failure_is_reported(void **state)
{
	(void)state;
	struct sink out, err;
	struct timeline *tl = (struct timeline *)&tl;	/* must become NULL */
	fail_builds = 1;
	sink_open(&err);
	assert_null(lessons_open(LESSON, &tl, err.f));
	sink_close(&err);
	assert_null(tl);
	assert_non_null(strstr(err.text, LESSON ": could not run the lesson's scenario"));
	free(err.text);

	sink_open(&out);
	sink_open(&err);
	assert_int_equal(lessons_plain(LESSON, out.f, err.f), 1);
	sink_close(&out);
	sink_close(&err);
	assert_int_equal(out.len, 0);
	assert_non_null(strstr(err.text, "could not run the lesson's scenario"));
	free(out.text);
	free(err.text);
}

int main(void)
{
	if (rng_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_builds_once, setup),
		cmocka_unit_test_setup(test_plain_builds_once, setup),
		cmocka_unit_test_setup(test_check_builds_once_per_file, setup),
		cmocka_unit_test_setup(test_build_failure_is_reported, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
