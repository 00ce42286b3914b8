/*
 * inspector: its state and keys (drawing: inspector_draw.c).
 */
#include "inspector.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "safe.h"
#include "util.h"

static void free_labels(struct inspector *in)
{
	for (size_t i = 0; in->labels && i < in->d.n; i++)
		free(in->labels[i]);
	free(in->labels);
	in->labels = NULL;
}

/* Dissects frame i; each label is rendered the first time it is shown. */
static void show_frame(struct inspector *in, const struct timeline *tl, size_t i)
{
	free_labels(in);
	dissect_frame(&in->d, tl, i);
	in->labels = xcalloc(in->d.n ? in->d.n : 1, sizeof *in->labels);	/* made when shown */
	in->frame = i;
	in->cursor = in->tree_top = in->hex_top = 0;
	in->follow = true;
}

const char *inspector_label(struct inspector *in, size_t i)
{
	if (!in->labels[i]) {
		char *s = fact_value_render(&in->d.f[i].label, i18n_translate);
		in->labels[i] = safe_text(s);
		free(s);
	}
	return in->labels[i];
}

int inspector_open(struct inspector *in, const struct timeline *tl, size_t ev, long frame)
{
	if (ev >= tl->n_events)
		return -1;
	const struct event *e = &tl->events[ev];
	size_t limit = e->frame_first + e->frame_count;	/* an event without frames: those before */
	if (limit > tl->n_frames)
		limit = tl->n_frames;
	if (frame >= 0 && (size_t)frame < tl->n_frames && (size_t)frame >= limit)
		limit = (size_t)frame + 1;	/* a frame the wire pane shows */
	if (limit == 0 || (frame >= 0 && (size_t)frame >= limit))
		return -1;
	inspector_close(in);
	in->open = true;
	in->limit = limit;
	show_frame(in, tl, frame < 0 ? limit - 1 : (size_t)frame);
	return 0;
}

void inspector_close(struct inspector *in)
{
	free_labels(in);
	dissection_free(&in->d);
	memset(in, 0, sizeof *in);
}

unsigned inspector_key(struct inspector *in, const struct timeline *tl, enum action act)
{
	switch (act) {
	case ACT_INSPECT:
		inspector_close(in);
		return INSP_CLOSE;
	case ACT_FRAME_PREV:
		if (in->frame > 0)
			show_frame(in, tl, in->frame - 1);
		return INSP_REDRAW;
	case ACT_FRAME_NEXT:
		if (in->frame + 1 < in->limit)
			show_frame(in, tl, in->frame + 1);
		return INSP_REDRAW;
	case ACT_FIELD_UP:
		if (in->cursor > 0)
			in->cursor--;
		in->follow = true;
		return INSP_REDRAW;
	case ACT_FIELD_DOWN:
		if (in->cursor + 1 < in->d.n)
			in->cursor++;
		in->follow = true;
		return INSP_REDRAW;
	case ACT_HEX_UP:
		in->hex_top = in->hex_top > 4 ? in->hex_top - 4 : 0;
		in->follow = false;
		return INSP_REDRAW;
	case ACT_HEX_DOWN:
		in->hex_top += 4;	/* the drawing holds it to the last row */
		in->follow = false;
		return INSP_REDRAW;
	default:
		return 0;
	}
}

const struct opening *inspector_opening(const struct inspector *in, const struct timeline *tl)
{
	size_t first, n = timeline_frame_openings(tl, in->frame, &first);
	if (n == 0)
		return NULL;
	/* the field itself, or the nearest one above it that has bytes */
	for (size_t j = in->cursor + 1; j-- > 0;) {
		if (j >= in->d.n || in->d.f[j].len == 0)
			continue;
		const struct dfield *f = &in->d.f[j];
		for (size_t k = first; k < first + n; k++) {
			const struct opening *o = &tl->openings[k];
			if (f->off >= o->off && f->off < o->off + o->len)
				return o;
		}
		break;
	}
	return &tl->openings[first];
}

/* The row's text as UTF-8 (at most n - 1 bytes). */
static void row_text(WINDOW *w, int y, char *out, size_t n)
{
	wchar_t ws[256];
	int wd = getmaxx(w);
	out[0] = '\0';
	if (wd > 255)
		wd = 255;
	if (mvwinnwstr(w, y, 0, ws, wd) == ERR)
		return;
	size_t k = wcstombs(out, ws, n - 1);
	out[k == (size_t)-1 ? 0 : k] = '\0';
}

/* A log line starts with the frame's direction; its continuations are indented. */
static const char *entry_start(const char *row, enum wire_dir *dir)
{
	for (const char *p = row; *p; p++) {
		if (strncmp(p, "C>S ", 4) == 0 || strncmp(p, "S>C ", 4) == 0) {
			*dir = p[0] == 'C' ? WIRE_C2S : WIRE_S2C;
			return p + 4;
		}
	}
	return NULL;
}

long inspector_frame_at_row(WINDOW *wire, int y, const struct timeline *tl, size_t ev)
{
	char row[1024];
	const char *text = NULL;
	enum wire_dir dir = WIRE_C2S;
	for (; y >= 1 && !text; y--) {	/* up to the entry's first line */
		row_text(wire, y, row, sizeof row);
		text = entry_start(row, &dir);
	}
	if (!text)
		return -1;
	size_t n = strlen(text);
	static const char *const stop[] = { "\xe2\x94\x82", "|", "\xe2\x80\xa6", "..." };
	for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++) {	/* the border, a cut */
		const char *at = strstr(text, stop[i]);
		if (at && (size_t)(at - text) < n)
			n = (size_t)(at - text);
	}
	while (n > 0 && text[n - 1] == ' ')
		n--;
	if (n < 3)
		return -1;
	size_t known = tl->events[ev].known[PARTY_SNIFFER];
	for (size_t i = known; i-- > 0;) {	/* the newest entry that reads so */
		const struct fact *f = &tl->facts[PARTY_SNIFFER][i];
		if (f->frame >= 0 && f->dir == dir && f->value && strncmp(f->value, text, n) == 0)
			return f->frame;
	}
	return -1;
}
