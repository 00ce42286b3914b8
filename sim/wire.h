/*
 * wire: the links of a scenario and the frames that cross them.
 *
 * A frame is one TCP segment's payload (or one UDP datagram) in one
 * direction, with the simulation time it was sent.  Frames are the only
 * thing the sniffer and the capture writer ever see.
 */
#ifndef WIRE_H
#define WIRE_H

#include <stddef.h>
#include <stdint.h>

enum wire_dir {
	WIRE_C2S,	/* from the link's client to its server */
	WIRE_S2C,
};

enum wire_proto { WIRE_TCP, WIRE_UDP };

/* One conversation: hop A (mail client to its server), DNS, hop B. */
struct wire_link {
	const char *name;	/* "hop A", "DNS", "hop B": msgids the UI translates */
	enum wire_proto proto;
	uint32_t client_ip, server_ip;	/* IPv4, host byte order */
	uint16_t client_port, server_port;
	const char *client_name, *server_name;	/* host names, for display */
	const char *meta;	/* msgid of the sniffer's line about it: the name,
				   then addresses, ports and protocol (%u.%u.%u.%u:%u
				   -> %u.%u.%u.%u:%u %s); NULL: without the name */
};

struct wire_frame {
	unsigned link;		/* index into the timeline's links */
	enum wire_dir dir;
	uint64_t time_us;	/* simulation clock, microseconds since the epoch */
	size_t len;
	uint8_t *bytes;		/* owned by the timeline */
};

/* "C>S" or "S>C". */
const char *wire_dir_arrow(enum wire_dir dir);

#endif
