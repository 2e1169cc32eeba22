/* #PF error codes and CR2: not-present read (0), not-present write (2),
 * write to a read-only page with CR0.WP (3) and an instruction fetch from an
 * NX page (0x11 = P|I/D). A reserved bit in the PTE is exc_pf_rsvd's. */
#include <uvmm/guest.h>
#include <uvmm/trap.h>

#define PF_P 1u
#define PF_W 2u
#define PF_ID 0x10u
#define EFER_NXE (1ull << 11)
#define CPUID_EXT_NX (1u << 20) /* 0x80000001 EDX */

EXPECT("hcall expect *");
EXPECT("hcall report pass \"not-present-read\"");
EXPECT("hcall expect *");
EXPECT("hcall report pass \"not-present-write\"");
EXPECT("hcall expect *");
EXPECT("hcall report pass \"write-read-only\"");
EXPECT("hcall expect *");
EXPECT_CASE(case_nx_fetch, "nx-fetch");

static volatile uint64_t victim[512] __attribute__((aligned(4096)));
/* A page holding only `ret`, made NX below. */
static uint8_t nx_page[4096] __attribute__((aligned(4096)));

static uint64_t va(void) { return (uint64_t)(uintptr_t)victim; }

static void load(uint64_t *v)
{
	__asm__ volatile(TRAP_BEGIN "movq (%1), %0" TRAP_END
			 : "+r"(*v) : "r"(victim) : TRAP_CLOBBERS);
}

static void store(uint64_t v)
{
	__asm__ volatile(TRAP_BEGIN "movq %1, (%0)" TRAP_END
			 : : "r"(victim), "r"(v) : TRAP_CLOBBERS);
}

static void check_pf(unsigned err, unsigned n, const char *name)
{
	TRAP_ASSERT(X86_VEC_PF, err, n);
	GUEST_ASSERT_EQ(trap_seen.cr2, va());
	trap_report();
	test_report(name, UVMM_RESULT_PASS, NULL);
}

static void not_present(void)
{
	uint64_t v = 7;

	GUEST_ASSERT_EQ(pt_unmap_4k(va()), 0);
	load(&v);
	GUEST_ASSERT_EQ(v, 7);
	check_pf(0, 1, "not-present-read");
	store(0xbad);
	check_pf(PF_W, 2, "not-present-write");
}

static void read_only(void)
{
	uint64_t v = 0;

	/* Supervisor writes ignore R/W unless CR0.WP is set. */
	write_cr0(read_cr0() | X86_CR0_WP);
	GUEST_ASSERT_EQ(pt_map_4k(va(), va(), 0), 0);
	load(&v);
	GUEST_ASSERT_EQ(trap_seen.count, 2);
	GUEST_ASSERT_EQ(v, 0x600d);
	store(0xbad);
	GUEST_ASSERT_EQ(victim[0], 0x600d);
	check_pf(PF_P | PF_W, 3, "write-read-only");
}

/* On a fetch fault RIP is the target itself and the return address is on
 * the stack: record, then return to the caller. */
static void fetch_fault(struct exc_frame *f)
{
	trap_seen = (struct trap_seen){ f->vector, f->error_code, f->rip, f->cr2,
					(uint64_t)(uintptr_t)nx_page, trap_seen.count + 1 };
	f->rip = *(uint64_t *)(uintptr_t)f->rsp;
	f->rsp += 8;
}

static void nx_fetch(void)
{
	uint64_t pa = (uint64_t)(uintptr_t)nx_page;

	GUEST_ASSERT(cpuid(0x80000001, 0).edx & CPUID_EXT_NX);
	wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | EFER_NXE);
	nx_page[0] = 0xc3; /* ret */
	GUEST_ASSERT_EQ(pt_map_4k(pa, pa, PTE_W | PTE_NX), 0);
	idt_set_handler(X86_VEC_PF, fetch_fault);
	__asm__ volatile("call *%0" : : "r"(nx_page) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
			 "r10", "r11", "memory");
	TRAP_ASSERT(X86_VEC_PF, PF_P | PF_ID, 4);
	GUEST_ASSERT_EQ(trap_seen.cr2, pa);
	trap_report();
	report_pass(case_nx_fetch);
}

void guest_main(void)
{
	victim[0] = 0x600d;
	trap_catch(X86_VEC_PF);
	not_present();
	read_only();
	nx_fetch();
}
