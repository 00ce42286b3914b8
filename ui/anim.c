/*
 * anim: packet animation state driven by a monotonic clock (anim.h).
 */
#include "anim.h"

#include <time.h>

long long anim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int anim_duration(int speed)
{
	static const int ms[ANIM_SPEEDS] = {1800, 1100, 700, 400, 200};

	if (speed < 1)
		speed = 1;
	if (speed > ANIM_SPEEDS)
		speed = ANIM_SPEEDS;
	return ms[speed - 1];
}

void anim_start(struct anim *a, size_t ev, size_t first, size_t count,
		int dur_ms, long long now)
{
	a->active = count > 0;
	a->ev = ev;
	a->first = first;
	a->count = count;
	a->landed = 0;
	a->start_ms = now;
	a->dur_ms = dur_ms > 0 ? dur_ms : 1;
}

bool anim_update(struct anim *a, long long now)
{
	bool landed = false;

	while (a->active && now - a->start_ms >= a->dur_ms) {
		a->start_ms += a->dur_ms;
		a->landed++;
		landed = true;
		if (a->landed >= a->count)
			a->active = false;
	}
	return landed;
}

double anim_progress(const struct anim *a, long long now)
{
	if (!a->active)
		return 1.0;
	double p = (double)(now - a->start_ms) / a->dur_ms;
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

void anim_finish(struct anim *a)
{
	a->landed = a->count;
	a->active = false;
}

int anim_timeout(const struct anim *a)
{
	return a->active ? ANIM_TICK_MS : -1;
}
