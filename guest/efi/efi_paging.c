/* The runtime's identity map under UEFI, built from the memory map: like the
 * boot stub's on uvmm (4 levels, 2 MiB pages, so pt_split_2m and the tests
 * that edit the map work unchanged), but reaching every RAM region, and
 * uncached only where no RAM is (MMIO: LAPIC, IOAPIC, flash, BARs). */
#include <efi.h>

#include <uvmm/paging.h>

#include "efi_platform.h"

#define GIB (1ull << 30)
#define LOW_PAGES 2048 /* 2 MiB pages below 4 GiB */
#define MAX_PDS 512    /* one PDPT: the map stops at 512 GiB */
#define PG_UNCACHED (PTE_PCD | PTE_PWT)

static int is_ram(UINT32 type)
{
	switch (type) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
	case EfiConventionalMemory:
	case EfiACPIReclaimMemory:
	case EfiACPIMemoryNVS:
		return 1;
	default:
		return 0;
	}
}

static const EFI_MEMORY_DESCRIPTOR *desc(const struct efi_mmap *m, size_t i)
{
	return (const EFI_MEMORY_DESCRIPTOR *)(m->buf + i * m->desc_size);
}

static size_t ndesc(const struct efi_mmap *m)
{
	return m->desc_size ? m->size / m->desc_size : 0;
}

/* Gigabytes the map covers: at least 4, up to the end of RAM. */
static unsigned map_gib(const struct efi_mmap *m)
{
	uint64_t top = 4 * GIB;

	for (size_t i = 0; i < ndesc(m); i++) {
		const EFI_MEMORY_DESCRIPTOR *d = desc(m, i);
		uint64_t end = d->PhysicalStart + d->NumberOfPages * 4096;

		if (is_ram(d->Type) && end > top)
			top = end;
	}
	top = (top + GIB - 1) / GIB;
	return top > MAX_PDS ? MAX_PDS : (unsigned)top;
}

unsigned efi_map_pages(const struct efi_mmap *m)
{
	return 2 + map_gib(m);
}

uint64_t efi_map_build(const struct efi_mmap *m, uint64_t *tables, unsigned npages)
{
	static uint8_t ram[LOW_PAGES / 8];
	unsigned gib = map_gib(m);
	uint64_t *pml4 = tables, *pdpt = tables + 512, *pd = tables + 1024;

	if (npages < 2 + gib)
		return 0;
	for (size_t i = 0; i < ndesc(m); i++) {
		const EFI_MEMORY_DESCRIPTOR *d = desc(m, i);
		uint64_t p, end = d->PhysicalStart + d->NumberOfPages * 4096;

		if (!is_ram(d->Type))
			continue;
		for (p = d->PhysicalStart >> 21; p < LOW_PAGES && p << 21 < end; p++)
			ram[p / 8] |= (uint8_t)(1u << (p % 8));
	}
	pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_W;
	for (unsigned g = 0; g < gib; g++)
		pdpt[g] = (uint64_t)(uintptr_t)(pd + 512 * g) | PTE_P | PTE_W;
	for (uint64_t p = 0; p < 512ull * gib; p++) {
		uint64_t flags = PTE_P | PTE_W | PTE_PS;

		if (p < LOW_PAGES && !(ram[p / 8] & (1u << (p % 8))))
			flags |= PG_UNCACHED;
		pd[p] = p << 21 | flags;
	}
	return (uint64_t)(uintptr_t)pml4;
}
