/* Fork-per-test execution. The child never returns into the runner: it runs
 * the guest, writes the whole run_result and _exits, so nothing it does (a
 * crash, a wedged vCPU, leaked state) can reach the parent or other tests. */
#include "util/clock.h"
#include "suite/exec.h"
#include "hcall_abi.h"
#include "util/text_escape.h"
#include "suite/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct slot {
	struct exec_job *job;
	unsigned worker;     /* 0..parallel-1, free again once reaped */
	pid_t pid;
	int fd;              /* read end of the result pipe */
	double start;
	size_t got;          /* bytes of run_result received */
	int overflow;        /* the child sent more than a run_result */
	int killed;
};

static int hook_wants(const char *var, const char *name)
{
	const char *v = getenv(var);
	return v && fnmatch(v, name, 0) == 0;
}

static void apply_hooks(const char *name)
{
	if (hook_wants(SUITE_HOOK_CRASH, name)) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	if (hook_wants(SUITE_HOOK_SILENT, name))
		_exit(0);
	/* Stands for a library or a message that writes to the terminal. */
	if (hook_wants(SUITE_HOOK_STRAY, name)) {
		dprintf(STDOUT_FILENO, "stray stdout line of %s\n", name);
		dprintf(STDERR_FILENO, "uvmm: stray stderr line of %s\n", name);
	}
	if (hook_wants(SUITE_HOOK_WEDGE, name))
		for (;;)
			pause();
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The guest's reports with their reasons, for the log (and so for JUnit's
 * system-out): a passing case's reason is its record of what it saw (the
 * Popek-Goldberg audit, the IOMMU tests), which TAP and the verdict omit.
 * Not "uvmm: ...": the runner takes the first such line as a failure's hint. */
static void log_reports(FILE *log, const struct run_result *res)
{
	for (unsigned i = 0; i < res->nreports; i++) {
		const struct session_report *r = &res->reports[i];
		fprintf(log, "report %s ", hc_result_words[r->result >= 0 && r->result < 3 ? r->result : 1]);
		fput_escaped(log, r->name, strlen(r->name));
		if (r->reason[0]) {
			fputs(": ", log);
			fput_escaped(log, r->reason, strlen(r->reason));
		}
		fputc('\n', log);
	}
}

/* The child leads its own process group, so that stopping a test stops
 * whatever it started, and dies with the runner, so that nothing outlives it
 * even when the runner is SIGKILLed (SIGTERM: a VFIO test's handler restores
 * the device's host driver). */
static void child_detach(pid_t runner)
{
	suite_interrupt_child();
	setpgid(0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != runner)
		_exit(2);
}

static void child_main(struct exec_job *job, int log_fd, int result_fd, pid_t runner)
{
	struct run_result *res;
	struct run_request req = job->req;
	FILE *log;
	int failed;

	child_detach(runner);
	res = malloc(sizeof(*res));
	log = fdopen(log_fd, "w");
	if (!res || !log)
		_exit(2);
	/* Whatever in the child writes to the terminal (a library, a sanitizer,
	 * a message that missed its FILE) belongs to this test's log. */
	if (dup2(log_fd, STDOUT_FILENO) < 0 || dup2(log_fd, STDERR_FILENO) < 0)
		_exit(2);
	/* Line buffering keeps console and uvmm messages in order, and most of
	 * the log survives if the child dies. */
	setvbuf(log, NULL, _IOLBF, 0);
	apply_hooks(job->name);
	req.console = log;
	req.log = log;
	req.out = log;
	if (job->run_fn)
		job->run_fn(job, log, res);
	else
		run_guest(&req, res);
	log_reports(log, res);
	fflush(log);
	failed = write_all(result_fd, res, sizeof(*res)) < 0;
	free(res); /* valgrind checks for leaks at _exit too */
	_exit(failed ? 3 : 0);
}

static void launch_failed(struct exec_job *job, const char *what)
{
	snprintf(job->detail, sizeof(job->detail), "%s: %s", what, strerror(errno));
	job->outcome = (struct exec_outcome){ .status = EXEC_LAUNCH_FAILED, .detail = job->detail };
}

/* Returns 0 with the child running in s, or -1 with the job already ended. */
static int launch(struct slot *s, struct exec_job *job, unsigned worker)
{
	int p[2], log_fd;
	pid_t runner;

	memset(s, 0, sizeof(*s));
	s->job = job;
	s->worker = job->worker = worker;
	job->run = calloc(1, sizeof(*job->run));
	if (!job->run) {
		launch_failed(job, "out of memory");
		return -1;
	}
	log_fd = open(job->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		launch_failed(job, job->log_path);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		launch_failed(job, "pipe");
		close(log_fd);
		return -1;
	}
	fflush(NULL); /* or the child's stdio buffers would repeat the parent's output */
	s->start = now_seconds();
	runner = getpid();
	s->pid = fork();
	if (s->pid == 0) {
		close(p[0]);
		child_main(job, log_fd, p[1], runner);
	}
	close(log_fd);
	close(p[1]);
	if (s->pid < 0) {
		launch_failed(job, "fork");
		close(p[0]);
		return -1;
	}
	setpgid(s->pid, s->pid); /* also here: the group exists before any kill */
	s->fd = p[0];
	job->state = EXEC_JOB_RUNNING;
	return 0;
}

static void reap(struct slot *s)
{
	struct exec_job *job = s->job;
	int st = 0;

	close(s->fd);
	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	job->seconds = now_seconds() - s->start;
	if (s->killed)
		job->outcome = (struct exec_outcome){ .status = EXEC_KILLED, .limit = job->hard_limit };
	else if (WIFSIGNALED(st))
		job->outcome = (struct exec_outcome){ .status = EXEC_SIGNALED, .signo = WTERMSIG(st) };
	else if (s->got == sizeof(*job->run) && !s->overflow && WEXITSTATUS(st) == 0)
		job->outcome = (struct exec_outcome){ .status = EXEC_RAN, .run = job->run };
	else
		job->outcome = (struct exec_outcome){ .status = EXEC_NO_RESULT,
						      .exit_status = WEXITSTATUS(st) };
}

/* Reads what is there; returns 1 at end of file. */
static int drain(struct slot *s)
{
	char scratch[512];
	size_t want = sizeof(*s->job->run) - s->got;
	char *dst = want ? (char *)s->job->run + s->got : scratch;
	ssize_t r = read(s->fd, dst, want ? want : sizeof(scratch));

	if (r < 0)
		return errno != EINTR && errno != EAGAIN;
	if (r == 0)
		return 1;
	if (want)
		s->got += (size_t)r;
	else
		s->overflow = 1;
	return 0;
}

static int poll_timeout_ms(const struct slot *slots, unsigned n, unsigned tick_ms)
{
	double t = now_seconds(), soonest = tick_ms ? tick_ms / 1000.0 : -1;

	for (unsigned i = 0; i < n; i++) {
		double limit = slots[i].job->hard_limit;
		double left;
		if (limit <= 0 || slots[i].killed)
			continue;
		left = slots[i].start + limit - t;
		if (soonest < 0 || left < soonest)
			soonest = left;
	}
	if (soonest < 0)
		return -1;
	return soonest <= 0 ? 0 : (int)(soonest * 1000) + 1;
}

static void enforce_limits(struct slot *slots, unsigned n)
{
	double t = now_seconds();

	for (unsigned i = 0; i < n; i++) {
		struct slot *s = &slots[i];
		if (s->job->hard_limit > 0 && !s->killed && t >= s->start + s->job->hard_limit) {
			kill(-s->pid, SIGKILL);
			kill(s->pid, SIGKILL);
			s->killed = 1;
		}
	}
}

/* The run was interrupted: SIGTERM to every child's group, SIGKILL to what
 * is left after the grace period, every child reaped. */
static void stop_all(struct slot *slots, unsigned n)
{
	double deadline = now_seconds() + EXEC_STOP_GRACE;
	unsigned left = n;

	for (unsigned i = 0; i < n; i++) {
		kill(-slots[i].pid, SIGTERM);
		kill(slots[i].pid, SIGTERM);
	}
	while (left && now_seconds() < deadline) {
		struct timespec pause_10ms = { 0, 10000000 };
		for (unsigned i = 0; i < n; i++)
			if (slots[i].pid > 0 && waitpid(slots[i].pid, NULL, WNOHANG) == slots[i].pid) {
				kill(-slots[i].pid, SIGKILL); /* anything it left in its group */
				slots[i].pid = -slots[i].pid;
				left--;
			}
		if (left)
			nanosleep(&pause_10ms, NULL);
	}
	for (unsigned i = 0; i < n; i++) {
		struct slot *s = &slots[i];
		pid_t pid = s->pid > 0 ? s->pid : -s->pid;

		kill(-pid, SIGKILL);
		if (s->pid > 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
		close(s->fd);
		s->job->seconds = now_seconds() - s->start;
		s->job->state = EXEC_JOB_STOPPED;
	}
}

static void job_ended(const struct exec_hooks *h, struct exec_job *job)
{
	job->state = EXEC_JOB_DONE;
	if (h->on_done)
		h->on_done(job, h->arg);
}

int suite_exec_run_hooks(struct exec_job *jobs, size_t n, unsigned parallel,
			 const struct exec_hooks *h)
{
	struct slot *slots = calloc(parallel ? parallel : 1, sizeof(*slots));
	struct pollfd *pfds = calloc((parallel ? parallel : 1) + 1, sizeof(*pfds));
	char *busy = calloc(parallel ? parallel : 1, 1); /* per worker id */
	unsigned running = 0;
	size_t next = 0;
	int stopped = 0;

	if (!parallel)
		parallel = 1;
	if (!slots || !pfds || !busy) {
		for (size_t i = 0; i < n; i++) {
			errno = ENOMEM;
			launch_failed(&jobs[i], "runner");
			job_ended(h, &jobs[i]);
		}
		goto out;
	}
	while (next < n || running) {
		while (running < parallel && next < n && !suite_interrupt_signal()) {
			struct exec_job *job = &jobs[next++];
			unsigned w = 0;

			while (busy[w])
				w++;
			if (launch(&slots[running], job, w) == 0) {
				busy[w] = 1;
				running++;
				if (h->on_start)
					h->on_start(job, h->arg);
			} else {
				job_ended(h, job);
			}
		}
		if (suite_interrupt_signal()) {
			stop_all(slots, running);
			stopped = 1;
			break;
		}
		if (!running)
			continue;
		for (unsigned i = 0; i < running; i++)
			pfds[i] = (struct pollfd){ .fd = slots[i].fd, .events = POLLIN };
		pfds[running] = (struct pollfd){ .fd = suite_interrupt_fd(), .events = POLLIN };
		if (poll(pfds, running + 1, poll_timeout_ms(slots, running, h->on_tick ? h->tick_ms : 0)) < 0 &&
		    errno != EINTR)
			break;
		enforce_limits(slots, running);
		for (unsigned i = 0; i < running;) {
			/* A killed child's pipe reaches EOF once it is gone. */
			if ((pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) && drain(&slots[i])) {
				reap(&slots[i]);
				busy[slots[i].worker] = 0;
				job_ended(h, slots[i].job);
				slots[i] = slots[running - 1];
				pfds[i] = pfds[running - 1];
				running--;
				continue;
			}
			i++;
		}
		if (h->on_tick)
			h->on_tick(h->arg);
	}
out:
	free(slots);
	free(pfds);
	free(busy);
	return stopped;
}

void suite_exec_run(struct exec_job *jobs, size_t n, unsigned parallel,
		    void (*on_done)(struct exec_job *job, void *arg), void *arg)
{
	struct exec_hooks h = { .on_done = on_done, .arg = arg };

	suite_exec_run_hooks(jobs, n, parallel, &h);
}

void suite_exec_free(struct exec_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(jobs[i].run);
		jobs[i].run = NULL;
	}
}
