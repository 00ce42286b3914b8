/*
 * tls12_peer: the TLS 1.2 engine (sim/tls12) on a real socket, for
 * interoperability tests against OpenSSL (tests/e2e_interop12.sh).
 *
 *   tls12_peer client PORT NAME [KEYLOG]  connect to 127.0.0.1:PORT as NAME, send
 *                                         "EHLO client.example.test", print the reply line
 *   tls12_peer server PORTFILE            listen on a free loopback port (written
 *                                         to PORTFILE), take one client, print its
 *                                         line, answer "250 hello from the server"
 *   tls12_peer freeport                   print a free loopback port
 *
 * Both end with close_notify.  The certificate chain and key are those of
 * tests/data/tls-kat (run from the top of the tree); the client checks
 * the chain only as far as the test stand-in does: it takes the leaf's
 * Ed25519 key.  Every wait is bounded (5 seconds a read).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "rng.h"
#include "tls12.h"

#define KAT "tests/data/tls-kat/"

static const char ehlo[] = "EHLO client.example.test\r\n";
static const char banner[] = "250 hello from the server\r\n";

static int die(const char *what)
{
	fprintf(stderr, "tls12_peer: %s\n", what);
	return 1;
}

static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	*n = 0;
	if (!f)
		return NULL;
	uint8_t *p = xmalloc(1 << 16);
	*n = fread(p, 1, 1 << 16, f);
	fclose(f);
	return p;
}

static int send_all(int fd, struct buf *b)
{
	for (size_t at = 0; at < b->len;) {
		ssize_t k = send(fd, b->p + at, b->len - at, MSG_NOSIGNAL);
		if (k <= 0)
			return -1;
		at += (size_t)k;
	}
	b->len = 0;
	return 0;
}

/* The next whole record from the socket into rec; -1 on EOF, timeout or garbage. */
static int next_record(int fd, struct buf *in, struct buf *rec)
{
	long len;
	while ((len = tls_rec_frame(in->p, in->len)) == 0) {
		uint8_t chunk[4096];
		ssize_t k = recv(fd, chunk, sizeof chunk, 0);
		if (k <= 0)
			return -1;
		buf_put(in, chunk, (size_t)k);
	}
	if (len < 0)
		return -1;
	rec->len = 0;
	buf_put(rec, in->p, (size_t)len);
	memmove(in->p, in->p + len, in->len - (size_t)len);
	in->len -= (size_t)len;
	return 0;
}

/* Reads records until plain holds a whole line or the peer closes. */
static int read_line(int fd, struct tls12_conn *t, struct buf *in, struct buf *plain,
		     struct buf *out)
{
	struct buf rec = { 0 };
	int rc = 0;
	while (!memchr(plain->p ? plain->p : (uint8_t *)"", '\n', plain->len) && !t->peer_closed) {
		if (next_record(fd, in, &rec) < 0 || tls12_read(t, rec.p, rec.len, plain, out) < 0) {
			rc = -1;
			break;
		}
	}
	buf_free(&rec);
	return plain->len ? rc : -1;
}

/* Sends close_notify and waits (bounded) for the peer's. */
static void close_both(int fd, struct tls12_conn *t, struct buf *in, struct buf *out)
{
	struct buf rec = { 0 }, plain = { 0 };
	if (tls12_close(t, out) == 0)
		(void)send_all(fd, out);
	while (!t->peer_closed && next_record(fd, in, &rec) == 0 &&
	       tls12_read(t, rec.p, rec.len, &plain, out) == 0)
		;
	buf_free(&rec);
	buf_free(&plain);
}

static int find_ed25519(void *ctx, const uint8_t *const *certs, const size_t *lens, size_t n,
			uint8_t pk[32])
{
	static const uint8_t spki[12] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
					  0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
	(void)ctx;
	for (size_t i = 0; n > 0 && i + sizeof spki + 32 <= lens[0]; i++)
		if (memcmp(certs[0] + i, spki, sizeof spki) == 0) {
			memcpy(pk, certs[0] + i + sizeof spki, 32);
			return 0;
		}
	return -1;
}

static void keylog(void *ctx, const char *label, const uint8_t cr[32], const uint8_t *secret,
		   size_t len)
{
	FILE *f = ctx;
	fprintf(f, "%s ", label);
	for (size_t i = 0; i < 32; i++)
		fprintf(f, "%02x", cr[i]);
	fputc(' ', f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", secret[i]);
	fputc('\n', f);
	fflush(f);
}

static void bounded(int fd)
{
	struct timeval tv = { .tv_sec = 5 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static int loopback(struct sockaddr_in *sa, int port)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return socket(AF_INET, SOCK_STREAM, 0);
}

/* The server may still be starting: try for five seconds. */
static int dial(int port)
{
	struct sockaddr_in sa;
	for (int tries = 0; tries < 50; tries++) {
		int fd = loopback(&sa, port);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			bounded(fd);
			return fd;
		}
		if (fd >= 0)
			close(fd);
		usleep(100 * 1000);
	}
	return -1;
}

static int run_client(int port, const char *name, const char *keylog_path)
{
	struct arena a;
	struct tls12_client cl;
	struct buf in = { 0 }, rec = { 0 }, out = { 0 }, plain = { 0 };
	FILE *kl = keylog_path ? fopen(keylog_path, "w") : NULL;
	int fd = dial(port), rc = 1;

	if (fd < 0 || arena_init(&a, 4096) < 0)
		return die("cannot connect");
	tls12_client_init(&cl, &a, name, find_ed25519, NULL, kl ? keylog : NULL, kl);
	if (tls12_client_hello(&cl, &out) < 0 || send_all(fd, &out) < 0)
		goto done;
	int r = 0;
	while (r == 0) {
		r = next_record(fd, &in, &rec) < 0 ? -1
			: tls12_client_read_server_flight(&cl, rec.p, rec.len, &out);
	}
	if (r < 0 || tls12_client_key_exchange(&cl, &out) < 0 ||
	    tls12_client_finished(&cl, &out) < 0 || send_all(fd, &out) < 0)
		goto done;
	r = 0;
	while (r == 0) {
		r = next_record(fd, &in, &rec) < 0 ? -1
			: tls12_client_read_server_finished(&cl, rec.p, rec.len, &out);
	}
	if (r < 0 || tls12_write(&cl.c, (const uint8_t *)ehlo, strlen(ehlo), &out) < 0 ||
	    send_all(fd, &out) < 0 || read_line(fd, &cl.c, &in, &plain, &out) < 0)
		goto done;
	fwrite(plain.p, 1, plain.len, stdout);
	close_both(fd, &cl.c, &in, &out);
	rc = 0;
done:
	if (rc) {
		(void)send_all(fd, &out);	/* our alert, if any */
		fprintf(stderr, "tls12_peer: client failed in state %d, sent %s, got %s\n",
			cl.c.state, tls12_alert_name(cl.c.alert_sent),
			tls12_alert_name(cl.c.alert_received));
	}
	if (kl)
		fclose(kl);
	close(fd);
	tls12_client_free(&cl);
	buf_free(&in);
	buf_free(&rec);
	buf_free(&out);
	buf_free(&plain);
	arena_free(&a);
	return rc;
}

/* The test key: the seed is the last 32 bytes of server.key's base64 DER. */
static int load_key(uint8_t *sk)
{
	size_t n, dn;
	uint8_t pk[32], der[64];
	char *pem = (char *)read_file(KAT "server.key", &n);
	char *b64 = pem ? memchr(pem, '\n', n) : NULL, *end;
	int rc = -1;
	if (b64 && (end = memchr(b64 + 1, '\n', n - (size_t)(b64 + 1 - pem))) &&
	    sodium_base642bin(der, sizeof der, b64 + 1, (size_t)(end - b64 - 1), NULL, &dn, NULL,
			      sodium_base64_VARIANT_ORIGINAL) == 0 && dn >= 32)
		rc = crypto_sign_seed_keypair(pk, sk, der + dn - 32);
	sodium_memzero(der, sizeof der);
	free(pem);
	return rc;
}

static int serve(int fd, struct tls12_server *sv, struct buf *in, struct buf *out)
{
	struct buf rec = { 0 }, plain = { 0 };
	int r = 0, rc = -1;

	while (r == 0)
		r = next_record(fd, in, &rec) < 0 ? -1
			: tls12_server_read_client_hello(sv, rec.p, rec.len, out);
	if (r < 0 || tls12_server_flight(sv, out) < 0 || send_all(fd, out) < 0)
		goto done;
	r = 0;
	while (r == 0)
		r = next_record(fd, in, &rec) < 0 ? -1
			: tls12_server_read_client_finished(sv, rec.p, rec.len, out);
	if (r < 0 || tls12_server_finished(sv, out) < 0 || send_all(fd, out) < 0 ||
	    read_line(fd, &sv->c, in, &plain, out) < 0)
		goto done;
	fwrite(plain.p, 1, plain.len, stdout);
	fflush(stdout);
	if (tls12_write(&sv->c, (const uint8_t *)banner, strlen(banner), out) < 0 ||
	    send_all(fd, out) < 0)
		goto done;
	close_both(fd, &sv->c, in, out);
	rc = 0;
done:
	buf_free(&rec);
	buf_free(&plain);
	return rc;
}

static int run_server(const char *portfile)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	struct arena a;
	struct tls12_server sv;
	struct buf in = { 0 }, out = { 0 };
	size_t lens[2];
	uint8_t *der[2] = { read_file(KAT "server.der", &lens[0]), read_file(KAT "ca.der", &lens[1]) };
	const uint8_t *chain[2] = { der[0], der[1] };
	int one = 1, rc = 1, fd = -1, lfd = loopback(&sa, 0);

	if (!der[0] || !der[1] || arena_init(&a, 4096) < 0)
		return die("cannot read the test chain");
	uint8_t *sk = arena_alloc(&a, 64);
	tls12_server_init(&sv, &a, chain, lens, 2, sk);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	FILE *pf = NULL;
	if (load_key(sk) < 0 || lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(lfd, 1) < 0 || getsockname(lfd, (struct sockaddr *)&sa, &sl) < 0 ||
	    !(pf = fopen(portfile, "w"))) {
		die("cannot listen");
		goto done;
	}
	fprintf(pf, "%d\n", ntohs(sa.sin_port));
	fclose(pf);
	bounded(lfd);	/* accept waits five seconds at most */
	fd = accept(lfd, NULL, NULL);
	if (fd < 0) {
		die("nobody came");
		goto done;
	}
	bounded(fd);
	if (serve(fd, &sv, &in, &out) == 0)
		rc = 0;
	else {
		(void)send_all(fd, &out);
		fprintf(stderr, "tls12_peer: server failed in state %d, sent %s, got %s\n",
			sv.c.state, tls12_alert_name(sv.c.alert_sent),
			tls12_alert_name(sv.c.alert_received));
	}
done:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	tls12_server_free(&sv);
	buf_free(&in);
	buf_free(&out);
	free(der[0]);
	free(der[1]);
	arena_free(&a);
	return rc;
}

static int free_port(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int fd = loopback(&sa, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) < 0)
		return die("no free port");
	printf("%d\n", ntohs(sa.sin_port));
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (rng_init() < 0)
		return die("libsodium");
	if (argc >= 4 && strcmp(argv[1], "client") == 0)
		return run_client(atoi(argv[2]), argv[3], argc > 4 ? argv[4] : NULL);
	if (argc == 3 && strcmp(argv[1], "server") == 0)
		return run_server(argv[2]);
	if (argc == 2 && strcmp(argv[1], "freeport") == 0)
		return free_port();
	fputs("usage: tls12_peer client PORT NAME [KEYLOG] | server PORTFILE | freeport\n", stderr);
	return 2;
}
