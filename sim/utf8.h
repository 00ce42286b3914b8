/*
 * utf8: decoding, display width and terminal safety of UTF-8 text.
 *
 * The one place in the tree that knows how UTF-8 is encoded and how many
 * cells a character takes on a terminal.  The lesson parser, the printable
 * copies of captured bytes (util) and the word wrapper of the UI all ask
 * here, so a caret under a quoted line, a wrapped narration and a box
 * border agree on every width.  Widths come from one built-in table, not
 * from the C library's locale, so they are the same on every machine.
 *
 * Base layer: depends on nothing but the C library, never allocates.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_MAX 4		/* bytes in the longest sequence */
#define UTF8_REPLACEMENT 0xfffd	/* what utf8_next makes of a bad byte */

/*
 * Decodes one strictly valid sequence from at most n bytes of s.  Returns
 * its length (1 to 4) and stores the code point in *cp, or returns 0 and
 * leaves *cp alone when s does not start with one: a stray continuation
 * byte or a byte that never starts a sequence, a sequence cut short by n
 * or by a byte that does not continue it, an overlong form, a surrogate
 * (U+D800..U+DFFF) or a value above U+10FFFF.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * Steps over one character of s (n > 0): a valid sequence, or else one
 * byte, stored as U+FFFD.  Returns the bytes used, at least 1.
 */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);

/*
 * Where the character that ends at s + n starts: the offset of a valid
 * sequence ending there, or n - 1 when the bytes before do not end with
 * one.  n > 0.  The step backwards that matches utf8_next.
 */
size_t utf8_prev(const char *s, size_t n);

/* Characters in n bytes of s, as utf8_next steps over them. */
size_t utf8_count(const char *s, size_t n);

/*
 * Cells a code point takes on a terminal: 2 for East Asian wide and
 * full-width characters (CJK, kana, hangul, U+3000, full-width forms, and
 * emoji that are drawn as pictures), 0 for combining marks and invisible
 * format characters (zero-width space and joiner, variation selectors,
 * bidirectional controls, tags), -1 for controls (C0, DEL, C1) and for
 * what is not a code point, 1 for everything else.
 */
int utf8_cp_width(uint32_t cp);

/*
 * Cells the first n bytes of s take, stopping early at a NUL.  Each byte
 * of invalid UTF-8 counts one cell (it is shown as a replacement) and a
 * control none: sanitise text before it is drawn.
 */
int utf8_width(const char *s, size_t n);

/* What a code point is to a terminal. */
enum utf8_kind {
	UTF8_TEXT,		/* shown as itself */
	UTF8_C0,		/* U+0000..U+001F: ESC, and also tab and newline */
	UTF8_DEL,		/* U+007F */
	UTF8_C1,		/* U+0080..U+009F: U+009B is CSI */
	UTF8_BIDI,		/* embeddings, overrides and isolates:
				 * U+202A..U+202E, U+2066..U+2069 */
	UTF8_BIDI_MARK,		/* invisible direction marks: U+200E,
				 * U+200F, U+061C */
	UTF8_TAG,		/* U+E0000..U+E007F, invisible tags */
};

enum utf8_kind utf8_kind(uint32_t cp);

/* Flags of utf8_sanitize. */
#define UTF8_KEEP_TAB 0x1	/* a tab stays (a quoted line keeps its indent) */

/*
 * Writes a copy of n bytes of s that is safe to send to a terminal into
 * out, which has room for n + 1 bytes, and terminates it.  Every character
 * of any kind but UTF8_TEXT becomes the byte control (tabs stay with
 * UTF8_KEEP_TAB), each byte of invalid UTF-8 becomes the byte invalid:
 * nothing that can start an escape sequence or turn text around is left.
 * control and invalid are printable ASCII.  Returns the length written.
 */
size_t utf8_sanitize(char *out, const char *s, size_t n, char control,
		     char invalid, unsigned flags);

#endif
