/*
 * app_impl: the app's state, shared by its loop and keys (app.c) and its
 * drawing (app_draw.c).  Nothing outside app*.c includes it.
 */
#ifndef APP_IMPL_H
#define APP_IMPL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "course.h"
#include "inspector.h"
#include "layout.h"
#include "lcache.h"
#include "lines.h"
#include "panes.h"
#include "picker.h"
#include "quizview.h"
#include "view.h"

enum ui_mode { UI_PICKER, UI_VIEW, UI_QUIZ, UI_SUMMARY };

/* What a key function asks of the loop. */
enum { KEY_QUIT = 1 };

struct app {
	struct scenario sc;
	struct view v;			/* the cursor over the timeline; v.tl is
					 * NULL while the picker shows */
	enum ui_mode mode;
	bool help;			/* the help overlay is open */
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	bool dirty[PANE_COUNT];		/* must be drawn, whatever it shows */
	uint64_t sig[PANE_COUNT];	/* what each pane shows (panesig) */
	struct lines_memo memo[PANE_COUNT];	/* what each window holds, by row */
	struct lcache cache[PARTY_COUNT];	/* line counts of facts, per party */
	WINDOW *helpw, *quizw, *sumw, *pickw;	/* overlays, made when shown */
	bool help_dirty, quiz_dirty, sum_dirty, pick_dirty;
	bool screen_dirty;		/* stdscr: after a resize, or too small */
	int narr_rows;			/* text rows the narration box was made for */
	const struct guide_section *narr_seen;	/* last section sync_layout measured */
	char flash[160];		/* one-shot status message (UTF-8) */
	const struct fact **view;	/* scratch for the panes */
	size_t view_max;

	const char *lang;		/* "en" or "ja" */
	struct course course;		/* the lesson, its questions and progress */
	struct quizview qv;		/* the question asked (UI_QUIZ) */
	struct picker picker;
	bool have_picker;
	struct inspector insp;		/* the packet inspector, over the view */
	WINDOW *inspw;
	bool insp_dirty;
	bool mouse;			/* the terminal reports clicks */
};

/* Marks every window and overlay to be drawn again. */
void app_mark_all(struct app *a);
/* A one-shot message on the status line. */
void app_flash(struct app *a, const char *msg);
/* Deletes every window the app made. */
void app_free_windows(struct app *a);
/* Deletes window *w, if any, and forgets it. */
void app_drop(WINDOW **w);
/* The key context of the screen on show (keys.h). */
unsigned app_key_ctx(const struct app *a);
/* Windows for the current terminal size; at start and on resize. */
void app_relayout(struct app *a);
/* After the cursor moved: the narration box may want to grow. */
void app_sync_layout(struct app *a);
/* Draws what is dirty, then one doupdate(). */
void app_render(struct app *a);

#endif
