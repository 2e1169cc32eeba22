/* Benchmark guest, not part of the suite: N exits of one kind in a tight loop,
 * chosen on the PVH command line ("kind=pio_out n=100000"). The N exits are
 * declared at run time as `repeat N { ITEM }`, so the checker counts and
 * checks every one of them. The guest times nothing itself: RDTSC traps on
 * kvm_pvm (~2.8 us each), so the VMM side times the exits (docs/bench.md). */
#include <uvmm/guest.h>
#include <uvmm/boot.h>

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

/* struct hvm_start_info keeps the command line's GPA at byte offset 24. */
static const char *pvh_cmdline(void)
{
	uint64_t gpa;

	if (!uvmm_boot_start_info)
		return "";
	memcpy(&gpa, (const void *)(uintptr_t)(uvmm_boot_start_info + 24), sizeof(gpa));
	return gpa ? (const char *)(uintptr_t)gpa : "";
}

/* The value of "key=" in the blank-separated command line, up to the next blank. */
static const char *cmdline_value(const char *cmd, const char *key, size_t *len)
{
	size_t klen = strlen(key);

	for (const char *p = cmd; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) > klen && !memcmp(w, key, klen) && w[klen] == '=') {
			*len = (size_t)(p - w) - klen - 1;
			return w + klen + 1;
		}
	}
	return NULL;
}

static const struct bench_kind *find_kind(const char *cmd)
{
	size_t len;
	const char *v = cmdline_value(cmd, "kind", &len);

	for (unsigned i = 0; v && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == len && !memcmp(kinds[i].name, v, len))
			return &kinds[i];
	return &kinds[0];
}

/* Decimal or 0x-hex value of key; def when absent. */
static uint64_t cmdline_num(const char *cmd, const char *key, uint64_t def)
{
	size_t len, i = 0;
	const char *v = cmdline_value(cmd, key, &len);
	unsigned base = 10;
	uint64_t n = 0;

	if (!v)
		return def;
	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; i < len; i++) {
		char c = v[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 99;

		if (d >= base)
			break;
		n = n * base + d;
	}
	return n;
}

void guest_main(void)
{
	static char text[128];
	const char *cmd = pvh_cmdline();
	const struct bench_kind *k = find_kind(cmd);
	uint32_t n = (uint32_t)cmdline_num(cmd, "n", 100000);

	snprintf(text, sizeof(text), "repeat %u {\n%s\n}\n", (unsigned)n, k->item);
	uvmm_expect_add(text);
	k->loop(n);
}
