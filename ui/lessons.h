/*
 * lessons: the command-line side of lesson files.  Finding the shipped
 * lessons (installed data directory, or the source tree when run from a
 * checkout), --check, --list and the plain-text handout (--plain FILE).
 */
#ifndef LESSONS_H
#define LESSONS_H

#include <stdint.h>
#include <stdio.h>

#include "lesson.h"
#include "timeline.h"

/* One shipped lesson, for --list and the picker. */
struct lessons_entry {
	char *path;		/* owned */
	char *title;		/* owned, markup removed */
	char *summary;		/* owned, markup removed; may be "" */
	enum lesson_lang lang;
};

/* The paths of the shipped lesson files of a language ("en", "ja", or NULL
 * for both), sorted.  Returns the count; free with lessons_paths_free(). */
size_t lessons_paths(const char *lang, char ***out);
void lessons_paths_free(char **v, size_t n);

/* The shipped lessons of a language ("en", "ja", or NULL for both),
 * sorted by path, read as far as their headers (the tests check the
 * rest of every shipped lesson).  Returns the count; free with
 * lessons_free(). */
size_t lessons_find(const char *lang, struct lessons_entry **out);
void lessons_free(struct lessons_entry *v, size_t n);

/*
 * Loads a lesson and binds it to its scenario: parse, scenario options,
 * event names of a real run.  Prints every problem to err.  Returns the
 * lesson and stores that run's timeline in *tl (the caller frees both),
 * or returns NULL and stores NULL.  The timeline is built once here: the
 * app and the handout use this one.
 */
struct lesson *lessons_open(const char *path, struct timeline **tl, FILE *err);

/* The keys of a lesson whose header sets no seed. */
enum lessons_keys {
	LESSONS_KEYS_RANDOM,	/* new ones on every run (a handout) */
	LESSONS_KEYS_KEPT,	/* those its progress file keeps, else new ones
				 * (kept when progress is saved): a resumed
				 * lesson shows the keys the student noted */
	LESSONS_KEYS_FRESH,	/* new ones, to be kept: starting over */
	LESSONS_KEYS_GIVEN,	/* from seed (--seed), announced as seeded */
};

/* lessons_open() with the keys chosen so; err NULL drops the problems
 * (while curses owns the screen).
 * A seed: header always wins. */
struct lesson *lessons_open_keys(const char *path, struct timeline **tl, FILE *err,
				 enum lessons_keys keys, uint64_t seed);

/* --check: every problem of every file (and missing translations) to err.
 * Returns the exit status: 0 when all are clean, 1 otherwise. */
int lessons_check(char *const *paths, int n, FILE *out, FILE *err);

/* --plain FILE: narration interleaved with the transcript.  Exit status. */
int lessons_plain(const char *path, FILE *out, FILE *err);

/* The same for a lesson opened already, on its timeline. */
void lessons_print(const struct lesson *l, const struct timeline *tl, FILE *out);

/* --list: the shipped lessons in the language in effect (as the picker). */
void lessons_list(FILE *out);

#endif
