/*
 * inspector_draw: the inspector's window.  Stacked at 80 columns (the
 * field tree, then the hex, then what a protected record held), the tree
 * and the hex side by side when the terminal is wide enough for both.
 * The field under the cursor and its bytes are in reverse video, which
 * shows without colour too.
 */
#include "inspector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lines.h"
#include "safe.h"
#include "theme.h"
#include "wrap.h"

#define HEX_WIDE 74		/* columns of a 16-byte hex row with its ASCII */
#define SIDE_MIN_COLS 150	/* tree and hex side by side from here */

/* A region of the window. */
struct area {
	int y, x, h, w;
};

static const char *cursor_mark(void)
{
	return theme_utf8() ? "\xe2\x96\xb8" : ">";	/* U+25B8 */
}

static void draw_tree(WINDOW *w, struct inspector *in, struct area a)
{
	if (a.h <= 0)
		return;
	if (in->cursor < in->tree_top)
		in->tree_top = in->cursor;
	if (in->cursor >= in->tree_top + (size_t)a.h)
		in->tree_top = in->cursor - (size_t)a.h + 1;
	lines_begin();
	for (size_t i = in->tree_top; i < in->d.n && i < in->tree_top + (size_t)a.h; i++) {
		if (!lines_new())
			break;
		bool cur = i == in->cursor;
		attr_t at = theme_attr(cur ? ROLE_SELECT : (in->d.f[i].depth ? ROLE_NORMAL : ROLE_TITLE));
		lines_str(cur ? cursor_mark() : " ", theme_attr(ROLE_TITLE));
		lines_pad(2 * (int)in->d.f[i].depth);
		lines_str(lines_txt(inspector_label(in, i)), at);
	}
	lines_draw_memo(w, &in->memo, a.y, a.x, a.h, a.w, 0);
}

/* Bytes in a row: 16 when the row has room, else 8. */
static size_t hex_per_row(int width)
{
	return width >= HEX_WIDE ? 16 : 8;
}

/* Two hex digits at out (no NUL). */
static void put_hex2(char *out, uint8_t b)
{
	static const char digits[] = "0123456789abcdef";
	out[0] = digits[b >> 4];
	out[1] = digits[b & 15];
}

/* One hex row: offset, bytes (the cursor's in reverse), ASCII. */
static void hex_row(const uint8_t *b, size_t len, size_t off, size_t per, size_t hl0, size_t hl1)
{
	lines_str(lines_printf("%04zx  ", off), theme_attr(ROLE_DIM));
	for (int pass = 0; pass < 2; pass++) {	/* the hex, then the ASCII */
		char *buf = lines_scratch(per * 3 + 2);	/* and the two gaps */
		if (!buf)
			return;
		size_t n = 0, cut[2] = { 0, 0 };
		for (size_t i = off; i < off + per; i++) {
			if (i == hl0)
				cut[0] = n;
			if (i == hl1)
				cut[1] = n;
			if (pass == 0) {
				if (i < len)
					put_hex2(buf + n, b[i]);
				else
					buf[n] = buf[n + 1] = ' ';
				buf[n + 2] = ' ';
				n += 3;
				if (i % 8 == 7)
					buf[n++] = ' ';
			} else if (i < len)
				buf[n++] = b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '.';
		}
		size_t a0 = hl0 <= off ? 0 : hl0 < off + per ? cut[0] : n;
		size_t a1 = hl1 <= off ? 0 : hl1 < off + per ? cut[1] : n;
		if (pass == 0 && a1 > a0 && buf[a1 - 1] == ' ')
			a1 -= buf[a1 - 2] == ' ' ? 2 : 1;	/* the gap after a byte is not highlighted */
		lines_seg(buf, a0, theme_attr(pass ? ROLE_CLEAR : ROLE_NORMAL));
		lines_seg(buf + a0, a1 - a0, theme_attr(ROLE_SELECT));
		lines_seg(buf + a1, n - a1, theme_attr(pass ? ROLE_CLEAR : ROLE_NORMAL));
	}
}

static void draw_hex(WINDOW *w, struct inspector *in, const struct timeline *tl, struct area a)
{
	if (a.h < 2)
		return;
	const struct wire_frame *f = &tl->frames[in->frame];
	const struct dfield *c = in->cursor < in->d.n ? &in->d.f[in->cursor] : NULL;
	size_t per = hex_per_row(a.w), rows = (f->len + per - 1) / per, shown = (size_t)a.h - 1;
	size_t hl0 = c && c->len ? c->off : SIZE_MAX, hl1 = c && c->len ? c->off + c->len : SIZE_MAX;
	if (in->follow && hl0 != SIZE_MAX &&
	    (hl0 / per < in->hex_top || hl0 / per >= in->hex_top + shown))
		in->hex_top = hl0 / per;
	if (in->hex_top + shown > rows)
		in->hex_top = rows > shown ? rows - shown : 0;
	lines_begin();
	lines_new();
	if (hl0 != SIZE_MAX)
		lines_str(lines_txt(lines_printf(_("Bytes %zu-%zu of %zu: the field under the cursor"),
						 hl0, hl1 - 1, f->len)), theme_attr(ROLE_TITLE));
	else
		lines_str(lines_txt(lines_printf(_("%zu bytes as they crossed the wire"), f->len)),
			  theme_attr(ROLE_TITLE));
	for (size_t r = in->hex_top; r < rows && r < in->hex_top + shown; r++) {
		if (!lines_new())
			break;
		hex_row(f->bytes, f->len, r * per, per, hl0, hl1);
	}
	lines_draw_memo(w, &in->memo, a.y, a.x, a.h, a.w, 0);
}

/* Hex of n bytes into a new scratch string. */
static const char *scratch_hex(const uint8_t *b, size_t n)
{
	char *s = lines_scratch(2 * n + 1);
	if (!s)
		return "";
	for (size_t i = 0; i < n; i++)
		put_hex2(s + 2 * i, b[i]);
	s[2 * n] = '\0';
	return s;
}

/* The plaintext as rows of text (application data) or of hex (the rest). */
static size_t plain_rows(const struct opening *o, int width, const char **row, size_t max)
{
	size_t n = 0;
	if (o->type != 23) {
		size_t per = (size_t)(width + 1) / 3;
		for (size_t off = 0; off < o->plain_len && n < max; off += per) {
			size_t k = o->plain_len - off < per ? o->plain_len - off : per;
			char *s = lines_scratch(3 * k + 1);
			if (!s)
				break;
			for (size_t i = 0; i < k; i++) {
				put_hex2(s + 3 * i, o->plain[off + i]);
				s[3 * i + 2] = ' ';
			}
			s[3 * k] = '\0';
			row[n++] = s;
		}
		return n;
	}
	const char *p = (const char *)o->plain, *end = p + o->plain_len;
	while (p < end && n < max) {	/* line by line: a CR or LF would show as '?' */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = safe_textn(p, len > 0 && p[len - 1] == '\r' ? len - 1 : len);
		const char *t = lines_txt(lines_printf("%s", line));
		free(line);
		struct wrap_line wl[8];
		size_t k = wrap_text(t, width, wl, 8);
		for (size_t i = 0; i < k && i < 8 && n < max; i++) {
			char *s = lines_scratch(wl[i].len + 1);
			if (!s)
				return n;
			memcpy(s, t + wl[i].off, wl[i].len);
			s[wl[i].len] = '\0';
			row[n++] = s;
		}
		p += len + (nl ? 1 : 0);
	}
	return n;
}

static void opening_head(const struct opening *o, const struct timeline *tl)
{
	bool to_server = tl->frames[o->frame].dir == WIRE_C2S;
	lines_new();
	lines_str(lines_txt(to_server
		? _("Decrypted as the server reads it; only the two endpoints hold this key:")
		: _("Decrypted as the client reads it; only the two endpoints hold this key:")),
		  theme_attr(ROLE_TITLE));
	lines_new();
	lines_str(lines_txt(_("key:   ")), theme_attr(ROLE_DIM));
	lines_str(scratch_hex(o->key, 32), theme_attr(ROLE_SECRET));
	lines_new();
	lines_str(lines_txt(_("nonce: ")), theme_attr(ROLE_DIM));
	lines_str(scratch_hex(o->nonce, o->nonce_len), theme_attr(ROLE_KEY));
	lines_str(lines_txt(lines_printf(_(" (%s, record %llu; never sent)"), o->aead,
					 (unsigned long long)o->seq)), theme_attr(ROLE_DIM));
}

/* A blank row, then ciphertext on the left, plaintext on the right, row by row. */
static void draw_opening(WINDOW *w, struct inspector *in, const struct opening *o,
			 const struct timeline *tl, struct area a)
{
	if (a.h < 5)
		return;
	int cw = (a.w - 2) / 2;
	size_t per = (size_t)(cw + 1) / 3, body = o->len > 5 ? o->len - 5 : 0;
	const uint8_t *ct = tl->frames[o->frame].bytes + o->off + 5;
	const char *prow[64];
	lines_begin();
	lines_new();
	opening_head(o, tl);
	size_t np = plain_rows(o, cw, prow, 64), nc = (body + per - 1) / per;
	lines_new();
	const char *l = lines_txt(_("ciphertext (what a sniffer sees)"));
	lines_str(l, theme_attr(ROLE_CIPHER));
	lines_pad(cw + 2 - wrap_width(l, strlen(l)));
	lines_str(lines_txt(lines_printf(_("plaintext: %s, %zu bytes"),
					 o->type == 23 ? "application_data" :
					 o->type == 22 ? "handshake" : "alert", o->plain_len)),
		  theme_attr(ROLE_CLEAR));
	for (size_t r = 0; r < (nc > np ? nc : np) && r + 5 < (size_t)a.h; r++) {
		if (!lines_new())
			break;
		int used = 0;
		if (r < nc) {
			size_t k = body - r * per < per ? body - r * per : per;
			const char *h = scratch_hex(ct + r * per, k);
			char *sp = lines_scratch(3 * k + 1);
			if (sp) {	/* "d5c6..." as "d5 c6 ..." */
				for (size_t i = 0; i < k; i++) {
					sp[3 * i] = h[2 * i];
					sp[3 * i + 1] = h[2 * i + 1];
					sp[3 * i + 2] = ' ';
				}
				sp[3 * k] = '\0';
				lines_str(sp, theme_attr(ROLE_CIPHER));
				used = (int)(3 * k);
			}
		}
		lines_pad(cw + 2 - used);
		if (r < np)
			lines_str(prow[r], theme_attr(ROLE_CLEAR));
	}
	lines_draw_memo(w, &in->memo, a.y, a.x, a.h, a.w, 0);
}

/* Rows the opening would like: its head, the column titles, the longer column. */
static int opening_want(const struct opening *o, int width)
{
	size_t per = (size_t)((width - 2) / 2 + 1) / 3;
	size_t nc = o->len > 5 ? (o->len - 5 + per - 1) / per : 0;
	return 4 + (int)(nc < 12 ? nc : 12);
}

/* The border, the title and the keys. */
static void draw_title(WINDOW *w, struct inspector *in, const struct timeline *tl)
{
	const struct wire_frame *f = &tl->frames[in->frame];
	const struct wire_link *k = &tl->links[f->link < tl->n_links ? f->link : 0];
	int h, wd;
	getmaxyx(w, h, wd);
	lines_begin();
	const char *t = lines_txt(lines_printf(_("Inspector: frame %zu of %zu, %s %s, %zu bytes"),
					       in->frame + 1, in->limit, _(k->name),
					       wire_dir_arrow(f->dir), f->len));
	/* Erased only for a new size: the rows of the next frame that equal
	 * this one's stay; the border is drawn again for its title. */
	lines_frame(w, &in->memo, lines_frame_sig("inspector", ROLE_TITLE, h, wd));
	theme_box(w, t, ROLE_TITLE);
	const char *hint = lines_txt(_("Left/Right frame  Up/Down field  PgUp/PgDn bytes  i/Esc close"));
	int used;
	size_t fit = wrap_fit(hint, strlen(hint), wd - 6, &used);
	wattrset(w, theme_attr(ROLE_DIM));
	mvwaddnstr(w, h - 1, 2, hint, (int)fit);
	wattrset(w, theme_attr(ROLE_NORMAL));
}

void inspector_draw(WINDOW *w, struct inspector *in, const struct timeline *tl)
{
	int h, wd;
	getmaxyx(w, h, wd);
	draw_title(w, in, tl);
	if (h < 8 || wd < 30 || in->frame >= tl->n_frames)
		return;
	struct area all = { 1, 2, h - 2, wd - 4 };
	const struct opening *o = inspector_opening(in, tl);
	int orows = 0;
	if (o) {	/* with the blank row above it */
		orows = opening_want(o, all.w) + 1;
		if (orows > all.h / 2)
			orows = all.h / 2;
	}
	int rest = all.h - orows;
	struct area tree = all, hex = all;
	if (wd >= SIDE_MIN_COLS) {
		tree.h = hex.h = rest;
		hex.w = HEX_WIDE;
		hex.x = all.x + all.w - HEX_WIDE;
		tree.w = all.w - HEX_WIDE - 2;
	} else {
		tree.h = rest / 2;
		hex.y = tree.y + tree.h;
		hex.h = rest - tree.h;
	}
	draw_tree(w, in, tree);
	draw_hex(w, in, tl, hex);
	if (o)
		draw_opening(w, in, o, tl, (struct area){ all.y + rest, all.x, orows, all.w });
}
