/* A real-mode guest switches itself to 32-bit protected mode (its own GDT,
 * CR0.PE, far jump to a 32-bit code segment), proves it there with 32-bit
 * code that reaches memory above 1 MiB and OUTs 32-bit values, then goes
 * back through a 16-bit protected-mode segment to real mode. */
#include <uvmm/guest.h>

#define HIGH_ADDR 0x200000u /* beyond what real mode with base 0 can address */

UVMM_OPTIONS("mode=real mem=16M");
EXPECT("pio.out 0x80:1 = 0x16");
/* From the 32-bit segment: an immediate only a 32-bit decoder reads whole,
 * then a value stored at 2 MiB and read back, then CR0.PG|PE (only PE). */
EXPECT("pio.out 0x80:4 = 0xcafebabe");
EXPECT("pio.out 0x80:4 = 0x32323232");
EXPECT("pio.out 0x80:4 = 0x1");
EXPECT("pio.out 0x80:2 = 0x1616");
EXPECT_CASE(case_prot32_round_trip, "prot32-round-trip");

/* Written by the 32-bit code (below 64 KiB, so C can read it in real mode). */
uint32_t pm32_cs, pm32_high;

void prot32_trip(void);
/* The C code around is gcc -m16 (.code16gcc): restore that mode at the end. */
__asm__(".text\n"
	".code16\n"
	".globl prot32_trip\n"
	"prot32_trip:\n"                      /* reached by a 32-bit call (calll) */
	"\tpushl %ebx\n"
	"\tcli\n"
	"\tlgdtl p32_gdt_desc\n"
	"\tmovl %cr0, %eax\n\torl $1, %eax\n\tmovl %eax, %cr0\n"
	"\tljmpl $0x08, $3f\n"
	".code32\n"
	"3:\n"
	"\tmovw $0x10, %ax\n\tmovw %ax, %ds\n\tmovw %ax, %es\n\tmovw %ax, %ss\n"
	"\tmovl $0xcafebabe, %eax\n"
	"\toutl %eax, $0x80\n"
	"\tmovl $0x200000, %ebx\n"
	"\tmovl $0x32323232, (%ebx)\n"
	"\tmovl (%ebx), %eax\n"
	"\tmovl %eax, pm32_high\n"
	"\toutl %eax, $0x80\n"
	"\tmovl %cr0, %eax\n"
	"\tandl $0x80000001, %eax\n"           /* PG, PE: the rest is the VMM's reset state */
	"\toutl %eax, $0x80\n"
	"\tmovw %cs, %ax\n\tmovzwl %ax, %eax\n\tmovl %eax, pm32_cs\n"
	"\tljmp $0x18, $4f\n"                 /* 16-bit protected mode */
	".code16\n"
	"4:\n"
	"\tmovw $0x20, %ax\n\tmovw %ax, %ds\n\tmovw %ax, %es\n\tmovw %ax, %ss\n"
	"\tmovl %cr0, %eax\n\tandl $~1, %eax\n\tmovl %eax, %cr0\n"
	"\tljmp $0, $5f\n"                    /* real mode, CS = 0 */
	"5:\n"
	"\txorw %ax, %ax\n\tmovw %ax, %ds\n\tmovw %ax, %es\n\tmovw %ax, %ss\n"
	"\tpopl %ebx\n"
	"\tretl\n"
	".section .rodata\n"
	".p2align 3\n"
	"p32_gdt:\n"
	"\t.quad 0\n"
	"\t.quad 0x00cf9a000000ffff\n"        /* 0x08: 32-bit flat code */
	"\t.quad 0x00cf92000000ffff\n"        /* 0x10: 32-bit flat data */
	"\t.quad 0x00009a000000ffff\n"        /* 0x18: 16-bit code, 64 KiB */
	"\t.quad 0x000092000000ffff\n"        /* 0x20: 16-bit data, 64 KiB */
	"p32_gdt_desc:\n"
	"\t.word p32_gdt_desc - p32_gdt - 1\n"
	"\t.long p32_gdt\n"
	".text\n"
	".code16gcc\n");

void guest_main(void)
{
	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PE, 0);
	outb(0x80, 0x16);
	prot32_trip();
	outw(0x80, 0x1616);
	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PE, 0);
	GUEST_ASSERT_EQ(pm32_cs, 0x08);
	GUEST_ASSERT_EQ(pm32_high, 0x32323232);
	report_pass(case_prot32_round_trip);
}
