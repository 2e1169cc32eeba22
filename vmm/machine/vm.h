/* A uvmm VM: the KVM VM and its vCPUs, guest RAM, the two buses and the
 * built-in devices (COM1, debug-exit, MMIO test device, scratch MSRs). */
#ifndef UVMM_MACHINE_VM_H
#define UVMM_MACHINE_VM_H

#include <pthread.h>
#include <stdio.h>

#include "devices/acpi_pm.h"
#include "devices/bus.h"
#include "devices/console.h"
#include "devices/fw_cfg.h"
#include "devices/msr.h"
#include "devices/pc_testdev.h"
#include "devices/rtc.h"
#include "devices/serial.h"
#include "devices/testdev.h"
#include "machine/dma_control.h"
#include "machine/cpu_edit.h"
#include "machine/guest_mem.h"
#include "machine/kvm.h"
#include "machine/memslots.h"

#define VM_MAX_VCPUS 8

struct vm_config {
	uint64_t mem_size;
	unsigned nvcpus;
	int irqchip;          /* in-kernel LAPIC/IOAPIC/PIC (HLT then stays in KVM) */
	const char *kvm_path; /* normally /dev/kvm */
	int msr_filter;       /* route UVMM_MSR_FILTERED through a KVM MSR filter */
	int exit_hypercall;   /* KVM_HC_MAP_GPA_RANGE exits to user space */
	int tsc_deadline;     /* set by vm_create: announce TSC-deadline in CPUID */
	/* The devices kvm-unit-tests expects of QEMU's pc machine: fw_cfg,
	 * pc-testdev, ACPI PM registers and timer, RTC (docs/kut.md). */
	int kut;
	const struct cpu_edits *cpu; /* CPUID edits after uvmm's own (NULL: none) */
};

struct vm;

struct vcpu {
	struct kvm_vcpu_handle h;
	struct vm *vm;
	pthread_t thread;
	int sync_regs;        /* registers arrive in kvm_run (KVM_CAP_SYNC_REGS) */
	int sync_sregs;       /* special registers can be set through kvm_run (S3 resume) */
	int pending_irq;      /* no irqchip: vector waiting for an interrupt window, or -1 */
	int stats_fd;         /* KVM binary statistics (machine/vcpu_stats.h), or -1 */
	uint64_t blocking_off;
};

struct vm {
	struct kvm_host kvm;
	int fd;
	struct guest_mem mem;
	struct bus pio, mmio;
	pthread_mutex_t io_lock; /* one exit at a time: device work and its trace slot */
	struct console console;
	struct dev_serial serial;
	struct dev_testdev testdev;
	struct dev_msr msr;
	/* kut=1 only (never registered otherwise: uvmm's own suite expects
	 * those ports empty). */
	struct dev_fw_cfg fw_cfg;
	struct dev_pc_testdev pc_testdev;
	struct dev_acpi_pm acpi_pm;
	struct dev_rtc rtc;
	int user_msr;         /* unknown MSRs exit to user space */
	int irqchip;
	unsigned nvcpus;
	struct vcpu vcpus[VM_MAX_VCPUS];
	struct memslots slots;   /* the ones a guest added at run time */
	struct dma_control dma;  /* a passed-through device's IOMMU, when there is one */
};

/* Bytes of RAM this host has: a guest may not have more (its RAM is
 * mapped without reserving it, so the limit is the host's, not free memory). */
uint64_t vm_host_ram(void);

/* Checks what no VM could run with (vCPU count, APs without the in-kernel
 * irqchip). Returns 0 or -1 with a one-line reason. */
int vm_config_check(const struct vm_config *cfg, char *err, size_t errlen);

/* Builds everything up to (not including) loading an image and setting
 * registers. Returns 0, or -1 with a one-line reason (and nothing leaked);
 * -2 when cfg->cpu asks for a CPU feature this KVM cannot offer (the run
 * does not apply here). */
int vm_create(struct vm *vm, const struct vm_config *cfg, FILE *console_out,
	      char *err, size_t errlen);
void vm_destroy(struct vm *vm);

/* Writes the vCPU's registers in one block, for failure reports. */
void vcpu_dump_regs(const struct vcpu *v, FILE *out);

/* Installs the no-op signal vcpu_kick sends (once per process). */
int vcpu_signals_init(void);
/* Makes a running (or about to run) vCPU return from KVM_RUN promptly. */
void vcpu_kick(struct vcpu *v);
/* Kicks every vCPU of vm but except (NULL: all of them). */
void vm_kick_all(struct vm *vm, const struct vcpu *except);

/* Whether a vCPU is halted, asked from any thread (vcpu_stats.c): KVM's
 * binary statistic "blocking", read with pread on a descriptor vm_create
 * opens (stats_fd -1 when KVM has none). vcpu_halted returns 1 while the
 * vCPU is blocked in HLT, 0 otherwise, -1 unknown. It takes no vCPU lock:
 * KVM_GET_MP_STATE would wait for the vCPU to leave KVM_RUN, which a halted
 * vCPU does not do until an interrupt wakes it. */
void vcpu_stats_open(struct vcpu *v);
void vcpu_stats_close(struct vcpu *v);
int vcpu_halted(const struct vcpu *v);

/* Without an in-kernel irqchip: queues vector for injection at the next
 * interrupt window (-1 when one is still waiting), and, before each KVM_RUN,
 * injects it once the guest can take it or asks KVM for the window exit. */
int vcpu_queue_irq(struct vcpu *v, unsigned vector);
void vcpu_irq_window(struct vcpu *v);

#endif
