/*
 * options: every option that chooses what is simulated, known once.
 *
 * One row per option (--scenario, --attack, --tls-policy, ...): its long
 * name, the values it takes with their enum values and one-line
 * summaries, its default, its line of --help, and the function that
 * applies it to a struct scenario.  The command line, --help, --list, the
 * lesson guide and the tests read this table; a lesson header key is the
 * option's name without its dashes.  Adding a value to an option is a row
 * of its choices here (and the code that makes the value do something).
 *
 * Core: no curses, no message catalogue.  Texts are msgids marked with N_(); the UI
 * translates them where it shows them.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* The languages of --lang, of lesson files and of the catalogue. */
enum lesson_lang { LESSON_LANG_EN, LESSON_LANG_JA };

enum option_kind {
	OPTION_BASE,	/* --scenario: the scenario the others change, applied first */
	OPTION_ONE,	/* one value of the list; the last one given counts */
	OPTION_MANY,	/* repeatable: the values (bits) add up */
	OPTION_NUMBER,	/* a whole number from 0 to UINT64_MAX, no list (--seed) */
};

/* One value an option takes. */
struct option_choice {
	const char *name;	/* "strip" */
	int value;		/* the enum value; OPTION_MANY: its bit */
	const char *summary;	/* msgid: its line in --list, or NULL */
};

struct option_spec {
	const char *name;	/* "--attack"; name + 2 is the lesson header key */
	char short_name;	/* 's' for -s, or 0 */
	const char *metavar;	/* "NAME" in --help */
	const char *help;	/* msgid: --help's text; names every choice, or
				 * "--list" when list_title is set */
	const char *list_title;	/* "attacks:": --list lists the choices; or NULL */
	const char *bad_value;	/* msgid with one %s (what was given), or NULL
				 * for "--x is a or b, not '%s'" */
	enum option_kind kind;
	const struct option_choice *choices;	/* NULL for OPTION_NUMBER */
	size_t n_choices;
	const char *def;	/* the default choice's name; NULL when there is
				 * none or the scenario decides (see the row) */
	bool relay_only;	/* means something in the relay scenario only:
				 * given elsewhere, it is refused */
	/* How a value reaches a scenario; NULL for an option that is not part
	 * of one (--lang: the UI reads it).  get() gives the value set (a
	 * mask for OPTION_MANY) so that two scenarios can be compared. */
	void (*set)(struct scenario *sc, const struct option_choice *c);
	void (*set_number)(struct scenario *sc, uint64_t n);	/* OPTION_NUMBER */
	int (*get)(const struct scenario *sc);
};

extern const struct option_spec options_table[];
extern const size_t options_count;

/* The option called name: "--attack", "attack" (a lesson key) or, for
 * the options that have one, "-s".  NULL when there is none. */
const struct option_spec *options_find(const char *name);

/* The choice of o called name, or NULL. */
const struct option_choice *option_value(const struct option_spec *o, const char *name);

/* The choice of o whose value is v, or NULL (OPTION_MANY: v one bit). */
const struct option_choice *option_choice_of(const struct option_spec *o, int v);

/* Whether o takes arg: a choice's name, or a number for OPTION_NUMBER. */
bool option_takes(const struct option_spec *o, const char *arg);

/*
 * Applies arg to sc.  OPTION_BASE starts sc afresh from that scenario's
 * defaults (scenario_init); the others change one field.  Returns 0, or
 * -1 when o does not take arg or sets nothing in a scenario.
 */
__attribute__((warn_unused_result))
int option_apply(const struct option_spec *o, struct scenario *sc, const char *arg);

/* Sets every default of the table in sc (scenario_init calls it). */
void options_defaults(struct scenario *sc);

/* a and b are the same story: the same scenario with the same value of
 * every option that get() compares (all but the seed). */
bool options_same_story(const struct scenario *a, const struct scenario *b);

/*
 * Fills *sc with the defaults of the named scenario.  Returns 0, or -1
 * when no scenario has that name.
 */
__attribute__((warn_unused_result))
int scenario_init(struct scenario *sc, const char *name);

/* The same for a choice of --scenario (the options table's setter). */
void scenario_set(struct scenario *sc, const struct option_choice *c);

/* The scenario of the same protocol in another mode, or NULL (Tab key). */
const char *scenario_sibling(const struct scenario *sc, enum tls_mode mode);

/* Name of an attack bit ("strip"), and the bit of a name (0 if unknown). */
const char *attack_name(unsigned bit);
unsigned attack_from_name(const char *name);

#endif
