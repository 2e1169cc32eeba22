/* Ring 3 for 64-bit guests: IRETQ enters CPL 3. Two ways back to CPL 0 on the
 * TSS's RSP0 stack, both resuming the kernel where user_call left it: a
 * deliberate #DE at usermode_exit_div (user_exit: an exception, so no INT n,
 * no SYSCALL MSRs; works on every KVM) and the DPL-3 gate 0x80 (INT n).
 * Globals (docs/guest-runtime.md): usermode_kernel_rsp, last_exit, the TSS
 * (RSP0 = kernel_stack), the #DE and 0x80 handlers. */
#include <uvmm/cpu.h>
#include <uvmm/idt.h>
#include <uvmm/paging.h>
#include <uvmm/hypercall.h>
#include <uvmm/test.h>
#include <uvmm/usermode.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define TSS_SEL 0x30
#define TSS_TYPE_AVAILABLE 0x89ull /* present, DPL 0, 64-bit TSS */
#define RFLAGS_RESERVED 0x2

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static uint64_t gdt[8] __attribute__((aligned(16))) = {
	0,
	0x00af9a000000ffffull, /* 0x08: kernel 64-bit code (as the boot stub's) */
	0x00cf92000000ffffull, /* 0x10: kernel data */
	0x00cf9a000000ffffull, /* 0x18: 32-bit code */
	0x00cff2000000ffffull, /* 0x20: user data, DPL 3 */
	0x00affa000000ffffull, /* 0x28: user 64-bit code, DPL 3 */
	0, 0,                  /* 0x30: the 64-bit TSS (16 bytes) */
};
static struct tss64 tss;
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));
static struct user_exit last_exit;
extern char __image_start[], __image_end[];

/* The kernel RSP inside user_call (0 outside it); used by the asm below. */
uint64_t usermode_kernel_rsp;
/* How the last user_call ended. */
static struct user_exit last_exit;
void usermode_enter(uint64_t rip, uint64_t rsp, uint64_t rax, uint64_t rflags);
void usermode_return(void);
void usermode_trampoline(void);
void usermode_exit_user(void);
extern char usermode_exit_div[];

/* usermode_enter(rip, rsp, rax, rflags) IRETQs to CPL 3 after saving the
 * callee-saved registers; it "returns" through usermode_return, where the
 * exit handlers send the CPU. Data segments come back null from CPL 3. */
__asm__(".text\n"
	".globl usermode_enter, usermode_return\n"
	"usermode_enter:\n"
	"\tpush %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n"
	"\tmov %rsp, usermode_kernel_rsp(%rip)\n"
	"\tpushq $0x23\n"      /* SS = USER_DS_SEL */
	"\tpushq %rsi\n"       /* RSP */
	"\tor $0x2, %rcx\n"
	"\tpushq %rcx\n"       /* RFLAGS */
	"\tpushq $0x2b\n"      /* CS = USER_CS_SEL */
	"\tpushq %rdi\n"       /* RIP */
	"\tmov %rdx, %rax\n"
	"\tiretq\n"
	"usermode_return:\n"
	"\tmov usermode_kernel_rsp(%rip), %rsp\n"
	"\tmovq $0, usermode_kernel_rsp(%rip)\n"
	"\tmov $0x10, %ecx\n\tmov %ecx, %ds\n\tmov %ecx, %es\n"
	"\tpop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n"
	"\tret\n");

/* user_exit()'s target, at CPL 3: a divide by zero at a known address. The
 * #DE is a fault, so RAX is intact in the frame. user_run's trampoline calls
 * the C function (in RAX) and ends the same way with RAX = 0. */
__asm__(".text\n"
	".globl usermode_exit_user, usermode_exit_div, usermode_trampoline\n"
	"usermode_exit_user:\n"
	"\txor %ecx, %ecx\n"
	"usermode_exit_div:\n"
	"\tdiv %ecx\n"
	"\tud2\n"
	"usermode_trampoline:\n"
	"\tcall *%rax\n"
	"\txor %eax, %eax\n"
	"\tjmp usermode_exit_user\n");

/* Both exits: record the CPU's frame, resume the kernel in usermode_return. */
static void leave_user(struct exc_frame *f)
{
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	last_exit = (struct user_exit){ f->vector, f->rip, f->cs, f->rflags, f->rsp, f->ss, f->rax, cs };
	f->rip = (uint64_t)(uintptr_t)usermode_return;
	f->cs = KERNEL_CS;
	f->ss = KERNEL_DS;
	f->rsp = usermode_kernel_rsp;
	f->rflags = RFLAGS_RESERVED;
}

static void on_return_gate(struct exc_frame *f)
{
	/* Only an INT from inside user_call has a kernel context to go back to. */
	GUEST_ASSERT(usermode_kernel_rsp != 0);
	leave_user(f);
}

/* #DE: user_exit's, or a real divide error (reported like any unexpected
 * exception: the default handler's report, then exit 1). */
static void on_divide_error(struct exc_frame *f)
{
	if (f->rip != (uint64_t)(uintptr_t)usermode_exit_div || !(f->cs & 3) || !usermode_kernel_rsp) {
		uvmm_report_exception(f->vector, f->error_code, f->rip, f->cr2);
		guest_exit(1);
	}
	leave_user(f);
}

void user_exit(uint64_t rax)
{
	__asm__ volatile("jmp usermode_exit_user" : : "a"(rax) : "memory");
	__builtin_unreachable();
}

/* Sets U at every level of the walk to va (a CPL 3 access needs it at all of
 * them); returns the size of the page the leaf maps. */
static uint64_t allow_user(uint64_t va)
{
	uint64_t *t = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);
	int l;

	for (l = 4;; l--) {
		unsigned shift = 12 + 9 * (l - 1);
		uint64_t *e = &t[(va >> shift) & 511];

		GUEST_ASSERT(*e & PTE_P);
		*e |= PTE_U;
		if (l == 1 || (*e & PTE_PS))
			return 1ull << shift;
		t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
}

static void load_gdt_tss(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;
	struct desc_ptr d = { .limit = sizeof(gdt) - 1, .base = (uintptr_t)gdt };

	tss.rsp[0] = (uint64_t)(uintptr_t)(kernel_stack + sizeof(kernel_stack));
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: CPL 3 has no ports */
	gdt[6] = (limit & 0xffff) | (base & 0xffffff) << 16 | TSS_TYPE_AVAILABLE << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[7] = base >> 32;
	lgdt(&d);
	__asm__ volatile("ltr %w0" : : "r"(TSS_SEL) : "memory");
}

void usermode_init(void)
{
	static int done;
	uint64_t va, end = (uint64_t)(uintptr_t)__image_end;

	/* LTR marks the TSS busy: a second LTR would #GP. */
	if (done)
		return;
	done = 1;
	load_gdt_tss();
	for (va = (uint64_t)(uintptr_t)__image_start & ~(PAGE_SIZE - 1); va < end;) {
		uint64_t size = allow_user(va);

		va = (va & ~(size - 1)) + size;
	}
	write_cr3(read_cr3());
	idt_set_dpl(USER_RETURN_VECTOR, 3);
	idt_set_handler(USER_RETURN_VECTOR, on_return_gate);
	idt_set_handler(X86_VEC_DE, on_divide_error);
}

uint64_t user_stack_top(void)
{
	return (uint64_t)(uintptr_t)(user_stack + sizeof(user_stack));
}

uint64_t user_call_flags(void (*entry)(void), uint64_t rax, uint64_t rflags, struct user_exit *out)
{
	usermode_enter((uint64_t)(uintptr_t)entry, user_stack_top(), rax, rflags);
	if (out)
		*out = last_exit;
	return last_exit.rax;
}

uint64_t user_call(void (*entry)(void), uint64_t rax, struct user_exit *out)
{
	return user_call_flags(entry, rax, RFLAGS_RESERVED, out);
}

void user_run(void (*fn)(void), uint64_t rflags)
{
	struct user_exit e;

	user_call_flags(usermode_trampoline, (uint64_t)(uintptr_t)fn, rflags, &e);
	/* An INT 0x80 from inside fn would end the call too: not this path. */
	GUEST_ASSERT_EQ(e.vector, USER_EXIT_VECTOR);
}
