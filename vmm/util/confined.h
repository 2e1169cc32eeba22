/* Whether this process already runs under uvmm's seccomp filter: code that
 * would open or read paths (checks that are nice to have) must skip them. */
#ifndef UVMM_UTIL_CONFINED_H
#define UVMM_UTIL_CONFINED_H

/* 1 once process_set_confined() was called (by the sandbox, once installed). */
int process_confined(void);
void process_set_confined(void);

#endif
