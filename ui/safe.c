/* safe: one sanitiser for everything printed from outside (see safe.h). */
#include "safe.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

char *safe_textn(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	utf8_sanitize(out, s ? s : "", s ? n : 0, '?', '?', UTF8_KEEP_TAB);
	return out;
}

char *safe_text(const char *s)
{
	return safe_textn(s, s ? strlen(s) : 0);
}

int safe_fputs(const char *s, FILE *f)
{
	char *t = safe_text(s);
	int r = fputs(t, f);
	free(t);
	return r;
}
