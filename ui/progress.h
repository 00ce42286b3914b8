/*
 * progress: where a student stopped in a lesson, kept between runs.
 *
 * One small text file per lesson and language under
 * $XDG_STATE_HOME/tlssim/ (default ~/.local/state/tlssim/), named after
 * the lesson file and a hash of its canonical path and its content:
 * "03-starttls.1f0c9a7e5b2d4c36.en.progress".  Two lessons of the same
 * name in different places, or a lesson and its edited self, never share
 * one.  It holds the event the student had reached, whether the lesson
 * was finished, and the answer given to each question (the ticked
 * choices):
 *
 *   tlssim-progress 1
 *   event 12 ehlo-again
 *   events 25
 *   done 0
 *   seed 8812345678901  the lesson's keys, when its header sets no seed
 *   answer 0 3 1        question number, ticked choices (bit mask), right
 *
 * The file is untrusted input: anything that does not parse exactly is
 * refused as a whole and the lesson starts afresh.  Lines with an unknown
 * first word are skipped, for later versions.  Pure: no curses.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROGRESS_MAX_BYTES 16384	/* a larger file is refused */
#define PROGRESS_MAX_ANSWERS 256
#define PROGRESS_NAME_MAX 64		/* event name, with its NUL */

struct progress_answer {
	unsigned q;		/* question number in the lesson, from 0 */
	uint64_t ticked;	/* bit c: choice c */
	bool right;		/* as judged when answered, for the picker */
};

struct progress {
	size_t ev;			/* the event reached */
	char event[PROGRESS_NAME_MAX];	/* its name, [a-z0-9-]+ */
	size_t n_events;		/* events in the lesson's timeline */
	bool done;			/* the last event was reached */
	bool has_seed;			/* seed is set: */
	uint64_t seed;			/* the keys of a lesson without a seed:
					 * header, so that resuming keeps them */
	struct progress_answer answers[PROGRESS_MAX_ANSWERS];
	size_t n_answers;		/* in increasing q, no duplicates */
};

/* Parses len bytes (any bytes at all).  Returns 0 and fills p, or -1
 * and leaves p zeroed. */
__attribute__((warn_unused_result))
int progress_parse(const char *text, size_t len, struct progress *p);

/* The file's text, as a new string (caller frees). */
char *progress_format(const struct progress *p);

/* Sets (or replaces) the answer to question q, keeping the order. */
void progress_set_answer(struct progress *p, unsigned q, uint64_t ticked, bool right);

/* Adds what q holds and p lacks: the answers to other questions, done,
 * the seed.  p's own answers and seed win; its place in the lesson stays. */
void progress_merge(struct progress *p, const struct progress *q);

/* 64-bit FNV-1a of n bytes, going on from h (PROGRESS_HASH_INIT to
 * start).  Not cryptographic: it tells files apart, it guards nothing. */
#define PROGRESS_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t progress_hash(uint64_t h, const void *data, size_t n);

/*
 * The progress file of a lesson file in a language ("en", "ja"), as a new
 * string, or NULL when neither XDG_STATE_HOME (absolute) nor HOME is set
 * or the lesson file cannot be read.
 */
char *progress_path(const char *lesson_file, const char *lang);

/* Reads and parses a progress file; -1 (p zeroed) when it is missing,
 * unreadable, not a regular file, too large or corrupt. */
__attribute__((warn_unused_result))
int progress_load(const char *path, struct progress *p);

/* Writes it atomically (a temporary file renamed over it), creating the
 * directories with mode 0700.  Returns 0 or -1 (errno set). */
__attribute__((warn_unused_result))
int progress_save(const char *path, const struct progress *p);

/*
 * Saves p where another run of the same lesson may be saving too: under
 * a lock on the directory, what is on disk is read and, with merge,
 * merged into p (progress_merge) before p is written with
 * progress_save().  Without merge p replaces the file (--restart).
 * Returns 0 or -1 (errno set).
 */
__attribute__((warn_unused_result))
int progress_store(const char *path, struct progress *p, bool merge);

#endif
