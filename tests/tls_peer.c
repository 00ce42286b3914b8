/*
 * tls_peer: the engine on a real socket, to prove it speaks the same TLS
 * as OpenSSL (driven by tests/interop.sh).  Not part of tlssim.
 *
 *   tls_peer --free-port
 *   tls_peer [--tls 1.3|1.2] --client PORT [--name NAME] --send LINE --expect LINE [--keylog FILE]
 *   tls_peer [--tls 1.3|1.2] --server PORT-FILE [--keylog FILE] --send LINE --expect LINE
 *
 * The client connects to 127.0.0.1:PORT; the server listens on a free
 * loopback port and writes its number to PORT-FILE.  Each side sends its
 * line, waits for the peer's, then both exchange close_notify.  Exit 0
 * only when everything happened; every wait is bounded.  Cutting the TCP
 * stream into records (tls_rec_frame) is this program's job, not the
 * engine's.  The server's certificates and key are those of
 * tests/data/tls-kat/ (run from the top of the tree).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rng.h"
#include "tls12.h"
#include "tls13.h"
#include "tls_hex.h"

#define WAIT_MS 5000
#define KAT "tests/data/tls-kat/"

struct opts {
	const char *tls;	/* "1.3" (sim/tls13) or "1.2" (sim/tls12) */
	bool server;
	const char *port;	/* client: the port; server: file to write it to */
	const char *name, *send, *expect, *keylog;
};

/* The socket and what has arrived but is not yet a whole record. */
struct peer {
	int fd;
	struct buf in;
	uint8_t rec[TLS_REC_HEADER + TLS_REC_MAX_BODY];
};

static int die(const char *what)
{
	fprintf(stderr, "tls_peer: %s\n", what);
	return 1;
}

static int send_all(int fd, const struct buf *b)
{
	for (size_t at = 0; at < b->len;) {
		ssize_t n = send(fd, b->p + at, b->len - at, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		at += (size_t)n;
	}
	return 0;
}

/* The next whole record into p->rec: its length, 0 at end of stream, -1 on error or timeout. */
static long next_record(struct peer *p)
{
	for (;;) {
		long n = tls_rec_frame(p->in.p, p->in.len);
		if (n < 0)
			return -1;
		if (n > 0) {
			memcpy(p->rec, p->in.p, (size_t)n);
			memmove(p->in.p, p->in.p + n, p->in.len - (size_t)n);
			p->in.len -= (size_t)n;
			return n;
		}
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
		if (poll(&pfd, 1, WAIT_MS) <= 0)
			return -1;
		uint8_t tmp[4096];
		ssize_t got = recv(p->fd, tmp, sizeof tmp, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got == 0 && p->in.len == 0 ? 0 : -1;
		buf_put(&p->in, tmp, (size_t)got);
	}
}

static void keylog_cb(void *ctx, const char *label, const uint8_t cr[32], const uint8_t *secret,
		      size_t len)
{
	FILE *f = ctx;
	fprintf(f, "%s ", label);
	for (int i = 0; i < 32; i++)
		fprintf(f, "%02x", cr[i]);
	fputc(' ', f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", secret[i]);
	fputc('\n', f);
	fflush(f);
}

/* The test's certificate check: the leaf's Ed25519 key (X.509 is another module's job). */
static int verify_cb(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
		     uint8_t pk[32])
{
	(void)ctx;
	return n >= 1 && find_ed25519_pk(certs[0], lens[0], pk) == 0 ? 0 : -1;
}

/* On failure: say why and send the alert the engine owes. */
static int fail13(struct peer *p, struct tls13_conn *t, const char *what)
{
	struct buf b = { 0 };
	if (tls13_alert_record(t, &b) == 0)
		(void)send_all(p->fd, &b);
	buf_free(&b);
	fprintf(stderr, "tls_peer: %s (state %s, alert %s, peer alert %d)\n", what,
		tls13_state_name(t->state), tls13_alert_name(t->alert), t->peer_alert);
	return 1;
}

/*
 * After the handshake, both sides alike: send our line, read until the
 * peer's line has come, close, and wait for the peer's close_notify.
 */
static int converse13(struct peer *p, struct tls13_conn *t, const struct opts *o)
{
	struct buf out = { 0 }, got = { 0 };
	char line[512];
	int closed = 0, rc = 1;

	snprintf(line, sizeof line, "%s\n", o->send);
	if (tls13_seal_app(t, (const uint8_t *)line, strlen(line), &out) < 0 ||
	    send_all(p->fd, &out) < 0)
		return fail13(p, t, "cannot send the line");
	while (!memchr(got.p ? got.p : (const uint8_t *)"", '\n', got.len)) {
		long n = next_record(p);
		if (n <= 0 || (closed = tls13_open_app(t, p->rec, (size_t)n, &got)) != 0)
			goto out;
	}
	if (got.len - 1 != strlen(o->expect) || memcmp(got.p, o->expect, got.len - 1) != 0) {
		fprintf(stderr, "tls_peer: got \"%.*s\"\n", (int)got.len, (const char *)got.p);
		goto out;
	}
	out.len = 0;
	if (tls13_close(t, &out) < 0 || send_all(p->fd, &out) < 0)
		goto out;
	/* The peer's close_notify, or the end of the stream from a peer that just leaves. */
	for (;;) {
		long n = next_record(p);
		if (n == 0 || (n > 0 && (closed = tls13_open_app(t, p->rec, (size_t)n, &got)) == 1))
			break;
		if (n < 0 || closed < 0)
			goto out;
	}
	printf("tls_peer: exchanged lines, closed (%s)\n", tls13_state_name(t->state));
	rc = 0;
out:
	if (rc != 0 && closed >= 0)
		fprintf(stderr, "tls_peer: the conversation broke off (state %s)\n",
			tls13_state_name(t->state));
	if (rc != 0 && closed < 0)
		rc = fail13(p, t, "a record was refused");
	buf_free(&out);
	buf_free(&got);
	return rc;
}

static int client13(struct peer *p, const struct opts *o, struct arena *a, FILE *kl)
{
	struct tls13_client c;
	struct buf out = { 0 };
	int rc = 1;

	tls13_client_init(&c, a, o->name, verify_cb, NULL);
	if (kl)
		tls13_set_keylog(&c.conn, keylog_cb, kl);
	if (tls13_client_hello(&c, &out) < 0 || send_all(p->fd, &out) < 0)
		goto out;
	while (c.conn.state != TLS13_SEND_FINISHED) {
		long n = next_record(p);
		if (n <= 0 || tls13_client_read(&c, p->rec, (size_t)n) < 0) {
			rc = fail13(p, &c.conn, "handshake failed");
			goto out;
		}
	}
	out.len = 0;
	if (tls13_client_finished(&c, &out) < 0 || send_all(p->fd, &out) < 0)
		goto out;
	printf("tls_peer: client connected; CertificateVerify %s, Finished %s\n",
	       c.conn.cv_verified ? "verified" : "NOT verified",
	       c.conn.server_fin_verified ? "verified" : "NOT verified");
	rc = converse13(p, &c.conn, o);
out:
	buf_free(&out);
	tls13_client_free(&c);
	return rc;
}

static int server13(struct peer *p, const struct opts *o, struct arena *a, FILE *kl)
{
	struct tls13_server s;
	struct buf out = { 0 };
	uint8_t *der[2] = { NULL, NULL }, pk[32], *sk = arena_alloc(a, 64);
	size_t len[2] = { 0, 0 };
	int rc = 1;

	der[0] = read_file(KAT "server.der", &len[0]);
	der[1] = read_file(KAT "ca.der", &len[1]);
	if (!der[0] || !der[1] || load_ed25519_pem(KAT "server.key", pk, sk) < 0) {
		rc = die("cannot read the certificates and key in " KAT);
		goto out;
	}
	const uint8_t *certs[2] = { der[0], der[1] };
	tls13_server_init(&s, a, certs, len, 2, sk);
	if (kl)
		tls13_set_keylog(&s.conn, keylog_cb, kl);
	while (s.conn.state == TLS13_START) {
		long n = next_record(p);
		if (n <= 0 || tls13_server_read(&s, p->rec, (size_t)n) < 0) {
			rc = fail13(p, &s.conn, "bad ClientHello");
			goto done;
		}
	}
	if (tls13_server_hello(&s, &out) < 0 || tls13_server_certificate(&s, &out) < 0 ||
	    tls13_server_finished(&s, &out) < 0) {
		rc = fail13(p, &s.conn, "cannot answer the ClientHello");
		goto done;
	}
	if (send_all(p->fd, &out) < 0)
		goto done;
	while (s.conn.state != TLS13_CONNECTED) {
		long n = next_record(p);
		if (n <= 0 || tls13_server_read(&s, p->rec, (size_t)n) < 0) {
			rc = fail13(p, &s.conn, "handshake failed");
			goto done;
		}
	}
	printf("tls_peer: server connected; client asked for \"%s\", its Finished %s\n",
	       s.conn.server_name, s.conn.client_fin_verified ? "verified" : "NOT verified");
	rc = converse13(p, &s.conn, o);
done:
	tls13_server_free(&s);
out:
	buf_free(&out);
	free(der[0]);
	free(der[1]);
	return rc;
}

/* ---- TLS 1.2 (sim/tls12): the engine appends its alerts to out itself. */

static int fail12(struct peer *p, struct tls12_conn *t, const struct buf *out, const char *what)
{
	if (out->len)
		(void)send_all(p->fd, out);
	fprintf(stderr, "tls_peer: %s (state %d, alert %s, peer alert %d)\n", what, t->state,
		t->alert_sent < 0 ? "none" : tls12_alert_name(t->alert_sent), t->alert_received);
	return 1;
}

/* As converse13: our line, the peer's line, close_notify both ways. */
static int converse12(struct peer *p, struct tls12_conn *t, const struct opts *o)
{
	struct buf out = { 0 }, got = { 0 };
	char line[512];
	int rc = 1;

	snprintf(line, sizeof line, "%s\n", o->send);
	if (tls12_write(t, (const uint8_t *)line, strlen(line), &out) < 0 ||
	    send_all(p->fd, &out) < 0)
		goto out;
	out.len = 0;
	while (!memchr(got.p ? got.p : (const uint8_t *)"", '\n', got.len)) {
		long n = next_record(p);
		if (n <= 0 || tls12_read(t, p->rec, (size_t)n, &got, &out) < 0 || t->peer_closed)
			goto out;
	}
	if (got.len - 1 != strlen(o->expect) || memcmp(got.p, o->expect, got.len - 1) != 0) {
		fprintf(stderr, "tls_peer: got \"%.*s\"\n", (int)got.len, (const char *)got.p);
		goto out;
	}
	if (tls12_close(t, &out) < 0 || send_all(p->fd, &out) < 0)
		goto out;
	out.len = 0;
	/* The peer's close_notify, or the end of the stream from a peer that just leaves. */
	while (!t->peer_closed) {
		long n = next_record(p);
		if (n == 0)
			break;
		if (n < 0 || tls12_read(t, p->rec, (size_t)n, &got, &out) < 0)
			goto out;
	}
	printf("tls_peer: exchanged lines, closed (TLS 1.2)\n");
	rc = 0;
out:
	if (rc != 0)
		fail12(p, t, &out, "the conversation broke off");
	buf_free(&out);
	buf_free(&got);
	return rc;
}

static int client12(struct peer *p, const struct opts *o, struct arena *a, FILE *kl)
{
	struct tls12_client c;
	struct buf out = { 0 };
	int r = 0, rc = 1;

	tls12_client_init(&c, a, o->name, verify_cb, NULL, kl ? keylog_cb : NULL, kl);
	if (tls12_client_hello(&c, &out) < 0 || send_all(p->fd, &out) < 0)
		goto out;
	out.len = 0;
	while (r == 0) {
		long n = next_record(p);
		r = n <= 0 ? -1 : tls12_client_read_server_flight(&c, p->rec, (size_t)n, &out);
	}
	if (r < 0 || tls12_client_key_exchange(&c, &out) < 0 ||
	    tls12_client_finished(&c, &out) < 0 || send_all(p->fd, &out) < 0) {
		rc = fail12(p, &c.c, &out, "handshake failed");
		goto out;
	}
	out.len = 0;
	for (r = 0; r == 0;) {
		long n = next_record(p);
		r = n <= 0 ? -1 : tls12_client_read_server_finished(&c, p->rec, (size_t)n, &out);
	}
	if (r < 0) {
		rc = fail12(p, &c.c, &out, "handshake failed");
		goto out;
	}
	printf("tls_peer: client connected; ServerKeyExchange signature %s, Finished %s\n",
	       c.c.ske_sig_ok ? "verified" : "NOT verified",
	       c.c.server_finished_ok ? "verified" : "NOT verified");
	rc = converse12(p, &c.c, o);
out:
	buf_free(&out);
	tls12_client_free(&c);
	return rc;
}

/* The handshake once the chain and key are loaded; the key log is written here. */
static int serve12(struct peer *p, struct tls12_server *s, struct buf *out, FILE *kl)
{
	int r = 0;

	while (r == 0) {
		long n = next_record(p);
		r = n <= 0 ? -1 : tls12_server_read_client_hello(s, p->rec, (size_t)n, out);
	}
	if (r < 0 || tls12_server_flight(s, out) < 0 || send_all(p->fd, out) < 0)
		return fail12(p, &s->c, out, "bad ClientHello");
	out->len = 0;
	for (r = 0; r == 0;) {
		long n = next_record(p);
		r = n <= 0 ? -1 : tls12_server_read_client_finished(s, p->rec, (size_t)n, out);
	}
	if (r < 0 || tls12_server_finished(s, out) < 0 || send_all(p->fd, out) < 0)
		return fail12(p, &s->c, out, "handshake failed");
	if (kl)
		keylog_cb(kl, "CLIENT_RANDOM", s->c.client_random, s->c.master, TLS12_MASTER_LEN);
	printf("tls_peer: server connected; client asked for \"%s\", its Finished %s\n",
	       s->server_name, s->c.client_finished_ok ? "verified" : "NOT verified");
	return 0;
}

static int server12(struct peer *p, const struct opts *o, struct arena *a, FILE *kl)
{
	struct tls12_server s;
	struct buf out = { 0 };
	uint8_t *der[2] = { NULL, NULL }, pk[32], *sk = arena_alloc(a, 64);
	size_t len[2] = { 0, 0 };
	int rc = 1;

	der[0] = read_file(KAT "server.der", &len[0]);
	der[1] = read_file(KAT "ca.der", &len[1]);
	if (!der[0] || !der[1] || load_ed25519_pem(KAT "server.key", pk, sk) < 0) {
		rc = die("cannot read the certificates and key in " KAT);
		goto out;
	}
	const uint8_t *certs[2] = { der[0], der[1] };
	tls12_server_init(&s, a, certs, len, 2, sk);
	if (serve12(p, &s, &out, kl) == 0)
		rc = converse12(p, &s.c, o);
	tls12_server_free(&s);
out:
	buf_free(&out);
	free(der[0]);
	free(der[1]);
	return rc;
}

/* A loopback socket: connected to port, or listening on a free port (*port set). */
static int loopback(bool listen_, unsigned *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)*port) };
	socklen_t sl = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (!listen_)
		return connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ? fd : (close(fd), -1);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Waits (bounded) for the one connection the server takes. */
static int accept_one(int lfd)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };
	if (poll(&pfd, 1, 4 * WAIT_MS) <= 0)
		return -1;
	return accept(lfd, NULL, NULL);
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){ .tls = "1.3", .name = "mail.example.test" };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--server") == 0 || strcmp(a, "--client") == 0) {
			o->server = a[2] == 's';
			o->port = v;
		} else if (strcmp(a, "--tls") == 0) {
			o->tls = v;
		} else if (strcmp(a, "--name") == 0) {
			o->name = v;
		} else if (strcmp(a, "--send") == 0) {
			o->send = v;
		} else if (strcmp(a, "--expect") == 0) {
			o->expect = v;
		} else if (strcmp(a, "--keylog") == 0) {
			o->keylog = v;
		} else {
			return -1;
		}
		if (!v)
			return -1;
		i++;
	}
	return o->port && o->send && o->expect && o->tls ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct peer p = { .fd = -1 };
	struct arena a = { 0 };
	unsigned port = 0;
	FILE *kl = NULL;
	int rc;

	if (argc == 2 && strcmp(argv[1], "--free-port") == 0) {
		int fd = loopback(true, &port);
		if (fd < 0)
			return die("no free port");
		close(fd);
		printf("%u\n", port);
		return 0;
	}
	if (parse_opts(argc, argv, &o) < 0) {
		fputs("usage: tls_peer [--tls 1.3|1.2] --client PORT|--server PORT-FILE --send LINE "
		      "--expect LINE [--name NAME] [--keylog FILE]\n", stderr);
		return 2;
	}
	bool v12 = strcmp(o.tls, "1.2") == 0;
	if (!v12 && strcmp(o.tls, "1.3") != 0) {
		fprintf(stderr, "tls_peer: TLS %s is not built in\n", o.tls);
		return 77;
	}
	if (rng_init() < 0 || arena_init(&a, 4096) < 0)
		return die("cannot initialise libsodium");
	if (o.keylog && !(kl = fopen(o.keylog, "w")))
		return die("cannot write the key log");
	if (o.server) {
		int lfd = loopback(true, &port);
		FILE *pf = lfd < 0 ? NULL : fopen(o.port, "w");
		if (!pf)
			return die("cannot listen on 127.0.0.1");
		fprintf(pf, "%u\n", port);
		fclose(pf);
		p.fd = accept_one(lfd);
		close(lfd);
	} else {
		port = (unsigned)strtoul(o.port, NULL, 10);
		p.fd = loopback(false, &port);
	}
	if (p.fd < 0)
		return die("no connection");
	if (v12)
		rc = o.server ? server12(&p, &o, &a, kl) : client12(&p, &o, &a, kl);
	else
		rc = o.server ? server13(&p, &o, &a, kl) : client13(&p, &o, &a, kl);
	close(p.fd);
	buf_free(&p.in);
	arena_free(&a);
	if (kl)
		fclose(kl);
	return rc;
}
