/*
 * wrap: display width and word wrapping of UTF-8 text (see wrap.h).
 *
 * The UI measures every string it draws through here, so that a Japanese
 * narration or a host name never pushes a box border out of line.
 */
#include "wrap.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

/* Cells a character takes where text is measured: controls, which are
 * sanitised before they are drawn, take none. */
static int cp_width(uint32_t cp)
{
	int w = utf8_cp_width(cp);
	return w > 0 ? w : 0;
}

int wrap_width(const char *s, size_t n)
{
	return utf8_width(s, n);
}

size_t wrap_fit(const char *s, size_t n, int cols, int *used)
{
	size_t i = 0;
	int w = 0;
	uint32_t cp;

	while (i < n && s[i] && s[i] != '\n') {
		size_t k = utf8_next(s + i, n - i, &cp);
		int cw = cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (used)
		*used = w;
	return i;
}

/* Japanese closing punctuation and small kana: never first on a line. */
static bool no_line_start(uint32_t cp)
{
	static const uint32_t set[] = {
		0x3001, 0x3002, 0xff0c, 0xff0e, 0x30fb, 0xff1a, 0xff1b, 0xff1f,
		0xff01, 0xff09, 0x300d, 0x300f, 0x3011, 0x3015, 0x3009, 0x300b,
		0x30fc, 0x3063, 0x30c3, 0x3083, 0x3085, 0x3087, 0x30e3, 0x30e5,
		0x30e7, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x30a1, 0x30a3,
		0x30a5, 0x30a7, 0x30a9, 0x309d, 0x309e, 0x30fd, 0x30fe, 0x3005,
		')', ']', '}', ',', '.', ':', ';', '!', '?',
	};
	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return true;
	return false;
}

/* Opening brackets: never last on a line. */
static bool no_line_end(uint32_t cp)
{
	return cp == 0x300c || cp == 0x300e || cp == 0x3010 || cp == 0x3014 ||
	       cp == 0x3008 || cp == 0x300a || cp == 0xff08 || cp == '(' ||
	       cp == '[' || cp == '{';
}

static bool is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* Where a line ends: text up to end shows, taking width cells; the next
 * line starts at next; wrapped when the line was cut for lack of room. */
struct cut {
	size_t end, next;
	int width;
	bool wrapped;
};

/*
 * Cuts the line that starts at *pos to width cells: at a newline, at the
 * last blank or the last place a line may break between wide characters,
 * or in the middle of a word that fills a line alone.  A character wider
 * than any line is skipped where a line would start with it, moving *pos.
 */
static struct cut next_cut(const char *text, size_t n, size_t *pos, int width)
{
	size_t i = *pos, brk_end = 0, brk_next = 0, soft = 0;
	int w = 0, brk_w = 0, soft_w = 0;
	bool have_brk = false, have_prev = false;
	uint32_t prev = 0;

	for (;;) {
		uint32_t cp;
		size_t k;
		int cw;

		if (i >= n)
			return (struct cut){ n, n, w, false };
		if (text[i] == '\n')
			return (struct cut){ i, i + 1, w, false };
		k = utf8_next(text + i, n - i, &cp);
		cw = is_space(cp) ? (cp == 0x3000 ? 2 : 1) : cp_width(cp);
		if (cw > width) {
			if (i == *pos) {	/* cannot show it at all */
				*pos = i = i + k;
				continue;
			}
			return (struct cut){ i, i, w, true };
		}
		if (is_space(cp)) {
			if (i > *pos && !(have_prev && is_space(prev))) {
				have_brk = true;
				brk_end = i;
				brk_w = w;
			}
			brk_next = i + k;
		} else if (have_prev && !is_space(prev) &&
			   (cp_width(prev) == 2 || cw == 2) &&
			   !no_line_start(cp) && !no_line_end(prev)) {
			have_brk = true;
			brk_end = brk_next = i;
			brk_w = w;
		} else if (have_prev && is_space(prev)) {
			brk_next = i;
		}
		/* Inside a word too long for a line: after . - @ / a host
		 * name or an address still reads ("client." "example.test"). */
		if (have_prev && !is_space(cp) && prev < 0x80 && strchr(".-@/", (int)prev))
			soft = i, soft_w = w;
		if (w + cw > width) {
			if (have_brk && brk_end > *pos)
				return (struct cut){ brk_end,
					brk_next > brk_end ? brk_next : brk_end, brk_w, true };
			if (soft > *pos)
				return (struct cut){ soft, soft, soft_w, true };
			return (struct cut){ i, i, w, true };
		}
		w += cw;
		prev = cp;
		have_prev = true;
		i += k;
	}
}

size_t wrap_text(const char *text, int width, struct wrap_line *lines, size_t max)
{
	size_t n = strlen(text), pos = 0, count = 0;

	if (width < 1)
		width = 1;
	while (pos < n || (pos == n && count == 0 && n == 0)) {
		struct cut c = next_cut(text, n, &pos, width);
		while (c.end > pos && text[c.end - 1] == ' ') {	/* trailing blanks */
			c.end--;
			c.width--;
		}
		if (count < max) {
			lines[count].off = pos;
			lines[count].len = c.end - pos;
			lines[count].width = c.width;
		}
		count++;
		pos = c.next;
		if (c.wrapped) {	/* a wrapped line's next one starts at a word */
			while (pos < n && (text[pos] == ' ' || text[pos] == '\t'))
				pos++;
		}
		if (n == 0)
			break;
	}
	return count;
}

size_t wrap_ascii(const char *s, char *out, size_t n)
{
	static const struct {
		uint32_t cp;
		const char *ascii;
	} map[] = {
		{0x2026, "..."}, {0x2192, "->"}, {0x2190, "<-"}, {0x2194, "<->"},
		{0x2713, "ok"}, {0x2714, "ok"}, {0x2717, "x"}, {0x2718, "x"},
		{0x2014, "-"}, {0x2013, "-"}, {0x2018, "'"}, {0x2019, "'"},
		{0x201c, "\""}, {0x201d, "\""}, {0x00b7, "."}, {0x2022, "*"},
		{0x00a0, " "}, {0x00d7, "x"}, {0x25b6, ">"}, {0x25c0, "<"},
		{0x2500, "-"}, {0x2502, "|"}, {0x3000, "  "},
	};
	size_t len = strlen(s), o = 0;

	for (size_t i = 0; i < len && o + 1 < n;) {
		uint32_t cp;
		const char *rep = "?";
		char one[2] = {0, 0};

		i += utf8_next(s + i, len - i, &cp);
		if (cp < 0x80) {
			one[0] = (char)(cp >= 0x20 && cp != 0x7f ? cp : '.');
			if (cp == '\n' || cp == '\t')
				one[0] = (char)cp;
			rep = one;
		} else {
			for (size_t m = 0; m < sizeof map / sizeof map[0]; m++)
				if (map[m].cp == cp)
					rep = map[m].ascii;
			if (rep[0] == '?' && cp_width(cp) == 0)
				rep = "";
		}
		size_t rl = strlen(rep);
		if (o + rl >= n)
			break;
		memcpy(out + o, rep, rl);
		o += rl;
	}
	out[o] = '\0';
	return o;
}
