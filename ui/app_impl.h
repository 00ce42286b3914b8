/*
 * app_impl: the app's state, shared by its loop and keys (app.c) and its
 * drawing (app_draw.c).  Nothing outside app*.c includes it.
 */
#ifndef APP_IMPL_H
#define APP_IMPL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "autoplay.h"
#include "course.h"
#include "keys.h"
#include "eventlist.h"
#include "inspector.h"
#include "layout.h"
#include "lcache.h"
#include "lines.h"
#include "menu.h"
#include "panes.h"
#include "picker.h"
#include "quizview.h"
#include "view.h"

enum ui_mode { UI_PICKER, UI_VIEW, UI_QUIZ, UI_SUMMARY, UI_MENU, UI_EVENTS };

/* What a key function asks of the loop. */
enum { KEY_QUIT = 1 };

/* A yes/no question waiting for its answer (app_flow.c). */
enum confirm { CONFIRM_NONE, CONFIRM_QUIT, CONFIRM_RETAKE };

struct app {
	struct scenario sc;
	struct view v;			/* the cursor over the timeline; v.tl is
					 * NULL while the picker shows */
	enum ui_mode mode;
	bool help;			/* the help overlay is open */
	struct pane_scroll help_seen;	/* its lines: the top one, how many */
	struct layout lay;
	WINDOW *win[PANE_COUNT];
	bool dirty[PANE_COUNT];		/* must be drawn, whatever it shows */
	uint64_t sig[PANE_COUNT];	/* what each pane shows (panesig) */
	struct lines_memo memo[PANE_COUNT];	/* what each window holds, by row */
	struct lcache cache[PARTY_COUNT];	/* line counts of facts, per party */
	WINDOW *helpw, *quizw, *sumw, *pickw, *askw;	/* overlays, made when shown */
	bool help_dirty, quiz_dirty, sum_dirty, pick_dirty, ask_dirty;
	bool uncovered;			/* an overlay is gone: copy the panes again */
	bool screen_dirty;		/* stdscr: after a resize, or too small */
	enum pane zoom;			/* the pane that fills the screen, or
					 * PANE_COUNT for the normal view */
	long scroll[PANE_COUNT];	/* each pane's scroll position (panes.h) */
	struct pane_scroll seen[PANE_COUNT];	/* what each showed last */
	char flash[160];		/* one-shot status message (UTF-8) */
	const struct fact **view;	/* scratch for the panes */
	size_t view_max;

	const char *lang;		/* "en" or "ja" */
	struct course course;		/* the lesson, its questions and progress */
	struct quizview qv;		/* the question asked (UI_QUIZ) */
	struct picker picker;
	bool have_picker;

	/* The way through the lessons (app_flow.c). */
	char *lesson_file;		/* the lesson on show, or NULL; owned */
	char *next_file;		/* the shipped lesson after it, or NULL; owned */
	enum confirm confirm;		/* a question waits for y or n, in askw */
	char prompt[160];		/* its text (UTF-8); or a note the picker
					 * shows until the next key */
	char *retake_file;		/* CONFIRM_RETAKE: the lesson; owned */
	char *lost;			/* a save that failed, said at the exit; owned */
	struct app_class *cls;		/* a classroom session (app_class.h), or NULL */
	/* exploring (app_explore.c) */
	struct menu menu;		/* the what-if menu (UI_MENU) */
	struct eventlist events;	/* the event list (UI_EVENTS) */
	struct autoplay play;
	WINDOW *listw;			/* the one of them on show */
	bool list_dirty;
	struct inspector insp;		/* the packet inspector, over the view */
	WINDOW *inspw;
	bool insp_dirty;
	bool mouse;			/* the terminal reports clicks */
};

/* Marks every window and overlay to be drawn again. */
void app_mark_all(struct app *a);
/* An overlay is gone: what it covered shows again, not drawn anew. */
void app_uncover(struct app *a);
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
/* Draws what is dirty, then one doupdate(). */
void app_render(struct app *a);

/* Shows timeline tl, which it takes over (and frees when it cannot). */
int app_adopt(struct app *a, struct timeline *tl);

/* ---- app_flow.c: the way through the lessons ---- */

/* Saves the lesson's progress; says so once when it cannot. */
void app_save_progress(struct app *a);
/* Runs lesson l (taken over) on the timeline shown: resumes it, or
 * starts over with course.restart.  0, or -1 when l does not fit. */
int app_begin_lesson(struct app *a, struct lesson *l);
/* Leaves the lesson (saved) for the picker of shipped lessons, on it or
 * the next one not finished. */
void app_to_picker(struct app *a);
/* Esc: asks "quit?" */
void app_ask_quit(struct app *a);
/* The keys of the picker, the summary and a yes/no question. */
unsigned app_pick_key(struct app *a, enum action act);
unsigned app_summary_key(struct app *a, enum action act);
unsigned app_confirm_key(struct app *a, enum action act);
/* The summary's key hints: next lesson, retake, lesson list. */
const char *app_summary_hints(const struct app *a);
/*
 * A classroom session (app_class.c): the loop calls in at four points.
 * app_class_getch() waits for a key and for the class at once (poll() on
 * the keyboard and the sockets, then a getch() that does not wait),
 * app_class_key() takes the class's keys before the screen's,
 * app_class_moved() after every key tells the class where the teacher is
 * (or notices that a student roams), and app_class_draw() draws the
 * class's line over the bottom border.  Without a class they do what the
 * app did alone.
 */
struct app_options;
/* Takes opt's server or client over; a student goes to the teacher's place. */
void app_class_start(struct app *a, const struct app_options *opt);
void app_class_end(struct app *a);

/* The next key, or ERR when wait_ms (-1: no limit) passed or the class
 * changed something to show. */
int app_class_getch(struct app *a, int wait_ms);

/* A class's key (or a student's answer): true when it was taken. */
bool app_class_key(struct app *a, enum action act, int arg);

/* After a key: the teacher's place goes to the class. */
void app_class_moved(struct app *a);

/* Draws the class's line; below: what is under it was drawn again. */
void app_class_draw(struct app *a, bool below);

/* app.c: after view_go() or a key that moved the cursor. */
void app_moved(struct app *a, unsigned r);
/* app.c: for a class, the teacher's zoom (PANE_COUNT: none) and
 * inspector frame (negative: closed). */
void app_zoom(struct app *a, enum pane z);
void app_inspect(struct app *a, long frame);
/* app.c: closes the question overlay, or the summary (a class's reveal). */
void app_close_overlay(struct app *a);
/* app.c: the story of sc instead, at the same point (Tab, v, the what-if
 * menu, a class's teacher).  0, or -1 (said). */
int app_rebuild(struct app *a, const struct scenario *sc);

/* app_explore.c: w, e and P on the view; the keys of the menu and the
 * event list; auto-play's step when a key timed out; the hint of a
 * section that suggests a change, on arriving there; the getch()
 * timeout given the animation's (wait); the list overlay's size and
 * drawing. */
unsigned app_explore_view_key(struct app *a, enum action act);
unsigned app_explore_key(struct app *a, enum action act);
void app_explore_tick(struct app *a);
void app_explore_arrived(struct app *a);
int app_explore_timeout(const struct app *a, int wait);
void app_explore_size(const struct app *a, int *rows, int *cols);
void app_explore_draw(struct app *a, WINDOW *w);

#endif
