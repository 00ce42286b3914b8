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
#include "cli.h"
#include "i18n.h"
#include "lessons.h"
#include "paths.h"
#include "outfile.h"
#include "runner.h"
#include "pcap.h"
#include "rng.h"
#include "scenario.h"
#include "timeline.h"
#include "transcript.h"

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

/* A lesson file: the app on a terminal, else the handout. */
static int run_lesson(const struct cli *c, const char *path)
{
	if (c->plain || !isatty(STDOUT_FILENO))
		return lessons_plain(path, stdout, stderr);
	struct app_options opt = app_options(c);
	/* Diagnostics now, before curses takes the screen. */
	opt.lesson = lessons_open(path, &opt.tl, stderr);
	if (!opt.lesson)
		return 1;
	if (!isatty(STDIN_FILENO)) {
		lessons_print(opt.lesson, opt.tl, stdout);
		lesson_free(opt.lesson);
		timeline_free(opt.tl);
		return 0;
	}
	return app_run(&opt);
}

/* The transcript of a scenario, and its capture with --pcap. */
static int run_transcript(const struct scenario *sc, const char *pcap_path)
{
	struct timeline *tl = timeline_build(sc);
	if (!tl) {
		fputs("tlssim: could not build the timeline\n", stderr);
		return 1;
	}
	/* The capture first: if it cannot be written, say so before any transcript. */
	if (pcap_path && pcap_write_file(tl, pcap_path) < 0) {
		cli_complain("cannot write capture %s: %s", pcap_path, strerror(errno));
		timeline_free(tl);
		return 1;
	}
	transcript_write(stdout, tl);
	timeline_free(tl);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "tlssim: cannot write the transcript: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

/* A scenario from the options: the app (or the picker when nothing was
 * chosen) on a terminal, else the transcript. */
static int run_scenario(const struct cli *c)
{
	struct app_options opt = app_options(c);
	int r = cli_scenario(c, &opt.sc);
	if (r)
		return r;
	if (!c->plain && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO)) {
		opt.picker = !cli_chose_run(c);
		return app_run(&opt);
	}
	return run_transcript(&opt.sc, c->pcap_path);
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
	if (c->n_files > 1)
		return cli_bad_usage("unexpected argument '%s'", c->files[1]);
	if (c->pcap_path) {
		/* Refused before anything runs: never a device, a FIFO or the lesson. */
		enum outfile_refusal why = outfile_check(c->pcap_path, c->n_files ? c->files[0] : NULL);
		if (why != OUTFILE_OK) {
			cli_complain("cannot write capture %s: %s", c->pcap_path, _(outfile_refusal_str(why)));
			return 1;
		}
	}
	if (c->n_files == 1)
		return run_lesson(c, c->files[0]);
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
	return r;
}
