/*
 * i18n: the one place the UI reaches gettext.  Every user-visible UI
 * string is written _("...") so that message catalogues can be added
 * later without touching the code; N_() marks strings in static tables
 * that are translated where they are shown.
 *
 * The language is chosen as every gettext program chooses it: the first
 * of LANGUAGE (a list: its first entry we have messages for), LC_ALL,
 * LC_MESSAGES and LANG that is set decides, and --lang overrides them
 * (cli.c).  Japanese needs a UTF-8 codeset: in any other locale the
 * program moves to C.UTF-8, and where even that is missing it speaks
 * English (i18n_fell_back()).
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* A message id with a context (gettext's pgettext), for an id that means
 * different things in different places: C_("wire text", "%s"). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

__attribute__((format_arg(2)))
static inline const char *i18n_pgettext(const char *id, const char *msgid)
{
	const char *t = gettext(id);
	return t == id ? msgid : t;
}

/* gettext as the core's views want it: fact values render through this. */
static inline const char *i18n_translate(const char *msgid)
{
	return gettext(msgid);
}

/* The language the environment asks for: "ja" or "en". */
const char *i18n_env_lang(void);

/*
 * Makes lang ("ja" or "en") the language of every message from here on,
 * the locale's own included.  Returns the language now in effect: "en"
 * when Japanese was asked for and cannot be shown.
 */
const char *i18n_use(const char *lang);

/* The language in effect: "en" before the first i18n_use(). */
const char *i18n_lang(void);

/* Whether the last i18n_use() asked for Japanese and got English. */
bool i18n_fell_back(void);

#endif
