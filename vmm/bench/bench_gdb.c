/* The client is deliberately small: ack mode, one request and one reply
 * at a time, the time from the last byte sent to the whole reply read. The
 * same bytes go to uvmm and to QEMU, so the figures compare the stubs. */
#include "bench/bench_gdb.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gdb/packet.h"
#include "loader/image_file.h"
#include "loader/symbols.h"
#include "util/clock.h"

#define REPLY_TIMEOUT_MS 20000

struct client {
	int fd;
	struct gdb_rx rx;
	char reply[GDB_PACKET_MAX + 1];
};

static int send_pkt(struct client *c, const char *payload)
{
	uint8_t frame[GDB_FRAME_MAX];
	size_t n = gdb_frame(frame, sizeof(frame), (const uint8_t *)payload, strlen(payload));

	return n && write(c->fd, frame, n) == (ssize_t)n ? 0 : -1;
}

/* The next packet's payload into c->reply (acks skipped). */
static int recv_pkt(struct client *c)
{
	for (;;) {
		uint8_t buf[4096];
		struct pollfd p = { c->fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, REPLY_TIMEOUT_MS) <= 0)
			return -1;
		n = read(c->fd, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		for (ssize_t i = 0; i < n; i++)
			if (gdb_rx_byte(&c->rx, buf[i]) == GDB_RX_PACKET) {
				memcpy(c->reply, c->rx.buf, c->rx.len + 1);
				if (write(c->fd, "+", 1) != 1)
					return -1;
				return 0; /* one request at a time: nothing follows */
			}
	}
}

static int ask(struct client *c, const char *payload)
{
	return send_pkt(c, payload) < 0 ? -1 : recv_pkt(c);
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (int tries = 0; tries < 400; tries++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		usleep(10000);
	}
	return -1;
}

static pid_t spawn(enum bench_gdb_target t, const char *self, const char *image, const char *sock)
{
	char gdb_arg[256], unix_arg[256];
	pid_t pid;

	snprintf(unix_arg, sizeof(unix_arg), "unix:%s", sock);
	snprintf(gdb_arg, sizeof(gdb_arg), "unix:%s,server=on,wait=off", sock);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		char *uvmm[] = { (char *)self, "run", "--quiet", "--gdb", unix_arg, (char *)image, NULL };
		char *qemu[] = { "qemu-system-x86_64", "-M", "microvm", "-accel", "tcg", "-nodefaults",
				 "-nographic", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
				 "-kernel", (char *)image, "-S", "-gdb", gdb_arg, NULL };

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (t == BENCH_GDB_UVMM)
			execv(self, uvmm);
		else
			execvp(qemu[0], qemu);
		_exit(127);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;

	for (int i = 0; i < 200; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* n requests of payload, each answered by a stop reply: mean microseconds. */
static double timed(struct client *c, const char *payload, unsigned n)
{
	uint64_t t0 = now_ns();

	for (unsigned i = 0; i < n; i++)
		if (ask(c, payload) < 0 || c->reply[0] != 'T')
			return -1;
	return (double)(now_ns() - t0) / 1e3 / n;
}

static int session(struct client *c, uint64_t bp, unsigned n, struct bench_gdb_result *r)
{
	char z[64];

	/* Acks stay on: QEMU's stub (Debian's 7.2) has no QStartNoAckMode. */
	if (ask(c, "qSupported:swbreak+;hwbreak+") < 0 || !strstr(c->reply, "PacketSize"))
		return snprintf(r->note, sizeof(r->note), "no handshake"), -1;
	if (ask(c, "?") < 0)
		return snprintf(r->note, sizeof(r->note), "no stop reply"), -1;
	snprintf(z, sizeof(z), "Z0,%llx,1", (unsigned long long)bp);
	if (ask(c, z) < 0 || strcmp(c->reply, "OK") != 0)
		return snprintf(r->note, sizeof(r->note), "breakpoint refused (%.40s)", c->reply), -1;
	/* The first hit boots the guest; the others are the loop. */
	if (timed(c, "vCont;c", 1) < 0 || (r->bp_us = timed(c, "vCont;c", n)) < 0)
		return snprintf(r->note, sizeof(r->note), "continue failed"), -1;
	z[0] = 'z';
	if (ask(c, z) < 0 || (r->step_us = timed(c, "vCont;s:1", n)) < 0)
		return snprintf(r->note, sizeof(r->note), "stepi failed"), -1;
	send_pkt(c, "k");
	return 0;
}

int bench_gdb_measure(enum bench_gdb_target t, const char *self, const char *image,
		      unsigned n, struct bench_gdb_result *r)
{
	struct client *c = calloc(1, sizeof(*c));
	struct symbols *syms = NULL;
	char sock[128], err[128];
	uint8_t *img = NULL;
	size_t len;
	uint64_t bp;
	pid_t pid;
	int rc = -1;

	r->step_us = r->bp_us = -1;
	r->note[0] = 0;
	if (!c)
		return snprintf(r->note, sizeof(r->note), "out of memory"), -1;
	if (image_read_file(image, &img, &len, err, sizeof(err)) < 0 ||
	    !(syms = symbols_load(img, len, err, sizeof(err))) ||
	    symbols_address(syms, "gdb_bench_tick", &bp) < 0) {
		snprintf(r->note, sizeof(r->note), "%s: no gdb_bench_tick", image);
		goto out;
	}
	if ((size_t)snprintf(sock, sizeof(sock), "%s/uvmm-bench-gdb-%d.sock",
			     getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid()) >= 108) {
		snprintf(r->note, sizeof(r->note), "TMPDIR too long for a unix socket path");
		goto out;
	}
	unlink(sock);
	pid = spawn(t, self, image, sock);
	if (pid < 0) {
		snprintf(r->note, sizeof(r->note), "fork: %s", strerror(errno));
		goto out;
	}
	gdb_rx_init(&c->rx);
	c->fd = connect_to(sock);
	if (c->fd < 0)
		snprintf(r->note, sizeof(r->note), "%s did not open its gdb socket",
			 t == BENCH_GDB_UVMM ? "uvmm" : "qemu-system-x86_64");
	else
		rc = session(c, bp, n, r);
	if (c->fd >= 0)
		close(c->fd);
	kill(pid, SIGTERM);
	reap(pid);
	unlink(sock);
out:
	symbols_free(syms);
	free(img);
	free(c);
	return rc;
}
