/*
 * test_layout: pane rectangles for terminal sizes (ui/layout.c).
 *
 * For every size that is big enough: each pane lies inside the screen, no
 * two panes share a cell, the parties and the wire get their minimum
 * widths, and the status line is the last row.  Below the minimum the
 * layout says so and places nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "layout.h"
#include "panes.h"

static void check_sane(const struct layout *l, int cols, int rows)
{
	assert_false(l->too_small);
	assert_int_equal(l->cols, cols);
	assert_int_equal(l->rows, rows);
	long area = 0;
	for (int i = 0; i < PANE_COUNT; i++) {
		struct rect r = l->pane[i];
		assert_true(r.x >= 0 && r.y >= 0);
		assert_true(r.w > 0 && r.h > 0);
		assert_true(r.x + r.w <= cols);
		assert_true(r.y + r.h <= rows);
		area += (long)r.w * r.h;
		for (int j = i + 1; j < PANE_COUNT; j++)
			assert_false(rect_overlap(r, l->pane[j]));
	}
	/* The panes tile the screen: no cell is left unpainted. */
	assert_int_equal(area, (long)cols * rows);

	const struct rect *p = l->pane;
	assert_int_equal(p[PANE_STATUS].y, rows - 1);
	assert_int_equal(p[PANE_STATUS].h, 1);
	assert_int_equal(p[PANE_STATUS].w, cols);
	/* Narration: a full-width box with room for at least four lines. */
	assert_int_equal(p[PANE_NARRATION].w, cols);
	assert_true(p[PANE_NARRATION].h >= 6);
	assert_true(p[PANE_CLIENT].w >= LAYOUT_SIDE_MIN);
	assert_true(p[PANE_SERVER].w >= LAYOUT_SIDE_MIN);
	assert_true(p[PANE_WIRE].w >= LAYOUT_WIRE_MIN);
	/* Boxes need at least a border and three lines. */
	assert_true(p[PANE_CLIENT].h >= 5);
	assert_true(p[PANE_WIRE].h >= 5);
	/* The client is on the left of (or level with) the server. */
	assert_true(p[PANE_CLIENT].x < p[PANE_SERVER].x);
}

static void test_80x24(void **state)
{
	struct layout l;
	(void)state;
	layout_compute(&l, 80, 24);
	check_sane(&l, 80, 24);
	assert_false(l.stacked);
	/* Side by side: client | wire | server on the same rows. */
	assert_int_equal(l.pane[PANE_CLIENT].y, 0);
	assert_int_equal(l.pane[PANE_WIRE].y, 0);
	assert_int_equal(l.pane[PANE_SERVER].y, 0);
	assert_int_equal(l.pane[PANE_WIRE].x, l.pane[PANE_CLIENT].w);
	assert_int_equal(l.pane[PANE_SERVER].x + l.pane[PANE_SERVER].w, 80);
	assert_true(l.pane[PANE_WIRE].w > l.pane[PANE_CLIENT].w);
}

static void test_132x43(void **state)
{
	struct layout small, big;
	(void)state;
	layout_compute(&small, 80, 24);
	layout_compute(&big, 132, 43);
	check_sane(&big, 132, 43);
	assert_false(big.stacked);
	/* More room means wider panes and a taller narration. */
	assert_true(big.pane[PANE_WIRE].w > small.pane[PANE_WIRE].w);
	assert_true(big.pane[PANE_CLIENT].w > small.pane[PANE_CLIENT].w);
	assert_true(big.pane[PANE_NARRATION].h > small.pane[PANE_NARRATION].h);
	assert_true(big.pane[PANE_WIRE].h > small.pane[PANE_WIRE].h);
}

static void test_100x30(void **state)
{
	struct layout l;
	(void)state;
	layout_compute(&l, 100, 30);
	check_sane(&l, 100, 30);
	assert_false(l.stacked);
	assert_int_equal(l.pane[PANE_CLIENT].w, l.pane[PANE_SERVER].w);
}

/* z: the zoomed pane takes every row above the status line, the others
 * none; the status line stays. */
static void test_zoom(void **state)
{
	static const int sizes[][2] = {{80, 24}, {60, 30}, {132, 43}};
	(void)state;
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		for (int z = PANE_CLIENT; z < PANE_STATUS; z++) {
			struct layout l, normal;
			int c = sizes[k][0], r = sizes[k][1];
			layout_compute(&normal, c, r);
			l = normal;
			layout_zoom(&l, (enum pane)z);
			for (int i = 0; i < PANE_STATUS; i++) {
				struct rect p = l.pane[i];
				if (i == z) {
					assert_int_equal(p.y, 0);
					assert_int_equal(p.x, 0);
					assert_int_equal(p.w, c);
					assert_int_equal(p.h, r - 1);
				} else {
					assert_true(p.w == 0 || p.h == 0);
				}
			}
			assert_memory_equal(&l.pane[PANE_STATUS], &normal.pane[PANE_STATUS],
					    sizeof normal.pane[PANE_STATUS]);
		}
	}
	/* PANE_COUNT: the normal view, unchanged. */
	struct layout a, b;
	layout_compute(&a, 80, 24);
	b = a;
	layout_zoom(&b, PANE_COUNT);
	assert_memory_equal(&a, &b, sizeof a);
}

/* The scroll positions the keys give clamp to the last page. */
static void test_scroll_top(void **state)
{
	(void)state;
	assert_int_equal(panes_scroll_top(-1, 100, 10), 0);
	assert_int_equal(panes_scroll_top(0, 100, 10), 0);
	assert_int_equal(panes_scroll_top(42, 100, 10), 42);
	assert_int_equal(panes_scroll_top(95, 100, 10), 90);
	assert_int_equal(panes_scroll_top(PANE_SCROLL_END, 100, 10), 90);
	assert_int_equal(panes_scroll_top(PANE_SCROLL_END, 5, 10), 0);
	assert_int_equal(panes_scroll_top(3, 10, 10), 0);
}

static void test_too_small(void **state)
{
	static const int sizes[][2] = {
		{40, 10}, {79, 17}, {LAYOUT_MIN_COLS - 1, 23}, {49, 60},
		{200, 5}, {1, 1}, {0, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct layout l;
		layout_compute(&l, sizes[i][0], sizes[i][1]);
		assert_true(l.too_small);
		for (int p = 0; p < PANE_COUNT; p++)
			assert_int_equal(l.pane[p].w, 0);
	}
}

static void test_minimum_sizes_fit(void **state)
{
	struct layout l;
	(void)state;
	layout_compute(&l, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	check_sane(&l, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	assert_false(l.stacked);
	/* Narrow but tall: the wire goes under client and server. */
	layout_compute(&l, 60, 30);
	check_sane(&l, 60, 30);
	assert_true(l.stacked);
	assert_true(l.pane[PANE_WIRE].y >= l.pane[PANE_CLIENT].y + l.pane[PANE_CLIENT].h);
	assert_int_equal(l.pane[PANE_WIRE].w, 60);
	layout_compute(&l, LAYOUT_STACK_MIN_COLS, LAYOUT_STACK_MIN_ROWS);
	check_sane(&l, LAYOUT_STACK_MIN_COLS, LAYOUT_STACK_MIN_ROWS);
}

static void test_every_size(void **state)
{
	(void)state;
	for (int cols = 1; cols <= 220; cols++)
		for (int rows = 1; rows <= 70; rows++) {
			struct layout l;
			layout_compute(&l, cols, rows);
			if (!l.too_small)
				check_sane(&l, cols, rows);
			else
				assert_true(cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS);
		}
}

static void test_center(void **state)
{
	(void)state;
	struct rect r = layout_center(80, 24, 40, 10);
	assert_int_equal(r.x, 20);
	assert_int_equal(r.y, 7);
	r = layout_center(30, 8, 40, 10);	/* shrinks to the screen */
	assert_int_equal(r.w, 30);
	assert_int_equal(r.h, 8);
	assert_int_equal(r.x, 0);
	assert_int_equal(r.y, 0);
}

static void test_overlap(void **state)
{
	(void)state;
	struct rect a = {0, 0, 5, 5}, b = {4, 4, 2, 2}, c = {5, 0, 2, 5};
	assert_true(rect_overlap(a, b));
	assert_false(rect_overlap(a, c));	/* touching edges share no cell */
}

/* A list's first line shown: all when it fits, else the newest lines under
 * a "lines above" row, moving half a page at a time, but keeping the
 * latest additions in sight when they fit. */
static void test_list_top(void **state)
{
	const size_t none = (size_t)-1;
	(void)state;
	assert_int_equal(layout_list_top(0, 14, none), 0);
	assert_int_equal(layout_list_top(14, 14, none), 0);
	assert_int_equal(layout_list_top(14, 14, 3), 0);
	/* 15 lines in 14 rows: 13 under the "above" row, a jump of 6. */
	assert_int_equal(layout_list_top(15, 14, none), 6);
	assert_int_equal(layout_list_top(19, 14, none), 6);
	assert_int_equal(layout_list_top(20, 14, none), 12);
	assert_int_equal(layout_list_top(19, 14, 6), 6);
	/* The jump would hide lines 4 and 5, the latest: stop above them. */
	assert_int_equal(layout_list_top(16, 14, 4), 4);
	assert_int_equal(layout_list_top(16, 14, 2), 3);	/* too many: the newest */
	assert_int_equal(layout_list_top(5, 0, none), 0);
	assert_int_equal(layout_list_top(5, 1, none), 5);
	assert_int_equal(layout_list_top(3, 2, none), 2);

	for (int rows = 2; rows <= 60; rows++) {
		size_t body = (size_t)rows - 1, jump = body / 2 ? body / 2 : 1;
		size_t prev = 0, moves = 0;
		for (size_t total = 0; total <= 400; total++) {
			size_t top = layout_list_top(total, rows, none);
			if (total <= (size_t)rows) {
				assert_int_equal(top, 0);
				continue;
			}
			/* The newest line shows, nothing beyond the rows. */
			assert_true(top < total);
			assert_true(total - top <= body);
			assert_int_equal(top % jump, 0);
			/* A line more never moves the list back. */
			assert_true(top >= prev);
			moves += top != prev;
			prev = top;
			/* The latest additions show whenever they fit. */
			for (size_t news = 0; news < total; news++) {
				size_t t = layout_list_top(total, rows, news);
				assert_true(t < total && total - t <= body);
				if (total - news <= body)
					assert_true(t <= news);
				else
					assert_int_equal(t, total - body);
				assert_true(t <= top);
			}
		}
		/* Lines are added in place: the list moves once a jump at most. */
		assert_true(moves <= (400 - (size_t)rows) / jump + 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_80x24),
		cmocka_unit_test(test_132x43),
		cmocka_unit_test(test_100x30),
		cmocka_unit_test(test_zoom),
		cmocka_unit_test(test_scroll_top),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_minimum_sizes_fit),
		cmocka_unit_test(test_every_size),
		cmocka_unit_test(test_center),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_list_top),
	};
	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
