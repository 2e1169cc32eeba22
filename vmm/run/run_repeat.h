/* `uvmm run --repeat N` (hidden, for leak tests): the same guest N times in
 * one process, with the open file descriptors and VmRSS at run 10 and run N. */
#ifndef UVMM_RUN_RUN_REPEAT_H
#define UVMM_RUN_RUN_REPEAT_H

#include "run/run_guest.h"

/* Runs req n times (n >= 1) without the sandbox (a sandboxed process cannot
 * build a second VM). Stops at the first run whose code differs from the
 * first run's. Writes "uvmm: repeat: run K: F fds, VmRSS R kB" lines to
 * req->log at runs 1, 10 and n. Returns the last run's code; *res is its result. */
#define RUN_REPEAT_MAX 1000000u
int run_repeat(const struct run_request *req, struct run_result *res, unsigned long n);

#endif
