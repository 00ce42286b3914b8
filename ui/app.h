/*
 * app: the interactive curses program.  main() parses the command line,
 * then hands over here when standard output is a terminal.
 */
#ifndef APP_H
#define APP_H

#include <stdbool.h>

#include "lesson.h"
#include "scenario.h"

struct app_options {
	struct scenario sc;	/* the scenario to open first (a lesson's own) */
	struct lesson *lesson;	/* a lesson file to run, bound to sc by
				 * lessons_open(); app_run frees it.  NULL:
				 * the scenario alone, narrated by a shipped
				 * lesson of lang when one fits */
	bool picker;		/* no lesson, no --scenario: the lesson picker */
	bool animate;		/* false with --no-animation */
	bool color;		/* false with --no-color or NO_COLOR set */
	const char *pcap_path;	/* --pcap FILE, or NULL */
	const char *lang;	/* "en" or "ja": --lang, else from the locale */
	bool restart;		/* --restart: ignore saved lesson progress */
};

/* Runs until the user quits; the terminal is restored on every exit path.
 * Returns the process exit status. */
int app_run(const struct app_options *opt);

#endif
