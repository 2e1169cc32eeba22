/* KVM's own hypercall instruction (vmcall on Intel, vmmcall on AMD/Hygon),
 * handled inside KVM without an exit to user space: an unknown number
 * returns -KVM_ENOSYS, KVM_HC_VAPIC_POLL_IRQ returns 0, KVM_HC_MAP_GPA_RANGE
 * without KVM_CAP_EXIT_HYPERCALL is unknown too; from CPL 3 any call
 * returns -KVM_EPERM. Ring 3 is entered with IRETQ and left through an
 * `int 0x80` gate with DPL 3. */
#include <uvmm/guest.h>

#define KVM_ENOSYS 1000
#define KVM_EPERM 1
#define KVM_HC_VAPIC_POLL_IRQ 1
#define KVM_HC_MAP_GPA_RANGE 12
#define HC_UNKNOWN 0x7654321ull

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS (0x20 | 3)
#define USER_CS (0x28 | 3)
#define TSS_SEL 0x30
#define RETURN_VECTOR 0x80
#define GATE_DPL3 0xee /* present, DPL 3, 64-bit interrupt gate */

EXPECT("hcall report pass \"cpl0-unknown\" *");
EXPECT("hcall report pass \"cpl0-vapic-poll-irq\"");
EXPECT("hcall report pass \"cpl0-map-gpa-range-disabled\"");
EXPECT("hcall report pass \"cpl3-eperm\"");
EXPECT("pio.out 0xf4:4 = 0x0");

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
	0x00af9a000000ffffull, /* 0x08: kernel 64-bit code (as the runtime's) */
	0x00cf92000000ffffull, /* 0x10: kernel data */
	0x00cf9a000000ffffull, /* 0x18: 32-bit code */
	0x00cff2000000ffffull, /* 0x20: user data, DPL 3 */
	0x00affa000000ffffull, /* 0x28: user 64-bit code, DPL 3 */
	0, 0,                  /* 0x30: the 64-bit TSS (16 bytes) */
};
static struct tss64 tss;
static uint8_t kernel_stack[4096] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));
extern char __image_end[];

/* What the int 0x80 handler found: RAX after the user's hypercall, the CS it came from. */
static uint64_t user_rax, user_cs;
static int amd_style;

uint64_t user_call(uint64_t entry, uint64_t stack_top, uint64_t rax);
void user_return(void);
void user_vmcall(void);
void user_vmmcall(void);
uint64_t kernel_rsp;

/* user_call(rip, rsp, rax): runs rip at CPL 3 with RAX = rax; returns when
 * the user code executes int 0x80 (the handler resumes at user_return). */
__asm__(".text\n"
	".globl user_call, user_return, user_vmcall, user_vmmcall\n"
	"user_call:\n"
	"\tpush %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n"
	"\tmov %rsp, kernel_rsp(%rip)\n"
	"\tpushq $0x23\n"      /* SS */
	"\tpushq %rsi\n"       /* RSP */
	"\tpushq $0x2\n"       /* RFLAGS: IF=0, IOPL=0 */
	"\tpushq $0x2b\n"      /* CS */
	"\tpushq %rdi\n"       /* RIP */
	"\tmov %rdx, %rax\n"
	"\tiretq\n"
	"user_return:\n"
	"\tmov kernel_rsp(%rip), %rsp\n"
	"\tmov $0x10, %ecx\n\tmov %ecx, %ds\n\tmov %ecx, %es\n"
	"\tmov user_rax(%rip), %rax\n"
	"\tpop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n"
	"\tret\n"
	"user_vmcall:\n\tvmcall\n\tint $0x80\n\tud2\n"
	"user_vmmcall:\n\tvmmcall\n\tint $0x80\n\tud2\n");

static int is_amd_style(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	char v[12];

	memcpy(v, &r.ebx, 4);
	memcpy(v + 4, &r.edx, 4);
	memcpy(v + 8, &r.ecx, 4);
	return !memcmp(v, "AuthenticAMD", 12) || !memcmp(v, "HygonGenuine", 12);
}

/* KVM's hypercall at CPL 0: nr in RAX, arguments in RBX, RCX, RDX, RSI
 * (checked to come back unchanged); the result is RAX. */
static uint64_t kvm_hypercall(uint64_t nr)
{
	uint64_t rax = nr, rbx = 0xb0b0, rcx = 0xc0c0, rdx = 0xd0d0, rsi = 0x5050;

	if (amd_style)
		__asm__ volatile("vmmcall" : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx), "+S"(rsi)
				 : : "memory");
	else
		__asm__ volatile("vmcall" : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx), "+S"(rsi)
				 : : "memory");
	GUEST_ASSERT_EQ(rbx, 0xb0b0);
	GUEST_ASSERT_EQ(rcx, 0xc0c0);
	GUEST_ASSERT_EQ(rdx, 0xd0d0);
	GUEST_ASSERT_EQ(rsi, 0x5050);
	return rax;
}

static void back_to_ring0(struct exc_frame *f)
{
	user_rax = f->rax;
	user_cs = f->cs;
	f->rip = (uint64_t)(uintptr_t)user_return;
	f->cs = KERNEL_CS;
	f->ss = KERNEL_DS;
	f->rsp = kernel_rsp;
	f->rflags = 0x2;
}

static void set_user_bit(uint64_t va)
{
	uint64_t *t = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);
	int l;

	/* Every level of the walk needs U for a CPL 3 access. */
	for (l = 4; l >= 2; l--) {
		uint64_t *e = &t[(va >> (12 + 9 * (l - 1))) & 511];

		GUEST_ASSERT(*e & PTE_P);
		*e |= PTE_U;
		if (*e & PTE_PS)
			break;
		t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
	GUEST_ASSERT_EQ(l, 2);
}

static void setup_ring3(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;
	struct desc_ptr d = { .limit = sizeof(gdt) - 1, .base = (uintptr_t)gdt }, idtr;
	uint8_t *gate;

	tss.rsp[0] = (uint64_t)(uintptr_t)(kernel_stack + sizeof(kernel_stack));
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: ring 3 has no ports */
	gdt[6] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[7] = base >> 32;
	lgdt(&d);
	__asm__ volatile("ltr %w0" : : "r"(TSS_SEL) : "memory");

	/* The image (user code and stack included) lies in the first 2 MiB page. */
	GUEST_ASSERT((uintptr_t)__image_end <= (2u << 20));
	set_user_bit(0);
	write_cr3(read_cr3());

	sidt(&idtr);
	gate = (uint8_t *)idtr.base + RETURN_VECTOR * 16;
	gate[5] = GATE_DPL3;
	idt_set_handler(RETURN_VECTOR, back_to_ring0);
}

static void cpl0(void)
{
	GUEST_ASSERT_EQ(kvm_hypercall(HC_UNKNOWN), (uint64_t)-KVM_ENOSYS);
	test_report("cpl0-unknown", UVMM_RESULT_PASS, amd_style ? "vmmcall" : "vmcall");
	GUEST_ASSERT_EQ(kvm_hypercall(KVM_HC_VAPIC_POLL_IRQ), 0);
	test_report("cpl0-vapic-poll-irq", UVMM_RESULT_PASS, NULL);
	GUEST_ASSERT_EQ(kvm_hypercall(KVM_HC_MAP_GPA_RANGE), (uint64_t)-KVM_ENOSYS);
	test_report("cpl0-map-gpa-range-disabled", UVMM_RESULT_PASS, NULL);
}

static void cpl3(void)
{
	uint64_t entry = (uint64_t)(uintptr_t)(amd_style ? user_vmmcall : user_vmcall);
	uint64_t top = (uint64_t)(uintptr_t)(user_stack + sizeof(user_stack));
	uint64_t r;

	setup_ring3();
	r = user_call(entry, top, HC_UNKNOWN);
	GUEST_ASSERT_EQ(user_cs & 3, 3);
	GUEST_ASSERT_EQ(r, (uint64_t)-KVM_EPERM);
	r = user_call(entry, top, KVM_HC_VAPIC_POLL_IRQ);
	GUEST_ASSERT_EQ(r, (uint64_t)-KVM_EPERM);
	test_report("cpl3-eperm", UVMM_RESULT_PASS, NULL);
}

void guest_main(void)
{
	amd_style = is_amd_style();
	cpl0();
	cpl3();
}
