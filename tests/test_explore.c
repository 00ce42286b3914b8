/*
 * test_explore: the parts of the exploring screens that need no
 * terminal: the list cursor that skips headings and scrolls (listbox.c)
 * and auto-play's timing (autoplay.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "anim.h"
#include "autoplay.h"
#include "listbox.h"

/* Entries 0, 4 and 8 are headings. */
static bool not_heading(const void *ctx, size_t i)
{
	(void)ctx;
	return i % 4 != 0;
}

static void test_listbox(void **state)
{
	(void)state;
	struct listbox b = { .n = 10, .can_take = not_heading };
	listbox_set(&b, 0);
	assert_int_equal(b.sel, 1);		/* past the heading */
	assert_false(listbox_key(&b, ACT_LIST_UP));	/* nothing above but it */
	assert_int_equal(b.sel, 1);
	listbox_key(&b, ACT_LIST_DOWN);
	listbox_key(&b, ACT_LIST_DOWN);
	assert_true(listbox_key(&b, ACT_LIST_DOWN));
	assert_int_equal(b.sel, 5);		/* 4 skipped */
	listbox_scroll(&b, 3);
	assert_int_equal(b.top, 3);		/* 5 on screen */
	listbox_set(&b, 9);
	assert_false(listbox_key(&b, ACT_LIST_DOWN));
	listbox_scroll(&b, 3);
	assert_int_equal(b.top, 7);
	size_t i;
	assert_true(listbox_at_row(&b, 2, &i));
	assert_int_equal(i, 9);
	assert_false(listbox_at_row(&b, 3, &i));
	assert_false(listbox_at_row(&b, -1, &i));
	assert_true(listbox_key(&b, ACT_LIST_PAGE_UP));
	assert_int_equal(b.sel, 7);
	listbox_set(&b, 1);
	assert_true(listbox_key(&b, ACT_LIST_PAGE_DOWN));
	assert_int_equal(b.sel, 3);
	/* A list with nothing to take keeps its cursor and says so. */
	struct listbox empty = { 0 };
	assert_false(listbox_key(&empty, ACT_LIST_DOWN));
}

static void test_autoplay(void **state)
{
	(void)state;
	struct autoplay p = { 0 };
	assert_false(autoplay_due(&p, true, 3, 1000));	/* off */
	assert_int_equal(autoplay_timeout(&p, -1, 1000), -1);
	autoplay_set(&p, true, 1000);
	assert_true(autoplay_due(&p, true, 3, 1000));	/* the first step at once */
	assert_false(autoplay_due(&p, false, 3, 1010));	/* a packet moves */
	assert_int_equal(autoplay_timeout(&p, ANIM_TICK_MS, 1010), ANIM_TICK_MS);
	assert_false(autoplay_due(&p, true, 3, 2000));	/* landed: the wait starts */
	int wait = 2 * anim_duration(3);
	assert_int_equal(autoplay_timeout(&p, -1, 2000), wait < 1000 ? wait : 1000);
	assert_false(autoplay_due(&p, true, 3, 2000 + wait - 1));
	assert_true(autoplay_due(&p, true, 3, 2000 + wait));
	/* Faster speeds wait less. */
	assert_false(autoplay_due(&p, true, 5, 5000));
	assert_true(autoplay_due(&p, true, 5, 5000 + 2 * anim_duration(5)));
	autoplay_set(&p, false, 0);
	assert_false(p.on);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listbox),
		cmocka_unit_test(test_autoplay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
