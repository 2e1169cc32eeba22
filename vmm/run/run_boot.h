/* The boot step of a run: the boot protocol's inputs (command line, the
 * multiboot module file), the kut=1 firmware tables, then the CPU state. */
#ifndef UVMM_RUN_RUN_BOOT_H
#define UVMM_RUN_RUN_BOOT_H

#include <stddef.h>

#include "loader/elf_load.h"
#include "machine/vm.h"
#include "run/run_options.h"

/* What a run request hands the boot protocol (run_guest.h has the meaning). */
struct run_boot_inputs {
	const char *cmdline;
	const char *initrd;       /* multiboot module file, or NULL */
	const char *initrd_text;  /* or its bytes (initrd NULL), or NULL */
	size_t initrd_len;
};

/* Boots vCPU 0 of vm into the loaded image in the resolved mode. Returns 0,
 * or -1 with a one-line reason (an unreadable initrd, boot structures that
 * do not fit, a mode the image cannot start in). */
int run_boot(struct vm *vm, const struct image_info *info, const struct run_options *o,
	     const struct run_boot_inputs *req, char *err, size_t errlen);

#endif
