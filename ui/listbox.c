/*
 * listbox: the cursor of a scrolling list (see listbox.h).
 */
#include "listbox.h"

static bool takes(const struct listbox *b, size_t i)
{
	return i < b->n && (!b->can_take || b->can_take(b->ctx, i));
}

/* From i, by step (+1 or -1), the first entry that can be taken; or
 * keep when there is none that way. */
static size_t seek(const struct listbox *b, size_t i, int step, size_t keep)
{
	for (;;) {
		if (takes(b, i))
			return i;
		if ((step < 0 && i == 0) || (step > 0 && i + 1 >= b->n))
			return keep;
		i = step < 0 ? i - 1 : i + 1;
	}
}

void listbox_set(struct listbox *b, size_t i)
{
	if (b->n == 0)
		return;
	if (i >= b->n)
		i = b->n - 1;
	size_t j = seek(b, i, 1, b->n);
	b->sel = j < b->n ? j : seek(b, i, -1, b->sel);
}

bool listbox_key(struct listbox *b, enum action act)
{
	size_t old = b->sel, page = b->rows > 1 ? (size_t)b->rows - 1 : 1;
	if (b->n == 0)
		return false;
	switch (act) {
	case ACT_LIST_UP:
		if (b->sel > 0)
			b->sel = seek(b, b->sel - 1, -1, b->sel);
		break;
	case ACT_LIST_DOWN:
		b->sel = seek(b, b->sel + 1 < b->n ? b->sel + 1 : b->sel, 1, b->sel);
		break;
	case ACT_LIST_PAGE_UP:
		b->sel = seek(b, b->sel > page ? b->sel - page : 0, 1, b->sel);
		break;
	case ACT_LIST_PAGE_DOWN:
		b->sel = seek(b, b->sel + page < b->n ? b->sel + page : b->n - 1, -1, b->sel);
		break;
	default:
		break;
	}
	return b->sel != old;
}

void listbox_scroll(struct listbox *b, int rows)
{
	b->rows = rows > 0 ? rows : 1;
	size_t r = (size_t)b->rows;
	if (b->sel < b->top)
		b->top = b->sel;
	if (b->sel >= b->top + r)
		b->top = b->sel - r + 1;
	/* A heading just above the first entry shows with it. */
	if (b->top > 0 && b->top == b->sel && !takes(b, b->top - 1))
		b->top--;
	if (b->top + r > b->n)
		b->top = b->n > r ? b->n - r : 0;
}

bool listbox_at_row(const struct listbox *b, int r, size_t *i)
{
	if (r < 0 || r >= b->rows || b->top + (size_t)r >= b->n)
		return false;
	*i = b->top + (size_t)r;
	return true;
}
