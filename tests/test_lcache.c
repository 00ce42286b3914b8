/*
 * test_lcache: the remembered line counts of facts (ui/lcache.c).
 *
 * A count is given back only for the width and variant it was stored
 * under, a new timeline (lcache_reserve) forgets everything, and indices
 * beyond the room are never stored or read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lcache.h"

static int setup(void **state)
{
	static struct lcache c;
	c = (struct lcache){0};
	assert_int_equal(lcache_reserve(&c, 8), 0);
	lcache_key(&c, 20, 0);
	*state = &c;
	return 0;
}

static int teardown(void **state)
{
	lcache_free(*state);
	return 0;
}

static void test_empty(void **state)
{
	struct lcache *c = *state;
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(lcache_get(c, i), -1);
	assert_int_equal(lcache_get(c, 8), -1);
}

static void test_put_get(void **state)
{
	struct lcache *c = *state;
	lcache_put(c, 0, 0);	/* a fact that takes no line is known too */
	lcache_put(c, 3, 2);
	lcache_put(c, 7, 12);
	lcache_put(c, 8, 5);	/* beyond the room: dropped */
	lcache_put(c, 4, -1);	/* nonsense: dropped */
	assert_int_equal(lcache_get(c, 0), 0);
	assert_int_equal(lcache_get(c, 3), 2);
	assert_int_equal(lcache_get(c, 7), 12);
	assert_int_equal(lcache_get(c, 8), -1);
	assert_int_equal(lcache_get(c, 4), -1);
	assert_int_equal(lcache_get(c, 1), -1);
}

static void test_key_change_forgets(void **state)
{
	struct lcache *c = *state;
	lcache_put(c, 1, 3);
	lcache_key(c, 20, 0);	/* the same key keeps the counts */
	assert_int_equal(lcache_get(c, 1), 3);
	lcache_key(c, 21, 0);
	assert_int_equal(lcache_get(c, 1), -1);
	lcache_put(c, 1, 4);
	lcache_key(c, 21, 1);
	assert_int_equal(lcache_get(c, 1), -1);
	lcache_put(c, 1, 5);
	assert_int_equal(lcache_get(c, 1), 5);
	lcache_key(c, 20, 0);	/* back to the first key: counted again */
	assert_int_equal(lcache_get(c, 1), -1);
}

static void test_reserve_forgets_and_grows(void **state)
{
	struct lcache *c = *state;
	lcache_put(c, 2, 1);
	assert_int_equal(lcache_reserve(c, 4), 0);	/* smaller: keeps the room */
	assert_int_equal(lcache_get(c, 2), -1);
	assert_int_equal(lcache_reserve(c, 100), 0);
	lcache_put(c, 99, 7);
	assert_int_equal(lcache_get(c, 99), 7);
	for (size_t i = 0; i < 99; i++)
		assert_int_equal(lcache_get(c, i), -1);
}

static void test_free_accepts_null(void **state)
{
	struct lcache z = {0};
	(void)state;
	lcache_free(NULL);
	lcache_free(&z);
	assert_int_equal(lcache_get(&z, 0), -1);
	lcache_put(&z, 0, 1);	/* no room: nothing happens */
	assert_int_equal(lcache_get(&z, 0), -1);
	lcache_key(&z, 10, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_change_forgets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserve_forgets_and_grows, setup, teardown),
		cmocka_unit_test(test_free_accepts_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
