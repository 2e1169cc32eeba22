/* `uvmm test --gdb-on-fail`: a test that failed runs once more, in the
 * foreground, under the gdb stub (waiting for gdb before its first
 * instruction, stopping at a fault), its console and log on the terminal. */
#ifndef UVMM_SUITE_GDB_RERUN_H
#define UVMM_SUITE_GDB_RERUN_H

#include <stdio.h>

#include "suite/exec.h"

/* Runs job again in a child process with the stub on addr and waits for
 * it; out gets its console and messages, and a line before and after. Returns the run's exit code,
 * or -1 when the child could not run. */
int suite_gdb_rerun(const struct exec_job *job, const char *addr, FILE *out);

#endif
