/* efi_main: the UEFI entry of a test image. With boot services it reads the
 * load options, reserves what the runtime needs below 4 GiB (its page tables,
 * the AP trampoline page) and leaves boot services; then it takes the CPU
 * over as the boot stubs do on uvmm (the runtime's own GDT, IDT, identity map
 * and stack, interrupts off, the legacy PIC masked) and runs guest_main. */
#include <efi.h>

#include <uvmm/boot.h>
#include <uvmm/cpu.h>
#include <uvmm/idt.h>
#include <uvmm/io.h>
#include <uvmm/lapic.h>
#include <uvmm/smp.h>
#include <uvmm/string.h>
#include <uvmm/test.h>

#include "efi_platform.h"

#define STACK_SIZE 0x10000
#define CR0_KEEP (X86_CR0_PE | (1ul << 1) | (1ul << 4) | (1ul << 5) | X86_CR0_PG) /* PE MP ET NE PG */
#define CR4_LA57 (1ul << 12)
#define EBS_TRIES 4
#define MMAP_SLACK 16 /* descriptors: allocating the buffer may split a region */

struct efi_platform efi;
uint32_t uvmm_boot_entry = UVMM_ENTRY_EFI;
uint32_t uvmm_boot_start_info;

/* The boot stubs' GDT (boot/pvh.asm): tests rely on its selectors and size. */
static uint64_t gdt[4] __attribute__((aligned(16))) = {
	0,
	0x00af9a000000ffffull, /* 0x08: 64-bit code */
	0x00cf92000000ffffull, /* 0x10: flat data */
	0x00cf9a000000ffffull, /* 0x18: 32-bit flat code */
};
static uint8_t stack[STACK_SIZE] __attribute__((aligned(16)));

/* efi_switch(gdtr, stack_top, fn): loads the GDT, reloads every segment
 * register from it, moves to the new stack and calls fn, which never returns. */
void efi_switch(const struct desc_ptr *gdtr, void *stack_top, void (*fn)(void));
__asm__(".text\n"
	".globl efi_switch\n"
	"efi_switch:\n"
	"	lgdt (%rdi)\n"
	"	mov %rsi, %rsp\n"
	"	pushq $0x08\n"
	"	leaq 1f(%rip), %rax\n"
	"	pushq %rax\n"
	"	lretq\n"
	"1:	mov $0x10, %eax\n"
	"	mov %eax, %ds\n"
	"	mov %eax, %es\n"
	"	mov %eax, %ss\n"
	"	xor %eax, %eax\n"
	"	mov %eax, %fs\n"
	"	mov %eax, %gs\n"
	"	xor %ebp, %ebp\n"
	"	call *%rdx\n"
	"2:	cli\n"
	"	hlt\n"
	"	jmp 2b\n");

static void con_print(EFI_SYSTEM_TABLE *st, const char *s)
{
	CHAR16 buf[128];
	unsigned n = 0;

	for (; *s; s++) {
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (CHAR16)(unsigned char)*s;
		if (n >= sizeof(buf) / sizeof(buf[0]) - 2 || !s[1]) {
			buf[n] = 0;
			st->ConOut->OutputString(st->ConOut, buf);
			n = 0;
		}
	}
}

/* "uvmm-seq N" in the load options: the sequencer started this test. */
static void read_options(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li = NULL;
	const char *key = UVMM_EFI_SEQ_OPTION;
	const CHAR16 *opt;
	unsigned i, n, len;

	if (st->BootServices->HandleProtocol(image, &guid, (void **)&li) != EFI_SUCCESS || !li ||
	    !li->LoadOptions)
		return;
	opt = li->LoadOptions;
	len = li->LoadOptionsSize / sizeof(CHAR16);
	for (i = 0; key[i]; i++)
		if (i >= len || opt[i] != (CHAR16)key[i])
			return;
	for (n = 0; i < len && opt[i] >= '0' && opt[i] <= '9'; i++)
		n = n * 10 + (opt[i] - '0');
	efi.sequenced = 1;
	efi.seq_index = n;
}

static EFI_STATUS get_map(EFI_SYSTEM_TABLE *st, struct efi_mmap *m, UINTN cap, UINTN *key)
{
	UINTN size = cap, dsize = 0;
	UINT32 dver;
	EFI_STATUS s = st->BootServices->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)m->buf, key,
						       &dsize, &dver);

	m->size = size;
	m->desc_size = dsize;
	return s;
}

/* What the runtime needs from boot services, then ExitBootServices. */
static EFI_STATUS leave_boot_services(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, struct efi_mmap *m,
				      uint64_t **tables, unsigned *npages)
{
	EFI_BOOT_SERVICES *bs = st->BootServices;
	EFI_PHYSICAL_ADDRESS addr;
	struct efi_mmap probe = { 0 };
	UINTN key, cap;
	EFI_STATUS s;

	/* The AP trampoline page (uvmm/smp.h); if the firmware holds it, SMP
	 * start-up will fail visibly rather than overwrite firmware data. */
	addr = SMP_TRAMP_ADDR;
	bs->AllocatePages(AllocateAddress, EfiLoaderData, 1, &addr);

	s = get_map(st, &probe, 0, &key);
	if (s != EFI_BUFFER_TOO_SMALL)
		return s;
	cap = probe.size + MMAP_SLACK * probe.desc_size;
	if ((s = bs->AllocatePool(EfiLoaderData, cap, (void **)&m->buf)) != EFI_SUCCESS)
		return s;
	if ((s = get_map(st, m, cap, &key)) != EFI_SUCCESS)
		return s;
	/* Page tables below 4 GiB: the AP trampoline loads CR3 in 32-bit mode. */
	*npages = efi_map_pages(m);
	addr = 0xffffffffull;
	if ((s = bs->AllocatePages(AllocateMaxAddress, EfiLoaderData, *npages, &addr)) != EFI_SUCCESS)
		return s;
	*tables = (uint64_t *)(uintptr_t)addr;
	/* The map changes when the firmware's own events run: get it again. */
	for (int i = 0; i < EBS_TRIES; i++) {
		if ((s = get_map(st, m, cap, &key)) != EFI_SUCCESS)
			return s;
		if ((s = bs->ExitBootServices(image, key)) == EFI_SUCCESS)
			return s;
	}
	return s;
}

static uint64_t read_efer(void)
{
	return rdmsr(X86_MSR_EFER);
}

/* The runtime's machine after the firmware's: as a boot stub leaves it. */
static void take_over(const struct efi_mmap *m, uint64_t *tables, unsigned npages)
{
	uint64_t cr3, apic;

	efi.fw = (struct efi_cpu_state){ read_cr0(), read_cr3(), read_cr4(), read_efer() };
	memset(tables, 0, (size_t)npages * 4096);
	cr3 = efi_map_build(m, tables, npages);
	write_cr3(cr3);
	/* No firmware protections (WP, SMEP, SMAP, PKE, PGE...): the stubs set none. */
	write_cr4(X86_CR4_PAE);
	write_cr0(efi.fw.cr0 & CR0_KEEP);
	wrmsr(X86_MSR_EFER, X86_EFER_LME | X86_EFER_LMA);
	/* Masked as after a reset on uvmm: the firmware's timers are its business. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	apic = rdmsr(X86_MSR_APIC_BASE);
	if (apic & X86_APIC_BASE_X2APIC)
		wrmsr(X2APIC_MSR(LAPIC_LVT_TIMER), LAPIC_LVT_MASKED);
	else if (apic & X86_APIC_BASE_ENABLE)
		lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
}

static void run_test(void)
{
	efi_console_init();
	idt_init();
	guest_main();
	guest_exit(0);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct desc_ptr gdtr = { .limit = sizeof(gdt) - 1, .base = (uintptr_t)gdt };
	struct efi_mmap map = { 0 };
	uint64_t *tables = NULL;
	unsigned npages = 0;
	EFI_STATUS s;

	/* Debian's crt0 calls efi_main with the System V convention: no EFIAPI. */
	read_options(image, st);
	efi.hypervisor = !!(cpuid(1, 0).ecx & (1u << 31));
	con_print(st, "uvmm-efi: start ");
	con_print(st, uvmm_efi_test_name);
	con_print(st, "\n");
	if (read_cr4() & CR4_LA57) {
		con_print(st, "uvmm-efi: 5-level paging is on; the runtime has 4-level tables\n");
		return EFI_UNSUPPORTED;
	}
	efi.runtime = st->RuntimeServices;
	s = leave_boot_services(image, st, &map, &tables, &npages);
	if (s != EFI_SUCCESS) {
		con_print(st, "uvmm-efi: cannot leave boot services\n");
		return s;
	}
	cli();
	take_over(&map, tables, npages);
	efi_switch(&gdtr, stack + sizeof(stack), run_test);
	return EFI_ABORTED; /* not reached */
}
