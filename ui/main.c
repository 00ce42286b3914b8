/*
 * tlssim: a TLS and mail-encryption simulator for the terminal.
 *
 * main() reads the command line (cli.c) and runs one of the modes below:
 * --check, a lesson file, or a scenario, each either printed as a
 * transcript (--plain, or when standard output is not a terminal) or
 * handed over to the curses app.  Start reading here, then
 * sim/timeline.h for what is shown and ui/app.c for how.
 */
#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "class_setup.h"
#include "cli.h"
#include "i18n.h"
#include "lessons.h"
#include "paths.h"
#include "keylog.h"
#include "outfile.h"
#include "runner.h"
#include "pcap.h"
#include "rng.h"
#include "scenario.h"
#include "term.h"
#include "timeline.h"
#include "transcript.h"
#include "worksheet.h"

static void version(void)
{
	printf("tlssim %s\nlibsodium %s\n%s\n", TLSSIM_VERSION, sodium_version_string(),
	       curses_version());
}

/* What the app needs from the command line, a scenario or lesson aside. */
static struct app_options app_options(const struct cli *c)
{
	struct app_options opt = {
		.animate = c->animate, .color = c->color, .restart = c->restart,
		.pcap_path = c->pcap_path, .lang = c->lang ? c->lang : cli_locale_lang(),
	};
	if (getenv("NO_COLOR") && getenv("NO_COLOR")[0])
		opt.color = false;
	return opt;
}

/* --check FILE...: every problem of every file. */
static int run_check(const struct cli *c)
{
	if (c->n_files == 0)
		return cli_bad_usage("--check needs lesson files");
	return lessons_check(c->files, c->n_files, stdout, stderr);
}

/* The files --pcap and --keylog name, from tl.  0, or 1 when one failed (said why). */
static int write_outputs(const struct cli *c, const struct timeline *tl)
{
	if (c->pcap_path && pcap_write_file(tl, c->pcap_path) < 0) {
		cli_complain("cannot write capture %s: %s", c->pcap_path, strerror(errno));
		return 1;
	}
	if (c->keylog_path && keylog_write_file(tl, c->keylog_path) < 0) {
		cli_complain("cannot write key log %s: %s", c->keylog_path, strerror(errno));
		return 1;
	}
	return 0;
}

/* A lesson sets its own scenario: an option that would change it is
 * refused rather than ignored, but for --seed with --worksheet, so that a
 * printed sheet repeats (*seed gets it; the lesson must not set one).
 * 0, or 2 (said why). */
static int refuse_scenario_options(const struct cli *c, const uint64_t **seed)
{
	static uint64_t given;
	const char *name = c->scenario ? "--scenario" : NULL;
	*seed = NULL;
	for (size_t i = 0; i < c->n_args && !name; i++) {
		struct scenario sc = { 0 };
		if (!c->worksheet || strcmp(c->args[i].opt->name, "--seed") != 0 ||
		    option_apply(c->args[i].opt, &sc, c->args[i].arg) < 0)
			name = c->args[i].opt->name;
		given = sc.seed;
		*seed = &given;
	}
	if (!name)
		return 0;
	cli_complain("%s does not apply to a lesson file: the lesson sets its scenario "
		     "in its header", name);
	return 2;
}

/* Whether the lesson's header sets a seed. */
static bool sets_seed(const struct lesson *l)
{
	for (size_t i = 0; i < l->n_options; i++)
		if (strcmp(l->options[i].spec->name, "--seed") == 0)
			return true;
	return false;
}

/* The lesson on paper: the transcript with the narration, or the
 * worksheet.  Frees both. */
static int print_lesson(const struct cli *c, struct lesson *l, struct timeline *tl,
			const uint64_t *seed)
{
	int r = 0;
	if (seed && sets_seed(l)) {
		cli_complain("--seed does not apply to this lesson: its header sets the seed");
		r = 2;
	} else if (c->worksheet) {
		worksheet_write(l, tl, stdout);
	} else {
		lessons_print(l, tl, stdout);
	}
	lesson_free(l);
	timeline_free(tl);
	return r;	/* main() checks that it reached standard output */
}

/* A lesson file: the app on a terminal, else the handout; the files of
 * --pcap and --keylog from the one timeline the lesson runs. */
static int run_lesson(const struct cli *c, const char *path)
{
	bool screen = !c->plain && !c->worksheet && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
	const uint64_t *seed;
	int r = refuse_scenario_options(c, &seed);
	if (r)
		return r;
	if (screen && term_check() < 0)
		return 1;
	struct app_options opt = app_options(c);
	/* On the screen a lesson keeps its keys between runs (unless it
	 * starts over); a handout draws new ones.  Diagnostics now, before
	 * curses takes the screen. */
	enum lessons_keys keys = seed ? LESSONS_KEYS_GIVEN : !screen ? LESSONS_KEYS_RANDOM
			       : c->restart ? LESSONS_KEYS_FRESH : LESSONS_KEYS_KEPT;
	opt.lesson = lessons_open_keys(path, &opt.tl, stderr, keys, seed ? *seed : 0);
	if (!opt.lesson)
		return 1;
	r = write_outputs(c, opt.tl);
	if (r == 0 && screen && c->teach)
		r = class_setup_teach(c, &opt, path);
	if (r == 0 && screen)
		return app_run(&opt);	/* frees the lesson and the timeline */
	if (r == 0)
		return print_lesson(c, opt.lesson, opt.tl, seed);
	lesson_free(opt.lesson);
	timeline_free(opt.tl);
	return r;
}

/* Output files are refused before anything runs: never a device, a FIFO
 * or the lesson itself.  0, or 1 (said why). */
static int refuse_outputs(const struct cli *c)
{
	const char *input = c->n_files ? c->files[0] : NULL;
	enum outfile_refusal why;
	if (c->pcap_path && (why = outfile_check(c->pcap_path, input)) != OUTFILE_OK) {
		cli_complain("cannot write capture %s: %s", c->pcap_path, _(outfile_refusal_str(why)));
		return 1;
	}
	if (c->keylog_path && (why = outfile_check(c->keylog_path, input)) != OUTFILE_OK) {
		cli_complain("cannot write key log %s: %s", c->keylog_path, _(outfile_refusal_str(why)));
		return 1;
	}
	return 0;
}

/* The transcript of a scenario, and the files --pcap and --keylog ask for. */
static int run_transcript(const struct cli *c, const struct scenario *sc)
{
	struct timeline *tl = timeline_build(sc);
	if (!tl) {
		fputs("tlssim: could not build the timeline\n", stderr);
		return 1;
	}
	/* The files first: if one cannot be written, say so before any transcript. */
	if (write_outputs(c, tl)) {
		timeline_free(tl);
		return 1;
	}
	transcript_write(stdout, tl);
	timeline_free(tl);
	return 0;	/* main() checks that it reached standard output */
}

/* The screen on a scenario.  With --pcap or --keylog the timeline is
 * built here, the files written from it and the app shows that one: what
 * the capture holds is what the screen shows, and nothing is built twice. */
static int run_screen(const struct cli *c, struct app_options *opt)
{
	if (term_check() < 0)
		return 1;
	opt->picker = !cli_chose_run(c) && !c->teach;	/* a class starts on a scenario */
	if (!opt->picker && (c->pcap_path || c->keylog_path)) {
		opt->tl = timeline_build(&opt->sc);
		if (!opt->tl) {
			cli_complain("could not build the timeline");
			return 1;
		}
		if (write_outputs(c, opt->tl)) {
			timeline_free(opt->tl);
			return 1;
		}
	}
	if (c->teach) {
		int r = class_setup_teach(c, opt, NULL);
		if (r) {
			timeline_free(opt->tl);
			return r;
		}
	}
	return app_run(opt);	/* frees opt->tl */
}

/* --join: the teacher's lesson or scenario, at its place. */
static int run_join(const struct cli *c)
{
	if (term_check() < 0)
		return 1;
	struct app_options opt = app_options(c);
	int r = class_setup_join(c, &opt);
	return r ? r : app_run(&opt);	/* closes opt.join */
}

/* A scenario from the options: the app (or the picker when nothing was
 * chosen) on a terminal, else the transcript. */
static int run_scenario(const struct cli *c)
{
	struct app_options opt = app_options(c);
	int r = cli_scenario(c, &opt.sc);
	if (r)
		return r;
	if (!c->plain && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		return run_screen(c, &opt);
	return run_transcript(c, &opt.sc);
}

/*
 * Whatever went to standard output got there: a full disk, a closed pipe
 * or /dev/full is a failure with a message, never a silent exit 0.  Every
 * mode ends here, so none has to check its own writes.  0, or -1.
 */
static int finish_output(void)
{
	bool bad = ferror(stdout) != 0;
	int e = 0;
	if (fflush(stdout) != 0) {
		bad = true;
		e = errno;
	}
	if (fclose(stdout) != 0 && errno != EBADF && !bad) {
		bad = true;
		e = errno;
	}
	if (!bad)
		return 0;
	cli_complain("cannot write to standard output: %s", e ? strerror(e) : _("write error"));
	return -1;
}

/* The mode the command line asked for. */
static int run(const struct cli *c)
{
	switch (c->mode) {
	case CLI_HELP:
		cli_usage(stdout);
		return 0;
	case CLI_LIST:
		cli_list(stdout);
		lessons_list(stdout);
		return 0;
	case CLI_VERSION:
		version();
		return 0;
	case CLI_CHECK:
	case CLI_RUN:
		break;
	}
	if (rng_init() < 0) {
		fputs("tlssim: libsodium could not start\n", stderr);
		return 1;
	}
	if (c->mode == CLI_CHECK)
		return run_check(c);
	if ((c->teach || c->join) && (c->plain || !isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)))
		return cli_bad_usage("--teach and --join need a terminal");
	if (c->join)
		return run_join(c);
	if (c->n_files > 1)
		return cli_bad_usage("unexpected argument '%s'", c->files[1]);
	if (refuse_outputs(c))
		return 1;
	if (c->n_files == 1)
		return run_lesson(c, c->files[0]);
	if (c->worksheet)
		return cli_bad_usage("--worksheet needs a lesson file");
	return run_scenario(c);
}

int main(int argc, char **argv)
{
	struct cli c;
	int r;

	setlocale(LC_ALL, "");
	bindtextdomain("tlssim", paths_locale());
	textdomain("tlssim");
	if ((r = cli_parse(&c, argc, argv)) < 0)
		r = run(&c);
	cli_free(&c);
	if (finish_output() < 0 && r == 0)
		r = 1;
	return r;
}
