/* The environment kvm-unit-tests reads from its multiboot module (NAME=value
 * lines): what KUT's own runner writes (scripts/arch-run.bash), computed the
 * same way, including ERRATA_* from an errata file (KUT's errata.txt). */
#ifndef UVMM_KUT_KUT_ENV_H
#define UVMM_KUT_KUT_ENV_H

#include <stddef.h>

#include "util/sbuf.h"

/* KUT copies at most this much of the module (lib/x86/setup.c ENV_SIZE). */
#define KUT_ENV_MAX 16384

/* The errata of text[0..len) (lines "COMMIT : MIN_KERNEL : summary", '#'
 * comments) as ERRATA_COMMIT=y when kernel_release (uname -r) is at least
 * MIN_KERNEL, else =n, appended to env; a name the process environment
 * already sets (exported ERRATA_...) is left to it, as KUT's runner does.
 * Returns 0, or -1 with "SOURCE:LINE: reason". */
int kut_errata_env(struct sbuf *env, const char *text, size_t len, const char *source,
		   const char *kernel_release, char *err, size_t errlen);

/* The whole environment for a run with ncpus vCPUs and mem_mib MiB of RAM:
 * NR_CPUS, MEMSIZE, the KERNEL_VERSION* variables of kernel_release, the
 * process environment's ERRATA_* variables, then errata (the output of
 * kut_errata_env, may be NULL). Returns 0, or -1 when it is longer than
 * KUT_ENV_MAX (KUT would cut it). */
int kut_env_build(struct sbuf *env, unsigned ncpus, unsigned long long mem_mib,
		  const char *kernel_release, const char *errata, char *err, size_t errlen);

#endif
