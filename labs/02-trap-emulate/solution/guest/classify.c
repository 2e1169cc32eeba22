/* Lab 2 reference solution: sixteen instructions, each at CPL 0, at CPL 3
 * and at CPL 3 with CR4.UMIP set, and what each does under KVM: it traps
 * (the guest gets an exception), it exits (the VMM in user space sees a VM
 * exit), or it is silent (it runs, or KVM handles it without telling the
 * VMM). The answers are the architecture's (Intel SDM, AMD APM) as stock
 * KVM gives them. */
#include "pg.h"

UVMM_OPTIONS("irqchip=0"); /* HLT then reaches the VMM */

/* Sensitive but unprivileged: they reveal state a VMM would virtualize. */
PG_SNIPPET(sgdt, "sgdt pg_scratch(%rip)");
PG_SNIPPET(sidt, "sidt pg_scratch(%rip)");
PG_SNIPPET(sldt, "sldt %ax");
PG_SNIPPET(smsw, "smsw %ax");
PG_SNIPPET(str, "str %ax");
PG_SNIPPET(pushf, "pushfq");
PG_SNIPPET(popf, "pushfq\n\torq $0x200, (%rsp)\n\tpopfq"); /* try to set IF */
PG_SNIPPET(movcs, "mov %cs, %ax");
PG_SNIPPET(cpuid, "xor %eax, %eax\n\tcpuid");
PG_SNIPPET(rdtsc, "rdtsc");
/* Privileged: they trap at CPL 3; at CPL 0 some exit to the VMM. */
PG_SNIPPET(in, "inb $0x80, %al");
PG_SNIPPET(hlt, "hlt");
PG_SNIPPET(rdmsr, "mov $0x55550000, %ecx\n\trdmsr");
PG_SNIPPET(movcr0, "mov %cr0, %rax");
PG_SNIPPET(cli, "cli");
PG_SNIPPET(invlpg, "invlpg pg_scratch(%rip)");
/* The rest of the handout's list (graded by the hidden tests). */
PG_SNIPPET(out, "outb %al, $0x80");
PG_SNIPPET(wrmsr, "mov $0x55550000, %ecx\n\txor %eax, %eax\n\txor %edx, %edx\n\twrmsr");
PG_SNIPPET(movcr3, "mov %cr3, %rax");
PG_SNIPPET(lar, "mov $0x2b, %eax\n\tlar %ax, %ax");
PG_SNIPPET(verr, "mov $0x23, %eax\n\tverr %ax");
PG_SNIPPET(wbinvd, "wbinvd");

static const struct pg_insn table[] = {
	/*     insn    CPL 0      CPL 3        CPL 3 + UMIP */
	PG_ROW(sgdt,   "silent", "silent",   "trap #GP"),
	PG_ROW(sidt,   "silent", "silent",   "trap #GP"),
	PG_ROW(sldt,   "silent", "silent",   "trap #GP"),
	PG_ROW(smsw,   "silent", "silent",   "trap #GP"),
	PG_ROW(str,    "silent", "silent",   "trap #GP"),
	PG_ROW(pushf,  "silent", "silent",   "silent"),
	PG_ROW(popf,   "silent", "silent",   "silent"),
	PG_ROW(movcs,  "silent", "silent",   "silent"),
	PG_ROW(cpuid,  "silent", "silent",   "silent"),
	PG_ROW(rdtsc,  "silent", "silent",   "silent"),
	PG_ROW(in,     "exit",   "trap #GP", "trap #GP"),
	PG_ROW(hlt,    "exit",   "trap #GP", "trap #GP"),
	PG_ROW(rdmsr,  "exit",   "trap #GP", "trap #GP"),
	PG_ROW(movcr0, "silent", "trap #GP", "trap #GP"),
	PG_ROW(cli,    "silent", "trap #GP", "trap #GP"),
	PG_ROW(invlpg, "silent", "trap #GP", "trap #GP"),
	PG_ROW(out,    "exit",   "trap #GP", "trap #GP"),
	PG_ROW(wrmsr,  "exit",   "trap #GP", "trap #GP"),
	PG_ROW(movcr3, "silent", "trap #GP", "trap #GP"),
	PG_ROW(lar,    "silent", "silent",   "silent"),
	PG_ROW(verr,   "silent", "silent",   "silent"),
	PG_ROW(wbinvd, "silent", "trap #GP", "trap #GP"),
};

/* CR4 bit 11: SGDT, SIDT, SLDT, SMSW and STR #GP at CPL > 0. */
void pg_set_umip(int on)
{
	if (on)
		write_cr4(read_cr4() | PG_CR4_UMIP);
	else
		write_cr4(read_cr4() & ~PG_CR4_UMIP);
}

void guest_main(void)
{
	pg_main(table, sizeof(table) / sizeof(table[0]));
}
