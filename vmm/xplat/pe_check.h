/* Structural check of a UEFI application image (`make efi`'s output) before
 * anything boots it: PE32+ for x86-64, subsystem 10 (EFI application), an
 * entry point inside an executable section, and base relocations (firmware
 * loads applications at any address). Pure: bytes in, verdict out. */
#ifndef UVMM_XPLAT_PE_CHECK_H
#define UVMM_XPLAT_PE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define PE_SUBSYSTEM_EFI_APPLICATION 10

struct pe_info {
	uint16_t subsystem;
	uint32_t entry_rva, image_size, reloc_rva, reloc_size;
	unsigned nsections;
};

/* Returns 0 with *info filled (info may be NULL), or -1 with a one-line
 * reason naming the first thing that is wrong. */
int pe_check(const uint8_t *buf, size_t len, struct pe_info *info, char *err, size_t errlen);

#endif
