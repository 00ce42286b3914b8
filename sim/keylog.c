/*
 * keylog: NSS key log lines from the timeline's entries (see keylog.h).
 */
#include <string.h>

#include "keylog.h"
#include "outfile.h"

static void put_hex(FILE *f, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

int keylog_write(const struct timeline *tl, FILE *f)
{
	for (size_t i = 0; i < tl->n_keylog; i++) {
		const struct keylog_entry *e = &tl->keylog[i];
		if (strcmp(e->label, KEYLOG_CLASSIC) == 0)
			continue;
		fprintf(f, "%s ", e->label);
		put_hex(f, e->client_random, sizeof e->client_random);
		fputc(' ', f);
		put_hex(f, e->secret, e->len);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int keylog_write_file(const struct timeline *tl, const char *path)
{
	struct outfile o;
	if (outfile_open(&o, path) < 0)
		return -1;
	if (keylog_write(tl, o.f) < 0) {
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o);
}
