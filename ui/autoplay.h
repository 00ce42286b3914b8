/*
 * autoplay: `P` plays the story step by step.  After an event's packets
 * have landed it waits a while (longer at slower speeds, `+`/`-`), then
 * the loop steps on; a question, the end of the story or `P` again
 * pauses it.  Only timing lives here: the app moves the cursor.  No
 * curses.
 */
#ifndef AUTOPLAY_H
#define AUTOPLAY_H

#include <stdbool.h>

struct autoplay {
	bool on;
	long long due_ms;	/* when to step on; 0: not yet known (a packet
				 * is moving, or an overlay is open) */
};

/* Starts playing now (the first step comes at once) or stops. */
void autoplay_set(struct autoplay *p, bool on, long long now);

/*
 * Whether it is time for the next step, given whether the view is idle
 * (no packet moving, nothing over it) and the speed (1..ANIM_SPEEDS).
 * While the view is busy the wait starts again once it is idle.
 */
bool autoplay_due(struct autoplay *p, bool idle, int speed, long long now);

/* getch() timeout in ms while playing (at most wait, the animation's;
 * -1 is none), or wait when not playing. */
int autoplay_timeout(const struct autoplay *p, int wait, long long now);

#endif
