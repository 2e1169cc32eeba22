/* Child processes for uvmm bench: a measured guest run in a forked child (so
 * every run gets a fresh process and uvmm's sandbox), and timed commands. */
#ifndef UVMM_BENCH_BENCH_EXEC_H
#define UVMM_BENCH_BENCH_EXEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/bench.h"

/* Forks; the child calls bench_child_run and exits. Returns 0 with *s (its
 * start_ns the time just before fork), or -1. */
int bench_fork_sample(enum bench_mode mode, const char *image, const char *cmdline,
		      const char *trace, struct bench_sample *s, FILE *log);

/* Forks and executes argv (stdin and stderr on /dev/null, stdout captured
 * into out, NUL-terminated, the rest dropped). *wall_ns is fork to exit.
 * Returns the exit status (128 + signal when killed), or -1 when it could
 * not be started. */
int bench_exec(char *const argv[], char *out, size_t outlen, uint64_t *start_ns,
	       uint64_t *wall_ns);

/* Starts argv (in cwd when not NULL) like bench_exec and waits for the first
 * whole line it writes to stdout: *first_ns is fork to that line's newline
 * (a line, not a byte: a program may buffer by lines). Then kills its process
 * group. Returns 0 when a line came, else its exit status (or -1). */
int bench_exec_first_output(char *const argv[], const char *cwd, uint64_t *first_ns);

#endif
