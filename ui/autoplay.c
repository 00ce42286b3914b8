/*
 * autoplay: when to take the next step (see autoplay.h).
 */
#include "autoplay.h"

#include "anim.h"

/* How long an event stays on show once its packets have landed: twice a
 * packet's crossing, so reading time follows the speed the user chose. */
static int dwell_ms(int speed)
{
	return 2 * anim_duration(speed);
}

void autoplay_set(struct autoplay *p, bool on, long long now)
{
	p->on = on;
	p->due_ms = on ? now : 0;
}

bool autoplay_due(struct autoplay *p, bool idle, int speed, long long now)
{
	if (!p->on)
		return false;
	if (!idle) {
		p->due_ms = 0;
		return false;
	}
	if (p->due_ms == 0) {
		p->due_ms = now + dwell_ms(speed);
		return false;
	}
	if (now < p->due_ms)
		return false;
	p->due_ms = 0;
	return true;
}

int autoplay_timeout(const struct autoplay *p, int wait, long long now)
{
	if (!p->on)
		return wait;
	long long left = p->due_ms ? p->due_ms - now : ANIM_TICK_MS;
	if (left < 1)
		left = 1;
	if (wait >= 0 && wait < left)
		return wait;
	return left > 1000 ? 1000 : (int)left;
}
