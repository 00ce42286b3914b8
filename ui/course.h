/*
 * course: a lesson being taken, or a scenario narrated by a shipped
 * lesson: the guide (guide.h), the questions waiting at the cursor, and
 * the progress file of a lesson (progress.h).  The app asks here what to
 * show after each move; no curses.
 */
#ifndef COURSE_H
#define COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "guide.h"
#include "progress.h"
#include "timeline.h"

struct course {
	struct guide guide;	/* the lesson, or narration only; may be empty */
	char *path;		/* the lesson's progress file, or NULL; owned */
	struct progress prog;
	bool restart;		/* --restart: saved progress is ignored */
	bool save_failed;	/* saving failed once already */
	bool unsaved;		/* the last save failed, with save_errno */
	int save_errno;
	bool replace;		/* the next save replaces the file (--restart) */
	bool quiz_pending;	/* a question waits at the cursor's event */
	bool summary_pending;	/* the summary waits: the lesson's end */
};

/*
 * Takes lesson l (taken over, freed on failure) on timeline tl: its
 * questions are asked and its progress kept.  *ev gets the event to
 * start at: where the saved progress stopped, else 0 (always with
 * restart: the caller then saves over it).  Returns 0, or -1 when l does
 * not fit tl.
 */
__attribute__((warn_unused_result))
int course_open(struct course *c, struct lesson *l, const struct timeline *tl, bool ascii,
		size_t *ev);

/* A plain run of tl: narrated by a shipped lesson of lang if one fits. */
void course_narrate(struct course *c, const struct timeline *tl, const char *lang, bool ascii);

/* Saves the progress (a lesson's only) at ev, merged with what another
 * run of the lesson saved meanwhile.  Returns -1 the first time saving
 * fails, so that the caller says so once; else 0. */
int course_save(struct course *c, const struct timeline *tl, size_t ev);

/* The save on quitting.  When it fails: what to tell the student once
 * the screen is gone, as a new string for course_report(); else NULL. */
char *course_save_last(struct course *c, const struct timeline *tl, size_t ev);

/* Prints problem (from course_save_last, freed here) on stderr, if any.
 * Returns status, or 1 for a problem when status is 0. */
int course_report(char *problem, int status);

/* The first unanswered question of the section at ev, or (size_t)-1. */
size_t course_unanswered(const struct course *c, size_t ev);

/* Having got to ev going forward (or at the start): what waits there. */
void course_arrive(struct course *c, const struct timeline *tl, size_t ev);

/* The pane the lesson points at: that of the latest section up to ev, so
 * that the student's eye (and the borders) stay put between sections. */
enum lesson_pane course_highlight(const struct course *c, size_t ev);

/* Frees c's contents and zeroes it, but for restart; accepts NULL. */
void course_free(struct course *c);

#endif
