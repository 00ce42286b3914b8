/*
 * i18n: the one place the UI reaches gettext.  Every user-visible UI
 * string is written _("...") so that message catalogues can be added
 * later without touching the code; N_() marks strings in static tables
 * that are translated where they are shown.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* gettext as the core's views want it: fact values render through this. */
static inline const char *i18n_translate(const char *msgid)
{
	return gettext(msgid);
}

#endif
