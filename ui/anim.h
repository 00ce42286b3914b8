/*
 * anim: the packet animation as a clock-driven state, no drawing.
 *
 * When the user steps forward onto an event that sends frames, each
 * frame travels across the wire pane in turn, then lands in the sniffer's
 * log.  The state says which frame is in flight and how far it has got;
 * the wire pane draws it.  Time comes in as an argument (milliseconds of
 * a monotonic clock) so nothing here sleeps.
 */
#ifndef ANIM_H
#define ANIM_H

#include <stdbool.h>
#include <stddef.h>

#define ANIM_SPEEDS 5		/* speed levels 1..ANIM_SPEEDS */
#define ANIM_TICK_MS 30		/* redraw interval while a packet moves */

struct anim {
	bool active;
	size_t ev;		/* the event whose frames travel */
	size_t first, count;	/* those frames: [first, first + count) */
	size_t landed;		/* how many of them have arrived */
	long long start_ms;	/* when the frame in flight set off */
	int dur_ms;		/* time one frame takes to cross */
};

/* Milliseconds of the monotonic clock. */
long long anim_now_ms(void);

/* Time one frame takes at a speed level (clamped to 1..ANIM_SPEEDS). */
int anim_duration(int speed);

/* Starts the frames of event ev; inactive when count is 0. */
void anim_start(struct anim *a, size_t ev, size_t first, size_t count,
		int dur_ms, long long now);

/* Moves the clock on; returns true when a frame landed (or it ended). */
bool anim_update(struct anim *a, long long now);

/* How far the frame in flight has got, 0.0 to 1.0. */
double anim_progress(const struct anim *a, long long now);

/* Lands every frame at once. */
void anim_finish(struct anim *a);

/* getch() timeout: ANIM_TICK_MS while active, -1 (block) when idle. */
int anim_timeout(const struct anim *a);

#endif
