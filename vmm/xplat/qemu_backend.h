/* The suite on QEMU TCG instead of KVM (uvmm test --on qemu-pvh|qemu-efi):
 * each test's child boots the image under QEMU, with the PVH -kernel boot
 * (the ELF image) or with OVMF (the test's UEFI build, build/efi/NAME.efi),
 * and turns the console result protocol and the isa-debug-exit status into
 * the run_result a uvmm run would give (docs/bare-metal.md). */
#ifndef UVMM_XPLAT_QEMU_BACKEND_H
#define UVMM_XPLAT_QEMU_BACKEND_H

#include <stddef.h>

#include "suite/runner.h"

enum qemu_boot { QEMU_BOOT_PVH, QEMU_BOOT_EFI };

/* The implementation name both boots report: the CPU is QEMU's TCG either
 * way, so one set of deviations (guest/deviations.txt) covers them. */
#define QEMU_IMPL "qemu-tcg"

struct qemu_backend {
	enum qemu_boot boot;
	const char *qemu;      /* the binary (default qemu-system-x86_64, found on PATH) */
	const char *cpu;       /* -cpu model (default max) */
	const char *efi_dir;   /* EFI: NAME.efi for the test whose image is NAME.elf */
	const char *work_dir;  /* EFI: one OVMF variable store and ESP per worker */
	const char *ovmf_code, *ovmf_vars;
	char version[96];      /* the first line of `qemu --version` */
};

/* Fills q's defaults, checks that QEMU runs (and, for EFI, that the firmware
 * files exist) and makes b run the suite with it. Returns 0, or -1 with a
 * one-line reason. q must outlive the run. */
int qemu_backend_init(struct qemu_backend *q, struct suite_backend *b, char *err, size_t errlen);

/* "qemu-pvh" / "qemu-efi" -> boot; -1 when the name is neither. */
int qemu_boot_by_name(const char *name, enum qemu_boot *boot);
const char *qemu_boot_name(enum qemu_boot boot);

#endif
