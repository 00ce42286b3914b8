/*
 * guide: sections bound to events, narration ready to draw (see guide.h).
 */
#include "guide.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson_check.h"
#include "lesson_markup.h"
#include "lessons.h"
#include "options.h"
#include "util.h"
#include "whatif.h"
#include "wrap.h"

/* Each section at the first event of its name after the previous
 * section's.  A section whose event tl lacks: -1 when strict, else it is
 * left out.  at gets n_events entries. */
static int bind(struct guide *g, const struct timeline *tl, bool strict)
{
	const struct lesson *l = g->lesson;
	int *at = xcalloc(tl->n_events ? tl->n_events : 1, sizeof *at);
	for (size_t e = 0; e < tl->n_events; e++)
		at[e] = -1;
	size_t from = 0;
	for (size_t s = 0; s < l->n_sections; s++) {
		size_t e = from;
		while (e < tl->n_events && strcmp(tl->events[e].name, l->sections[s].event.name) != 0)
			e++;
		if (e == tl->n_events) {
			if (!strict)
				continue;
			free(at);
			return -1;
		}
		at[e] = (int)s;
		from = e + 1;
	}
	free(g->at);
	g->at = at;
	g->n_events = tl->n_events;
	return 0;
}

void guide_rebind(struct guide *g, const struct timeline *tl)
{
	if (g->lesson)
		(void)bind(g, tl, false);
}

char *guide_try_list(const struct lesson_section *sec, bool code)
{
	struct buf b = {0};
	for (size_t k = 0; k < sec->n_tries; k++) {
		const struct lesson_option *t = &sec->tries[k];
		/* The mode as the menu names it: "implicit TLS", not "implicit". */
		const struct option_choice *c = option_value(t->spec, t->value);
		const char *v = t->spec == &whatif_mode && c ? _(c->summary) : t->value;
		char *one = xprintf("%s%s%s: %s%s", k ? _(" or ") : "", code ? "`" : "", t->spec->name + 2,
				    v, code ? "`" : "");
		buf_put(&b, one, strlen(one));
		free(one);
	}
	buf_put8(&b, '\0');
	return (char *)b.p;
}

/* "Try it: press w and choose ...", markup in the user's language. */
static char *hint_markup(const struct lesson_section *sec)
{
	char *list = guide_try_list(sec, true);
	char *m = xprintf(_("Try it: press `w` and choose %s."), list);
	free(list);
	return m;
}

/* The section as drawn: the lesson's, or a copy with the hint added. */
static void section_text(struct guide_section *gs, const struct lesson_section *sec)
{
	gs->sec = sec;
	if (sec->n_tries == 0)
		return;
	gs->own = *sec;
	gs->own.paras = xcalloc(sec->n_paras + 1, sizeof *gs->own.paras);
	for (size_t p = 0; p < sec->n_paras; p++)
		gs->own.paras[p] = sec->paras[p];
	gs->hint = hint_markup(sec);
	gs->own.paras[gs->own.n_paras++] = gs->hint;
	gs->sec = &gs->own;
}

int guide_init(struct guide *g, struct lesson *l, const struct timeline *tl,
	       bool ask, bool ascii)
{
	memset(g, 0, sizeof *g);
	g->lesson = l;
	g->ask = ask;
	g->secs = xcalloc(l->n_sections ? l->n_sections : 1, sizeof *g->secs);
	if (bind(g, tl, true) < 0) {
		guide_free(g);
		return -1;
	}
	if (ask)
		quiz_init(&g->quiz, l, ascii);
	for (size_t s = 0; s < l->n_sections; s++) {
		struct guide_section *gs = &g->secs[s];
		section_text(gs, &l->sections[s]);
		gs->paras = xcalloc(gs->sec->n_paras ? gs->sec->n_paras : 1, sizeof *gs->paras);
		for (size_t p = 0; p < gs->sec->n_paras; p++)
			rich_init(&gs->paras[p], gs->sec->paras[p], ascii);
		if (ask)
			gs->first_q = quiz_of_section(&g->quiz, s, &gs->n_q);
	}
	char *t = lesson_plain(l->title);
	if (ascii) {
		char *a = xmalloc(strlen(t) + 1);
		wrap_ascii(t, a, strlen(t) + 1);
		free(t);
		t = a;
	}
	g->title = t;
	return 0;
}

void guide_free(struct guide *g)
{
	if (!g)
		return;
	if (g->lesson && g->secs) {
		for (size_t s = 0; s < g->lesson->n_sections; s++) {
			struct guide_section *gs = &g->secs[s];
			if (!gs->paras)
				continue;
			for (size_t p = 0; p < gs->sec->n_paras; p++)
				rich_free(&gs->paras[p]);
			free(gs->paras);
			if (gs->hint)
				free(gs->own.paras);
			free(gs->hint);
		}
	}
	free(g->secs);
	free(g->at);
	free(g->title);
	quiz_free(&g->quiz);
	lesson_free(g->lesson);
	memset(g, 0, sizeof *g);
}

const struct guide_section *guide_at(const struct guide *g, size_t ev)
{
	if (!g || !g->lesson || ev >= g->n_events || g->at[ev] < 0)
		return NULL;
	return &g->secs[g->at[ev]];
}

const struct lesson_option *guide_tries(const struct guide *g, size_t ev, size_t *n)
{
	*n = 0;
	for (size_t e = ev + 1; e-- > 0;) {
		const struct guide_section *gs = guide_at(g, e);
		if (gs) {
			*n = gs->sec->n_tries;
			return gs->sec->tries;
		}
	}
	return NULL;
}

/*
 * The stories of the shipped lessons read so far, per language.  A switch
 * of mode or version (Tab, v) looks for the lesson that narrates the new
 * story; parsing again every lesson before it cost more than building the
 * story itself.  Kept for the life of the process: the files are the
 * program's own.
 */
struct shipped_story {
	char *path;
	bool read;		/* its header read once */
	bool known;		/* its header parsed and its story is sc */
	struct scenario sc;
};

static struct shipped_list {
	bool listed;
	struct shipped_story *v;
	size_t n;
} shipped[2];			/* en, ja */

static struct shipped_list *shipped_list(const char *lang)
{
	bool ja = lang && strcmp(lang, "ja") == 0;
	struct shipped_list *s = &shipped[ja];
	if (s->listed)
		return s;
	char **paths;
	s->n = lessons_paths(ja ? "ja" : "en", &paths);
	s->v = xcalloc(s->n ? s->n : 1, sizeof *s->v);
	for (size_t i = 0; i < s->n; i++)
		s->v[i].path = paths[i];	/* taken over */
	free(paths);
	s->listed = true;
	return s;
}

int guide_find_shipped(struct guide *g, const struct timeline *tl, const char *lang,
		       bool ascii)
{
	/* Lessons looked at in order until one fits, each header read at
	 * most once to learn its story, and only the lesson that fits parsed
	 * whole. */
	struct shipped_list *s = shipped_list(lang);
	int r = -1;

	memset(g, 0, sizeof *g);
	for (size_t i = 0; i < s->n && r < 0; i++) {
		struct shipped_story *e = &s->v[i];
		struct lesson *l = NULL;
		if (!e->read) {		/* its header says which story it tells */
			e->read = true;
			(void)lesson_load_header(e->path, &l);
			e->known = l && lesson_scenario(l, &e->sc, NULL) == 0;
			lesson_free(l);
			l = NULL;
		}
		if (!e->known || !options_same_story(&e->sc, &tl->sc))
			continue;
		if (lesson_load(e->path, &l, NULL) != 0) {
			e->known = false;	/* the rest of it does not parse */
			continue;
		}
		r = guide_init(g, l, tl, false, ascii);
	}
	return r;
}
