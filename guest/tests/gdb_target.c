/* For the gdb stub's tests (tests/integration/test_gdb.sh), not a suite
 * test: code to break in, step through and watch. Each of five rounds calls
 * tick(), which adds the round to `counter`, and OUTs the sum, so the
 * checker sees the same exits whether gdb stepped through or not. An alias
 * page maps to another page's frame: only a debugger that walks the guest's
 * page tables reads the secret through it. */
#include <uvmm/guest.h>
#include <uvmm/paging.h>

EXPECT("pio.out 0x80:4 = 0x1");
EXPECT("pio.out 0x80:4 = 0x3");
EXPECT("pio.out 0x80:4 = 0x6");
EXPECT("pio.out 0x80:4 = 0xa");
EXPECT("pio.out 0x80:4 = 0xf");
EXPECT("hcall report pass \"gdb-target\"");

volatile uint64_t counter;   /* watch counter */
volatile uint64_t bystander; /* read every round: rwatch bystander */
volatile uint64_t reads;

static char alias_page[4096] __attribute__((aligned(4096))) = "plain page";
static char secret_page[4096] __attribute__((aligned(4096))) = "secret behind the alias";

__attribute__((noinline)) uint64_t add(uint64_t a, uint64_t b)
{
	return a + b; /* LINE_ADD */
}

__attribute__((noinline)) void tick(unsigned round)
{
	counter = add(counter, round); /* LINE_TICK */
	reads += bystander;
}

void guest_main(void)
{
	GUEST_ASSERT_EQ(pt_map_4k((uintptr_t)alias_page, (uintptr_t)secret_page, PTE_W), 0);
	GUEST_ASSERT_EQ(alias_page[0], 's');
	for (unsigned round = 1; round <= 5; round++) {
		tick(round); /* LINE_CALL */
		outl(0x80, (uint32_t)counter);
	}
	test_report("gdb-target", UVMM_RESULT_PASS, NULL);
}
