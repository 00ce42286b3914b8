/*
 * term: curses set-up, signal flags and restoring the terminal (term.h).
 */
#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "i18n.h"
#include "safe.h"
#include "theme.h"

static volatile sig_atomic_t stop_signal;
static bool active;		/* curses is running */
static bool have_termios;
static struct termios saved_tio;	/* the line discipline before us */
static SCREEN *screen;

/* Reset sequences copied out of terminfo at start, for the crash path. */
static char crash_reset[256];
static size_t crash_reset_len;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_crash(int sig)
{
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	if (crash_reset_len)
		(void)!write(STDOUT_FILENO, crash_reset, crash_reset_len);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_reset(const char *cap)
{
	char *s = tigetstr(cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (crash_reset_len + n < sizeof crash_reset) {
		memcpy(crash_reset + crash_reset_len, s, n);
		crash_reset_len += n;
	}
}

static void at_exit(void)
{
	term_end();
}

/*
 * Whether terminfo knows TERM and it can move the cursor anywhere: a
 * screen needs that (TERM=dumb cannot).  Asked before curses starts, and
 * quietly, so that a terminal we cannot use is left exactly as it was.
 */
static bool can_draw(void)
{
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (char *)-1 && !tigetflag("hc") && !tigetflag("gn");
	del_curterm(cur_term);
	return ok;
}

static void cannot_draw(void)
{
	char *name = safe_text(getenv("TERM"));
	fprintf(stderr, _("tlssim: cannot draw the screen on this terminal (TERM=%s): "
			  "try --plain\n"), name);
	free(name);
}

int term_check(void)
{
	if (can_draw())
		return 0;
	cannot_draw();
	return -1;
}

bool term_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int term_init(bool color)
{
	static bool registered;
	struct sigaction sa;

	setlocale(LC_ALL, "");
	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
	if (term_check() < 0)
		return -1;
	have_termios = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	if (!(screen = newterm(NULL, stdout, stdin))) {
		cannot_draw();
		return -1;
	}
	active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	theme_init(color, term_utf8());

	crash_reset_len = 0;
	add_reset("sgr0");
	add_reset("cnorm");
	add_reset("rmkx");
	add_reset("rmcup");

	/* No SA_RESTART: a blocking read must return so the loop can stop. */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	return 0;
}

void term_end(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	fflush(stdout);
}

int term_signal(void)
{
	return stop_signal;
}

void term_fatal(const char *fmt, ...)
{
	va_list ap;

	term_end();
	fputs("tlssim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
