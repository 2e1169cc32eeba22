/* The lab device API: a device a student writes for a course lab is one C
 * file that includes this header and ends with LAB_DEVICE(...); linked into a
 * lab build of uvmm (build/labs/uvmm-labN, labs/labs.mk), it gets PIO and MMIO
 * ranges in the lab window, interrupts and checked guest-memory access, with
 * no edit to uvmm itself. This header is the stable interface (docs/labs.md).
 *
 * What a device may do, and what it may not (the run loop's invariants):
 * - Its init hook runs once per run, after the VM exists and before the
 *   guest's first instruction and before the seccomp sandbox: open files,
 *   allocate, read configuration (getenv) there. Once the guest runs, the
 *   sandbox allows no new files, sockets, timers or processes; memory
 *   allocation is fine.
 * - Its I/O handlers run on the vCPU thread, one exit at a time, while the
 *   exit is being checked and traced. They must return promptly: no sleeping,
 *   no waiting for another thread, no KVM calls of their own. They cannot end
 *   or pause the run; the guest ends it (debug-exit port, exit hypercall).
 * - Guest memory is reached only through lab_guest_read/lab_guest_write,
 *   which check every byte against guest RAM: a guest-supplied address or
 *   length is untrusted input. Never keep a pointer into guest memory.
 * - Messages go to the run's log with lab_log (uvmm's terminal output belongs
 *   to its command line).
 * - Its fini hook runs once the vCPUs have stopped (also after its init
 *   failed): free everything, close what init opened. Lab builds for grading run under ASan, UBSan and
 *   LeakSanitizer: an overflow, undefined behaviour or a leak fails the test.
 */
#ifndef UVMM_LAB_LAB_DEVICE_H
#define UVMM_LAB_LAB_DEVICE_H

#include <stddef.h>
#include <stdint.h>

/* The lab window (same values as guest/include/uvmm/abi.h UVMM_LAB_*). */
#define LAB_PIO_BASE 0x2e0u
#define LAB_PIO_SIZE 0x20u
#define LAB_MMIO_BASE 0xd0100000ull
#define LAB_MMIO_SIZE 0x100000ull

struct lab_dev; /* one attached device, handed to every hook */

/* One guest access to a registered range. data holds size bytes, little-
 * endian: the value written, or (for a read) the bytes to return, preset to
 * all-ones so a register the device does not model reads as 0xff..ff. */
struct lab_io {
	uint64_t addr;    /* port or guest-physical address */
	uint64_t offset;  /* addr minus the base of the range */
	unsigned size;    /* 1, 2, 4 (PIO) or 1..8 (MMIO) */
	int is_write;
	uint8_t *data;
};

typedef void (*lab_io_fn)(void *opaque, struct lab_io *io);

struct lab_device_desc {
	const char *name;                  /* [A-Za-z0-9_-], for messages */
	int (*init)(struct lab_dev *dev);  /* 0, or -1 after lab_log: the run stops */
	void (*fini)(struct lab_dev *dev); /* may be NULL */
};

/* Registers a device with uvmm: LAB_DEVICE(uart, .name = "uart", .init = f,
 * .fini = g); at file scope. Every lab device linked into the binary is
 * attached to every VM it runs, in link order. */
#define LAB_DEVICE(id, ...)                                                          \
	static const struct lab_device_desc lab_desc_##id = { __VA_ARGS__ };         \
	static const struct lab_device_desc *const lab_ptr_##id                      \
		__attribute__((used, section("uvmm_lab_devices"))) = &lab_desc_##id

/* Claims [port, port+len) or [gpa, gpa+len) of the lab window for handler fn
 * (called with opaque). Returns 0, or -1 with a logged reason: outside the
 * lab window, overlapping a range already claimed, empty, or too many ranges
 * (LAB_MAX_RANGES per device). Only from init. */
#define LAB_MAX_RANGES 8
int lab_pio_register(struct lab_dev *d, uint16_t port, uint16_t len, lab_io_fn fn, void *opaque);
int lab_mmio_register(struct lab_dev *d, uint64_t gpa, uint64_t len, lab_io_fn fn, void *opaque);

/* Direct (memslot) access: maps size bytes of zeroed host memory into the
 * guest at gpa (4 KiB aligned, inside the lab MMIO window and clear of
 * claimed ranges). Guest reads and writes there cause no exit; the device
 * sees the bytes at *host. Returns 0, or -1 with a logged reason. Only from
 * init; freed with the VM. */
int lab_map_ram(struct lab_dev *d, uint64_t gpa, uint64_t size, void **host);

/* Copies between guest RAM and the device. Returns 0, or -1 when any byte of
 * [gpa, gpa+len) lies outside guest RAM (nothing is copied then). */
int lab_guest_read(struct lab_dev *d, uint64_t gpa, void *dst, uint64_t len);
int lab_guest_write(struct lab_dev *d, uint64_t gpa, const void *src, uint64_t len);
/* Bytes of guest RAM (at GPA 0). */
uint64_t lab_guest_ram_size(const struct lab_dev *d);

/* Interrupts, through the in-kernel irqchip (run option irqchip=1): a level
 * on IOAPIC pin gsi (0..23), or an MSI message (address 0xfee00000 | dest
 * APIC id << 12, data = vector for fixed delivery). Return 0, or -1 with a
 * logged reason (no irqchip, out of range). */
int lab_irq_line(struct lab_dev *d, unsigned gsi, int level);
int lab_msi(struct lab_dev *d, uint64_t address, uint32_t data);

/* One line to the run's log, prefixed with "uvmm: lab NAME: ". */
void lab_log(struct lab_dev *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The device's own state pointer (NULL until set). */
void lab_set_priv(struct lab_dev *d, void *priv);
void *lab_priv(const struct lab_dev *d);

#endif
