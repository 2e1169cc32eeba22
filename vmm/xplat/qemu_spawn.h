/* One QEMU process under a hard time limit: its stdout (the guest's COM1)
 * collected in memory and copied to a log as it comes, its stderr (QEMU's
 * own messages) kept apart, and the moment a marker first appeared. QEMU
 * dies with the process that started it (PR_SET_PDEATHSIG). */
#ifndef UVMM_XPLAT_QEMU_SPAWN_H
#define UVMM_XPLAT_QEMU_SPAWN_H

#include <stddef.h>
#include <stdio.h>

#define SPAWN_OUT_MAX (4u << 20) /* console bytes kept for parsing; the log gets all */

struct spawn_result {
	int launched;        /* fork and exec worked */
	int timed_out;       /* killed at the limit */
	int exited;          /* WIFEXITED */
	int status;          /* exit status, or the signal that ended it */
	double seconds;      /* start to end */
	double marker_at;    /* seconds to the marker's first appearance; < 0: never */
	char *out;           /* stdout, NUL-terminated (malloc'd) */
	size_t out_len;
	char err[512];       /* the start of stderr */
};

/* Runs argv (argv[0] found on PATH) for at most limit seconds (<= 0: no
 * limit); log (may be NULL) gets stdout as is and stderr lines prefixed
 * "qemu: ". marker may be NULL. */
void spawn_run(char *const argv[], double limit, const char *marker, FILE *log,
	       struct spawn_result *r);
void spawn_result_free(struct spawn_result *r);

#endif
