/* fork/exec with two pipes and a poll loop against a deadline. */
#include "xplat/qemu_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/clock.h"

static void child(char *const argv[], int out, int err, pid_t parent)
{
	int null = open("/dev/null", O_RDONLY);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* the parent died before prctl */
		_exit(126);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	execvp(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void keep_out(struct spawn_result *r, const char *buf, size_t n, const char *marker,
		     double t0)
{
	size_t room = SPAWN_OUT_MAX - r->out_len, from;

	if (n > room)
		n = room;
	/* The marker may straddle two reads: search from just before the new bytes. */
	from = marker && r->out_len > strlen(marker) ? r->out_len - strlen(marker) : 0;
	memcpy(r->out + r->out_len, buf, n);
	r->out_len += n;
	r->out[r->out_len] = 0;
	if (marker && r->marker_at < 0 && strstr(r->out + from, marker))
		r->marker_at = now_seconds() - t0;
}

static void keep_err(struct spawn_result *r, const char *buf, size_t n, FILE *log,
		     int *line_start)
{
	size_t have = strlen(r->err);

	for (size_t i = 0; i < n; i++) {
		if (log && *line_start)
			fputs("qemu: ", log);
		if (log)
			fputc(buf[i], log);
		*line_start = buf[i] == '\n';
		if (have + 1 < sizeof(r->err))
			r->err[have++] = buf[i];
	}
	r->err[have] = 0;
}

void spawn_run(char *const argv[], double limit, const char *marker, FILE *log,
	       struct spawn_result *r)
{
	int out[2], err[2], open_fds = 2, err_line_start = 1, st = 0;
	double t0 = now_seconds();
	pid_t pid, self = getpid();
	char buf[4096];

	memset(r, 0, sizeof(*r));
	r->marker_at = -1;
	if (!(r->out = malloc(SPAWN_OUT_MAX + 1)))
		return;
	r->out[0] = 0;
	if (pipe2(out, O_CLOEXEC) < 0)
		return;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		return;
	}
	if (log)
		fflush(log);
	pid = fork();
	if (pid == 0)
		child(argv, out[1], err[1], self);
	close(out[1]);
	close(err[1]);
	if (pid < 0) {
		close(out[0]);
		close(err[0]);
		return;
	}
	r->launched = 1;
	while (open_fds) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
		double left = limit > 0 ? t0 + limit - now_seconds() : -1;
		int ms = limit > 0 ? (left <= 0 ? 0 : (int)(left * 1000) + 1) : -1;

		if (limit > 0 && left <= 0) {
			kill(pid, SIGKILL);
			r->timed_out = 1;
			break;
		}
		if (poll(p, 2, ms) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(i ? err[0] : out[0]);
				(i ? err : out)[0] = -1;
				open_fds--;
			} else if (i == 0) {
				if (log)
					fwrite(buf, 1, (size_t)n, log);
				keep_out(r, buf, (size_t)n, marker, t0);
			} else {
				keep_err(r, buf, (size_t)n, log, &err_line_start);
			}
		}
	}
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->seconds = now_seconds() - t0;
	r->exited = WIFEXITED(st);
	r->status = r->exited ? WEXITSTATUS(st) : WIFSIGNALED(st) ? WTERMSIG(st) : -1;
	if (log)
		fflush(log);
}

void spawn_result_free(struct spawn_result *r)
{
	free(r->out);
	r->out = NULL;
}
