/* Benchmark guest for uvmm bench's gdb stub measurements, not in the suite:
 * a loop gdb steps through and breaks in for as long as it likes, under
 * uvmm and under QEMU alike (it makes no exit at all). gdb kills the run. */
#include <uvmm/guest.h>

EXPECT("pio.out 0xf4:4 = 0x0");
UVMM_OPTIONS("timeout=86400");

volatile uint64_t ticks;

__attribute__((noinline)) void gdb_bench_tick(void)
{
	ticks++;
}

void guest_main(void)
{
	for (;;)
		gdb_bench_tick();
}
