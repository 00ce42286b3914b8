/*
 * outfile: temporary file, then rename (see outfile.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

enum outfile_refusal outfile_check(const char *path, const char *input)
{
	struct stat st, in;
	if (lstat(path, &st) < 0)
		return OUTFILE_OK;	/* a new file (or an error open will report) */
	if (!S_ISREG(st.st_mode))
		return OUTFILE_NOT_REGULAR;
	if (input && stat(input, &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino)
		return OUTFILE_IS_INPUT;
	return OUTFILE_OK;
}

const char *outfile_refusal_str(enum outfile_refusal r)
{
	switch (r) {
	case OUTFILE_NOT_REGULAR: return N_("not a regular file; give the name of a file to create or replace");
	case OUTFILE_IS_INPUT: return N_("that is the file being read");
	default: return "";
	}
}

int outfile_open(struct outfile *o, const char *path)
{
	o->path = xstrdup(path);
	o->tmp = xprintf("%s.XXXXXX", path);
	o->f = NULL;
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int saved = errno;
		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		errno = saved;
		return -1;
	}
	/* mkstemp makes it 0600; an output file gets the usual 0666 & ~umask. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || !(o->f = fdopen(fd, "wb"))) {
		if (!o->f)
			close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int rc = ferror(o->f) ? -1 : 0;
	int saved = EIO;
	if (fclose(o->f) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	o->f = NULL;
	if (rc == 0 && rename(o->tmp, o->path) < 0) {
		rc = -1;
		saved = errno;
	}
	if (rc < 0) {
		outfile_abort(o);
		errno = saved;
		return -1;
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	int saved = errno;
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->f = NULL;
	o->tmp = o->path = NULL;
	errno = saved;
}
