/* The UEFI platform layer of the guest runtime (one image per test, built by
 * `make efi`): what efi_main leaves for the rest of the layer once boot
 * services are gone, and the layer's internal API (docs/bare-metal.md). */
#ifndef UVMM_GUEST_EFI_PLATFORM_H
#define UVMM_GUEST_EFI_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* Firmware state saved at ExitBootServices, restored around runtime-service
 * calls (they run with the firmware's page tables and control registers). */
struct efi_cpu_state {
	uint64_t cr0, cr3, cr4, efer;
};

struct efi_platform {
	void *runtime;            /* EFI_RUNTIME_SERVICES *, valid after ExitBootServices */
	struct efi_cpu_state fw;  /* the firmware's, at ExitBootServices */
	int sequenced;            /* started by the USB sequencer: results to NVRAM, then reset */
	unsigned seq_index;       /* the sequencer's test number (1-based) */
	int hypervisor;           /* CPUID.1:ECX[31]: a VMM, so port 0xf4 may be isa-debug-exit */
};
extern struct efi_platform efi;

/* The test's name, baked in per image (efi_name.c, -DUVMM_EFI_NAME). */
extern const char uvmm_efi_test_name[];

/* The sequencer <-> test contract: the variables (vendor GUID UVMM_EFI_GUID)
 * and the load option that starts a test under the sequencer. */
#define UVMM_EFI_GUID { 0x5a0b6d6e, 0x7576, 0x4d6d, { 0x8f, 0x2a, 0x61, 0x0d, 0xe3, 0x97, 0x15, 0x4c } }
#define UVMM_EFI_RESULT_VAR u"UvmmResult"  /* the test's TAP point, bytes */
#define UVMM_EFI_SEQ_OPTION "uvmm-seq "    /* load option: "uvmm-seq N" */
#define UVMM_EFI_RESULT_MAX 4000u /* bytes of one TAP point: firmwares cap a variable near 8 KiB */

/* Identity map for the runtime after ExitBootServices: 2 MiB pages from 0 to
 * the end of RAM (at least 4 GiB), uncached where the memory map has no RAM.
 * tables: npages zeroed 4 KiB pages below 4 GiB. Returns the CR3 value, or 0
 * when npages is too few (efi_map_pages says how many are needed). */
struct efi_mmap {
	const uint8_t *buf;
	size_t size, desc_size;
};
unsigned efi_map_pages(const struct efi_mmap *m);
uint64_t efi_map_build(const struct efi_mmap *m, uint64_t *tables, unsigned npages);

/* COM1: probed once (scratch register); absent on many real machines. */
void efi_console_init(void);
int efi_console_present(void);

/* The TAP 14 point of this run, from what result_record kept (efi_record.c):
 * NUL-terminated in buf; returns its length, or -1 when it did not fit. */
int efi_tap_point(unsigned index, const char *name, unsigned status, char *buf, size_t size);

/* Calls a runtime service with the firmware's CR0/CR3/CR4/EFER (interrupts
 * stay off) and returns its status. */
uint64_t efi_set_variable(const uint16_t *name, const void *data, size_t len);
__attribute__((noreturn)) void efi_reset(void);

#endif
