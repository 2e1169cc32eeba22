/* A 32-bit guest enters long mode itself: 4-level tables (2 MiB pages,
 * identity 0..16 MiB), CR4.PAE, EFER.LME, CR0.PG, a far jump to a 64-bit
 * code segment. There it OUTs a value only 64-bit code computes (REX
 * registers, 64-bit rotate) and EFER as it reads it (LME|LMA), then goes
 * back through compatibility mode to 32-bit protected mode with paging off. */
#include <uvmm/guest.h>

#define PTE_P 0x001ull
#define PTE_W 0x002ull
#define PTE_PS 0x080ull
#define MIB (1u << 20)
#define CODE64_SEL 0x18

UVMM_OPTIONS("mode=prot32 mem=16M");
EXPECT("pio.out 0x80:1 = 0x32");
/* 0x0123456789abcdef rotated by 32, shifted right by 16, low 32 bits. */
EXPECT("pio.out 0x80:4 = 0xcdef0123");
EXPECT("pio.out 0x80:4 = 0x500"); /* EFER: LME | LMA */
EXPECT("pio.out 0x80:1 = 0x64");
EXPECT_CASE(case_long_mode_round_trip, "long-mode-round-trip");

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

/* 0x08/0x10 as the boot stub's (so CS and the data segments stay valid), plus a 64-bit code segment. */
static const uint64_t gdt[4] __attribute__((aligned(16))) = {
	0,
	0x00cf9a000000ffffull, /* 0x08: 32-bit flat code */
	0x00cf92000000ffffull, /* 0x10: flat data */
	0x00af9a000000ffffull, /* 0x18: 64-bit code */
};

/* EFER.LMA as seen from compatibility mode, before paging goes off. */
uint32_t efer_in_compat;

/* long_trip(pml4): enable long mode, run the 64-bit part, come back. cdecl. */
void long_trip(uint32_t cr3);
__asm__(".text\n"
	".globl long_trip\n"
	"long_trip:\n"
	"\tpush %ebx\n\tpush %esi\n\tpush %edi\n\tpush %ebp\n"
	"\tmov %cr4, %eax\n\tor $0x20, %eax\n\tmov %eax, %cr4\n"   /* PAE */
	"\tmov 20(%esp), %eax\n\tmov %eax, %cr3\n"
	"\tmov $0xc0000080, %ecx\n\trdmsr\n\tor $0x100, %eax\n\twrmsr\n" /* LME */
	"\tmov %cr0, %eax\n\tor $0x80000000, %eax\n\tmov %eax, %cr0\n"   /* PG: long mode (compat) */
	"\tljmp $0x18, $1f\n"
	".code64\n"
	"1:\n"
	"\tmov %esp, %esp\n"                       /* zero-extend RSP */
	"\tmovabs $0x0123456789abcdef, %r8\n"
	"\trol $32, %r8\n"
	"\tshr $16, %r8\n"
	"\tmov %r8d, %eax\n"
	"\toutl %eax, $0x80\n"
	"\tmov $0xc0000080, %ecx\n\trdmsr\n"
	"\toutl %eax, $0x80\n"
	"\tlea 2f(%rip), %rax\n"                  /* same section: no relocation */
	"\tpushq $0x08\n"
	"\tpushq %rax\n"
	"\tlretq\n"
	".code32\n"
	"2:\n"                                     /* compatibility mode */
	"\tmov $0xc0000080, %ecx\n\trdmsr\n\tmov %eax, efer_in_compat\n"
	"\tmov %cr0, %eax\n\tand $0x7fffffff, %eax\n\tmov %eax, %cr0\n" /* paging off: LMA=0 */
	"\tmov $0xc0000080, %ecx\n\trdmsr\n\tand $~0x100, %eax\n\twrmsr\n"
	"\tmov %cr4, %eax\n\tand $~0x20, %eax\n\tmov %eax, %cr4\n"
	"\tpop %ebp\n\tpop %edi\n\tpop %esi\n\tpop %ebx\n"
	"\tret\n");

void guest_main(void)
{
	struct desc_ptr d = { .limit = sizeof(gdt) - 1, .base = (uintptr_t)gdt };
	unsigned i;

	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PG, 0);
	GUEST_ASSERT_EQ(rdmsr(X86_MSR_EFER) & X86_EFER_LMA, 0);
	GUEST_ASSERT(cpuid(0x80000001, 0).edx & (1u << 29)); /* LM */
	for (i = 0; i < 8; i++)
		pd[i] = (uint64_t)i * 2 * MIB | PTE_PS | PTE_P | PTE_W;
	pdpt[0] = (uint32_t)(uintptr_t)pd | PTE_P | PTE_W;
	pml4[0] = (uint32_t)(uintptr_t)pdpt | PTE_P | PTE_W;
	lgdt(&d);
	outb(0x80, 0x32);
	long_trip((uint32_t)(uintptr_t)pml4);
	outb(0x80, 0x64);
	GUEST_ASSERT_EQ(efer_in_compat & (X86_EFER_LME | X86_EFER_LMA), X86_EFER_LME | X86_EFER_LMA);
	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PG, 0);
	GUEST_ASSERT_EQ(rdmsr(X86_MSR_EFER) & (X86_EFER_LME | X86_EFER_LMA), 0);
	report_pass(case_long_mode_round_trip);
}
