/*
 * timeline: a scenario computed once into an immutable list of events.
 *
 * timeline_build() (runner.h) runs the whole simulation up front: every key, every
 * certificate, every ciphertext.  The result is read-only; the curses UI,
 * the plain transcript, the capture writer and the tests are all views of
 * it.  Stepping back is as cheap as stepping forward because nothing is
 * recomputed.
 *
 * What each party knows is an append-only list of facts per party.  Event
 * i records how many facts each party had after it, so the knowledge at
 * event i is a prefix of the list.  A later fact with the same label
 * supersedes an earlier one (timeline_view() resolves that).
 *
 * The sniffer's facts are produced only by sniff.c from the frames.
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "fact.h"
#include "scenario.h"
#include "wire.h"

enum party {
	PARTY_CLIENT,
	PARTY_SERVER,
	PARTY_SNIFFER,		/* the eavesdropper (or attacker) on the wire */
	PARTY_COUNT,
};

enum fact_kind {
	FACT_INFO,		/* a labelled value: "server name: mail.example.test" */
	FACT_KEY,		/* key material or ciphertext, value in hex */
	FACT_SECRET,		/* a secret key this party holds, hex */
	FACT_CHECK_OK,		/* a check that passed */
	FACT_CHECK_FAIL,	/* a check that failed; value says why */
	FACT_CLEAR,		/* sniffer: a line it read in clear */
	FACT_CIPHER,		/* sniffer: an encrypted record it cannot read */
	FACT_CREDENTIAL,	/* sniffer: a user name and password it recovered */
	FACT_META,		/* sniffer: addresses, ports, sizes, timing */
	FACT_ALERT,		/* something went wrong / attacker action */
};

struct fact {
	enum fact_kind kind;
	enum wire_dir dir;	/* FACT_CLEAR / FACT_CIPHER: which way it went */
	int frame;		/* index of the frame it came from, or -1 */
	char *label;		/* a message id, short, may be empty for log lines */
	struct fact_value v;	/* what it learnt: message id and arguments */
	char *value;		/* v rendered (English, or as timeline_localize
				   last set it); printable UTF-8, no control bytes */
};

struct event {
	int step;		/* handshake step 1..8, or 0 for a protocol event */
	char *name;		/* stable id for lessons: "starttls", "step5" */
	char *title;		/* "Wrap the session key" */
	enum party actor;
	unsigned link;		/* the link the event happens on */
	size_t frame_first;	/* frames emitted: [first, first + count) */
	size_t frame_count;
	size_t known[PARTY_COUNT];	/* facts known after this event */
};

/*
 * One secret of the NSS key log format (what Wireshark reads with
 * tls.keylog_file): the session secrets of one handshake, by the client
 * random that names the handshake.  The classic model's session key has a
 * label of our own, which Wireshark ignores.
 */
struct keylog_entry {
	char label[40];		/* "CLIENT_RANDOM", "CLIENT_TRAFFIC_SECRET_0", ... */
	uint8_t client_random[32];
	uint8_t secret[48];
	size_t len;		/* 32, or 48 for TLS 1.2's master secret */
	unsigned link;		/* the link whose handshake made it */
};

#define KEYLOG_CLASSIC "TLSSIM_CLASSIC_SESSION_KEY"

/*
 * A protected record as the endpoint that received it read it: opened
 * once, when the run was built, with the run's own secrets, so that the
 * packet inspector shows the plaintext, key and nonce without doing any
 * cryptography.  Plaintext and key live in the timeline's arena.
 */
struct opening {
	size_t frame;		/* the frame that carries the record */
	size_t off, len;	/* the record within it, header included */
	uint8_t type;		/* its real content type (TLS 1.3 hides it inside) */
	const char *aead;	/* "ChaCha20-Poly1305", "XChaCha20-Poly1305" */
	const uint8_t *plain;	/* the plaintext, in the arena */
	size_t plain_len;
	const uint8_t *key;	/* 32 bytes, in the arena */
	uint8_t nonce[24];	/* per-record nonce: never sent */
	size_t nonce_len;	/* 12 (TLS) or 24 (the classic model) */
	uint64_t seq;		/* the record's sequence number */
};

struct timeline {
	struct scenario sc;
	struct wire_link links[4];
	size_t n_links;
	struct wire_frame *frames;
	size_t n_frames;
	struct event *events;
	size_t n_events;
	struct keylog_entry *keylog;	/* every handshake's session secrets */
	size_t n_keylog;
	struct opening *openings;	/* every protected record, by frame order */
	size_t n_openings;
	struct arena opened;	/* the openings' plaintexts and keys */
	struct fact *facts[PARTY_COUNT];
	size_t n_facts[PARTY_COUNT];
	int outcome;		/* 0 completed; -1 a side aborted (see last event) */
	size_t cap_events, cap_frames, cap_facts[PARTY_COUNT], cap_keylog;	/* while building */
};

/* Frees a timeline; accepts NULL. */
void timeline_free(struct timeline *tl);

/*
 * The facts a party knows after event ev (ev < n_events), with superseded
 * labelled facts removed, in the order they were first learnt.  Fills out
 * with pointers into the timeline (at most max) and returns the count.
 * Log-like facts (FACT_CLEAR, FACT_CIPHER, FACT_META, FACT_CREDENTIAL,
 * FACT_ALERT without label) are never superseded.
 */
size_t timeline_view(const struct timeline *tl, size_t ev, enum party p,
		     const struct fact **out, size_t max);

/* Index of the first event with that name, or with that step; -1 if none. */
int timeline_find(const struct timeline *tl, const char *name);
int timeline_find_step(const struct timeline *tl, int step);

/* Facts a party learnt during event ev alone: [*first, *first + *count). */
void timeline_new_facts(const struct timeline *tl, size_t ev, enum party p,
			size_t *first, size_t *count);

const char *party_name(enum party p);

/*
 * Building, for sim/ only.  Frames and facts added after an event belong
 * to it, so add the event first.
 */
size_t timeline_add_event(struct timeline *tl, int step, const char *name,
			  const char *title, enum party actor, unsigned link);
size_t timeline_add_frame(struct timeline *tl, unsigned link, enum wire_dir dir,
			  uint64_t time_us, const uint8_t *bytes, size_t len);
/* Moves v into the new fact (v is left zeroed). */
void timeline_add_fact(struct timeline *tl, enum party p, enum fact_kind kind,
		       enum wire_dir dir, int frame, const char *label, struct fact_value *v);

/*
 * Appends a copy of o; its plaintext and key are copied into the arena,
 * which must have been sized for them (timeline_opening_bytes).
 */
void timeline_add_opening(struct timeline *tl, const struct opening *o);
/* Arena bytes one opening of plain_len bytes takes. */
size_t timeline_opening_bytes(size_t plain_len);

/* The openings of one frame: [*first, *first + return value). */
size_t timeline_frame_openings(const struct timeline *tl, size_t frame, size_t *first);

/* Appends a copy of one key log secret. */
void timeline_add_keylog(struct timeline *tl, const struct keylog_entry *e);

/*
 * Renders every fact's value again in the language of tr (NULL: English).
 * The one change a view makes to a built timeline; call it before viewing.
 */
void timeline_localize(struct timeline *tl, fact_translate_fn tr);

#endif
