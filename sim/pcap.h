/*
 * pcap: the wire frames of a timeline as a capture file that tshark and
 * Wireshark open and dissect.
 *
 * The timeline only knows application payloads.  This module adds what a
 * real capture would also hold, so that the tools see ordinary traffic:
 * classic pcap (magic 0xa1b2c3d4, version 2.4, snaplen 65535), Ethernet
 * frames between made-up, locally administered MAC addresses derived from
 * the IPv4 addresses (02:00:a.b.c.d), IPv4 with DF, TTL 64 and one IP ID
 * counter for the whole capture, and
 *
 *   TCP links: SYN, SYN/ACK, ACK just before the link's first frame; each
 *     frame as PSH/ACK segments of at most PCAP_MSS payload bytes; a pure
 *     ACK from the receiver when it has no reply of its own to carry the
 *     acknowledgement; FIN/ACK, FIN/ACK, ACK just after the link's last
 *     frame, the side that sent that frame closing first.  Initial
 *     sequence numbers are derived from the addresses and ports.
 *   UDP links: one datagram per frame, no fragmentation.
 *
 * IPv4, TCP and UDP checksums are computed.  Timestamps are the frames'
 * simulation clock; the packets made up around a frame are a few
 * microseconds before or after it, and time never runs backwards.  The
 * output depends only on the timeline: the same timeline, the same bytes.
 */
#ifndef PCAP_H
#define PCAP_H

#include <stdio.h>

#include "timeline.h"

#define PCAP_MSS 1460		/* TCP payload bytes per segment (Ethernet) */
#define PCAP_SNAPLEN 65535	/* largest packet, Ethernet header included */
#define PCAP_UDP_MAX (PCAP_SNAPLEN - 14 - 20 - 8)	/* UDP payload bytes */

/*
 * Writes the whole capture of tl (borrowed) to f (borrowed, left open).
 * Returns 0, or -1 with errno set: EINVAL for a frame naming a link that
 * does not exist, EMSGSIZE for a UDP frame larger than PCAP_UDP_MAX, or
 * the error of the failed write.
 */
__attribute__((warn_unused_result))
int pcap_write(const struct timeline *tl, FILE *f);

/* How many packets the capture holds (0 when it cannot be made). */
size_t pcap_packets(const struct timeline *tl);

/*
 * Writes the capture to the file at path, replacing it only once the
 * whole capture is written (see outfile.h; call outfile_check first).
 * Returns 0, or -1 with errno set and the file at path untouched.
 */
__attribute__((warn_unused_result))
int pcap_write_file(const struct timeline *tl, const char *path);

#endif
