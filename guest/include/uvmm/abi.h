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
	/* Hyperupcalls: eBPF programs uvmm runs at its own events (docs/hyperupcalls.md). */
	UVMM_HC_HUPCALL = 13,  /* struct uvmm_hc_hupcall */
	/* Test control of a passed-through device's IOMMU (docs/vfio.md). */
	UVMM_HC_IOMMU = 14,    /* struct uvmm_hc_iommu */
	UVMM_HC_COUNT
};

#define UVMM_HC_OK 0
#define UVMM_HC_EACCES (-13)  /* hupcall: the verifier refused the program (rule, pc in out) */
#define UVMM_HC_EFAULT (-14)  /* block or a buffer it names is outside guest RAM */
#define UVMM_HC_EBUSY (-16)   /* hupcall: the event already has a program */
#define UVMM_HC_ENOENT (-2)   /* hupcall: the event has no program */
#define UVMM_HC_ENOSPC (-28)  /* hupcall: this run's registrations are used up */
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

/* ---- Hyperupcalls (hypercall 13; docs/hyperupcalls.md) --------------------
 * The guest hands uvmm a verified eBPF program (RFC 9669, loop-free, at most
 * UVMM_HUPCALL_MAX_INSNS slots) for one event, with one guest-physical region
 * it may read (and, where the event allows, write). uvmm runs it itself when
 * the event happens: r1 = the event's context (read-only, struct
 * uvmm_hupcall_*_ctx below), r2 = the region's GPA, r3 = its length, r4 =
 * the registration's param; r0 is the result. Every run is an event in the trace: `hupcall EVENT ARG = R0`. */
enum uvmm_hupcall_event {
	UVMM_HUPCALL_EXIT = 0,       /* every VM exit, before the checker: r0 = 0 pass, else fail code */
	UVMM_HUPCALL_RECLAIM = 1,    /* which guest pages are free: the program names them by helper */
	UVMM_HUPCALL_IRQ_TARGET = 2, /* a lowest-priority MSI: r0 = the vCPU that takes it */
	UVMM_HUPCALL_TIMER = 3,      /* periodic, every param microseconds */
	UVMM_HUPCALL_EVENTS
};
/* How the expectation language and traces name each event. */
#define UVMM_HUPCALL_EVENT_NAMES { "exit", "reclaim", "irq_target", "timer" }

enum uvmm_hupcall_op {
	UVMM_HUPCALL_REGISTER = 0,   /* event, prog, prog_len, region, region_len, flags, param */
	UVMM_HUPCALL_UNREGISTER = 1, /* event */
	UVMM_HUPCALL_TRIGGER = 2,    /* event: raise it now (reclaim); out gets the run's result */
	UVMM_HUPCALL_STATUS = 3,     /* event: out gets the registration's state and last run */
	UVMM_HUPCALL_ANSWER = 4,     /* param: the guest's answer to an upcall (flag UPCALL) */
	UVMM_HUPCALL_BALLOON = 5,    /* region, region_len: a list of uint64_t page frame numbers
				      * the guest gives back (at most UVMM_HUPCALL_BALLOON_MAX) */
	UVMM_HUPCALL_OPS
};

/* REGISTER flags. */
#define UVMM_HUPCALL_WRITE 1u     /* the program may write the region (exit and timer only) */
#define UVMM_HUPCALL_UPCALL 2u    /* no program: uvmm asks the guest with an interrupt and
				   * waits for its ANSWER (timer and reclaim only; the
				   * hypercall round trip hyperupcalls are measured against) */
#define UVMM_HUPCALL_VECTOR(v) ((uint64_t)((v) & 0xff) << 8) /* UPCALL: the vector (32..255) */
#define UVMM_HUPCALL_FLAGS_KNOWN (UVMM_HUPCALL_WRITE | UVMM_HUPCALL_UPCALL | 0xff00u)

/* Limits uvmm enforces. */
#define UVMM_HUPCALL_MAX_INSNS 4096u      /* slots (a lddw takes two) */
#define UVMM_HUPCALL_REGION_DIVISOR 50u   /* a region is at most RAM / 50 (2%) */
#define UVMM_HUPCALL_MAX_REGISTRATIONS 64u /* successful registrations per run */
#define UVMM_HUPCALL_PERIOD_MIN_US 1000u  /* timer (and periodic reclaim) periods */
#define UVMM_HUPCALL_PERIOD_MAX_US 10000000u
#define UVMM_HUPCALL_HELPER_BYTES (1u << 20) /* bytes helpers may touch in one run */
#define UVMM_HUPCALL_BALLOON_MAX 512u     /* page frame numbers per BALLOON call */
#define UVMM_HUPCALL_UPCALL_TIMEOUT_MS 1000u /* an upcall the guest does not answer */
#define UVMM_HUPCALL_MAX_CPUS 8u
#define UVMM_HUPCALL_MSG_MAX 256u

/* Helpers, by the id a `call` instruction names (clang: a function pointer
 * initialised with the id, see <uvmm/hupcall_bpf.h>). Every event has NOW and
 * HASH; reclaim also has the DISCARD pair. */
enum uvmm_hupcall_helper {
	UVMM_HU_NOW_NS = 1,       /* () -> uvmm's CLOCK_MONOTONIC in ns */
	UVMM_HU_HASH = 2,         /* (buf, len) -> the hash of the bytes (uvmm_hupcall_hash) */
	UVMM_HU_DISCARD = 3,      /* (gpa, len) -> 0: the pages are free; page-aligned, in RAM */
	UVMM_HU_DISCARD_MASK = 4, /* (gpa, mask) -> 0: page i of the 64 from gpa is free if bit i */
};

/* How a run ended (the trace writes `= !NAME`); 0 is a run that returned. */
enum uvmm_hupcall_run {
	UVMM_HUPCALL_RUN_OK = 0,
	UVMM_HUPCALL_RUN_BUDGET,   /* the instruction budget (cannot happen to a loop-free program) */
	UVMM_HUPCALL_RUN_BOUNDS,   /* a load, store or helper buffer outside every window */
	UVMM_HUPCALL_RUN_PERM,     /* a store into a read-only window */
	UVMM_HUPCALL_RUN_ALIGN,    /* a misaligned atomic */
	UVMM_HUPCALL_RUN_DEPTH,    /* cannot happen (no local calls) */
	UVMM_HUPCALL_RUN_HELPER,   /* a helper refused its arguments */
	UVMM_HUPCALL_RUN_INTERNAL,
	UVMM_HUPCALL_RUN_TIMEOUT,  /* an upcall the guest did not answer in time */
	UVMM_HUPCALL_RUNS
};
#define UVMM_HUPCALL_RUN_NAMES \
	{ "ok", "budget", "bounds", "perm", "align", "depth", "helper", "internal", "timeout" }

/* The verifier's rules (REGISTER refused with UVMM_HC_EACCES: out.rule). */
enum uvmm_hupcall_rule {
	UVMM_HU_RULE_NONE = 0, UVMM_HU_RULE_LENGTH, UVMM_HU_RULE_OPCODE, UVMM_HU_RULE_ENCODING,
	UVMM_HU_RULE_GROUP, UVMM_HU_RULE_UNSUPPORTED, UVMM_HU_RULE_UNUSED_FIELD,
	UVMM_HU_RULE_REGISTER, UVMM_HU_RULE_R10, UVMM_HU_RULE_JUMP, UVMM_HU_RULE_LDDW,
	UVMM_HU_RULE_FALLTHROUGH, UVMM_HU_RULE_HELPER, UVMM_HU_RULE_STACK,
	UVMM_HU_RULE_HELPERS, UVMM_HU_RULE_LOOP,
};

/* The HASH helper's function, shared by uvmm and guests: FNV-1a over the
 * 64-bit little-endian words of the buffer, then over its tail bytes. */
static inline uint64_t uvmm_hupcall_hash(const void *buf, uint64_t len)
{
	const uint8_t *p = (const uint8_t *)buf;
	uint64_t h = 0xcbf29ce484222325ull, w;

	for (; len >= 8; p += 8, len -= 8) {
		__builtin_memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ull;
	}
	for (; len; p++, len--)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

/* What uvmm writes back after every hupcall hypercall (the block's out). */
struct uvmm_hupcall_out {
	int64_t status;      /* the call's status (also in EAX) */
	int64_t pc;          /* the refused or failing instruction; -1: none or the whole program */
	uint64_t rule;       /* enum uvmm_hupcall_rule of a refusal, else 0 */
	uint64_t registered; /* STATUS: 1 while the event has a program (or upcall) */
	uint64_t runs;       /* STATUS, TRIGGER: runs of this registration so far */
	uint64_t run_error;  /* STATUS, TRIGGER: enum uvmm_hupcall_run of the last run */
	uint64_t r0;         /* STATUS, TRIGGER: the last run's r0 */
	uint64_t pages;      /* reclaim, BALLOON: pages uvmm discarded in the last run/call */
	uint64_t resident_before, resident_after; /* reclaim: resident pages of guest RAM */
	uint64_t median_ns;  /* STATUS: median latency of the runs (ask to answer) */
	char msg[UVMM_HUPCALL_MSG_MAX]; /* one line, NUL-terminated: what uvmm logged */
};

struct uvmm_hc_hupcall {
	uint64_t op;         /* enum uvmm_hupcall_op */
	uint64_t event;      /* enum uvmm_hupcall_event */
	uint64_t prog;       /* REGISTER: GPA of the instructions (8-byte slots) */
	uint64_t prog_len;   /* REGISTER: slots, 1..UVMM_HUPCALL_MAX_INSNS */
	uint64_t region;     /* REGISTER: GPA of the region; BALLOON: of the list */
	uint64_t region_len; /* bytes: 1..RAM/50; BALLOON: 8 per entry */
	uint64_t flags;      /* REGISTER: UVMM_HUPCALL_WRITE, _UPCALL | _VECTOR(v) */
	uint64_t param;      /* REGISTER: timer and reclaim: the period in us (reclaim:
			      * 0 = only on TRIGGER); exit, irq_target: any value;
			      * the program gets it in r4. ANSWER: the answer */
	struct uvmm_hupcall_out out; /* written by uvmm, never read */
};

/* Contexts (r1): read-only, little-endian, every one starts with the header. */
struct uvmm_hupcall_ctx {
	uint32_t event;      /* enum uvmm_hupcall_event */
	uint32_t vcpu;       /* the vCPU the event concerns; 0xffffffff: none (timer, reclaim) */
	uint64_t region;     /* the registered region (also r2, r3) */
	uint64_t region_len;
	uint64_t param;      /* the registration's param (also r4) */
	uint64_t seq;        /* this run's number for the registration, from 1 */
	uint64_t now_ns;     /* uvmm's clock when the event happened */
};

/* Exit kinds as the exit context names them: pio.in, pio.out, ... kvm_hypercall
 * in the order of docs/expectations.md's item table. */
enum uvmm_exit_kind {
	UVMM_EK_PIO_IN = 0, UVMM_EK_PIO_OUT, UVMM_EK_MMIO_READ, UVMM_EK_MMIO_WRITE,
	UVMM_EK_HLT, UVMM_EK_SHUTDOWN, UVMM_EK_MSR_READ, UVMM_EK_MSR_WRITE,
	UVMM_EK_HCALL, UVMM_EK_FAIL_ENTRY, UVMM_EK_INTERNAL_ERROR, UVMM_EK_UNHANDLED,
	UVMM_EK_IRQ_WINDOW, UVMM_EK_KVM_HYPERCALL,
};

struct uvmm_hupcall_exit_ctx {
	struct uvmm_hupcall_ctx h;
	uint32_t kind;       /* enum uvmm_exit_kind (UVMM_EK_*) */
	uint32_t size;       /* access width in bytes */
	uint32_t count;      /* string I/O element count (1 otherwise) */
	int32_t status;      /* hypercall status, MSR #GP (1) */
	uint64_t addr;       /* port, GPA, MSR index, hypercall number, exit reason */
	uint64_t value;      /* the value; hypercalls: the argument block's GPA */
	uint64_t rip;        /* guest RIP after the exit (0 when uvmm does not know it) */
};

struct uvmm_hupcall_irq_ctx {
	struct uvmm_hupcall_ctx h; /* vcpu: the one that sent the MSI */
	uint32_t vector;
	uint32_t dest;       /* the MSI's destination APIC ID as sent */
	uint32_t ncpus;
	uint32_t reserved;
	/* Per vCPU: 1 when blocked in HLT (KVM's "blocking" statistic), 0 running, 2 unknown. */
	uint8_t halted[UVMM_HUPCALL_MAX_CPUS];
};

struct uvmm_hupcall_timer_ctx {
	struct uvmm_hupcall_ctx h;
	uint64_t period_ns;
	uint64_t late_ns;    /* how long after its deadline this tick started */
};

struct uvmm_hupcall_reclaim_ctx {
	struct uvmm_hupcall_ctx h;
	uint64_t ram_size;   /* bytes of guest RAM (GPA 0..ram_size) */
	uint64_t page_size;  /* 4096 */
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
