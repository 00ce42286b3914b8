/*
 * worksheet: a lesson printed as a handout for a class (--worksheet).
 *
 * Beside --plain's transcript, which interleaves everything for diffing
 * and screen readers, a worksheet is for paper: a header with room for a
 * name, each event as the transcript writes it, the narration, the
 * questions with boxes to tick and no answers, and the answers with
 * their explanations in an appendix at the end.  Every line is at most
 * WORKSHEET_COLS columns, counted as the screen counts them (Japanese
 * characters take two): text is wrapped at spaces or between Japanese
 * characters, and the hex of a frame is cut into rows.  It is written in
 * the lesson's language.
 */
#ifndef WORKSHEET_H
#define WORKSHEET_H

#include <stdio.h>

#include "lesson.h"
#include "timeline.h"

#define WORKSHEET_COLS 72

/* Writes the worksheet of lesson l, run as timeline tl, to out. */
void worksheet_write(const struct lesson *l, const struct timeline *tl, FILE *out);

#endif
