/*
 * nexthop: how a relay learns that its next hop must be authenticated.
 * Opportunistic STARTTLS on port 25 accepts any certificate, so a
 * receiving domain that wants more says so in DNS: MTA-STS (RFC 8461: a
 * `_mta-sts` TXT record, then a policy fetched over HTTPS) or DANE
 * (RFC 7672: a TLSA record for the MX, signed with DNSSEC).  These run
 * between the MX lookup and hop B, on the wire like everything else; when
 * hop B then falls short, the sender defers instead of sending.
 *
 * Part of the relay driver (smtp.c); internal to sim/.
 */
#ifndef NEXTHOP_H
#define NEXTHOP_H

#include "session.h"

/*
 * MTA-STS: the TXT lookup ("b-mta-sts-txt"), then the policy fetched
 * with TLS 1.3 from the policy host's port 443 ("b-mta-sts-https",
 * "b-mta-sts-policy").  0, or -1 when the fetch could not be made.
 */
int nexthop_mta_sts(struct sess *s, const char *domain);

/* DANE: the TLSA lookup for the MX's port 25 ("b-tlsa"); keeps the
 * record in s->tlsa for the check on hop B. */
void nexthop_dane(struct sess *s);

/*
 * Hop B ended before the message was accepted: the sender keeps it
 * ("b-deferred").  nothing_sent: no part of the message crossed hop B.
 */
void nexthop_defer(struct sess *s, bool nothing_sent);

#endif
