/*
 * app_class: the app in a classroom session (the hooks: app_impl.h).
 *
 * The teacher's app reports every move to the server, which sends it on;
 * at a question it shows how many students answered and how they did,
 * and r (or Enter) reveals the answer to all.  A student's app follows
 * every position the teacher sends until the student moves on its own;
 * f goes back.  Its answer to a question goes to the teacher and waits
 * for the reveal.  When the teacher leaves, the student carries on alone.
 */
#include "app_impl.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "class_net.h"
#include "i18n.h"
#include "options.h"
#include "theme.h"
#include "util.h"
#include "wrap.h"

struct app_class {
	struct class_server *server;	/* teaching, or NULL */
	const char *join_cmd;		/* what a student types */
	struct class_client *client;	/* following, or NULL (and once the teacher left) */
	bool student;			/* joined as a student */
	bool following;			/* the student shows the teacher's place */
	struct class_pos teacher;	/* the student: the teacher's last place */
	bool changed;			/* the class changed something to show */
	bool sent;			/* the student's answer to sent_q is out */
	uint16_t sent_q;
	WINDOW *linew;			/* the class's line */
};

/* ---- a position, read from the app and applied to it ---------------------------- */

static void pos_of(const struct app *a, struct class_pos *p)
{
	class_pos_from(p, &a->sc, a->course.guide.ask, a->v.ev);
	p->zoom = a->zoom < PANE_COUNT ? (uint8_t)(a->zoom + 1) : 0;
	p->frame = a->insp.open ? (uint32_t)(a->insp.frame + 1) : 0;
}

/* p's zoomed pane; PANE_COUNT for the normal view (or a pane that
 * cannot be zoomed). */
static enum pane zoom_of(const struct class_pos *p)
{
	return p->zoom >= 1 && p->zoom <= PANE_NARRATION + 1 ? (enum pane)(p->zoom - 1) : PANE_COUNT;
}

/* What the teacher looks at besides the event: a zoomed pane, a frame. */
static bool same_look(const struct app *a, const struct class_pos *p)
{
	long frame = a->insp.open ? (long)a->insp.frame : -1;
	return a->zoom == zoom_of(p) && frame == (long)p->frame - 1;
}

/* Whether the app shows the scenario of p (a lesson keeps its own). */
static bool same_story(const struct app *a, const struct class_pos *p, struct scenario *sc)
{
	if (p->lesson || class_pos_scenario(p, sc) < 0)
		return true;
	return options_same_story(&a->sc, sc) && a->sc.seeded == sc->seeded &&
	       (!sc->seeded || a->sc.seed == sc->seed);
}

/* p's event on the timeline shown (a teacher's is never past its end). */
static size_t event_of(const struct app *a, const struct class_pos *p)
{
	return p->ev < a->v.tl->n_events ? p->ev : a->v.tl->n_events - 1;
}

static bool at_place(const struct app *a, const struct class_pos *p)
{
	struct scenario sc;
	return a->v.tl && same_story(a, p, &sc) && a->v.ev == event_of(a, p) && same_look(a, p);
}

static void pos_apply(struct app *a, const struct class_pos *p)
{
	struct scenario sc;
	if (!a->v.tl || a->mode == UI_PICKER)
		return;
	if (!same_story(a, p, &sc) && app_rebuild(a, &sc) < 0) {
		app_flash(a, _("could not build that scenario"));
		return;
	}
	size_t ev = event_of(a, p);
	if (ev != a->v.ev) {
		if (a->mode == UI_QUIZ || a->mode == UI_SUMMARY)
			app_close_overlay(a);
		if (a->flash[0]) {	/* said about the place left behind */
			a->flash[0] = '\0';
			a->dirty[PANE_STATUS] = true;
		}
		app_moved(a, view_go(&a->v, ev, a->v.animate && ev == a->v.ev + 1));
	}
	if (a->mode == UI_VIEW) {
		app_zoom(a, zoom_of(p));
		app_inspect(a, (long)p->frame - 1);
	}
}

/* ---- start and end ------------------------------------------------------------- */

void app_class_start(struct app *a, const struct app_options *opt)
{
	if (!opt->teach && !opt->join)
		return;
	struct app_class *c = xcalloc(1, sizeof *c);
	a->cls = c;
	c->server = opt->teach;
	c->join_cmd = opt->join_cmd ? opt->join_cmd : "";
	c->client = opt->join;
	c->student = c->following = opt->join != NULL;
	if (c->client) {
		c->teacher = *class_client_pos(c->client);
		pos_apply(a, &c->teacher);
	}
	app_class_moved(a);
}

void app_class_end(struct app *a)
{
	struct app_class *c = a->cls;
	if (!c)
		return;
	class_server_close(c->server);
	class_client_close(c->client);
	app_drop(&c->linew);
	free(c);
	a->cls = NULL;
}

/* ---- what comes from the class ---------------------------------------------------- */

/* A student: the teacher showed the answer of question q to everyone. */
static void reveal(struct app *a, uint16_t q)
{
	struct quiz *qz = &a->course.guide.quiz;
	if (q >= qz->n)
		return;
	struct quiz_item *it = &qz->items[q];
	if (!it->answered && quiz_submit(qz, q) < 0) {
		it->answered = true;	/* nothing was ticked: shown, and not right */
		it->right = false;
	}
	if (a->mode == UI_QUIZ && a->qv.q == q) {
		a->qv.peek = false;
		a->quiz_dirty = true;
	}
	app_flash(a, _("the teacher revealed the answer"));
}

static void teacher_left(struct app *a)
{
	struct app_class *c = a->cls;
	class_client_close(c->client);
	c->client = NULL;
	c->following = false;
	c->changed = true;
	app_flash(a, _("the teacher has left: you carry on alone (--join again to follow)"));
}

/* A student: every message waiting, then the sign of life when due. */
static void student_service(struct app *a, uint64_t now)
{
	struct app_class *c = a->cls;
	struct class_msg m;
	int r;
	while (c->client && (r = class_client_next(c->client, &m)) != 0) {
		if (r < 0) {
			teacher_left(a);
			return;
		}
		c->changed = true;
		if (m.type == CLASS_MSG_POS) {
			c->teacher = m.u.pos;
			if (c->following)
				pos_apply(a, &c->teacher);
		} else if (m.type == CLASS_MSG_REVEAL) {
			reveal(a, m.u.quiz.q);
		}
	}
	if (c->client && class_client_tick(c->client, now) < 0)
		teacher_left(a);
}

/* How long poll() may wait: wait_ms, or less when the class needs it. */
static int class_wait(const struct app_class *c, int wait_ms, uint64_t now)
{
	int w = c->server ? class_server_wait_ms(c->server, now)
			  : c->client ? class_client_wait_ms(c->client, now) : -1;
	if (w < 0)
		return wait_ms;
	return wait_ms < 0 || w < wait_ms ? w : wait_ms;
}

int app_class_getch(struct app *a, int wait_ms)
{
	struct app_class *c = a->cls;
	struct pollfd fds[1 + 1 + CLASS_PEERS_MAX];

	for (;;) {
		/* Keys curses has read already come first; they wake no poll(). */
		timeout(c ? 0 : wait_ms);
		int ch = getch();
		if (ch != ERR || !c)
			return ch;
		if (c->changed) {
			c->changed = false;
			return ERR;	/* drawn, then back here */
		}
		size_t n = 1;
		fds[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		if (c->server)
			n += class_server_pollfds(c->server, fds + 1, sizeof fds / sizeof fds[0] - 1);
		else if (c->client)
			fds[n++] = (struct pollfd){ .fd = class_client_fd(c->client), .events = POLLIN };
		uint64_t now = class_now_ms();
		int r = poll(fds, (nfds_t)n, class_wait(c, wait_ms, now));
		if (r < 0 && errno == EINTR)
			return ERR;	/* a signal or a resize: the loop looks */
		now = class_now_ms();
		if (c->server &&
		    class_server_service(c->server, fds + 1, n - 1, now) != 0)
			c->changed = true;
		if (c->client || c->student)
			student_service(a, now);
		if (fds[0].revents)
			return getch();	/* a key, first */
		if (r == 0 || c->changed) {
			c->changed = false;
			return ERR;	/* the time is up, or something to show */
		}
	}
}

/* ---- keys ------------------------------------------------------------------------ */

/* f: a student goes back to the teacher's place and follows it again. */
static void follow(struct app *a)
{
	struct app_class *c = a->cls;
	if (!c->student) {
		app_flash(a, _("f follows the teacher: only in a class joined with --join"));
		return;
	}
	if (!c->client) {
		app_flash(a, _("the teacher has left: --join again to follow"));
		return;
	}
	c->following = true;
	pos_apply(a, &c->teacher);
	app_flash(a, _("following the teacher"));
}

/* r or Enter on a question: the teacher shows the class the answer. */
static void reveal_to_class(struct app *a)
{
	struct quiz *qz = &a->course.guide.quiz;
	size_t q = a->qv.q;
	if (q >= qz->n)
		return;
	class_server_reveal(a->cls->server, (uint16_t)q);
	if (!qz->items[q].answered)
		(void)quiz_restore(qz, q, quiz_right_mask(qz, q));	/* the teacher's box shows it */
	a->qv.peek = false;
	a->quiz_dirty = true;
	app_flash(a, _("the answer is shown to the class"));
}

/* Enter on a question: a following student's answer goes to the teacher,
 * who reveals it to all.  True when it was sent. */
static bool send_answer(struct app *a)
{
	struct app_class *c = a->cls;
	const struct quiz_item *it = &a->course.guide.quiz.items[a->qv.q];
	uint16_t mask = (uint16_t)(it->ticked & 0xffff);
	if (!c->client || it->answered || a->qv.peek || !mask)
		return false;	/* alone, answered, or nothing ticked: as without a class */
	if (class_client_answer(c->client, (uint16_t)a->qv.q, mask) < 0) {
		teacher_left(a);
		return true;
	}
	c->sent = true;
	c->sent_q = (uint16_t)a->qv.q;
	app_flash(a, _("answer sent: the teacher will reveal it"));
	return true;
}

bool app_class_key(struct app *a, enum action act, int arg)
{
	struct app_class *c = a->cls;
	(void)arg;
	if (act == ACT_FOLLOW) {
		follow(a);
		return true;
	}
	if (a->mode != UI_QUIZ || a->qv.q >= a->course.guide.quiz.n)
		return false;
	bool answered = a->course.guide.quiz.items[a->qv.q].answered;
	if (act == ACT_REVEAL || (act == ACT_SUBMIT && c->server && !answered)) {
		if (c->server)
			reveal_to_class(a);
		else
			app_flash(a, _("only the teacher reveals the answer"));
		return true;
	}
	return act == ACT_SUBMIT && send_answer(a);
}

void app_class_moved(struct app *a)
{
	struct app_class *c = a->cls;
	struct class_pos p;
	if (!c || !a->v.tl || a->mode == UI_PICKER)
		return;
	if (c->server) {
		pos_of(a, &p);
		class_server_move(c->server, &p);
	} else if (c->following && !at_place(a, &c->teacher)) {
		c->following = false;
		app_flash(a, _("on your own: f follows the teacher again"));
	}
}

/* ---- the class's line ----------------------------------------------------------- */

/* The teacher at a question: how many answered and how, without names. */
static void tally_line(const struct app *a, char *out, size_t n)
{
	const struct app_class *c = a->cls;
	const struct quiz *qz = &a->course.guide.quiz;
	unsigned counts[CLASS_CHOICES_MAX];
	size_t q = a->qv.q, students = class_server_students(c->server);
	size_t answered = class_server_tally(c->server, (uint16_t)q, counts);
	size_t used = (size_t)snprintf(out, n, _("%zu of %zu answered:"), answered, students);
	for (size_t k = 0; k < qz->items[q].q->n_choices && k < CLASS_CHOICES_MAX && used < n; k++)
		used += (size_t)snprintf(out + used, n - used, " %c %u", (char)('a' + k), counts[k]);
	if (used < n && !qz->items[q].answered)
		snprintf(out + used, n - used, "  %s", _("r reveals"));
}

/* The line for width columns: a teacher's command comes whole before
 * the count of students, which goes when both do not fit. */
static void class_line(const struct app *a, char *out, size_t n, int width)
{
	const struct app_class *c = a->cls;
	if (c->server && a->mode == UI_QUIZ && a->qv.q < a->course.guide.quiz.n) {
		tally_line(a, out, n);
	} else if (c->server) {
		size_t k = class_server_students(c->server);
		snprintf(out, n, "%s  %s", c->join_cmd,
			 lines_printf(ngettext("%zu student", "%zu students", k), k));
		if (wrap_width(out, strlen(out)) > width)
			snprintf(out, n, "%s", c->join_cmd);
	} else if (!c->client) {
		snprintf(out, n, "%s", _("the teacher has left: on your own"));
	} else if (a->mode == UI_QUIZ && c->sent && c->sent_q == a->qv.q &&
		   !a->course.guide.quiz.items[a->qv.q].answered) {
		snprintf(out, n, "%s", _("answer sent: wait for the teacher"));
	} else {
		snprintf(out, n, "%s", c->following ? _("following the teacher")
						   : _("on your own: f follows the teacher"));
	}
}

void app_class_draw(struct app *a, bool below)
{
	struct app_class *c = a->cls;
	char text[256];
	if (!c || a->lay.too_small || a->mode == UI_PICKER || COLS < 12 || LINES < 3) {
		if (c)
			app_drop(&c->linew);
		return;
	}
	int used, width = COLS - 6;
	lines_begin();
	class_line(a, text, sizeof text, width);
	const char *shown = lines_txt(text);	/* folded for a terminal without UTF-8 */
	size_t len = wrap_fit(shown, strlen(shown), width, &used);
	int y = LINES - 2, x = COLS - 2 - (used + 2);
	if (c->linew) {
		int wy, wx, wh, ww;
		getbegyx(c->linew, wy, wx);
		getmaxyx(c->linew, wh, ww);
		if (wy != y || wx != x || wh != 1 || ww != used + 2) {
			app_drop(&c->linew);
			/* What it covered shows again, in the next round. */
			a->dirty[PANE_NARRATION] = a->quiz_dirty = true;
			c->changed = true;
		}
	}
	if (!c->linew) {
		c->linew = newwin(1, used + 2, y, x);
		if (!c->linew)
			return;
		leaveok(c->linew, TRUE);
	}
	/* Drawn each time: what is below may have covered it, and curses
	 * sends only what changed on the terminal. */
	(void)below;
	wbkgdset(c->linew, ' ' | theme_attr(ROLE_ACCENT_TITLE));
	werase(c->linew);
	mvwaddnstr(c->linew, 0, 1, shown, (int)len);
	touchwin(c->linew);
	wnoutrefresh(c->linew);
}
