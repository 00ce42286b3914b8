/*
 * cli: the command line.  Its options are those of the core's options
 * table (sim/options.h: what is simulated, and --lang) and the program's
 * own (--plain, --pcap, --check, ...).  getopt's long options, --help,
 * the first part of --list and the usage errors are all made from those
 * two tables, so an option or a value is added in one place.
 */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "scenario.h"

enum cli_mode {
	CLI_RUN,		/* a scenario, a lesson or the picker */
	CLI_CHECK,		/* --check FILE... */
	CLI_HELP,
	CLI_LIST,
	CLI_VERSION,
};

/* A scenario option as given, applied once the scenario is made. */
struct cli_arg {
	const struct option_spec *opt;
	const char *arg;	/* borrowed from argv */
};

struct cli {
	enum cli_mode mode;
	const char *scenario;	/* --scenario as given (checked when used), or NULL */
	struct cli_arg *args;	/* the other scenario options, in order; owned */
	size_t n_args;
	bool plain;		/* --plain */
	bool worksheet;		/* --worksheet: a lesson as a handout for paper */
	bool animate;		/* false with --no-animation */
	bool color;		/* false with --no-color */
	bool restart;		/* --restart */
	const char *pcap_path;	/* --pcap FILE, or NULL */
	const char *keylog_path;	/* --keylog FILE, or NULL */
	const char *lang;	/* --lang, or NULL */
	bool teach;		/* --teach */
	const char *join;	/* --join HOST[:PORT] (the code is files[0]), or NULL */
	const char *listen;	/* --listen ADDR, or NULL: every address */
	unsigned port;		/* --port N, or 0: the default */
	char **files;		/* the operands: lesson files (borrowed from argv) */
	int n_files;
};

/*
 * Reads the command line into c.  The language of messages is the
 * locale's from the start, --lang's at once (so that --help after it is
 * translated); when Japanese was asked for and cannot be shown, one line
 * on stderr says so.  Returns -1 when the program goes on,
 * else the exit status of a usage error (its message and the usage are
 * printed).  Free c with cli_free() in both cases.
 */
int cli_parse(struct cli *c, int argc, char **argv);
void cli_free(struct cli *c);

/* The scenario the options ask for: --scenario's (or the default) with
 * the other options on top.  Returns 0, or 2 after a usage error or an
 * attack that does nothing in that scenario (the message names those
 * where it does). */
int cli_scenario(const struct cli *c, struct scenario *sc);

/* Whether any option chose something about the run (else: the picker). */
bool cli_chose_run(const struct cli *c);

/* --help's text; --list's scenarios and attacks (lessons.h lists lessons). */
void cli_usage(FILE *f);
void cli_list(FILE *f);

/* The language in effect, "en" or "ja": the locale's (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG), or --lang's; English when Japanese cannot be shown. */
const char *cli_locale_lang(void);

/* A message on stderr, made safe to print, as "tlssim: ...". */
void cli_complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same followed by the usage; returns 2, the exit status. */
int cli_bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
