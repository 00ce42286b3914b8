/* message: the demo messages and the transformations SMTP and POP3 apply. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "message.h"
#include "util.h"

void message_date(int64_t t, char *buf, size_t n)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, n, "Thu, 01 Jan 1970 00:00:00 +0000");
		return;
	}
	snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

char *message_outgoing(const struct scenario *sc)
{
	char date[40];
	message_date(sc->clock, date, sizeof date);
	return xprintf("From: Alice <%s>\r\n"
		       "To: Bob <%s>\r\n"
		       "Subject: Tea party on Saturday\r\n"
		       "Date: %s\r\n"
		       "Message-ID: <tea-party.%lld@example.test>\r\n"
		       "\r\n"
		       "Hi Bob,\r\n"
		       "\r\n"
		       "the tea party is on Saturday at four. The garden gate code is 4711.\r\n"
		       "...and do bring the cake.\r\n"
		       "\r\n"
		       "Alice\r\n",
		       sc->id.from, sc->id.to, date, (long long)sc->clock);
}

char *message_inbox(const struct scenario *sc)
{
	char date[40], got[40];
	message_date(sc->clock - 1200, date, sizeof date);
	message_date(sc->clock - 1188, got, sizeof got);
	return xprintf("Return-Path: <%s>\r\n"
		       "Delivered-To: %s\r\n"
		       "Received: from %s (%s [198.51.100.25])\r\n"
		       "\tby %s (Postfix) with ESMTPS id 3F2A1B9C0D7\r\n"
		       "\tfor <%s>; %s\r\n"
		       "From: Bob <%s>\r\n"
		       "To: Alice <%s>\r\n"
		       "Subject: Re: Tea party on Saturday\r\n"
		       "Date: %s\r\n"
		       "Message-ID: <re-tea-party.%lld@example.org>\r\n"
		       "\r\n"
		       "Hi Alice,\r\n"
		       "\r\n"
		       "Saturday at four suits me. I will bring the cake.\r\n"
		       ".. and the teapot.\r\n"
		       "\r\n"
		       "Bob\r\n",
		       sc->id.to, sc->id.user, sc->id.mx_server, sc->id.mx_server, sc->id.server,
		       sc->id.user, got, sc->id.to, sc->id.user, date, (long long)sc->clock);
}

char *message_dot_stuff(const char *msg)
{
	struct buf b = { 0 };
	bool line_start = true;
	for (const char *p = msg; *p; p++) {
		if (line_start && *p == '.')
			buf_put8(&b, '.');
		buf_put8(&b, (uint8_t)*p);
		line_start = *p == '\n';
	}
	buf_put(&b, ".\r\n", 4);	/* with the NUL */
	return (char *)b.p;
}
