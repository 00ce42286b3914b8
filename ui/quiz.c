/*
 * quiz: question state (see quiz.h).
 */
#include "quiz.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void quiz_init(struct quiz *qz, const struct lesson *l, bool ascii)
{
	size_t n = 0, k = 0;

	for (size_t s = 0; s < l->n_sections; s++)
		n += l->sections[s].n_questions;
	qz->items = xcalloc(n ? n : 1, sizeof *qz->items);
	qz->n = n;
	for (size_t s = 0; s < l->n_sections; s++) {
		const struct lesson_section *sec = &l->sections[s];
		for (size_t q = 0; q < sec->n_questions; q++, k++) {
			struct quiz_item *it = &qz->items[k];
			it->q = &sec->questions[q];
			it->section = s;
			rich_init(&it->text, it->q->text, ascii);
			rich_init(&it->expl, it->q->explanation, ascii);
			it->choices = xcalloc(it->q->n_choices ? it->q->n_choices : 1,
					      sizeof *it->choices);
			for (size_t c = 0; c < it->q->n_choices; c++)
				rich_init(&it->choices[c], it->q->choices[c].text, ascii);
		}
	}
}

void quiz_free(struct quiz *qz)
{
	if (!qz)
		return;
	for (size_t i = 0; i < qz->n; i++) {
		struct quiz_item *it = &qz->items[i];
		rich_free(&it->text);
		rich_free(&it->expl);
		for (size_t c = 0; c < it->q->n_choices; c++)
			rich_free(&it->choices[c]);
		free(it->choices);
	}
	free(qz->items);
	memset(qz, 0, sizeof *qz);
}

size_t quiz_of_section(const struct quiz *qz, size_t s, size_t *count)
{
	size_t first = 0, n = 0;
	while (first < qz->n && qz->items[first].section < s)
		first++;
	while (first + n < qz->n && qz->items[first + n].section == s)
		n++;
	*count = n;
	return first;
}

void quiz_toggle(struct quiz *qz, size_t i, size_t c)
{
	if (i >= qz->n || qz->items[i].answered || c >= qz->items[i].q->n_choices ||
	    c >= QUIZ_MAX_CHOICES)
		return;
	qz->items[i].ticked ^= (uint64_t)1 << c;
}

uint64_t quiz_right_mask(const struct quiz *qz, size_t i)
{
	uint64_t m = 0;
	if (i >= qz->n)
		return 0;
	for (size_t c = 0; c < qz->items[i].q->n_choices && c < QUIZ_MAX_CHOICES; c++)
		if (qz->items[i].q->choices[c].right)
			m |= (uint64_t)1 << c;
	return m;
}

int quiz_submit(struct quiz *qz, size_t i)
{
	if (i >= qz->n || qz->items[i].answered || !qz->items[i].ticked)
		return -1;
	qz->items[i].answered = true;
	qz->items[i].right = qz->items[i].ticked == quiz_right_mask(qz, i);
	return 0;
}

int quiz_restore(struct quiz *qz, size_t i, uint64_t mask)
{
	if (i >= qz->n || mask == 0)
		return -1;
	size_t nc = qz->items[i].q->n_choices;
	if (nc < QUIZ_MAX_CHOICES && (mask >> nc) != 0)
		return -1;
	qz->items[i].ticked = mask;
	qz->items[i].answered = true;
	qz->items[i].right = mask == quiz_right_mask(qz, i);
	return 0;
}

size_t quiz_score(const struct quiz *qz, size_t *answered)
{
	size_t right = 0, done = 0;
	for (size_t i = 0; i < qz->n; i++) {
		done += qz->items[i].answered;
		right += qz->items[i].answered && qz->items[i].right;
	}
	if (answered)
		*answered = done;
	return right;
}
