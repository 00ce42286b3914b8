/*
 * paths: where the program's data lives.  Run from a checkout, lessons and
 * message catalogues are found beside the binary (lessons/, build/locale/);
 * installed, under PREFIX/share.
 */
#ifndef PATHS_H
#define PATHS_H

/* The directory holding en/ and ja/ lessons (never NULL). */
const char *paths_lessons(void);

/* The directory holding LANG/LC_MESSAGES/tlssim.mo (never NULL). */
const char *paths_locale(void);

#endif
