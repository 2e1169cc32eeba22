/* The uvmm guest <-> VMM ABI: fixed ports and addresses, hypercall numbers and
 * argument blocks. Included verbatim by the freestanding guest and by the VMM. */
#ifndef UVMM_ABI_H
#define UVMM_ABI_H

#include <stdint.h>

/* Devices every uvmm VM has (QEMU-compatible where QEMU has a twin). */
#define UVMM_COM1_PORT 0x3f8        /* 16550 console, 8 ports */
#define UVMM_DEBUG_EXIT_PORT 0xf4   /* isa-debug-exit: out v ends the run with status v */
#define UVMM_HC_PORT_BASE 0x500     /* hypercall n is a 32-bit OUT to BASE + n */
#define UVMM_HC_PORT_COUNT 0x10
#define UVMM_TESTDEV_BASE 0xd0000000ull /* MMIO test device, 4 KiB */
#define UVMM_TESTDEV_SIZE 0x1000ull
/* The lab window: ports and GPAs reserved for the devices a course lab adds
 * (vmm/lab/lab_device.h, labs/). Empty in uvmm itself; no suite test touches
 * it, so a lab build passes the suite whatever its devices answer there. */
#define UVMM_LAB_PIO_BASE 0x2e0
#define UVMM_LAB_PIO_SIZE 0x20
#define UVMM_LAB_MMIO_BASE 0xd0100000ull
#define UVMM_LAB_MMIO_SIZE 0x100000ull
#define UVMM_MSR_SCRATCH 0x55550000u /* 16 scratch MSRs served from user space */
#define UVMM_MSR_SCRATCH_COUNT 16u
#define UVMM_MSR_REFUSED 0x555500ffu /* user space answers #GP for this one */
/* With run option msr_filter=1: a KVM MSR filter denies this MSR (TSC_AUX) in
 * the kernel; user space answers reads with UVMM_MSR_FILTERED_INIT until written. */
#define UVMM_MSR_FILTERED 0xc0000103u
#define UVMM_MSR_FILTERED_INIT 0x75766d6dull

/* CPUID leaf uvmm sets with KVM_SET_CPUID2: eax = UVMM_CPUID_MAGIC, ebx = RAM
 * in MiB, ecx = vCPUs, edx = UVMM_CPUID_ABI. */
#define UVMM_CPUID_LEAF 0x40000100u
#define UVMM_CPUID_MAGIC 0x6d6d7675u /* "uvmm" */
#define UVMM_CPUID_ABI 0x00010000u

/* MMIO test device registers (offsets from UVMM_TESTDEV_BASE). */
#define UVMM_TESTDEV_ID 0x00      /* RO: UVMM_TESTDEV_MAGIC, any width */
#define UVMM_TESTDEV_SCRATCH 0x08 /* RW: 8 bytes, reads return what was written */
#define UVMM_TESTDEV_INVERT 0x10  /* RW: reads return ~(last value written) */
#define UVMM_TESTDEV_COUNTER 0x18 /* RO: number of reads of this register so far */
#define UVMM_TESTDEV_MAGIC 0x4d4d5655u /* "UVMM" */

/*
 * A hypercall: the guest stores an argument block in its RAM and executes
 * `outl %eax, $(UVMM_HC_PORT_BASE + nr)` with EAX = guest-physical address of
 * the block (below 4 GiB). The VMM copies the block once, validates it, acts,
 * and returns a status (UVMM_HC_OK or a negative UVMM_HC_E*) in EAX. Under a
 * VMM without uvmm's ABI (QEMU) the OUT is ignored and EAX keeps the address.
 * Pointers inside blocks are guest-physical addresses; lengths are in bytes.
 */
enum uvmm_hc_nr {
	UVMM_HC_CONSOLE = 0,   /* struct uvmm_hc_console */
	UVMM_HC_EXIT = 1,      /* struct uvmm_hc_exit */
	UVMM_HC_ASSERT = 2,    /* struct uvmm_hc_assert */
	UVMM_HC_REPORT = 3,    /* struct uvmm_hc_report */
	UVMM_HC_EXPECT = 4,    /* struct uvmm_hc_expect */
	UVMM_HC_EXCEPTION = 5, /* struct uvmm_hc_exception */
	/* Test control: the guest asks the VMM to act on the VM (docs/hypercalls.md). */
	UVMM_HC_MEMSLOT = 6,   /* struct uvmm_hc_memslot */
	UVMM_HC_DIRTY_LOG = 7, /* struct uvmm_hc_dirty_log */
	UVMM_HC_IRQ = 8,       /* struct uvmm_hc_irq */
	UVMM_HC_MSI = 9,       /* struct uvmm_hc_msi */
	UVMM_HC_IRQ_LINE = 10, /* struct uvmm_hc_irq_line */
	/* Never checked against expectations: not part of what the test asserts. */
	UVMM_HC_DEBUG = 11,    /* struct uvmm_hc_console: a debug print */
	UVMM_HC_SKIP = 12,     /* struct uvmm_hc_skip: the test does not apply here */
	/* Test control of a passed-through device's IOMMU (docs/vfio.md). */
	UVMM_HC_IOMMU = 14,    /* struct uvmm_hc_iommu */
	UVMM_HC_COUNT
};

#define UVMM_HC_OK 0
#define UVMM_HC_EFAULT (-14)  /* block or a buffer it names is outside guest RAM */
#define UVMM_HC_EINVAL (-22)  /* a field is out of range (length, result code, ...) */
#define UVMM_HC_ENOSYS (-38)  /* no such hypercall number */

/* Limits the VMM enforces on buffers named by argument blocks. */
#define UVMM_HC_CONSOLE_MAX 4096u
#define UVMM_HC_STRING_MAX 256u    /* file, expression, test name, reason */
#define UVMM_HC_EXPECT_MAX 16384u

struct uvmm_hc_console {
	uint64_t buf;
	uint64_t len;
};

/* Ends the run as SKIP (exit status UVMM_EXIT_SKIP_STATUS) with a reason,
 * wherever the guest is in its expectations. */
#define UVMM_EXIT_SKIP_STATUS 77u
struct uvmm_hc_skip {
	uint64_t reason;
	uint64_t reason_len;
};

struct uvmm_hc_exit {
	uint64_t status; /* 0 = success */
};

#define UVMM_ASSERT_HAS_VALUES 1u
struct uvmm_hc_assert {
	uint64_t file;
	uint64_t file_len;
	uint64_t line;
	uint64_t expr;
	uint64_t expr_len;
	uint64_t lhs;   /* valid with UVMM_ASSERT_HAS_VALUES */
	uint64_t rhs;
	uint64_t flags;
	uint64_t caller; /* return address of the failed check's call (0: unknown);
			  * named in the report, not an argument of the exit */
};

enum uvmm_result { UVMM_RESULT_PASS = 0, UVMM_RESULT_FAIL = 1, UVMM_RESULT_SKIP = 2 };
/* How the expectation language, traces and reports write each result. */
#define UVMM_RESULT_WORDS { "pass", "fail", "skip" }
struct uvmm_hc_report {
	uint64_t name;
	uint64_t name_len;
	uint64_t result; /* enum uvmm_result */
	uint64_t reason; /* may be 0 with reason_len 0 */
	uint64_t reason_len;
};

struct uvmm_hc_expect {
	uint64_t text; /* expectation language, spliced in after this call */
	uint64_t text_len;
};

struct uvmm_hc_exception {
	uint64_t vector;
	uint64_t error_code;
	uint64_t rip;
	uint64_t cr2;
	/* Guest-virtual address of the struct uvmm_exc_frame the exception left
	 * (0: a report without one). Not an argument of the exit: the VMM reads
	 * the frame for the failure report and for gdb (--gdb-on-fault). */
	uint64_t frame;
};

/* The 64-bit runtime's exception stack frame (guest/include/uvmm/idt.h
 * struct exc_frame has this layout): what the IDT stub pushed, then what
 * the CPU pushed. */
struct uvmm_exc_frame {
	uint64_t cr2;
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

enum uvmm_slot_op { UVMM_SLOT_ADD = 0, UVMM_SLOT_REMOVE = 1 };
#define UVMM_SLOT_READONLY 1u  /* KVM_MEM_READONLY: reads hit memory, writes exit as MMIO */
#define UVMM_SLOT_LOG_DIRTY 2u /* KVM_MEM_LOG_DIRTY_PAGES */
#define UVMM_SLOT_MAX_SIZE (64ull << 20)
/* All guest-added slots together, at any one time: what a guest can make the
 * VMM allocate beyond its RAM. */
#define UVMM_SLOTS_TOTAL_MAX (64ull << 20)
struct uvmm_hc_memslot {
	uint64_t op;    /* enum uvmm_slot_op */
	uint64_t slot;  /* 1..15 */
	uint64_t gpa;   /* 4 KiB aligned, below 4 GiB, clear of RAM and devices */
	uint64_t size;  /* 4 KiB multiple, at most UVMM_SLOT_MAX_SIZE */
	uint64_t flags; /* UVMM_SLOT_* */
};

struct uvmm_hc_dirty_log {
	uint64_t slot;
	uint64_t bitmap;     /* GPA of the buffer: bit n set = page n of the slot written */
	uint64_t bitmap_len; /* bytes; at least (pages + 63) / 64 * 8 */
};

struct uvmm_hc_irq {
	uint64_t vector; /* 32..255 */
};

struct uvmm_hc_msi {
	uint64_t address;
	uint64_t data;
};

struct uvmm_hc_irq_line {
	uint64_t gsi;   /* 0..23: an IOAPIC pin (0..15 also reach the PIC) */
	uint64_t level; /* 0 or 1 */
};

/* ---- IOMMU control (hypercall 14) -------------------------------------------
 * Guest RAM is mapped for the device's DMA at IOVA = GPA for the whole run.
 * These requests add and remove mappings of guest RAM at IOVAs above it, so a
 * guest can map, DMA, unmap and DMA again (docs/vfio.md), and read what the
 * host (the kernel uvmm runs on) saw of the device: its interrupts and its
 * IOMMU's faults. Refused (EINVAL) without a passed-through device. */
enum uvmm_iommu_op { UVMM_IOMMU_MAP = 0, UVMM_IOMMU_UNMAP = 1, UVMM_IOMMU_HOST = 2 };
#define UVMM_IOMMU_READ 1u  /* MAP: the device may read the pages */
#define UVMM_IOMMU_WRITE 2u /* MAP: the device may write them */
#define UVMM_IOMMU_MAX_MAPS 64u
#define UVMM_IOMMU_MAX_SIZE (16ull << 20)
struct uvmm_hc_iommu {
	uint64_t op;    /* enum uvmm_iommu_op */
	uint64_t iova;  /* MAP/UNMAP: 4 KiB aligned, at or above the end of guest RAM */
	uint64_t gpa;   /* MAP: 4 KiB aligned guest RAM that [iova, iova+size) maps */
	uint64_t size;  /* MAP/UNMAP: 4 KiB multiple, at most UVMM_IOMMU_MAX_SIZE; UNMAP
			 * exactly one earlier MAP */
	uint64_t flags; /* MAP: UVMM_IOMMU_READ | UVMM_IOMMU_WRITE (not 0) */
	uint64_t out;   /* HOST: GPA of a struct uvmm_iommu_host the VMM fills */
};

/* What the host kernel shows of the device since the device was attached:
 * counters only grow; fields whose source the host did not give read 0 and
 * their bit in `valid` is clear. Kernel log counts come from /dev/kmsg and
 * are lower bounds (the kernel rate-limits fault messages). */
#define UVMM_HOST_MSI 1u       /* msi_addr/msi_data: the device's real MSI capability */
#define UVMM_HOST_IRQS 2u      /* dev_irqs, spurious, errors: /proc/interrupts */
#define UVMM_HOST_LOG 4u       /* *_faults, unhandled, last_*: the kernel log */
enum uvmm_host_iommu { UVMM_HOST_IOMMU_NONE = 0, UVMM_HOST_IOMMU_VTD = 1, UVMM_HOST_IOMMU_AMD = 2 };
struct uvmm_iommu_host {
	uint64_t valid;       /* UVMM_HOST_* */
	uint64_t iommu;       /* enum uvmm_host_iommu (/sys/class/iommu: dmar* or ivhd*) */
	uint64_t msi_addr;    /* as the host kernel programmed the device (a remappable */
	uint64_t msi_data;    /* handle under interrupt remapping) */
	uint64_t dev_irqs;    /* host interrupts on the device's vfio lines */
	uint64_t spurious;    /* the SPU row: spurious APIC interrupts (vector 0xff) */
	uint64_t errors;      /* the ERR row */
	uint64_t dma_faults;  /* DMA-remapping faults logged ("DMAR: [DMA ...", AMD-Vi IO_PAGE_FAULT) */
	uint64_t ir_faults;   /* interrupt-remapping faults logged ("[INTR-REMAP]", AMD-Vi IRQ events) */
	uint64_t unhandled;   /* "No irq handler for vector" and spurious-interrupt lines */
	uint64_t last_reason; /* fault reason of the last fault line (VT-d), else 0 */
	uint64_t last_addr;   /* its fault address or interrupt index, else 0 */
	uint64_t log_lost;    /* kernel log records overwritten before uvmm read them */
};

/* ELF note carrying a guest's declared expectations (name "uvmm"). */
#define UVMM_NOTE_NAME "uvmm"
#define UVMM_NOTE_EXPECT 0x55450001u
/* ELF note with per-image run options, e.g. "mem=32M irqchip=1" (same name). */
#define UVMM_NOTE_OPTIONS 0x55450002u
/* ELF note with the expectations that end the run, matched after every other
 * one (EXPECT notes, then --expect files). The first such note in the file
 * counts: a test's own comes before the runtime's default (a clean exit 0). */
#define UVMM_NOTE_EXPECT_END 0x55450003u

#endif
