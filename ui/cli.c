/*
 * cli: the command line (see cli.h).
 *
 * The rows below are the program's own options, in --help's order, with
 * one marker where the core's options table goes; a row may also place
 * one option of that table elsewhere (--lang).  cli_entries() flattens
 * the two into the list getopt, --help and the parser all walk.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "safe.h"
#include "util.h"
#include "whatif.h"

enum cli_id {
	ID_OPTIONS,		/* marker: every option of the table no other row names */
	ID_SCENARIO_OPTION,	/* one option of the table, changing the scenario */
	ID_LANG,		/* --lang, from the table, placed by its row */
	ID_PLAIN, ID_WORKSHEET, ID_PCAP, ID_KEYLOG, ID_NO_ANIMATION, ID_NO_COLOR, ID_CHECK, ID_RESTART,
	ID_TEACH, ID_JOIN, ID_PORT, ID_LISTEN, ID_LIST, ID_HELP, ID_VERSION,
};

struct cli_row {
	enum cli_id id;
	const char *name;	/* "--plain"; a table option's name for ID_LANG */
	char short_name;
	int has_arg;		/* getopt's no_argument or required_argument */
	const char *metavar;	/* in --help, or NULL */
	const char *help;	/* msgid */
};

static const struct cli_row rows[] = {
	{ ID_OPTIONS, NULL, 0, 0, NULL, NULL },
	{ ID_PLAIN, "--plain", 'p', no_argument, NULL,
	  N_("print a transcript instead of the screen") },
	/* The lesson is the operand, as with --check. */
	{ ID_WORKSHEET, "--worksheet", 0, no_argument, "LESSON",
	  N_("print a lesson as a worksheet: 72 columns, answers at the end") },
	{ ID_PCAP, "--pcap", 0, required_argument, "FILE",
	  N_("also write what crossed the wire as a pcap capture") },
	{ ID_KEYLOG, "--keylog", 0, required_argument, "FILE",
	  N_("also write the session secrets for Wireshark (NSS key log)") },
	{ ID_NO_ANIMATION, "--no-animation", 0, no_argument, NULL, N_("show each step at once") },
	{ ID_NO_COLOR, "--no-color", 0, no_argument, NULL,
	  N_("no colours (also when NO_COLOR is set)") },
	/* The files are operands: --check takes no argument of its own. */
	{ ID_CHECK, "--check", 0, no_argument, "FILE...",
	  N_("check lesson files and report every problem") },
	{ ID_LANG, "--lang", 0, 0, NULL, NULL },
	{ ID_RESTART, "--restart", 0, no_argument, NULL, N_("start a lesson from the beginning") },
	/* A classroom (class_server.h, class_client.h): the code is an operand. */
	{ ID_TEACH, "--teach", 0, no_argument, NULL, N_("teach a class: the students follow this screen") },
	{ ID_JOIN, "--join", 0, required_argument, "HOST[:PORT] CODE",
	  N_("follow a teacher: the command its screen shows") },
	{ ID_PORT, "--port", 0, required_argument, "N", N_("the port to teach on (default 7878)") },
	{ ID_LISTEN, "--listen", 0, required_argument, "ADDR",
	  N_("the IPv4 address to teach on (default: every one)") },
	{ ID_LIST, "--list", 'l', no_argument, NULL, N_("list scenarios, attacks and lessons") },
	{ ID_HELP, "--help", 'h', no_argument, NULL, N_("this text") },
	{ ID_VERSION, "--version", 'V', no_argument, NULL, N_("version and library versions") },
};

#define N_ROWS (sizeof rows / sizeof rows[0])

/* One option of the command line: a row of either table. */
struct entry {
	enum cli_id id;
	const struct cli_row *row;	/* the program's own option, or NULL */
	const struct option_spec *opt;	/* a table option, or NULL */
};

static const char *entry_name(const struct entry *e)
{
	return e->opt ? e->opt->name : e->row->name;
}

static char entry_short(const struct entry *e)
{
	return e->opt ? e->opt->short_name : e->row->short_name;
}

static int entry_has_arg(const struct entry *e)
{
	return e->opt ? required_argument : e->row->has_arg;
}

static const char *entry_metavar(const struct entry *e)
{
	return e->opt ? e->opt->metavar : e->row->metavar;
}

static const char *entry_help(const struct entry *e)
{
	return e->opt ? e->opt->help : e->row->help;
}

/* Whether a row other than the marker places option o. */
static bool placed(const struct option_spec *o)
{
	for (size_t r = 0; r < N_ROWS; r++)
		if (rows[r].id != ID_OPTIONS && rows[r].name && strcmp(rows[r].name, o->name) == 0)
			return true;
	return false;
}

#define MAX_ENTRIES (N_ROWS + 64)

/* Every option in --help's order, into v (room for MAX_ENTRIES). */
static size_t cli_entries(struct entry *v)
{
	size_t n = 0;
	if (options_count + N_ROWS > MAX_ENTRIES)
		abort();	/* a table of hundreds of options: make room here */
	for (size_t r = 0; r < N_ROWS; r++) {
		const struct cli_row *row = &rows[r];
		if (row->id == ID_OPTIONS) {
			for (size_t i = 0; i < options_count; i++)
				if (!placed(&options_table[i]))
					v[n++] = (struct entry){ ID_SCENARIO_OPTION, NULL, &options_table[i] };
		} else {
			const struct option_spec *o = options_find(row->name);
			v[n++] = (struct entry){ row->id, o ? NULL : row, o };
		}
	}
	return n;
}

/* ---- messages -------------------------------------------------------------- */

/* Prints a message to stderr with every control byte made harmless: it may
 * quote the user's arguments, and those must not drive the terminal. */
__attribute__((format(printf, 1, 0)))
static void say_error(const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, _(fmt), ap);
	char *safe = safe_text(buf);
	fprintf(stderr, "tlssim: %s\n", safe);
	free(safe);
}

void cli_complain(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_error(fmt, ap);
	va_end(ap);
}

int cli_bad_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_error(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_usage(stderr);
	return 2;
}

/* A usage error whose message is an option's bad_value: a msgid of the
 * table with one %s (tests/test_options.c checks that it has no other
 * directive), so it is not a literal the compiler could check here. */
static int bad_value_usage(const char *msgid, ...)
{
	va_list ap;
	va_start(ap, msgid);
	say_error(msgid, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_usage(stderr);
	return 2;
}

/* arg is not one of o's values: o's own message, or "o is a or b". */
static int bad_value(const struct option_spec *o, const char *arg)
{
	if (o->bad_value)
		return bad_value_usage(o->bad_value, arg);
	if (o->n_choices == 2)
		return cli_bad_usage("%s is %s or %s, not '%s'", o->name, o->choices[0].name,
				     o->choices[1].name, arg);
	struct buf list = { 0 };
	for (size_t i = 0; i < o->n_choices; i++) {
		if (i)
			buf_put8(&list, '|');
		buf_put(&list, o->choices[i].name, strlen(o->choices[i].name));
	}
	buf_put8(&list, 0);
	int r = cli_bad_usage("%s is one of %s, not '%s'", o->name, (const char *)list.p, arg);
	buf_free(&list);
	return r;
}

/* ---- --help and --list ------------------------------------------------------ */

void cli_usage(FILE *f)
{
	struct entry v[MAX_ENTRIES];
	size_t n = cli_entries(v);

	fputs(_("usage: tlssim [options] [LESSON_FILE]\n"
		"\n"
		"With neither LESSON_FILE nor --scenario, a lesson picker opens.  A lesson\n"
		"resumes where it was left (progress under $XDG_STATE_HOME/tlssim).\n"
		"\n"), f);
	for (size_t i = 0; i < n; i++) {
		const char *mv = entry_metavar(&v[i]);
		char left[64], lead[8] = "      ";
		int len = snprintf(left, sizeof left, "%s%s%s", entry_name(&v[i]),
				   mv ? " " : "", mv ? mv : "");
		if (entry_short(&v[i]))
			snprintf(lead, sizeof lead, "  -%c, ", entry_short(&v[i]));
		/* The descriptions line up at column 26, two spaces at least. */
		fprintf(f, "%s%-*s%s\n", lead, len < 19 ? 20 : len + 2, left, _(entry_help(&v[i])));
	}
}

void cli_list(FILE *f)
{
	for (size_t i = 0; i < options_count; i++) {
		const struct option_spec *o = &options_table[i];
		if (!o->list_title)
			continue;
		fprintf(f, "%s\n", _(o->list_title));
		for (size_t k = 0; k < o->n_choices; k++)
			fprintf(f, "  %-15s %s\n", o->choices[k].name, _(o->choices[k].summary));
	}
}

/* ---- language ------------------------------------------------------------- */

const char *cli_locale_lang(void)
{
	return i18n_lang();
}

/* Said once, in English (the language the program goes on in). */
static void say_fell_back(void)
{
	if (i18n_fell_back())
		fputs("tlssim: Japanese needs a UTF-8 locale and neither this locale nor C.UTF-8 "
		      "offers one: continuing in English\n", stderr);
}

/* ---- parsing ----------------------------------------------------------------- */

/* getopt's tables from the entries: long options (val: the short name,
 * or 256 + the entry's index) and the short ones, ":s:plhV". */
static void getopt_tables(const struct entry *v, size_t n, struct option *lo, char *shorts)
{
	char *s = shorts;
	*s++ = ':';	/* a missing value is ':', not '?' */
	for (size_t i = 0; i < n; i++) {
		char c = entry_short(&v[i]);
		lo[i] = (struct option){ entry_name(&v[i]) + 2, entry_has_arg(&v[i]), NULL,
					 c ? c : 256 + (int)i };
		if (c) {
			*s++ = c;
			if (entry_has_arg(&v[i]) == required_argument)
				*s++ = ':';
		}
	}
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	*s = '\0';
}

/* The entry getopt_long returned ch for, or NULL. */
static const struct entry *entry_of(const struct entry *v, size_t n, int ch)
{
	if (ch >= 256)
		return (size_t)(ch - 256) < n ? &v[ch - 256] : NULL;
	for (size_t i = 0; i < n; i++)
		if (ch && entry_short(&v[i]) == ch)
			return &v[i];
	return NULL;
}

/* One option of the table with its value.  0, or a usage error's status. */
static int take_option(struct cli *c, const struct entry *e, const char *arg)
{
	const struct option_spec *o = e->opt;
	if (o->kind == OPTION_BASE) {	/* checked when the scenario is made */
		c->scenario = arg;
		return 0;
	}
	if (!option_takes(o, arg))
		return bad_value(o, arg);
	if (e->id == ID_LANG) {
		c->lang = i18n_use(arg);	/* from here on, even --help after it */
		return 0;
	}
	c->args[c->n_args++] = (struct cli_arg){ o, arg };
	return 0;
}

/* --port N: a whole number from 1 to 65535.  0, or a usage error's status. */
static int take_port(struct cli *c, const char *arg)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || v == 0 || v > 65535)
		return cli_bad_usage("--port wants a number from 1 to 65535, not '%s'", arg);
	c->port = (unsigned)v;
	return 0;
}

/* The program's own options.  Returns 0 to go on, 1 to stop reading, or
 * a usage error's status. */
static int take_own(struct cli *c, enum cli_id id, const char *arg)
{
	switch (id) {
	case ID_PLAIN: c->plain = true; break;
	case ID_WORKSHEET: c->worksheet = true; break;
	case ID_PCAP: c->pcap_path = arg; break;
	case ID_KEYLOG: c->keylog_path = arg; break;
	case ID_NO_ANIMATION: c->animate = false; break;
	case ID_NO_COLOR: c->color = false; break;
	case ID_CHECK: c->mode = CLI_CHECK; break;
	case ID_RESTART: c->restart = true; break;
	case ID_TEACH: c->teach = true; break;
	case ID_JOIN: c->join = arg; break;
	case ID_LISTEN: c->listen = arg; break;
	case ID_PORT: return take_port(c, arg);
	case ID_LIST: c->mode = CLI_LIST; return 1;
	case ID_HELP: c->mode = CLI_HELP; return 1;
	case ID_VERSION: c->mode = CLI_VERSION; return 1;
	case ID_OPTIONS:
	case ID_SCENARIO_OPTION:
	case ID_LANG: break;
	}
	return 0;
}

static int parse(struct cli *c, int argc, char **argv)
{
	struct entry v[MAX_ENTRIES];
	struct option lo[MAX_ENTRIES + 1];
	char shorts[2 * MAX_ENTRIES + 2];
	size_t n = cli_entries(v);
	int ch, r;

	*c = (struct cli){ .mode = CLI_RUN, .animate = true, .color = true };
	c->args = xcalloc((size_t)argc + 1, sizeof *c->args);
	getopt_tables(v, n, lo, shorts);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (ch == ':')
			return cli_bad_usage("%s needs a value", argv[optind - 1]);
		const struct entry *e = entry_of(v, n, ch);
		if (!e)
			return cli_bad_usage("unknown option '%s'", argv[optind - 1]);
		if (e->opt)
			r = take_option(c, e, optarg);
		else if ((r = take_own(c, e->id, optarg)) == 1)
			return -1;	/* --help, --list, --version: the rest is not read */
		if (r)
			return r;
	}
	c->files = argv + optind;
	c->n_files = argc - optind;
	return -1;
}

int cli_parse(struct cli *c, int argc, char **argv)
{
	i18n_use(i18n_env_lang());
	int r = parse(c, argc, argv);
	say_fell_back();
	return r;
}

void cli_free(struct cli *c)
{
	free(c->args);
	c->args = NULL;
}

/* An attack of sc that does not apply is an error naming the scenarios
 * where it does, from the table.  0, or 2 (said why). */
static int refuse_idle_attack(const struct option_spec *base, const struct scenario *sc)
{
	unsigned bit = 0;
	for (unsigned b = 1; b && !bit; b <<= 1)
		if ((sc->attacks & b) && !attack_applies(b, sc))
			bit = b;
	if (!bit)
		return 0;
	struct buf where = { 0 };
	for (size_t i = 0; i < base->n_choices; i++) {
		struct scenario other;
		if (scenario_init(&other, base->choices[i].name) < 0 || !attack_applies(bit, &other))
			continue;
		if (where.len)
			buf_put(&where, ", ", 2);
		buf_put(&where, base->choices[i].name, strlen(base->choices[i].name));
	}
	buf_put8(&where, 0);
	cli_complain("--attack %s does nothing in scenario %s: it applies to %s",
		     attack_name(bit), sc->name, (const char *)where.p);
	buf_free(&where);
	return 2;
}

int cli_scenario(const struct cli *c, struct scenario *sc)
{
	const struct option_spec *base = NULL;
	for (size_t i = 0; i < options_count && !base; i++)
		if (options_table[i].kind == OPTION_BASE)
			base = &options_table[i];
	const char *name = c->scenario ? c->scenario : base->def;
	if (option_apply(base, sc, name) < 0)
		return bad_value(base, name);
	for (size_t i = 0; i < c->n_args; i++)
		if (option_apply(c->args[i].opt, sc, c->args[i].arg) < 0)
			return bad_value(c->args[i].opt, c->args[i].arg);
	for (size_t i = 0; i < c->n_args; i++)
		if (c->args[i].opt->relay_only && sc->proto != PROTO_RELAY) {
			cli_complain("%s does nothing in scenario %s: it applies to relay",
				     c->args[i].opt->name, sc->name);
			return 2;
		}
	return refuse_idle_attack(base, sc);
}

bool cli_chose_run(const struct cli *c)
{
	return c->scenario || c->n_args || c->pcap_path || c->keylog_path;
}
