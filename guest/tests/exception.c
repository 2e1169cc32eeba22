/* Handled exceptions: #UD from ud2 and #PF from a 4 KiB page the guest
 * unmapped. Handlers record what the CPU delivered and resume after the
 * faulting instruction; the guest checks it and reports it to the VMM. */
#include <uvmm/guest.h>

EXPECT("hcall exception 6 0 * 0");
/* The #PF report is declared at run time, when RIP and CR2 are known. */
EXPECT("hcall expect *");

struct seen {
	uint64_t vector, error_code, rip, cr2;
	unsigned count;
};

static struct seen seen;
static volatile uint32_t victim[1024] __attribute__((aligned(4096)));

/* Hypercall results are checked with >= 0: OK under uvmm, UVMM_HC_UNANSWERED
 * under QEMU, where this test runs too. */

/* Both faulting instructions below are 2 bytes long (ud2; mov (%rdi),%eax). */
static void record_and_skip(struct exc_frame *f)
{
	seen = (struct seen){ f->vector, f->error_code, f->rip, f->cr2, seen.count + 1 };
	f->rip += 2;
}

static void undefined_opcode(void)
{
	uint64_t at;

	__asm__ volatile("leaq 1f(%%rip), %0\n1:\tud2" : "=r"(at) : : "memory");
	GUEST_ASSERT_EQ(seen.count, 1);
	GUEST_ASSERT_EQ(seen.vector, X86_VEC_UD);
	GUEST_ASSERT_EQ(seen.error_code, 0);
	GUEST_ASSERT_EQ(seen.rip, at);
	GUEST_ASSERT(uvmm_report_exception(seen.vector, seen.error_code, seen.rip, seen.cr2) >= 0);
}

static void page_fault(void)
{
	uint64_t va = (uintptr_t)victim, at;
	uint32_t v = 0;
	char text[96];

	victim[0] = 0x600d;
	GUEST_ASSERT_EQ(pt_unmap_4k(va), 0);
	__asm__ volatile("leaq 1f(%%rip), %0\n1:\tmovl (%%rdi), %%eax"
			 : "=&r"(at), "+a"(v) : "D"(victim) : "memory");
	GUEST_ASSERT_EQ(seen.count, 2);
	GUEST_ASSERT_EQ(seen.vector, X86_VEC_PF);
	GUEST_ASSERT_EQ(seen.error_code, 0); /* not present, read, supervisor */
	GUEST_ASSERT_EQ(seen.rip, at);
	GUEST_ASSERT_EQ(seen.cr2, va);
	GUEST_ASSERT_EQ(v, 0);

	GUEST_ASSERT_EQ(pt_map_4k(va, va, PTE_W), 0);
	GUEST_ASSERT_EQ(victim[0], 0x600d);

	snprintf(text, sizeof(text), "hcall exception 14 0 0x%llx 0x%llx\n",
		 (unsigned long long)seen.rip, (unsigned long long)seen.cr2);
	GUEST_ASSERT(uvmm_expect_add(text) >= 0);
	GUEST_ASSERT(uvmm_report_exception(seen.vector, seen.error_code, seen.rip, seen.cr2) >= 0);
}

void guest_main(void)
{
	idt_set_handler(X86_VEC_UD, record_and_skip);
	idt_set_handler(X86_VEC_PF, record_and_skip);
	undefined_opcode();
	page_fault();
}
