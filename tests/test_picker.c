/*
 * test_picker: the lesson picker's cursor (ui/picker.c).
 *
 * It opens on the first lesson not finished (wrapping around, and staying
 * put when every lesson is finished); Up/Down, PgUp/PgDn, Home/End keep
 * the cursor inside the list, a page leaving one lesson in sight; r, Esc
 * and q say what the loop must do; picker_find() knows a lesson by path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "picker.h"

/* A picker of n lessons, those in done[] finished, drawn showing page. */
static struct picker make(size_t n, const bool *done, size_t page)
{
	static bool d[32];
	struct picker p = { .n = n, .done = d, .page = page };
	for (size_t i = 0; i < n; i++)
		d[i] = done ? done[i] : false;
	return p;
}

static void test_opens_on_unfinished(void **state)
{
	(void)state;
	bool done[13] = { true, true, false, true };
	struct picker p = make(13, done, 5);
	picker_select_from(&p, 0);
	assert_int_equal(p.sel, 2);
	picker_select_from(&p, 3);	/* finished: the next one not finished */
	assert_int_equal(p.sel, 4);
	bool tail[4] = { false, true, true, true };
	p = make(4, tail, 5);
	picker_select_from(&p, 2);	/* wraps around */
	assert_int_equal(p.sel, 0);
	bool all[3] = { true, true, true };
	p = make(3, all, 5);
	picker_select_from(&p, 1);	/* all finished: stays */
	assert_int_equal(p.sel, 1);
	picker_select_from(&p, 7);	/* out of the list: nothing moves */
	assert_int_equal(p.sel, 1);
}

static void test_keys(void **state)
{
	(void)state;
	struct picker p = make(13, NULL, 5);
	assert_int_equal(picker_key(&p, ACT_PICK_UP), PICKER_REDRAW);
	assert_int_equal(p.sel, 0);
	picker_key(&p, ACT_PICK_PGDN);
	assert_int_equal(p.sel, 4);	/* a page of 5 keeps one lesson in sight */
	picker_key(&p, ACT_PICK_DOWN);
	assert_int_equal(p.sel, 5);
	picker_key(&p, ACT_PICK_LAST);
	assert_int_equal(p.sel, 12);
	picker_key(&p, ACT_PICK_PGDN);
	assert_int_equal(p.sel, 12);
	picker_key(&p, ACT_PICK_DOWN);
	assert_int_equal(p.sel, 12);
	picker_key(&p, ACT_PICK_PGUP);
	assert_int_equal(p.sel, 8);
	picker_key(&p, ACT_PICK_FIRST);
	assert_int_equal(p.sel, 0);
	assert_int_equal(picker_key(&p, ACT_OPEN), PICKER_OPEN);
	assert_int_equal(picker_key(&p, ACT_RETAKE), PICKER_RETAKE);
	assert_int_equal(picker_key(&p, ACT_ASK_QUIT), PICKER_ASK_QUIT);
	assert_int_equal(picker_key(&p, ACT_QUIT), PICKER_QUIT);
	assert_int_equal(picker_key(&p, ACT_QUIT_NOW), PICKER_QUIT);
	p = make(0, NULL, 5);	/* nothing to open or retake */
	assert_int_equal(picker_key(&p, ACT_OPEN), 0);
	assert_int_equal(picker_key(&p, ACT_RETAKE), 0);
	picker_key(&p, ACT_PICK_LAST);
	assert_int_equal(p.sel, 0);
}

static void test_find(void **state)
{
	(void)state;
	struct lessons_entry v[2] = { { .path = (char *)"lessons/en/01-a.lesson" },
				      { .path = (char *)"lessons/en/02-b.lesson" } };
	struct picker p = make(2, NULL, 5);
	p.v = v;
	assert_int_equal(picker_find(&p, "lessons/en/02-b.lesson"), 1);
	assert_true(picker_find(&p, "no/such.lesson") == (size_t)-1);
	assert_true(picker_find(&p, NULL) == (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opens_on_unfinished),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
