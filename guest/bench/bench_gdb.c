/* Benchmark guest for uvmm bench's gdb stub measurements, not in the suite:
 * a loop gdb steps through and breaks in, under uvmm and under QEMU alike
 * (it makes no exit inside the loop). Run without gdb it ends by itself
 * (under a second on kvm_pvm) and passes, so tools that run every image need not wait for it;
 * the bench kills the run long before the loop is done. */
#include <uvmm/guest.h>

volatile uint64_t ticks;

__attribute__((noinline)) void gdb_bench_tick(void)
{
	ticks++;
}

/* More calls than the bench's most breakpoint hits (vmm/bench: BENCH_GDB_MAX_TRIPS + 1). */
#define BENCH_GDB_TICKS (1u << 16)

void guest_main(void)
{
	for (uint64_t i = 0; i < BENCH_GDB_TICKS; i++)
		gdb_bench_tick();
}
