/* The parent takes its timestamp right before fork: that is "process start"
 * for the cold-start numbers, the same for uvmm, the raw loop and QEMU. */
#include "bench/bench_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "bench/bench_child.h"

/* Reads fd to EOF into out (keeps what fits). */
static void drain(int fd, char *out, size_t outlen)
{
	size_t have = 0;
	char sink[4096];

	for (;;) {
		size_t room = have + 1 < outlen ? outlen - 1 - have : 0;
		ssize_t n = room ? read(fd, out + have, room) : read(fd, sink, sizeof(sink));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (room)
			have += (size_t)n;
	}
	if (outlen)
		out[have] = 0;
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int bench_fork_sample(enum bench_mode mode, const char *image, const char *cmdline,
		      const char *trace, struct bench_sample *s, FILE *log)
{
	char line[256];
	int fds[2], st;
	pid_t pid;

	memset(s, 0, sizeof(*s));
	fflush(NULL);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	s->start_ns = now_ns();
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		_exit(bench_child_run(mode, image, cmdline, trace, fds[1], log) < 0 ? 1 : 0);
	}
	close(fds[1]);
	drain(fds[0], line, sizeof(line));
	close(fds[0]);
	st = wait_status(pid);
	if (st != 0 || bench_sample_parse(line, s) < 0)
		return -1;
	return 0;
}

/* Starts argv with standard input and error on /dev/null and its output into a pipe
 * whose read end goes to *rfd; own_group: the child leads its own process
 * group (what it starts goes with it). *t0 is just before the fork.
 * Returns the pid, or -1. */
static pid_t spawn_piped(char *const argv[], const char *cwd, int own_group, int *rfd,
			 uint64_t *t0)
{
	int fds[2];
	pid_t pid;

	fflush(NULL);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	*t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (own_group)
			setpgid(0, 0);
		if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(null, 2) < 0 ||
		    (cwd && chdir(cwd) < 0))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	*rfd = fds[0];
	return pid;
}

int bench_exec(char *const argv[], char *out, size_t outlen, uint64_t *start_ns,
	       uint64_t *wall_ns)
{
	uint64_t t0;
	int fd, st;
	pid_t pid = spawn_piped(argv, NULL, 0, &fd, &t0);

	if (pid < 0)
		return -1;
	drain(fd, out, outlen);
	close(fd);
	st = wait_status(pid);
	*wall_ns = now_ns() - t0;
	if (start_ns)
		*start_ns = t0;
	return st;
}

int bench_exec_first_output(char *const argv[], const char *cwd, uint64_t *first_ns)
{
	uint64_t t0;
	int fd, st;
	char c;
	ssize_t n;
	pid_t pid;

	*first_ns = 0;
	pid = spawn_piped(argv, cwd, 1, &fd, &t0);
	if (pid < 0)
		return -1;
	do
		n = read(fd, &c, 1);
	while ((n < 0 && errno == EINTR) || (n == 1 && c != '\n'));
	if (n == 1)
		*first_ns = now_ns() - t0;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	close(fd);
	st = wait_status(pid);
	return n == 1 ? 0 : st < 0 ? -1 : st;
}
