/*
 * app_flow: the way through the lessons, as in vimtutor.  The picker
 * opens a lesson; q in a lesson comes back to the picker (its place and
 * answers saved); the summary at the end offers the next lesson and a
 * retake; Esc asks before it quits.  Such a question waits for y (any
 * other key is no) in a small box over the screen (app_draw.c).
 */
#include "app_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lessons.h"
#include "theme.h"
#include "util.h"

void app_save_progress(struct app *a)
{
	if (course_save(&a->course, a->v.tl, a->v.ev) < 0)
		app_flash(a, _("cannot save the lesson's progress"));
}

/* Whether two names are the same file. */
static bool same_file(const char *x, const char *y)
{
	char *rx = x ? realpath(x, NULL) : NULL, *ry = y ? realpath(y, NULL) : NULL;
	bool same = rx && ry && strcmp(rx, ry) == 0;
	free(rx);
	free(ry);
	return same;
}

/* The shipped lesson after file, in the same language; NULL after the
 * last one or for a lesson that is not shipped. */
static char *next_lesson(const char *file)
{
	char **v;
	size_t n = lessons_paths(NULL, &v);	/* sorted: en/01.. en/13, ja/01.. */
	char *next = NULL;
	for (size_t i = 0; i + 1 < n && !next; i++) {
		const char *si = strrchr(v[i], '/'), *sn = strrchr(v[i + 1], '/');
		bool same_dir = si && sn && si - v[i] == sn - v[i + 1] &&
				strncmp(v[i], v[i + 1], (size_t)(si - v[i])) == 0;
		if (same_dir && same_file(v[i], file))
			next = xstrdup(v[i + 1]);
	}
	lessons_paths_free(v, n);
	return next;
}

int app_begin_lesson(struct app *a, struct lesson *l)
{
	size_t ev;
	char *file = xstrdup(l->file);
	if (course_open(&a->course, l, a->v.tl, !theme_utf8(), &ev) < 0) {
		free(file);
		return -1;
	}
	free(a->lesson_file);
	free(a->next_file);
	a->lesson_file = file;
	a->next_file = next_lesson(file);
	a->v.ev = ev;
	a->mode = UI_VIEW;
	if (a->course.restart)
		app_save_progress(a);	/* starting over replaces what was saved */
	a->course.restart = false;	/* --restart or a retake: this lesson only */
	course_arrive(&a->course, a->v.tl, a->v.ev);
	return 0;
}

/* Saves and closes the lesson on show, if any.  A save that fails is
 * said at the exit, once the screen is gone (app->lost). */
static void leave_lesson(struct app *a)
{
	if (!a->v.tl)
		return;
	char *lost = course_save_last(&a->course, a->v.tl, a->v.ev);
	if (lost && !a->lost)
		a->lost = lost;
	else
		free(lost);
	anim_finish(&a->v.anim);
	course_free(&a->course);
	timeline_free(a->v.tl);
	a->v.tl = NULL;
	a->v.ev = 0;
	a->qv = (struct quizview){ 0 };
	app_drop(&a->quizw);
	app_drop(&a->sumw);
}

void app_to_picker(struct app *a)
{
	char *left = a->lesson_file;
	a->lesson_file = NULL;
	leave_lesson(a);
	if (a->have_picker)
		picker_free(&a->picker);
	picker_init(&a->picker, a->lang);
	a->have_picker = true;
	for (size_t i = 0; left && i < a->picker.n; i++)
		if (same_file(a->picker.v[i].path, left))
			picker_select_from(&a->picker, i);	/* it, or the next not finished */
	free(left);
	a->mode = UI_PICKER;
	app_relayout(a);
}

/* Opens lesson file path in place of what is shown; fresh: from the
 * start with new keys, its saved answers replaced.  Back to the picker
 * when it cannot. */
static void open_path(struct app *a, const char *path, bool fresh)
{
	struct timeline *tl;
	fresh = fresh || a->course.restart;	/* --restart: the first lesson opened */
	/* Diagnostics of a broken lesson go nowhere: curses owns the screen. */
	struct lesson *l = lessons_open_keys(path, &tl, NULL,
					     fresh ? LESSONS_KEYS_FRESH : LESSONS_KEYS_KEPT, 0);
	char *keep = xstrdup(path);
	leave_lesson(a);
	int r = -1;
	if (l && app_adopt(a, tl) == 0) {	/* app_adopt frees tl when it fails */
		a->course.restart = fresh;
		r = app_begin_lesson(a, l);	/* takes l over, frees it when it fails */
		l = NULL;
	}
	if (r < 0) {
		lesson_free(l);
		timeline_free(a->v.tl);
		a->v.tl = NULL;
		free(a->lesson_file);
		a->lesson_file = keep;
		app_to_picker(a);
		snprintf(a->prompt, sizeof a->prompt, "%s", _("cannot open that lesson"));
		a->picker.prompt = a->prompt;	/* until the next key */
		return;
	}
	free(keep);
	if (a->have_picker)
		picker_free(&a->picker);
	a->have_picker = false;
	app_relayout(a);
}

/* A yes/no question in a small box; the answer goes to app_confirm_key(). */
static void ask(struct app *a, enum confirm what, const char *question)
{
	a->confirm = what;
	snprintf(a->prompt, sizeof a->prompt, "%s", question);
	a->ask_dirty = true;
}

void app_ask_quit(struct app *a)
{
	ask(a, CONFIRM_QUIT, a->lesson_file ? _("Quit tlssim? The lesson keeps your place.")
					    : _("Quit tlssim?"));
}

/* r: path again from the start, after asking when it has progress. */
static void ask_retake(struct app *a, const char *path, bool has_progress)
{
	if (!has_progress) {
		open_path(a, path, true);
		return;
	}
	free(a->retake_file);
	a->retake_file = xstrdup(path);
	ask(a, CONFIRM_RETAKE, _("Take this lesson again from the start? Your answers are cleared."));
}

unsigned app_confirm_key(struct app *a, enum action act)
{
	enum confirm what = a->confirm;
	a->confirm = CONFIRM_NONE;
	app_drop(&a->askw);
	app_uncover(a);
	if (act != ACT_YES)
		return 0;
	if (what == CONFIRM_QUIT)
		return KEY_QUIT;
	if (what == CONFIRM_RETAKE && a->retake_file) {
		char *path = a->retake_file;
		a->retake_file = NULL;
		open_path(a, path, true);
		free(path);
	}
	return 0;
}

unsigned app_pick_key(struct app *a, enum action act)
{
	struct picker *p = &a->picker;
	p->prompt = NULL;	/* a note from before: read */
	unsigned r = picker_key(p, act);
	if (r & PICKER_QUIT)
		return KEY_QUIT;
	if (r & PICKER_ASK_QUIT)
		app_ask_quit(a);
	if (r & PICKER_REDRAW)
		a->pick_dirty = true;
	if (r & PICKER_RETAKE)
		ask_retake(a, p->v[p->sel].path, p->marks[p->sel] != NULL);
	else if (r & PICKER_OPEN)
		open_path(a, p->v[p->sel].path, false);
	return 0;
}

/* Closes the summary: the panes below show again. */
static void close_summary(struct app *a)
{
	a->mode = UI_VIEW;
	app_drop(&a->sumw);
	app_uncover(a);
}

unsigned app_summary_key(struct app *a, enum action act)
{
	switch (act) {
	case ACT_QUIT_NOW:
		return KEY_QUIT;
	case ACT_QUIT:
		if (a->cls)	/* a class has no picker */
			return KEY_QUIT;
		app_to_picker(a);
		return 0;
	case ACT_NEXT_LESSON:
		if (a->next_file) {
			char *next = xstrdup(a->next_file);
			open_path(a, next, false);
			free(next);
			return 0;
		}
		break;
	case ACT_RETAKE:
		close_summary(a);
		ask_retake(a, a->lesson_file, true);
		return 0;
	default:
		break;
	}
	close_summary(a);
	return 0;
}

const char *app_summary_hints(const struct app *a)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s%s  r: %s  q: %s  %s", a->next_file ? "n: " : "",
		 a->next_file ? _("next lesson") : "", _("retake"), _("lesson list"),
		 _("other keys: close"));
	return a->next_file ? buf : buf + 2;
}
