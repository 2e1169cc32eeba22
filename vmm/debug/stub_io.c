/* The stub's socket and thread. The socket is bound before the sandbox;
 * afterwards the thread only accepts on it, reads, writes and polls. gdb's
 * bytes go through gdb/server.c under the stub's lock; replies are written
 * with a deadline, so a client that stops reading is dropped, not waited on. */
#include "debug/stub_internal.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/errmsg.h"

#define WRITE_DEADLINE_MS 5000

static int listen_unix(struct gdbstub *g, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (!*path || strlen(path) >= sizeof(sa.sun_path))
		return errmsg(err, errlen, "gdb socket path '%s' is empty or too long", path);
	strcpy(sa.sun_path, path);
	/* A socket left by an earlier run is replaced; any other file is not. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return errmsg(err, errlen, "%s exists and is not a socket", path);
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errmsg(err, errlen, "socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
		errmsg(err, errlen, "gdb socket %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	g->listen_fd = fd;
	snprintf(g->where, sizeof(g->where), "%s", path);
	return 0;
}

static int listen_tcp(struct gdbstub *g, const char *spec, char *err, size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	const char *colon = strrchr(spec, ':');
	char host[64], *end;
	socklen_t len = sizeof(sa);
	unsigned long port;
	int fd, one = 1;

	if (!colon || (size_t)(colon - spec) >= sizeof(host))
		return errmsg(err, errlen, "gdb address '%s' is not HOST:PORT or unix:PATH", spec);
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		return errmsg(err, errlen, "gdb address '%s': bad port", spec);
	/* No host: this machine only, as gdb's "target remote :PORT" expects. */
	if (!*host || !strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return errmsg(err, errlen, "gdb address '%s': '%s' is not an IPv4 address", spec, host);
	sa.sin_port = htons((uint16_t)port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errmsg(err, errlen, "socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Accepted sockets inherit it: one packet, one segment, no Nagle delay. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		errmsg(err, errlen, "gdb address %s: %s", spec, strerror(errno));
		close(fd);
		return -1;
	}
	g->listen_fd = fd;
	snprintf(g->where, sizeof(g->where), "%s:%u", host, ntohs(sa.sin_port));
	return 0;
}

int stub_listen(struct gdbstub *g, char *err, size_t errlen)
{
	const char *a = g->cfg.addr;

	if (!a || !*a)
		return errmsg(err, errlen, "no gdb address");
	if (!strncmp(a, "unix:", 5))
		return listen_unix(g, a + 5, err, errlen);
	return listen_tcp(g, a, err, errlen);
}

void stub_close_sockets(struct gdbstub *g)
{
	if (g->conn_fd >= 0)
		close(g->conn_fd);
	if (g->listen_fd >= 0)
		close(g->listen_fd);
	g->conn_fd = g->listen_fd = -1;
}

/* Writes what the engine queued. Returns -1 when the client is gone or
 * stopped reading. */
static int flush(struct gdbstub *g)
{
	size_t off = 0;

	while (off < g->srv.out_len) {
		ssize_t w = write(g->conn_fd, g->srv.out + off, g->srv.out_len - off);
		struct pollfd p = { g->conn_fd, POLLOUT, 0 };

		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN && poll(&p, 1, WRITE_DEADLINE_MS) > 0)
			continue;
		g->srv.out_len = 0;
		return -1;
	}
	g->srv.out_len = 0;
	return 0;
}

static void drop_client(struct gdbstub *g)
{
	close(g->conn_fd);
	g->conn_fd = -1;
	g->connected = 0;
}

/* gdb went away without detaching (or after): as after a detach, the
 * breakpoints go and the guest runs on. */
static void lost_client(struct gdbstub *g)
{
	int killed = g->srv.closing;

	drop_client(g);
	if (!killed)
		stub_let_go(g);
}

static void accept_client(struct gdbstub *g)
{
	struct gdb_stop first;
	int fd = accept4(g->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	g->conn_fd = fd;
	g->connected = 1;
	/* All-stop: gdb meets a stopped guest. */
	if (g->state == STUB_RUNNING)
		stub_request_stop(g);
	while (g->state != STUB_STOPPED && !g->quit && !g->postmortem)
		pthread_cond_wait(&g->cond, &g->lock);
	first = stub_take_event(g);
	if (first.signal == GDB_SIGINT)
		first.signal = GDB_SIGTRAP; /* nobody pressed Ctrl-C: a plain stop */
	gdb_server_init(&g->srv, &stub_target_ops, g, gdb_regset(g->layout), g->tdesc,
			g->tdesc_len, &first);
	g->reported = 1;
}

static void read_client(struct gdbstub *g)
{
	uint8_t buf[4096];
	ssize_t n = read(g->conn_fd, buf, sizeof(buf));
	size_t off = 0;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		lost_client(g);
		return;
	}
	while (off < (size_t)n && g->connected) {
		off += gdb_server_input(&g->srv, buf + off, (size_t)n - off);
		if (flush(g) < 0) {
			lost_client(g);
			return;
		}
		if (g->srv.closing) {
			drop_client(g);
			return;
		}
	}
}

/* A stop gdb has not heard of: the answer to its pending resume. */
static void report_stop(struct gdbstub *g)
{
	struct gdb_stop ev;

	if (g->state != STUB_STOPPED || g->reported || !g->srv.running)
		return;
	ev = stub_take_event(g);
	g->reported = 1;
	gdb_server_stopped(&g->srv, &ev);
	if (flush(g) < 0)
		lost_client(g);
}

static void drain_wake(struct gdbstub *g)
{
	char buf[64];

	while (read(g->wake[0], buf, sizeof(buf)) > 0)
		;
}

void *stub_thread_main(void *arg)
{
	struct gdbstub *g = arg;
	sigset_t pipe;

	/* A client that hung up makes write() fail with EPIPE; the signal
	 * stays blocked on this thread instead of killing the run. */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, NULL);

	pthread_mutex_lock(&g->lock);
	for (;;) {
		struct pollfd p[2] = { { g->wake[0], POLLIN, 0 },
				       { g->connected ? g->conn_fd : g->listen_fd, POLLIN, 0 } };

		if (g->quit)
			break;
		pthread_mutex_unlock(&g->lock);
		poll(p, 2, -1);
		drain_wake(g);
		pthread_mutex_lock(&g->lock);
		if (g->quit)
			break;
		if (p[1].revents && !g->connected)
			accept_client(g);
		else if (p[1].revents)
			read_client(g);
		if (g->connected)
			report_stop(g);
	}
	/* The run is over: gdb hears its exit code. */
	if (g->connected && !g->srv.closing) {
		gdb_server_exited(&g->srv, g->exit_code);
		flush(g);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}
