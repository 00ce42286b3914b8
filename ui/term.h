/*
 * term: taking the terminal over and giving it back.
 *
 * term_init() starts curses (cbreak, no echo, keypad, hidden cursor) and
 * installs handlers for SIGINT, SIGTERM and SIGHUP that only set a flag:
 * they are installed without SA_RESTART, so a blocking getch() returns
 * and the loop sees term_signal().  The loop then ends normally and
 * term_end() restores the terminal.  An atexit hook restores it on any
 * exit() path too, and a crash (SIGSEGV, SIGABRT, ...) resets the line
 * discipline and the screen with async-signal-safe calls before dying.
 */
#ifndef TERM_H
#define TERM_H

#include <stdbool.h>

/*
 * Whether the terminal can show the screen: terminfo knows TERM and it
 * can move the cursor (TERM=dumb cannot).  Returns 0, or -1 after one
 * line on stderr suggesting --plain; the terminal is not touched.
 */
__attribute__((warn_unused_result))
int term_check(void);

/* Returns 0, or -1 when the terminal cannot be used (message printed;
 * term_check() is asked first, so the terminal is left as it was). */
__attribute__((warn_unused_result))
int term_init(bool color);

/* Restores the terminal; safe to call more than once. */
void term_end(void);

/* The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
int term_signal(void);

/* True when the locale's character set is UTF-8. */
bool term_utf8(void);

/* Restores the terminal, prints the message and exits with status 1. */
__attribute__((noreturn, format(printf, 1, 2)))
void term_fatal(const char *fmt, ...);

#endif
