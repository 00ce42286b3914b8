/*
 * app: the interactive curses program.  main() parses the command line,
 * then hands over here when standard output is a terminal.
 */
#ifndef APP_H
#define APP_H

#include <stdbool.h>

#include "class_client.h"
#include "class_server.h"
#include "lesson.h"
#include "scenario.h"
#include "timeline.h"

struct app_options {
	struct scenario sc;	/* the scenario to open first, without a lesson */
	struct lesson *lesson;	/* a lesson file to run, opened by
				 * lessons_open(); app_run frees it.  NULL:
				 * the scenario alone, narrated by a shipped
				 * lesson of lang when one fits */
	struct timeline *tl;	/* the lesson's timeline from lessons_open(),
				 * or sc's built by main() to write --pcap
				 * from; shown as it is (app_run frees it).
				 * NULL: app_run builds sc's */
	bool picker;		/* no lesson, no --scenario: the lesson picker */
	bool animate;		/* false with --no-animation */
	bool color;		/* false with --no-color or NO_COLOR set */
	const char *pcap_path;	/* --pcap FILE, or NULL */
	const char *lang;	/* "en" or "ja": --lang, else from the locale */
	bool restart;		/* --restart: ignore saved lesson progress */
	struct class_server *teach;	/* --teach: the class to lead, or NULL;
					 * app_run closes it */
	const char *join_cmd;	/* --teach: what a student types to join */
	struct class_client *join;	/* --join: the teacher to follow, or NULL;
					 * app_run closes it */
};

/* Runs until the user quits; the terminal is restored on every exit path.
 * Returns the process exit status. */
int app_run(const struct app_options *opt);

#endif
