/* paths: checkout first, installed data directory second. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

/* exe_dir/sub (or exe_dir/../sub) when that directory exists, else
 * fallback, into buf. */
static const char *find(char *buf, size_t n, const char *sub, const char *fallback)
{
	char exe[4096];
	struct stat st;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		/* Beside the binary, or one level up for a binary in a build
		 * directory of the checkout (build-check/tlssim). */
		for (int up = 0; up < 2; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			if ((size_t)snprintf(buf, n, "%s/%s", exe, sub) < n &&
			    stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
				return buf;
		}
	}
	snprintf(buf, n, "%s", fallback);
	return buf;
}

const char *paths_lessons(void)
{
	static char dir[4200];
	return dir[0] ? dir : find(dir, sizeof dir, "lessons", TLSSIM_DATADIR "/lessons");
}

const char *paths_locale(void)
{
	static char dir[4200];
	return dir[0] ? dir : find(dir, sizeof dir, "build/locale", TLSSIM_LOCALEDIR);
}
