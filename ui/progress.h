/*
 * progress: where a student stopped in a lesson, kept between runs.
 *
 * One small text file per lesson and language under
 * $XDG_STATE_HOME/tlssim/ (default ~/.local/state/tlssim/), named after
 * the lesson file: "03-starttls.en.progress".  It holds the event the
 * student had reached, whether the lesson was finished, and the answer
 * given to each question (the ticked choices):
 *
 *   tlssim-progress 1
 *   event 12 ehlo-again
 *   events 25
 *   done 0
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

/*
 * The progress file of a lesson file in a language ("en", "ja"), as a new
 * string, or NULL when neither XDG_STATE_HOME (absolute) nor HOME is set.
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

#endif
