/* The ACPI tables a kut=1 VM gets in place of firmware: RSDP in the BIOS
 * area, RSDT and XSDT, a FADT pointing at the PM1 and PM timer registers
 * (devices/acpi_pm.h), FACS, an empty DSDT and a MADT (LAPICs, IOAPIC). */
#ifndef UVMM_LOADER_ACPI_H
#define UVMM_LOADER_ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "machine/guest_mem.h"

#define ACPI_TABLES_GPA 0xe0000ull  /* RSDP first: guests scan 0xe0000-0xfffff */
#define ACPI_TABLES_END 0xe1000ull

/* Writes every table for ncpus vCPUs into guest RAM at ACPI_TABLES_GPA.
 * Returns 0 with *facs_gpa, or -1 with a one-line reason. */
int acpi_write_tables(struct guest_mem *m, unsigned ncpus, uint64_t *facs_gpa, char *err,
		      size_t errlen);

#endif
