/*
 * i18n: choosing the language of messages (see i18n.h).
 */
#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static const char *current = "en";
static bool fell_back;

/* The language one locale name or LANGUAGE entry names ("ja_JP.UTF-8",
 * "ja", "en_GB", "C"): "ja", "en", or NULL for a language without messages. */
static const char *lang_of(const char *name, size_t n)
{
	size_t lang = strcspn(name, "_.@:");
	if (lang > n)
		lang = n;
	if (lang == 2 && strncmp(name, "ja", 2) == 0)
		return "ja";
	if ((lang == 2 && strncmp(name, "en", 2) == 0) || (lang == 1 && name[0] == 'C') ||
	    (lang == 5 && strncmp(name, "POSIX", 5) == 0))
		return "en";
	return NULL;
}

const char *i18n_env_lang(void)
{
	/* LANGUAGE is a priority list: its first entry with messages wins. */
	for (const char *p = getenv("LANGUAGE"); p && *p; ) {
		size_t n = strcspn(p, ":");
		const char *l = n ? lang_of(p, n) : NULL;
		if (l)
			return l;
		p += n + (p[n] == ':');
	}
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			const char *l = lang_of(v, strlen(v));
			return l ? l : "en";
		}
	}
	return "en";
}

static bool is_c(const char *locale)
{
	return !locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0;
}

static bool codeset_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Whether Japanese can reach the user: a UTF-8 codeset, and messages not
 * in the C locale (gettext ignores LANGUAGE there).  When either is
 * missing, the program moves to C.UTF-8, in the environment too so that
 * the curses screen, which reads the locale again, stays there. */
static bool can_show_japanese(void)
{
	static const char *const utf8_c[] = { "C.UTF-8", "C.utf8" };
	if (codeset_utf8() && !is_c(setlocale(LC_MESSAGES, NULL)))
		return true;
	for (size_t i = 0; i < sizeof utf8_c / sizeof utf8_c[0]; i++)
		if (setlocale(LC_ALL, utf8_c[i])) {
			setenv("LC_ALL", utf8_c[i], 1);
			return true;
		}
	return false;
}

#ifdef __GLIBC__
/* gettext keeps what it found until this counter moves (LANGUAGE changed). */
extern int _nl_msg_cat_cntr;
#endif

const char *i18n_use(const char *lang)
{
	bool ja = lang && strcmp(lang, "ja") == 0;
	fell_back = ja && !can_show_japanese();
	if (fell_back)
		ja = false;
	current = ja ? "ja" : "en";
	setenv("LANGUAGE", current, 1);
#ifdef __GLIBC__
	++_nl_msg_cat_cntr;
#endif
	return current;
}

const char *i18n_lang(void)
{
	return current;
}

bool i18n_fell_back(void)
{
	return fell_back;
}
