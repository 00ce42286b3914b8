/*
 * class_net: frames, buffers and the clock of a classroom session (see
 * class_net.h).
 */
#include "class_net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

uint64_t class_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int class_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -1 : 0;
}

int class_fill(int fd, struct class_inbuf *in)
{
	size_t room = sizeof in->b - in->len;
	if (room == 0)
		return 0;	/* a whole frame waits to be taken */
	ssize_t r = recv(fd, in->b + in->len, room, 0);
	if (r > 0) {
		in->len += (size_t)r;
		return 1;
	}
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	return -1;
}

int class_frame_next(const struct class_inbuf *in, const uint8_t **p, size_t *n)
{
	if (in->len < 2)
		return 0;
	size_t len = (size_t)in->b[0] << 8 | in->b[1];
	if (len > CLASS_FRAME_MAX)
		return -1;
	if (in->len - 2 < len)
		return 0;
	*p = in->b + 2;
	*n = len;
	return 1;
}

void class_frame_drop(struct class_inbuf *in)
{
	size_t used = 2 + ((size_t)in->b[0] << 8 | in->b[1]);
	if (in->len < 2 || used > in->len)
		return;
	memmove(in->b, in->b + used, in->len - used);
	in->len -= used;
}

int class_out_frame(struct class_outbuf *out, const uint8_t *p, size_t n)
{
	if (n > CLASS_FRAME_MAX)
		return -1;
	if (out->off) {		/* what was sent makes room */
		memmove(out->b, out->b + out->off, out->len - out->off);
		out->len -= out->off;
		out->off = 0;
	}
	size_t need = out->len + 2 + n;
	if (need > out->cap)
		return -1;
	if (need > out->alloc) {
		size_t size = out->alloc ? out->alloc : 4096;
		while (size < need)
			size *= 2;
		size = size < out->cap ? size : out->cap;
		uint8_t *b = realloc(out->b, size);
		if (!b)
			return -1;
		out->b = b;
		out->alloc = size;
	}
	out->b[out->len] = (uint8_t)(n >> 8);
	out->b[out->len + 1] = (uint8_t)n;
	memcpy(out->b + out->len + 2, p, n);
	out->len = need;
	return 0;
}

int class_out_msg(struct class_outbuf *out, struct class_chan *chan, const struct class_msg *m)
{
	uint8_t plain[CLASS_MSG_MAX], sealed[CLASS_FRAME_MAX];
	int n = class_msg_encode(m, plain, sizeof plain);
	if (n < 0)
		return -1;
	int s = class_chan_seal(chan, plain, (size_t)n, sealed, sizeof sealed);
	return s < 0 ? -1 : class_out_frame(out, sealed, (size_t)s);
}

int class_flush(int fd, struct class_outbuf *out)
{
	while (out->off < out->len) {
		ssize_t w = send(fd, out->b + out->off, out->len - out->off, MSG_NOSIGNAL);
		if (w > 0) {
			out->off += (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return 0;
		return -1;
	}
	out->len = out->off = 0;
	return 0;
}

void class_out_free(struct class_outbuf *out)
{
	free(out->b);
	out->b = NULL;
	out->len = out->off = out->alloc = 0;
}

int class_open_msg(struct class_chan *chan, const uint8_t *p, size_t n, uint8_t *buf,
		   struct class_msg *m)
{
	int len = class_chan_open(chan, p, n, buf, CLASS_MSG_MAX);
	if (len < 0)
		return -1;
	return class_msg_decode(buf, (size_t)len, m);
}
