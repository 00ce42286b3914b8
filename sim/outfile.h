/*
 * outfile: writing an output file (a capture, a key log) without ever
 * destroying what was there.
 *
 * The bytes go to a new temporary file in the target's directory, which
 * replaces the target by rename() only once every write and the close
 * succeeded.  A failure removes the temporary file and nothing else, so
 * `--pcap /dev/full` cannot delete a device node and a full disk cannot
 * leave half a capture.  Targets that are not regular files (devices,
 * FIFOs, directories, symbolic links) are refused before anything is
 * written, and so is the file the program is reading (a lesson).
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;		/* write here between open and commit */
	char *tmp;		/* the temporary file's path, owned */
	char *path;		/* the target, owned */
};

enum outfile_refusal {
	OUTFILE_OK,
	OUTFILE_NOT_REGULAR,	/* exists and is not a regular file */
	OUTFILE_IS_INPUT,	/* is the same file as the one being read */
};

/*
 * Whether path may be written; input names a file the program reads
 * (or NULL).  Says nothing about permissions: outfile_open finds those.
 */
enum outfile_refusal outfile_check(const char *path, const char *input);

/* A short English message id for a refusal ("not a regular file"). */
const char *outfile_refusal_str(enum outfile_refusal r);

/*
 * Opens a temporary file beside path.  Returns 0, or -1 with errno set.
 * Call outfile_check first: this does not look at the target.
 */
__attribute__((warn_unused_result))
int outfile_open(struct outfile *o, const char *path);

/*
 * Closes the temporary file and renames it over the target.  Returns 0,
 * or -1 with errno set, the target untouched and the temporary removed.
 * Frees o either way.
 */
__attribute__((warn_unused_result))
int outfile_commit(struct outfile *o);

/* Removes the temporary file and frees o; keeps errno. */
void outfile_abort(struct outfile *o);

#endif
