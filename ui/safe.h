/*
 * safe: text from outside made safe to print.
 *
 * Everything the program prints that it did not write itself goes
 * through here first: file names, environment values (TERM, ...), lesson
 * text in the handout, the user's arguments quoted in a message.  It is
 * sim/utf8's utf8_sanitize with the choices the lesson diagnostics make
 * too: a control character (C0, DEL, C1: ESC and CSI among them), a
 * bidirectional control or mark (U+202E, U+200F, U+061C, ...), a tag
 * character and each byte of invalid UTF-8 is shown as a visible '?';
 * tabs stay.  Nothing printed through it can drive the terminal or turn
 * the text around.
 */
#ifndef SAFE_H
#define SAFE_H

#include <stddef.h>
#include <stdio.h>

/* A safe copy of the string s (NULL: ""), as a new string (caller frees). */
char *safe_text(const char *s);

/* The same for n bytes of s, which may hold NULs (shown as '?'). */
char *safe_textn(const char *s, size_t n);

/* Prints s made safe to f.  Returns what fputs returns. */
int safe_fputs(const char *s, FILE *f);

#endif
