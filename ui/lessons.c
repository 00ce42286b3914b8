/* lessons: lesson files on the command line: find, check, list, print. */
#include <dirent.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "lesson_check.h"
#include "lesson_markup.h"
#include "lesson_try.h"
#include "lessons.h"
#include "paths.h"
#include "progress.h"
#include "rng.h"
#include "safe.h"
#include "runner.h"
#include "timeline.h"
#include "transcript.h"
#include "util.h"

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t lessons_paths(const char *lang, char ***out)
{
	static const char *const langs[] = { "en", "ja" };
	char **v = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 2; i++) {
		if (lang && strcmp(lang, langs[i]) != 0)
			continue;
		char *sub = xprintf("%s/%s", paths_lessons(), langs[i]);
		DIR *d = opendir(sub);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len < 8 || strcmp(e->d_name + len - 7, ".lesson") != 0)
				continue;
			grow(&v, &cap, n + 1, sizeof *v);
			v[n++] = xprintf("%s/%s", sub, e->d_name);
		}
		if (d)
			closedir(d);
		free(sub);
	}
	if (n)
		qsort(v, n, sizeof *v, by_string);
	*out = v;
	return n;
}

void lessons_paths_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

size_t lessons_find(const char *lang, struct lessons_entry **out)
{
	char **paths;
	size_t np = lessons_paths(lang, &paths), n = 0;
	struct lessons_entry *v = xcalloc(np, sizeof *v);
	for (size_t i = 0; i < np; i++) {
		struct lesson *l;
		(void)lesson_load_header(paths[i], &l);	/* the list needs no more */
		if (!l || !l->title) {
			lesson_free(l);
			continue;
		}
		v[n].path = xstrdup(paths[i]);
		v[n].title = lesson_plain(l->title);
		v[n].summary = l->summary ? lesson_plain(l->summary) : xstrdup("");
		v[n].lang = l->lang;
		n++;
		lesson_free(l);
	}
	lessons_paths_free(paths, np);
	*out = v;
	return n;
}

void lessons_free(struct lessons_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].title);
		free(v[i].summary);
	}
	free(v);
}

static void print_diags(struct lesson_diags *d, FILE *err)
{
	lesson_diags_localize(d, i18n_translate);	/* the checker speaks the user's language */
	for (size_t i = 0; i < d->n; i++) {
		char *s = lesson_diag_format(&d->v[i]);
		fprintf(err, "%s\n", s);
		free(s);
	}
}

/* Choices are labelled a to z, on the screen and in the handout. */
#define MAX_CHOICES 26

/* One question against the limits (see check_limits); n is its number. */
static int check_question(const struct lesson *l, const struct lesson_question *q, size_t n,
			  struct lesson_diags *d)
{
	const struct lesson_loc *at = &q->loc;
	int r = 0;
	if (q->n_choices > MAX_CHOICES) {
		r = -1;
		if (d)
			lesson_diag_add(d, l->file, at->line, at->col, at->line_text,
					"question has %zu choices: at most %d, labelled a to z",
					q->n_choices, MAX_CHOICES);
	}
	if (n == PROGRESS_MAX_ANSWERS) {
		r = -1;
		if (d)
			lesson_diag_add(d, l->file, at->line, at->col, at->line_text,
					"question %zu is one too many: the answers of at most "
					"%d questions can be saved", n + 1, PROGRESS_MAX_ANSWERS);
	}
	return r;
}

/*
 * What the program can show and keep of a lesson: choices it can label,
 * a question box that fits an 80x24 screen, and the answers of at most
 * PROGRESS_MAX_ANSWERS questions in a progress file.  Appends a
 * diagnostic at each question beyond (d may be NULL).  Returns 0, or -1.
 */
static int check_limits(const struct lesson *l, struct lesson_diags *d)
{
	size_t n = 0;
	int r = 0;
	for (size_t s = 0; s < l->n_sections; s++)
		for (size_t i = 0; i < l->sections[s].n_questions; i++, n++)
			if (check_question(l, &l->sections[s].questions[i], n, d) < 0)
				r = -1;
	return r;
}

/* The keys of a lesson whose header sets no seed (see lessons_keys). */
static void choose_seed(const struct lesson *l, struct scenario *sc, enum lessons_keys keys,
			uint64_t seed)
{
	struct progress pr;
	if (sc->seeded || keys == LESSONS_KEYS_RANDOM)
		return;
	sc->seeded = true;
	if (keys == LESSONS_KEYS_GIVEN) {	/* --seed: announced as seeded */
		sc->seed = seed;
		return;
	}
	sc->seed_kept = true;
	sc->seed = rng_fresh_seed();
	char *file = keys == LESSONS_KEYS_KEPT ? progress_path(l->file, lesson_lang_name(l->lang)) : NULL;
	if (file && progress_load(file, &pr) == 0 && pr.has_seed)
		sc->seed = pr.seed;
	free(file);
}

/*
 * Parses, applies the scenario and checks the sections against a real
 * run, whose timeline goes to *tl when tl is not NULL (else it is freed).
 */
static struct lesson *open_checked(const char *path, struct timeline **tl,
				   struct lesson_diags *d, enum lessons_keys keys, uint64_t seed)
{
	struct lesson *l;
	struct scenario sc;
	if (tl)
		*tl = NULL;
	if (lesson_load(path, &l, d) < 0)
		return NULL;
	if (lesson_scenario(l, &sc, d) < 0) {
		lesson_free(l);
		return NULL;
	}
	choose_seed(l, &sc, keys, seed);
	struct timeline *run = timeline_build(&sc);
	if (!run) {
		if (d)
			lesson_diag_add(d, path, 0, 0, NULL, "could not run the lesson's scenario");
		lesson_free(l);
		return NULL;
	}
	const char **names = xcalloc(run->n_events ? run->n_events : 1, sizeof *names);
	for (size_t i = 0; i < run->n_events; i++)
		names[i] = run->events[i].name;
	int bad = lesson_check_events(l, names, run->n_events, d);
	free(names);
	if (lesson_check_tries(l, &sc, d) < 0)
		bad = -1;
	if (check_limits(l, d) < 0)
		bad = -1;
	if (bad < 0) {
		timeline_free(run);
		lesson_free(l);
		return NULL;
	}
	if (tl)
		*tl = run;
	else
		timeline_free(run);
	return l;
}

struct lesson *lessons_open_keys(const char *path, struct timeline **tl, FILE *err,
				 enum lessons_keys keys, uint64_t seed)
{
	struct lesson_diags d = { 0 };
	struct lesson *l = open_checked(path, tl, &d, keys, seed);
	if (err)
		print_diags(&d, err);
	lesson_diags_free(&d);
	return l;
}

struct lesson *lessons_open(const char *path, struct timeline **tl, FILE *err)
{
	return lessons_open_keys(path, tl, err, LESSONS_KEYS_RANDOM, 0);
}


/* The same lesson in the other language: .../en/X <-> .../ja/X, if it exists. */
static char *translation_of(const char *path)
{
	char *other = xstrdup(path), *dir = NULL;
	for (char *p = other; *p; p++)
		if ((p == other || p[-1] == '/') &&
		    (strncmp(p, "en/", 3) == 0 || strncmp(p, "ja/", 3) == 0) && !strchr(p + 3, '/'))
			dir = p;
	if (dir)
		memcpy(dir, dir[0] == 'e' ? "ja" : "en", 2);
	if (!dir || access(other, R_OK) != 0) {
		free(other);
		return NULL;
	}
	return other;
}

/* A copy of a locale category's name, or of the variable's value (NULL). */
static char *saved(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * Checks the quotes of l against its timeline as the screen shows it in
 * the lesson's language, whatever the user's: the catalogue of that
 * language is switched on for the check (LANGUAGE, in a UTF-8 locale,
 * since gettext ignores LANGUAGE in the C locale and converts to the
 * locale's character set), then everything is put back.
 */
static int check_quotes(const struct lesson *l, const struct timeline *tl,
			struct lesson_diags *d)
{
	char *language = saved(getenv("LANGUAGE"));
	char *messages = saved(setlocale(LC_MESSAGES, NULL));
	char *ctype = saved(setlocale(LC_CTYPE, NULL));
	for (int c = 0; c < 2; c++) {
		int cat = c ? LC_MESSAGES : LC_CTYPE;
		if (!setlocale(cat, "C.UTF-8"))
			(void)setlocale(cat, "en_US.UTF-8");
	}
	setenv("LANGUAGE", lesson_lang_name(l->lang), 1);
	int rc = lesson_check_quotes(l, tl, i18n_translate, d);
	if (language)
		setenv("LANGUAGE", language, 1);
	else
		unsetenv("LANGUAGE");
	(void)setlocale(LC_MESSAGES, messages);
	(void)setlocale(LC_CTYPE, ctype);
	free(language);
	free(messages);
	free(ctype);
	return rc;
}

/* Whether every name the header gives is written as a name, so that
 * binding it to the tables says something the parser has not said. */
static bool name_ok(const char *v)
{
	return v && *v && !v[strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-")];
}

static bool names_written_well(const struct lesson *l)
{
	for (size_t i = 0; i < l->n_attacks; i++)
		if (!name_ok(l->attacks[i].name))
			return false;
	return name_ok(l->scenario.name);
}

/* The checks after the parser: the scenario, its events, its suggestions,
 * the limits and the quotes, each as far as the lesson allows.  Returns 0
 * when all pass. */
static int check_bound(const struct lesson *l, struct lesson_diags *d)
{
	struct scenario sc;
	int r = check_limits(l, d);
	if (!names_written_well(l) || lesson_scenario(l, &sc, d) < 0)
		return -1;
	struct timeline *tl = timeline_build(&sc);
	if (!tl) {
		lesson_diag_add(d, l->file, 0, 0, NULL, "could not run the lesson's scenario");
		return -1;
	}
	const char **names = xcalloc(tl->n_events ? tl->n_events : 1, sizeof *names);
	for (size_t i = 0; i < tl->n_events; i++)
		names[i] = tl->events[i].name;
	if (lesson_check_events(l, names, tl->n_events, d) < 0)
		r = -1;
	free(names);
	if (lesson_check_tries(l, &sc, d) < 0)
		r = -1;
	if (check_quotes(l, tl, d) < 0)	/* sections of unknown events are skipped */
		r = -1;
	timeline_free(tl);
	return r;
}

/* The checks of one file, every problem in one run: its parse, and as
 * far as the file goes its scenario, events, limits and quotes; then its
 * translation when there is one and the file itself is clean.  Returns
 * 0 when all pass. */
static int check_one(const char *path, struct lesson_diags *d)
{
	struct lesson *l;
	int r = lesson_load_partial(path, &l, d);
	if (!l)
		return -1;
	if (check_bound(l, d) < 0)
		r = -1;
	char *other = r == 0 ? translation_of(path) : NULL;
	if (other) {
		struct lesson *t = open_checked(other, NULL, NULL, LESSONS_KEYS_RANDOM, 0);
		if (t && lesson_compare(l, t, d) < 0)
			r = -1;
		lesson_free(t);
		free(other);
	}
	lesson_free(l);
	return r;
}

/* "FILE: ok", whatever bytes the file's name holds. */
static void print_ok(FILE *out, const char *path)
{
	char *name = safe_text(path);
	fprintf(out, _("%s: ok\n"), name);
	free(name);
}

int lessons_check(char *const *paths, int n, FILE *out, FILE *err)
{
	int status = 0;
	for (int i = 0; i < n; i++) {
		struct lesson_diags d = { 0 };
		int r = check_one(paths[i], &d);
		print_diags(&d, err);
		if (d.n || r < 0)
			status = 1;
		else
			print_ok(out, paths[i]);
		lesson_diags_free(&d);
	}
	return status;
}

/* Lesson text in the handout, through the one sanitiser: the checker lets
 * invisible direction marks and tag characters through, a terminal must
 * not get them. */
static void print_markup(FILE *out, const char *prefix, const char *markup)
{
	char *s = lesson_plain(markup), *t = safe_text(s);
	fprintf(out, "%s%s\n", prefix, t);
	free(t);
	free(s);
}

/* The label of choice c: a to z (check_limits refuses more). */
static char choice_label(size_t c)
{
	return c < MAX_CHOICES ? (char)('a' + c) : '?';
}

static void print_section(FILE *out, const struct lesson_section *sec)
{
	for (size_t p = 0; p < sec->n_paras; p++)
		print_markup(out, _("narration: "), sec->paras[p]);
	for (size_t k = 0; k < sec->n_tries; k++)	/* names and values: [a-z0-9.-] */
		fprintf(out, _("try it: %s %s (w in the app)\n"), sec->tries[k].spec->name,
			sec->tries[k].value);
	for (size_t q = 0; q < sec->n_questions; q++) {
		const struct lesson_question *qu = &sec->questions[q];
		struct buf answer = { 0 };
		print_markup(out, _("question: "), qu->text);
		for (size_t c = 0; c < qu->n_choices; c++) {
			char label[8] = { ' ', ' ', choice_label(c), ')', ' ', 0 };
			print_markup(out, label, qu->choices[c].text);
			if (qu->choices[c].right) {
				if (answer.len)
					buf_put(&answer, _(", "), strlen(_(", ")));
				buf_put8(&answer, (uint8_t)choice_label(c));
			}
		}
		buf_put8(&answer, 0);
		fprintf(out, _("answer: %s\n"), (char *)answer.p);
		print_markup(out, _("explanation: "), qu->explanation);
		buf_free(&answer);
	}
}

void lessons_print(const struct lesson *l, const struct timeline *tl, FILE *out)
{
	i18n_use(lesson_lang_name(l->lang));	/* a handout speaks its lesson's language */
	print_markup(out, _("lesson: "), l->title);
	if (l->summary)
		print_markup(out, _("summary: "), l->summary);
	transcript_header(out, tl);
	size_t s = 0;
	for (size_t ev = 0; ev < tl->n_events; ev++) {
		transcript_event(out, tl, ev);
		while (s < l->n_sections && strcmp(l->sections[s].event.name, tl->events[ev].name) == 0)
			print_section(out, &l->sections[s++]);
	}
	transcript_footer(out, tl);
}

int lessons_plain(const char *path, FILE *out, FILE *err)
{
	struct timeline *tl;
	struct lesson *l = lessons_open(path, &tl, err);
	if (!l)
		return 1;
	lessons_print(l, tl, out);
	timeline_free(tl);
	lesson_free(l);
	return 0;
}

void lessons_list(FILE *out)
{
	struct lessons_entry *v;
	size_t n = lessons_find(i18n_lang(), &v);	/* as the picker: the language in effect */
	char cwd[4096];
	size_t cl = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
	fputs(_("lessons:\n"), out);
	for (size_t i = 0; i < n; i++) {
		const char *p = v[i].path;
		/* under the current directory: show it relative, as typed */
		if (cl && strncmp(p, cwd, cl) == 0 && p[cl] == '/')
			p += cl + 1;
		char *path = safe_text(p), *title = safe_text(v[i].title);
		fprintf(out, "  %s  %s\n", path, title);
		free(path);
		free(title);
	}
	lessons_free(v, n);
}
