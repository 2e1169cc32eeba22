/* What every kvm-unit-tests run adds to a uvmm run request (uvmm run --kut
 * and uvmm kut alike): the machine options, the command line with the
 * program name as its first word, and the environment module. */
#ifndef UVMM_KUT_KUT_REQUEST_H
#define UVMM_KUT_KUT_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

/* The run options of a KUT run, before the caller's own (which win):
 * QEMU's pc machine with pc-testdev and multiboot; then the defaults of
 * uvmm run --kut: QEMU's 128 MiB, KUT's 90 s limit. */
extern const char *const kut_run_overrides[];
extern const unsigned kut_run_noverrides;
extern const char *const kut_run_defaults[];
extern const unsigned kut_run_ndefaults;
#define KUT_DEFAULT_MEM_MIB 128
#define KUT_DEFAULT_TIMEOUT 90.0

/* "PROGRAM ARGS" (or PROGRAM alone) into buf, as QEMU's multiboot loader
 * builds it from -kernel and -append. Returns 0, or -1 when it is too long. */
int kut_cmdline(char *buf, size_t size, const char *program, const char *args, char *err,
		size_t errlen);

/* The environment module for ncpus vCPUs and mem bytes of RAM, with the
 * errata of errata_path (NULL: none) against this host's kernel. Appends to
 * env (a growing sbuf). Returns 0, or -1 with a one-line reason. */
int kut_environment(struct sbuf *env, unsigned ncpus, uint64_t mem, const char *errata_path,
		    char *err, size_t errlen);

#endif
