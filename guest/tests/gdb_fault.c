/* For the gdb stub's tests, not a suite test: a read of an address the boot
 * map does not cover (4 GiB) is a #PF that no handler expects. The runtime's
 * default handler reports it and the guest exits 1; with --gdb-on-fault gdb
 * gets the guest stopped at the faulting load, in fault_here(). */
#include <uvmm/guest.h>

EXPECT("pio.out 0x80:1 = 0x1");
EXPECT("hcall exception 14 0x0 * 0x100000000");
EXPECT_END("pio.out 0xf4:4 = 0x1");

volatile uint64_t sink;
volatile uint64_t depth = 3;

__attribute__((noinline)) void fault_here(uint64_t addr)
{
	sink = *(volatile uint64_t *)(uintptr_t)addr; /* LINE_FAULT */
}

__attribute__((noinline)) void descend(uint64_t n)
{
	if (n)
		descend(n - 1);
	else
		fault_here(1ull << 32);
	sink++;
}

void guest_main(void)
{
	outb(0x80, 1);
	descend(depth);
}
