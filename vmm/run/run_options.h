/* The options of one guest run, from an image's uvmm OPTIONS note, a suite
 * manifest or the command line, parsed from "key=value" words. */
#ifndef UVMM_RUN_RUN_OPTIONS_H
#define UVMM_RUN_RUN_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "loader/boot.h"
#include "machine/cpu_edit.h"
#include "vfio/passthrough.h"

struct run_options {
	uint64_t mem_size;   /* bytes */
	enum boot_mode mode; /* BOOT_AUTO: from the image */
	double timeout;      /* seconds, RUN_TIMEOUT_MIN..RUN_TIMEOUT_MAX: always on */
	int irqchip;
	unsigned nvcpus;
	int msr_filter;      /* deny TSC_AUX in KVM, answer it from user space */
	int exit_hypercall;  /* KVM_CAP_EXIT_HYPERCALL for KVM_HC_MAP_GPA_RANGE */
	/* The host device: "" none, or a BDF, VVVV:DDDD or auto (docs/vfio.md).
	 * Only the operator sets it (command line, manifest): an image may not
	 * choose a host resource. */
	char vfio[24];
	/* What the image asks for: "" nothing, else the VVVV:DDDD kind of device
	 * it needs (its note's vfio=); the operator's device must be one. */
	char vfio_kind[12];
	struct passthrough_config vfio_cfg; /* vfio_mode, vfio_irq, vfio_api (spec unset) */
	/* kut=1: the machine kvm-unit-tests expects (QEMU's pc with pc-testdev):
	 * fw_cfg, pc-testdev, ACPI tables, PM timer, RTC, and KUT's exit status
	 * convention (docs/kut.md). */
	int kut;
	struct cpu_edits cpu;  /* cpu=+x2apic,-pcid,vendor=...: after uvmm's own CPUID */
};

#define RUN_DEFAULT_MEM (16ull << 20)
#define RUN_DEFAULT_TIMEOUT 10.0
#define RUN_TIMEOUT_MIN 0.001
#define RUN_TIMEOUT_MAX 86400.0

/* Who said it: what an image note may set is narrower (no host resources). */
enum run_options_source { RUN_OPT_IMAGE, RUN_OPT_NOTE, RUN_OPT_OVERRIDE };

void run_options_default(struct run_options *o);

/* Applies one "key=value" (keys: mem, mode, timeout, irqchip, cpus,
 * msr_filter, exit_hypercall, vfio, vfio_mode, vfio_irq, vfio_api, kut, cpu) as said
 * by from. Returns 0, or -1 with "bad value 'V' for K: what is accepted". */
int run_options_set(struct run_options *o, const char *key, const char *value,
		    enum run_options_source from, char *err, size_t errlen);

/* Applies every blank-separated key=value word of text. */
int run_options_parse(struct run_options *o, const char *text, enum run_options_source from,
		      char *err, size_t errlen);

/* The one precedence rule of run options: defaults, then the OPTIONS note of
 * the ELF image in image[0..len) (none for a flat binary: image NULL), then
 * each override in order (the manifest's, then the command line's), so the
 * last word wins. Returns 0, or -1 with *from and a one-line reason. */
int run_options_resolve(struct run_options *o, const uint8_t *image, size_t len,
			const char *const *overrides, unsigned n, enum run_options_source *from,
			char *err, size_t errlen);

#endif
