/*
 * tlssim: a TLS and mail-encryption simulator for the terminal.
 *
 * main() reads the command line into a scenario, then either prints the
 * timeline as a transcript (--plain, or when standard output is not a
 * terminal) or hands over to the curses app.  Start reading here, then
 * sim/timeline.h for what is shown and ui/app.c for how.
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "i18n.h"
#include "lessons.h"
#include "paths.h"
#include "outfile.h"
#include "pcap.h"
#include "rng.h"
#include "scenario.h"
#include "runner.h"
#include "timeline.h"
#include "transcript.h"
#include "util.h"

static const char usage_text[] = N_(
	"usage: tlssim [options] [LESSON_FILE]\n"
	"\n"
	"With neither LESSON_FILE nor --scenario, a lesson picker opens.  A lesson\n"
	"resumes where it was left (progress under $XDG_STATE_HOME/tlssim).\n"
	"\n"
	"  -s, --scenario NAME     scenario to run (default smtp-starttls; see --list)\n"
	"      --seed N            repeatable keys and nonces, for teaching only\n"
	"      --attack NAME       run an attack (repeatable; see --list)\n"
	"      --tls-policy P      client: required (default) or opportunistic\n"
	"      --server-policy P   server: strict (default with TLS) or lax\n"
	"      --kx K              key exchange: transport (the eight steps) or ephemeral\n"
	"      --hop-b M           relay's next hop: starttls (default) or plain\n"
	"  -p, --plain             print a transcript instead of the screen\n"
	"      --pcap FILE         also write what crossed the wire as a pcap capture\n"
	"      --no-animation      show each step at once\n"
	"      --no-color          no colours (also when NO_COLOR is set)\n"
	"      --check FILE...     check lesson files and report every problem\n"
	"      --lang en|ja        language of the lesson picker and narration\n"
	"      --restart           start a lesson from the beginning\n"
	"  -l, --list              list scenarios, attacks and lessons\n"
	"  -h, --help              this text\n"
	"  -V, --version           version and library versions\n");

static void usage(FILE *f)
{
	fputs(_(usage_text), f);
}

/* Prints a message to stderr with every control byte made harmless: it may
 * quote the user's arguments, and those must not drive the terminal. */
__attribute__((format(printf, 1, 0)))
static void say_error(const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, _(fmt), ap);
	char *safe = text_printable((const uint8_t *)buf, strlen(buf));
	fprintf(stderr, "tlssim: %s\n", safe);
	free(safe);
}

__attribute__((format(printf, 1, 2)))
static void complain(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_error(fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static int bad_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_error(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	return 2;
}

static void list(void)
{
	puts("scenarios:");
	for (size_t i = 0; i < scenario_count; i++)
		printf("  %-15s %s\n", scenario_table[i].name, _(scenario_table[i].summary));
	puts("attacks:");
	static const char *const about[] = {
		N_("delete STARTTLS/STLS from the server's reply (upgrade scenarios)"),
		N_("answer with the attacker's own certificate for the right name"),
		N_("the server's certificate has expired"),
		N_("the server's certificate is for another name"),
		N_("the server's certificate comes from a CA not in the trust store"),
		N_("flip one bit of a protected record"),
		N_("steal the server's private keys later and decrypt the recording"),
	};
	for (int i = 0; attack_names[i]; i++)
		printf("  %-15s %s\n", attack_names[i], _(about[i]));
}

static void version(void)
{
	printf("tlssim %s\nlibsodium %s\n%s\n", TLSSIM_VERSION, sodium_version_string(),
	       curses_version());
}

/* A whole decimal number in [0, UINT64_MAX]; -1 when it is anything else. */
static int parse_seed(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* The language of lessons and the picker: LC_ALL, LC_MESSAGES or LANG
 * starting with "ja" means Japanese, when the terminal's character set
 * can show it (a ja locale that is not installed falls back to ASCII);
 * anything else English. */
static const char *locale_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *cs = nl_langinfo(CODESET);
	bool utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ja", 2) == 0 && utf8 ? "ja" : "en";
	}
	return "en";
}

/* --lang: messages in that language from here on (even --help after it). */
static void use_language(const char *lang)
{
	/* gettext ignores LANGUAGE in the C locale: move to C.UTF-8 then. */
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", lang, 1);
}

enum {
	OPT_SEED = 256, OPT_ATTACK, OPT_TLS_POLICY, OPT_SERVER_POLICY, OPT_KX, OPT_HOP_B,
	OPT_PCAP, OPT_NO_ANIMATION, OPT_NO_COLOR, OPT_CHECK, OPT_LANG, OPT_RESTART,
};

static const struct option long_options[] = {
	{ "scenario", required_argument, NULL, 's' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "attack", required_argument, NULL, OPT_ATTACK },
	{ "tls-policy", required_argument, NULL, OPT_TLS_POLICY },
	{ "server-policy", required_argument, NULL, OPT_SERVER_POLICY },
	{ "kx", required_argument, NULL, OPT_KX },
	{ "hop-b", required_argument, NULL, OPT_HOP_B },
	{ "plain", no_argument, NULL, 'p' },
	{ "pcap", required_argument, NULL, OPT_PCAP },
	{ "no-animation", no_argument, NULL, OPT_NO_ANIMATION },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "restart", no_argument, NULL, OPT_RESTART },
	{ "list", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Options that change the scenario's defaults, applied after --scenario. */
struct overrides {
	unsigned attacks;
	int tls_policy, server_policy, kx, hop_b_plain;	/* -1: keep the default */
	int seeded;
	uint64_t seed;
};

/* One of two words: *out becomes 0 or 1; otherwise usage and 2. */
static int pick(const char *opt, const char *arg, const char *a, const char *b, int *out)
{
	if (strcmp(arg, a) == 0)
		*out = 0;
	else if (strcmp(arg, b) == 0)
		*out = 1;
	else
		return bad_usage("%s is %s or %s, not '%s'", opt, a, b, arg);
	return 0;
}

int main(int argc, char **argv)
{
	struct app_options opt = { .animate = true, .color = true };
	struct overrides ov = { .tls_policy = -1, .server_policy = -1, .kx = -1, .hop_b_plain = -1 };
	const char *scenario = "smtp-starttls";
	int plain = 0, check = 0, scenario_given = 0, c, r;
	const char *lesson_path = NULL;
	unsigned bit;

	setlocale(LC_ALL, "");
	bindtextdomain("tlssim", paths_locale());
	textdomain("tlssim");
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:plhV", long_options, NULL)) != -1) {
		switch (c) {
		case 's': scenario = optarg; scenario_given = 1; break;
		case 'p': plain = 1; break;
		case 'l': list(); lessons_list(stdout); return 0;
		case 'h': usage(stdout); return 0;
		case 'V': version(); return 0;
		case OPT_SEED:
			if (parse_seed(optarg, &ov.seed) < 0)
				return bad_usage("--seed wants a whole number from 0 to 18446744073709551615, not '%s'", optarg);
			ov.seeded = 1;
			break;
		case OPT_ATTACK:
			if (!(bit = attack_from_name(optarg)))
				return bad_usage("unknown attack '%s' (see --list)", optarg);
			ov.attacks |= bit;
			break;
		case OPT_TLS_POLICY:
			if ((r = pick("--tls-policy", optarg, "required", "opportunistic", &ov.tls_policy)))
				return r;
			break;
		case OPT_SERVER_POLICY:
			if ((r = pick("--server-policy", optarg, "strict", "lax", &ov.server_policy)))
				return r;
			break;
		case OPT_KX:
			if ((r = pick("--kx", optarg, "transport", "ephemeral", &ov.kx)))
				return r;
			break;
		case OPT_HOP_B:
			if ((r = pick("--hop-b", optarg, "starttls", "plain", &ov.hop_b_plain)))
				return r;
			break;
		case OPT_PCAP: opt.pcap_path = optarg; break;
		case OPT_NO_ANIMATION: opt.animate = false; break;
		case OPT_NO_COLOR: opt.color = false; break;
		case OPT_CHECK: check = 1; break;
		case OPT_RESTART: opt.restart = true; break;
		case OPT_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "ja") != 0)
				return bad_usage("--lang is en or ja, not '%s'", optarg);
			opt.lang = optarg;
			use_language(optarg);
			break;
		case ':': return bad_usage("%s needs a value", argv[optind - 1]);
		default: return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (rng_init() < 0) {
		fputs("tlssim: libsodium could not start\n", stderr);
		return 1;
	}
	if (check) {
		if (optind == argc)
			return bad_usage("--check needs lesson files");
		return lessons_check(argv + optind, argc - optind, stdout, stderr);
	}
	if (optind < argc - 1)
		return bad_usage("unexpected argument '%s'", argv[optind + 1]);
	if (optind < argc)
		lesson_path = argv[optind];
	if (opt.pcap_path) {
		/* Refused before anything runs: never a device, a FIFO or the lesson. */
		enum outfile_refusal why = outfile_check(opt.pcap_path, lesson_path);
		if (why != OUTFILE_OK) {
			complain("cannot write capture %s: %s", opt.pcap_path, _(outfile_refusal_str(why)));
			return 1;
		}
	}
	if (lesson_path && (plain || !isatty(STDOUT_FILENO)))
		return lessons_plain(lesson_path, stdout, stderr);
	if (!opt.lang)
		opt.lang = locale_lang();
	if (getenv("NO_COLOR") && getenv("NO_COLOR")[0])
		opt.color = false;
	if (lesson_path) {
		/* Diagnostics now, before curses takes the screen. */
		opt.lesson = lessons_open(lesson_path, &opt.sc, stderr);
		if (!opt.lesson)
			return 1;
		if (!isatty(STDIN_FILENO)) {
			lesson_free(opt.lesson);
			return lessons_plain(lesson_path, stdout, stderr);
		}
		return app_run(&opt);
	}
	if (scenario_init(&opt.sc, scenario) < 0)
		return bad_usage("unknown scenario '%s' (see --list)", scenario);
	opt.sc.attacks = ov.attacks;
	if (ov.tls_policy >= 0)
		opt.sc.tls_policy = ov.tls_policy ? POLICY_OPPORTUNISTIC : POLICY_REQUIRED;
	if (ov.server_policy >= 0)
		opt.sc.server_policy = ov.server_policy ? SERVER_LAX : SERVER_STRICT;
	if (ov.kx >= 0)
		opt.sc.kx = ov.kx ? KX_EPHEMERAL : KX_TRANSPORT;
	if (ov.hop_b_plain >= 0)
		opt.sc.hop_b_plain = ov.hop_b_plain;
	opt.sc.seeded = ov.seeded;
	opt.sc.seed = ov.seed;

	if (!plain && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO)) {
		/* Nothing named on the command line: choose a lesson. */
		opt.picker = !scenario_given && !ov.attacks && !ov.seeded && ov.tls_policy < 0 &&
			     ov.server_policy < 0 && ov.kx < 0 && ov.hop_b_plain < 0 && !opt.pcap_path;
		return app_run(&opt);
	}

	struct timeline *tl = timeline_build(&opt.sc);
	if (!tl) {
		fputs("tlssim: could not build the timeline\n", stderr);
		return 1;
	}
	/* The capture first: if it cannot be written, say so before any transcript. */
	if (opt.pcap_path && pcap_write_file(tl, opt.pcap_path) < 0) {
		complain("cannot write capture %s: %s", opt.pcap_path, strerror(errno));
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
