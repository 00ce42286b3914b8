/*
 * course: a lesson's questions and progress along the timeline (see
 * course.h).
 */
#include "course.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "safe.h"
#include "util.h"

/* Where a saved run stopped, if the file says so and still fits. */
static size_t resume(struct course *c, const struct timeline *tl)
{
	struct progress *p = &c->prog;
	if (progress_load(c->path, p) < 0)
		return 0;
	for (size_t i = 0; i < p->n_answers; i++)
		(void)quiz_restore(&c->guide.quiz, p->answers[i].q, p->answers[i].ticked);
	if (p->ev < tl->n_events && strcmp(tl->events[p->ev].name, p->event) == 0)
		return p->ev;
	int i = timeline_find(tl, p->event);
	return i >= 0 ? (size_t)i : 0;
}

int course_open(struct course *c, struct lesson *l, const struct timeline *tl, bool ascii,
		size_t *ev)
{
	guide_free(&c->guide);
	if (guide_init(&c->guide, l, tl, true, ascii) < 0)
		return -1;
	free(c->path);
	c->path = progress_path(l->file, lesson_lang_name(l->lang));
	memset(&c->prog, 0, sizeof c->prog);
	*ev = 0;
	c->replace = c->restart;
	if (c->path && !c->restart)
		*ev = resume(c, tl);
	return 0;
}

void course_narrate(struct course *c, const struct timeline *tl, const char *lang, bool ascii)
{
	guide_free(&c->guide);
	(void)guide_find_shipped(&c->guide, tl, lang, ascii);
}

int course_save(struct course *c, const struct timeline *tl, size_t ev)
{
	if (!c->path || !tl)
		return 0;
	struct progress *p = &c->prog;
	p->ev = ev;
	snprintf(p->event, sizeof p->event, "%s", tl->events[ev].name);
	p->n_events = tl->n_events;
	p->has_seed = tl->sc.seed_kept;	/* the keys the student may have noted */
	p->seed = tl->sc.seed;
	for (size_t i = 0; i < c->guide.quiz.n; i++) {
		const struct quiz_item *it = &c->guide.quiz.items[i];
		if (it->answered)
			progress_set_answer(p, (unsigned)i, it->ticked, it->right);
	}
	/* Another run of this lesson may have saved answers meanwhile: they
	 * are merged, not overwritten; only --restart's first save replaces. */
	bool merge = !c->replace;
	c->replace = false;
	c->unsaved = progress_store(c->path, p, merge) < 0;
	c->save_errno = c->unsaved ? errno : 0;
	if (c->unsaved && !c->save_failed) {
		c->save_failed = true;
		return -1;
	}
	return 0;
}

char *course_save_last(struct course *c, const struct timeline *tl, size_t ev)
{
	(void)course_save(c, tl, ev);
	if (!c->unsaved)
		return NULL;
	char *where = safe_text(c->path);
	char *m = xprintf(_("cannot save the lesson's progress in %s: %s"), where,
			  strerror(c->save_errno));
	free(where);
	return m;
}

int course_report(char *problem, int status)
{
	if (!problem)
		return status;
	fprintf(stderr, "tlssim: %s\n", problem);
	free(problem);
	return status ? status : 1;
}

size_t course_unanswered(const struct course *c, size_t ev)
{
	const struct guide_section *gs = guide_at(&c->guide, ev);
	if (!c->guide.ask || !gs)
		return (size_t)-1;
	for (size_t i = gs->first_q; i < gs->first_q + gs->n_q; i++)
		if (!c->guide.quiz.items[i].answered)
			return i;
	return (size_t)-1;
}

void course_arrive(struct course *c, const struct timeline *tl, size_t ev)
{
	if (!c->guide.ask)
		return;
	c->quiz_pending = course_unanswered(c, ev) != (size_t)-1;
	if (ev + 1 == tl->n_events) {
		c->prog.done = true;
		c->summary_pending = c->guide.quiz.n > 0;
	}
}

void course_free(struct course *c)
{
	if (!c)
		return;
	bool restart = c->restart;
	guide_free(&c->guide);
	free(c->path);
	memset(c, 0, sizeof *c);
	c->restart = restart;
}

enum lesson_pane course_highlight(const struct course *c, size_t ev)
{
	for (size_t e = ev + 1; e-- > 0;) {
		const struct guide_section *gs = guide_at(&c->guide, e);
		if (gs)
			return gs->sec->highlight;
	}
	return LESSON_PANE_NONE;
}
