/* What an entry's QEMU options (qemu_params) ask of the machine, in uvmm's
 * terms: RAM, vCPUs, CPUID edits, the guest's arguments; or, for an option
 * uvmm cannot honour, the reason the entry is skipped. */
#ifndef UVMM_KUT_KUT_QEMU_H
#define UVMM_KUT_KUT_QEMU_H

#include <stddef.h>
#include <stdint.h>

#include "kut/kut_words.h"

#define KUT_MAX_REQUIRES 16

struct kut_machine {
	uint64_t mem;             /* -m, bytes (0: not given) */
	unsigned smp;             /* -smp (0: not given) */
	char cpu[256];            /* uvmm's cpu= edits ("": none) */
	const char *requires[KUT_MAX_REQUIRES]; /* features -cpu adds: KVM must offer them */
	unsigned nrequires;
	char append[1024];        /* -append's words, joined ("": none) */
	char skip[256];           /* "": runnable; else why not ("needs QEMU option -device edu") */
};

/* Reads the options in w into *m (zeroed first). An option uvmm cannot
 * express sets m->skip and ends the reading; the function itself fails only
 * on malformed option values (-m lots), with a one-line reason. */
int kut_qemu_params(const struct kut_words *w, struct kut_machine *m, char *err, size_t errlen);

#endif
