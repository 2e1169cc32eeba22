/* Benchmark guest, not part of the suite: N exits of one kind in a tight loop,
 * chosen on the PVH command line ("kind=pio_out n=100000"). The N exits are
 * declared at run time as `repeat N { ITEM }`, so the checker counts and
 * checks every one of them. The guest times nothing itself: RDTSC traps on
 * kvm_pvm (~2.8 us each), so the VMM side times the exits (docs/bench.md). */
#include <uvmm/guest.h>
#include <uvmm/boot.h>
#include <uvmm/cmdline.h>

EXPECT("hcall expect *");
/* HLT exits need no in-kernel irqchip; a long run must not hit the default limit. */
UVMM_OPTIONS("irqchip=0 timeout=300");

#define BENCH_PORT 0x80
#define TESTDEV(reg) (UVMM_TESTDEV_BASE + (reg))

/* One exit per round; the loop around it is all the guest adds. */
#define EXIT_LOOP(n, exit_stmt)                  \
	for (uint32_t i = 0; i < (n); i++) {     \
		exit_stmt;                       \
	}

static void loop_pio_out(uint32_t n)
{
	EXIT_LOOP(n, outb(BENCH_PORT, 1));
}

static void loop_pio_in(uint32_t n)
{
	EXIT_LOOP(n, (void)inb(BENCH_PORT));
}

static void loop_mmio_write(uint32_t n)
{
	EXIT_LOOP(n, mmio_write32(TESTDEV(UVMM_TESTDEV_SCRATCH), 1));
}

static void loop_mmio_read(uint32_t n)
{
	EXIT_LOOP(n, (void)mmio_read32(TESTDEV(UVMM_TESTDEV_ID)));
}

static void loop_hcall(uint32_t n)
{
	EXIT_LOOP(n, uvmm_console_write(".", 1));
}

static void loop_msr_read(uint32_t n)
{
	EXIT_LOOP(n, (void)rdmsr(UVMM_MSR_SCRATCH));
}

/* Without an in-kernel irqchip every HLT exits, whatever IF says. */
static void loop_hlt(uint32_t n)
{
	EXIT_LOOP(n, __asm__ volatile("cli; hlt" : : : "memory"));
}

/* The item text must describe exactly the exit the loop makes. */
static const struct bench_kind {
	const char *name;
	const char *item;
	void (*loop)(uint32_t n);
} kinds[] = {
	{ "pio_out", "pio.out 0x80:1 = 0x1", loop_pio_out },
	{ "pio_in", "pio.in 0x80:1 = 0xff", loop_pio_in },
	{ "mmio_write", "mmio.write 0xd0000008:4 = 0x1", loop_mmio_write },
	{ "mmio_read", "mmio.read 0xd0000000:4 = 0x4d4d5655", loop_mmio_read },
	{ "hcall", "hcall console \".\"", loop_hcall },
	{ "msr_read", "msr.read 0x55550000 = 0x0", loop_msr_read },
	{ "hlt", "hlt", loop_hlt },
};

static const struct bench_kind *find_kind(const char *cmd)
{
	size_t len;
	const char *v = cmdline_value(cmd, "kind", &len);

	for (unsigned i = 0; v && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == len && !memcmp(kinds[i].name, v, len))
			return &kinds[i];
	return &kinds[0];
}

void guest_main(void)
{
	static char text[128];
	const char *cmd = boot_cmdline();
	const struct bench_kind *k = find_kind(cmd);
	uint32_t n = (uint32_t)cmdline_num(cmd, "n", 100000);

	snprintf(text, sizeof(text), "repeat %u {\n%s\n}\n", (unsigned)n, k->item);
	uvmm_expect_add(text);
	k->loop(n);
}
