/* CPUID edits a run asks for (`--cpu +x2apic,-pcid,vendor=GenuineIntel,family=6`):
 * parsed once, applied after uvmm's own CPUID, checked against what KVM offers. */
#ifndef UVMM_MACHINE_CPU_EDIT_H
#define UVMM_MACHINE_CPU_EDIT_H

#include <stddef.h>
#include <linux/kvm.h>

#include "machine/cpu_features.h"

#define CPU_EDIT_MAX 32

struct cpu_edit {
	const struct cpu_feature *f;
	int set;                 /* 1: +feature, 0: -feature */
};

struct cpu_edits {
	struct cpu_edit e[CPU_EDIT_MAX];
	unsigned n;              /* in order: the last edit of a bit wins */
	char vendor[13];         /* "": unchanged; else exactly 12 characters */
	int family, model, stepping; /* -1: unchanged */
};

void cpu_edits_init(struct cpu_edits *e);
/* 1 when e changes anything. */
int cpu_edits_any(const struct cpu_edits *e);

/* Parses comma-separated items: +NAME (offer), -NAME (hide), NAME (offer, as
 * QEMU reads it), vendor=TWELVE_CHARS, family=N (0..0x10e), model=N (0..0xff),
 * stepping=N (0..15). Appends to *e. Returns 0, or -1 with a one-line reason
 * naming the item. */
int cpu_edits_parse(struct cpu_edits *e, const char *text, char *err, size_t errlen);

/* Applies e to the CPUID table c (after the VMM's own additions). */
void cpu_edits_apply(const struct cpu_edits *e, struct kvm_cpuid2 *c);

/* Whether KVM can offer feature f: its bit in the supported table, the
 * capability that announces it (cap_offered), or user space's own bit. */
int cpu_feature_offered(const struct cpu_feature *f, const struct kvm_cpuid_entry2 *supported,
			unsigned n, int cap_offered);

#endif
