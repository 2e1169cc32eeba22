/* What the boot stub found at entry: which entry path ran and the PVH
 * start_info address (EBX at the PVH entry; 0 on other paths). */
#ifndef UVMM_BOOT_H
#define UVMM_BOOT_H

#include <stdint.h>

enum uvmm_entry_kind {
	UVMM_ENTRY_PVH = 1,    /* 32-bit PVH entry (Xen note), paging set up by the stub */
	UVMM_ENTRY_LONG = 2,   /* e_entry of a 64-bit image, started in long mode */
	UVMM_ENTRY_PROT32 = 3, /* 32-bit flat protected mode, paging off */
	UVMM_ENTRY_REAL = 4,   /* 16-bit real mode, CS=DS=SS=0 */
	UVMM_ENTRY_EFI = 5,    /* a UEFI application after ExitBootServices (guest/efi) */
};

/* Written by the boot stub before the C entry runs (they live in .data). */
extern uint32_t uvmm_boot_entry;      /* enum uvmm_entry_kind */
extern uint32_t uvmm_boot_start_info; /* GPA of struct hvm_start_info, or 0 */

/* The runtime's C entry (lib/start.c): runs guest_main, then guest_exit(0). */
void uvmm_c_entry(void);

#endif
