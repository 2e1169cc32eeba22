#include "loader/boot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "loader/multiboot.h"
#include "util/errmsg.h"

#define CR0_PE 0x1ull
#define CR0_ET 0x10ull
#define CR0_NE 0x20ull
#define CR0_PG 0x80000000ull
#define CR4_PAE 0x20ull
#define EFER_LME 0x100ull
#define EFER_LMA 0x400ull
#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull

static const char *const mode_names[BOOT_MODE_COUNT] = {
	[BOOT_AUTO] = "auto", [BOOT_PVH] = "pvh", [BOOT_LONG] = "long",
	[BOOT_PROT32] = "prot32", [BOOT_REAL] = "real", [BOOT_MULTIBOOT] = "multiboot",
};

/* struct hvm_start_info and its memory map, from Xen's public ABI (version 1). */
struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};
struct pvh_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};
#define PVH_MEMMAP_RAM 1

const char *boot_mode_name(enum boot_mode m)
{
	return m < BOOT_MODE_COUNT ? mode_names[m] : "?";
}

enum boot_mode boot_mode_parse(const char *s)
{
	for (int i = BOOT_PVH; i < BOOT_MODE_COUNT; i++)
		if (strcmp(s, mode_names[i]) == 0)
			return (enum boot_mode)i;
	return BOOT_AUTO;
}

enum boot_mode boot_mode_default(const struct image_info *img)
{
	if (img->has_pvh)
		return BOOT_PVH;
	if (img->has_multiboot && img->elf_class == 32)
		return BOOT_MULTIBOOT;
	if (img->elf_class == 64)
		return BOOT_LONG;
	if (img->elf_class == 32)
		return BOOT_PROT32;
	return BOOT_REAL;
}

static struct kvm_segment flat_seg(uint16_t sel, uint8_t type, int code64)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = code64 ? 0 : 1, .s = 1, .l = code64, .g = 1,
	};
}

static int write_pvh_info(struct guest_mem *m, const char *cmdline)
{
	uint64_t info_gpa = BOOT_START_INFO, map_gpa = BOOT_START_INFO + 0x100;
	uint64_t cmd_gpa = BOOT_START_INFO + 0x200;
	size_t cmdlen = strlen(cmdline) + 1;
	struct pvh_memmap_entry ram[2] = { { 0, m->size, PVH_MEMMAP_RAM, 0 },
					   { GUEST_MEM_HIGH_BASE, m->high_size, PVH_MEMMAP_RAM, 0 } };
	struct pvh_start_info si = {
		.magic = PVH_START_MAGIC, .version = 1,
		.cmdline_paddr = cmd_gpa, .memmap_paddr = map_gpa,
		.memmap_entries = m->high_size ? 2 : 1,
	};

	if (cmdlen > BOOT_CMDLINE_MAX)
		return -1;
	return guest_write(m, info_gpa, &si, sizeof(si)) ||
	       guest_write(m, map_gpa, ram, si.memmap_entries * sizeof(ram[0])) ||
	       guest_write(m, cmd_gpa, cmdline, cmdlen) ? -1 : 0;
}

/* Identity map of 0..4 GiB with 2 MiB pages: long mode needs paging, and the
 * MMIO window near 4 GiB must be reachable too. */
static int write_identity_map(struct guest_mem *m)
{
	uint64_t pml4e = (BOOT_PML4 + 0x1000) | PTE_P | PTE_RW;
	uint64_t pdpt[4], pd[512];

	if (guest_write(m, BOOT_PML4, &pml4e, sizeof(pml4e)))
		return -1;
	for (int i = 0; i < 4; i++)
		pdpt[i] = (BOOT_PML4 + 0x2000 + 0x1000ull * i) | PTE_P | PTE_RW;
	if (guest_write(m, BOOT_PML4 + 0x1000, pdpt, sizeof(pdpt)))
		return -1;
	for (int d = 0; d < 4; d++) {
		for (int i = 0; i < 512; i++)
			pd[i] = ((uint64_t)(d * 512 + i) << 21) | PTE_P | PTE_RW | PTE_PS;
		if (guest_write(m, BOOT_PML4 + 0x2000 + 0x1000ull * d, pd, sizeof(pd)))
			return -1;
	}
	return 0;
}

static int write_gdt(struct guest_mem *m)
{
	const uint64_t gdt[4] = {
		0, 0x00af9b000000ffffull, /* 0x08: 64-bit code */
		0x00cf93000000ffffull,    /* 0x10: flat data */
		0x00cf9b000000ffffull,    /* 0x18: 32-bit code */
	};
	return guest_write(m, BOOT_GDT, gdt, sizeof(gdt));
}

/* The multiboot information block: EAX and EBX as the protocol says. */
static int setup_multiboot(struct guest_mem *m, const struct image_info *img,
			   const struct boot_args *a, struct kvm_regs *r, char *err, size_t errlen)
{
	const struct multiboot_boot mb = { a->cmdline, a->module, a->module_len, a->module_name,
					   img->highest };
	uint32_t mbi;

	if (!img->has_multiboot)
		return errmsg(err, errlen, "image has no multiboot header in its first 8 KiB");
	if (img->elf_class != 32)
		return errmsg(err, errlen, "multiboot needs an ELF32 image (QEMU's loader refuses "
			      "ELF64 too)");
	if (multiboot_check_flags(img->multiboot_flags, err, errlen) < 0 ||
	    multiboot_write_info(m, &mb, &mbi, err, errlen) < 0)
		return -1;
	r->rax = MULTIBOOT_BOOT_MAGIC;
	r->rbx = mbi;
	return 0;
}

int boot_setup(int vcpu_fd, struct guest_mem *m, const struct image_info *img,
	       enum boot_mode mode, const struct boot_args *args, char *err, size_t errlen)
{
	static const struct boot_args none;
	const struct boot_args *a = args ? args : &none;
	struct kvm_sregs s;
	struct kvm_regs r = { .rflags = 0x2 };
	uint64_t entry = img->entry;
	/* Multiboot leaves [0x8000, 0xa000) to the image: realmode.flat starts there. */
	uint64_t area_end = mode == BOOT_MULTIBOOT ? MULTIBOOT_AREA_END : BOOT_AREA_END;

	if (ioctl(vcpu_fd, KVM_GET_SREGS, &s) < 0)
		return errmsg(err, errlen, "KVM_GET_SREGS: %s", strerror(errno));
	if (mode != BOOT_REAL && img->lowest < area_end && img->highest > BOOT_START_INFO)
		return errmsg(err, errlen, "image [0x%llx, 0x%llx) overlaps uvmm's boot area [0x1000, 0x%llx)",
			 (unsigned long long)img->lowest, (unsigned long long)img->highest,
			 (unsigned long long)area_end);
	switch (mode) {
	case BOOT_MULTIBOOT:
		if (setup_multiboot(m, img, a, &r, err, errlen) < 0)
			return -1;
		goto prot32;
	case BOOT_PVH:
		if (!img->has_pvh)
			return errmsg(err, errlen, "image has no PVH entry note (use --mode long/prot32/real)");
		entry = img->pvh_entry;
		if (write_pvh_info(m, a->cmdline ? a->cmdline : ""))
			return errmsg(err, errlen, "cannot write PVH start info");
		r.rbx = BOOT_START_INFO;
		/* PVH is 32-bit flat protected mode. */
		__attribute__((fallthrough));
	case BOOT_PROT32:
	prot32:
		s.cs = flat_seg(0x18, 0xb, 0);
		s.ds = s.es = s.fs = s.gs = s.ss = flat_seg(0x10, 0x3, 0);
		s.cr0 = CR0_PE | CR0_ET;
		s.cr4 = 0;
		s.efer = 0;
		if (write_gdt(m))
			goto nomem;
		s.gdt.base = BOOT_GDT;
		s.gdt.limit = 4 * 8 - 1;
		break;
	case BOOT_LONG:
		if (img->elf_class != 64)
			return errmsg(err, errlen, "long mode needs an ELF64 image");
		if (write_identity_map(m) || write_gdt(m))
			goto nomem;
		s.cs = flat_seg(0x08, 0xb, 1);
		s.ds = s.es = s.fs = s.gs = s.ss = flat_seg(0x10, 0x3, 0);
		s.gdt.base = BOOT_GDT;
		s.gdt.limit = 4 * 8 - 1;
		s.cr3 = BOOT_PML4;
		s.cr4 = CR4_PAE;
		s.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG;
		s.efer = EFER_LME | EFER_LMA;
		break;
	case BOOT_REAL: {
		/* Real mode reaches 1 MiB through CS:IP; pick the segment so the entry
		 * offset fits in 16 bits, and give data and stack the same base. */
		uint16_t sel;

		if (entry >= 0x100000)
			return errmsg(err, errlen, "real-mode entry 0x%llx is above 1 MiB",
				      (unsigned long long)entry);
		sel = (uint16_t)((entry & ~0xffffull) >> 4);
		s.cs.selector = sel;
		s.cs.base = (uint64_t)sel << 4;
		s.cs.limit = 0xffff;
		s.ds = s.es = s.fs = s.gs = s.ss = s.cs;
		s.ds.type = s.es.type = s.fs.type = s.gs.type = s.ss.type = 0x3;
		s.cr0 &= ~(CR0_PE | CR0_PG);
		entry -= s.cs.base;
		break;
	}
	default:
		return errmsg(err, errlen, "unknown start mode");
	}
	r.rip = entry;
	if (ioctl(vcpu_fd, KVM_SET_SREGS, &s) < 0 || ioctl(vcpu_fd, KVM_SET_REGS, &r) < 0)
		return errmsg(err, errlen, "setting %s-mode registers: %s", boot_mode_name(mode),
			      strerror(errno));
	return 0;
nomem:
	return errmsg(err, errlen, "guest RAM too small for %s-mode boot structures", boot_mode_name(mode));
}
