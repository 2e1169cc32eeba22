/* A guest that follows kvm-unit-tests' protocol exactly, for testing `uvmm
 * kut` without KUT: entered through multiboot (boot/multiboot.asm, header
 * flags 0), it reads mem_upper, the command line (argv[0] is the program),
 * the environment module, fw_cfg, and prints PASS:/FAIL:/SKIP:/XFAIL:/
 * KFAIL: lines and a SUMMARY: line as KUT's lib/report.c does, on COM1 with
 * LSR polling like its lib/x86/io.c, then exits through port 0xf4 with 0,
 * 1, 38 or 63. argv[1] picks what it does (tests/kut/unittests.cfg). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <uvmm/io.h>
#include <uvmm/printf.h>
#include <uvmm/string.h>

#define FW_CFG_PORT 0x510
#define FW_CFG_RAM_SIZE 0x03
#define FW_CFG_NB_CPUS 0x05
#define FW_CFG_MAX_CPUS 0x0f
#define FW_CFG_MAX_RAM 0x11
#define EXIT_PORT 0xf4
#define KUT_SKIP_STATUS 38 /* report_summary() when every test skipped */
#define KUT_ABORT_STATUS 63

struct mbi {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4], mmap_length, mmap_addr;
};
struct mbi_module {
	uint32_t start, end, string, reserved;
};
struct mbi_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

extern uint32_t kut_multiboot_info; /* boot/multiboot.asm: EBX at entry */
void kut_entry(void);

/* ---- the parts of KUT's libcflat this guest needs ---------------------- */

static void serial_putc(char c)
{
	while (!(inb(0x3f8 + 5) & 0x20)) /* LSR: transmitter holding register empty */
		;
	outb(0x3f8, (uint8_t)c);
}

static void kputs(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}

UVMM_PRINTF_FMT(1, 2) static void kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kputs(buf);
}

static __attribute__((noreturn)) void kexit(uint32_t code)
{
	outl(EXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static unsigned tests, failures, xfailures, kfailures, skipped;

/* lib/report.c va_report: one line per report, counted the same way. */
static void va_report(const char *fmt, int pass, int xfail, int kfail, int skip, va_list ap)
{
	const char *prefix = skip ? "SKIP" : xfail ? (pass ? "XPASS" : "XFAIL")
			     : kfail ? (pass ? "PASS" : "KFAIL") : (pass ? "PASS" : "FAIL");
	char buf[400];

	tests++;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	kprintf("%s: %s\n", prefix, buf);
	if (skip)
		skipped++;
	else if (xfail && !pass)
		xfailures++;
	else if (kfail && !pass)
		kfailures++;
	else if (xfail || !pass)
		failures++;
}

UVMM_PRINTF_FMT(2, 3) static void report(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	va_report(fmt, pass, 0, 0, 0, ap);
	va_end(ap);
}

UVMM_PRINTF_FMT(3, 4) static void report_xfail(int xfail, int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	va_report(fmt, pass, xfail, 0, 0, ap);
	va_end(ap);
}

UVMM_PRINTF_FMT(3, 4) static void report_kfail(int kfail, int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	va_report(fmt, pass, 0, kfail, 0, ap);
	va_end(ap);
}

UVMM_PRINTF_FMT(1, 2) static void report_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	va_report(fmt, 0, 0, 0, 1, ap);
	va_end(ap);
}

static int report_summary(void)
{
	kprintf("SUMMARY: %u tests", tests);
	if (failures)
		kprintf(", %u unexpected failures", failures);
	if (kfailures)
		kprintf(", %u known failures", kfailures);
	if (xfailures)
		kprintf(", %u expected failures", xfailures);
	if (skipped)
		kprintf(", %u skipped", skipped);
	kprintf("\n");
	if (tests == skipped)
		return 77 >> 1;
	return failures > 0;
}

static uint64_t fwcfg_get(uint16_t key, int bytes)
{
	uint64_t r = 0;

	outw(FW_CFG_PORT, key);
	for (int i = 0; i < bytes; i++)
		r |= (uint64_t)inb(FW_CFG_PORT + 1) << (i * 8);
	return r;
}

/* lib/argv.c: the command line split on blanks, argv[0] first. */
static char args_copy[1000];
static char *argv[64];
static int argc;

static void setup_args(const char *args)
{
	char *p = args_copy;

	while (*args && argc < 63 && p < args_copy + sizeof(args_copy) - 2) {
		while (*args == ' ' || *args == '\t')
			args++;
		if (!*args)
			break;
		argv[argc++] = p;
		while (*args && *args != ' ' && *args != '\t' && p < args_copy + sizeof(args_copy) - 1)
			*p++ = *args++;
		*p++ = 0;
	}
}

/* lib/argv.c setup_env: NAME=value lines from the module (at most 16 KiB). */
static char env[16384];
static char *environ[64];
static int nenv;

static void setup_env(const char *src, uint32_t size)
{
	char *p = env, *line;

	if (size > sizeof(env) - 1)
		size = sizeof(env) - 1;
	memcpy(env, src, size);
	env[size] = 0;
	while (*p && nenv < 63) {
		line = p;
		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
		if (strchr(line, '='))
			environ[nenv++] = line;
	}
}

static const char *getenv_(const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < nenv; i++)
		if (!strncmp(environ[i], name, n) && environ[i][n] == '=')
			return environ[i] + n + 1;
	return NULL;
}

static uint64_t atou(const char *s)
{
	uint64_t v = 0;

	while (s && *s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/* ---- the modes ------------------------------------------------------- */

static struct mbi *mbi(void)
{
	return (struct mbi *)(uintptr_t)kut_multiboot_info;
}

/* What KUT reads at boot: mem_upper, the memory map, argv, environ, fw_cfg. */
static int mode_boot(void)
{
	struct mbi *b = mbi();
	uint64_t ram = fwcfg_get(FW_CFG_RAM_SIZE, 8), ram_seen = 0;
	unsigned cpus = (unsigned)fwcfg_get(FW_CFG_NB_CPUS, 2);

	report(ram > (1u << 20) && (uint64_t)b->mem_upper * 1024 + (1u << 20) == ram,
	       "mem_upper %u KiB is the RAM above 1 MiB (fw_cfg RAM_SIZE %llu)", b->mem_upper,
	       (unsigned long long)ram);
	for (uint32_t p = b->mmap_addr; (b->flags & 0x40) && p < b->mmap_addr + b->mmap_length;) {
		struct mbi_mmap *m = (struct mbi_mmap *)(uintptr_t)p;
		if (m->type == 1)
			ram_seen += m->len;
		p += m->size + 4;
	}
	/* The map leaves out the EBDA and [0xa0000, 1 MiB): 0x60400 bytes. */
	report(ram_seen + 0x60400 == ram, "memory map: %llu bytes of RAM (+ the BIOS areas)",
	       (unsigned long long)ram_seen);
	report(argc >= 1 && ends_with(argv[0], "kut_proto.elf"), "argv[0] is the program: %s",
	       argc ? argv[0] : "(none)");
	report(argc == 5 && !strcmp(argv[2], "alpha") && !strcmp(argv[3], "beta") &&
	       !strcmp(argv[4], "gamma"), "argv splits the command line on blanks (%d words)", argc);
	report(b->mods_count == 1, "one module: the environment");
	report(atou(getenv_("NR_CPUS")) == cpus && cpus >= 1, "NR_CPUS=%s is fw_cfg NB_CPUS %u",
	       getenv_("NR_CPUS") ? getenv_("NR_CPUS") : "(unset)", cpus);
	report(atou(getenv_("MEMSIZE")) << 20 == ram, "MEMSIZE=%s MiB is fw_cfg RAM_SIZE",
	       getenv_("MEMSIZE") ? getenv_("MEMSIZE") : "(unset)");
	report(fwcfg_get(FW_CFG_MAX_CPUS, 2) == cpus, "fw_cfg MAX_CPUS is NB_CPUS");
	report(fwcfg_get(FW_CFG_MAX_RAM, 8) >= ram, "fw_cfg MAX_RAM is past the RAM");
	report(fwcfg_get(0x1234, 8) == 0, "an unknown fw_cfg key reads 0");
	report(getenv_("KERNEL_VERSION") != NULL, "KERNEL_VERSION=%s",
	       getenv_("KERNEL_VERSION") ? getenv_("KERNEL_VERSION") : "(unset)");
	report(getenv_("ERRATA_000000000001") && !strcmp(getenv_("ERRATA_000000000001"), "y"),
	       "an erratum fixed in kernel 1.0 is ERRATA_...=y");
	report(getenv_("ERRATA_000000000999") && !strcmp(getenv_("ERRATA_000000000999"), "n"),
	       "an erratum fixed in kernel 999.0 is ERRATA_...=n");
	return report_summary();
}

static uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

static uint8_t sum(const void *p, uint32_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *b++);
	return s;
}

/* lib/acpi.c: the RSDP in 0xe0000-0xfffff, then RSDT -> the table. */
static const uint8_t *acpi_find(const char *sig)
{
	const uint8_t *rsdp = NULL, *rsdt;
	uint32_t n;

	for (uintptr_t a = 0xe0000; a < 0x100000 && !rsdp; a += 16)
		if (!memcmp((const void *)a, "RSD PTR ", 8))
			rsdp = (const uint8_t *)a;
	if (!rsdp || sum(rsdp, 20))
		return NULL;
	rsdt = (const uint8_t *)(uintptr_t)*(const uint32_t *)(rsdp + 16);
	if (memcmp(rsdt, "RSDT", 4) || sum(rsdt, *(const uint32_t *)(rsdt + 4)))
		return NULL;
	n = (*(const uint32_t *)(rsdt + 4) - 36) / 4;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *t = (const uint8_t *)(uintptr_t)((const uint32_t *)(rsdt + 36))[i];
		if (!memcmp(t, sig, 4))
			return sum(t, *(const uint32_t *)(t + 4)) ? NULL : t;
	}
	return NULL;
}

static volatile uint32_t flush_target[1024] __attribute__((aligned(4096)));

/* pc-testdev, the IRQ lines, ACPI and its PM timer, the RTC. */
static int mode_devices(void)
{
	const uint8_t *fadt = acpi_find("FACP"), *madt = acpi_find("APIC");
	uint32_t pm_tmr, t0, t1, irr;

	outl(0xe0, 0x12345678);
	report(inb(0xe8) == 0x78 && inb(0xe9) == 0x56 && inb(0xea) == 0x34 && inb(0xeb) == 0x12,
	       "pc-testdev: the byte view shows the latch");
	outb(0xe1, 0xaa);
	outw(0xea, 0xbeef);
	report(inl(0xe0) == 0xbeefaa78 && inw(0xe1) == 0xefaa, "pc-testdev: partial writes and reads");
	flush_target[3] = 0xfeedf00d;
	outl(0xe4, (uint32_t)(uintptr_t)flush_target);
	report(flush_target[3] == 0xfeedf00d, "pc-testdev: a flushed page keeps its contents");

	/* IOAPIC pin 14 -> vector 0x66, level; with IF=0 the LAPIC only holds it in IRR. */
	mmio_write32(0xfee000f0, 0x1ff);                       /* LAPIC SVR: enabled */
	mmio_write32(0xfec00000, 0x10 + 2 * 14);
	mmio_write32(0xfec00010, 0x66 | (1u << 15));           /* level, fixed, unmasked */
	mmio_write32(0xfec00000, 0x10 + 2 * 14 + 1);
	mmio_write32(0xfec00010, 0);                            /* destination APIC 0 */
	outb(0x2000 + 14, 1);
	irr = mmio_read32(0xfee00200 + 0x10 * (0x66 / 32));
	report(irr & (1u << (0x66 % 32)), "pc-testdev: IRQ line 14 reaches the LAPIC through the IOAPIC");
	outb(0x2000 + 14, 0);

	report(fadt != NULL && madt != NULL, "ACPI: RSDP, RSDT, FADT and MADT with good checksums");
	if (!fadt)
		return report_summary();
	pm_tmr = *(const uint32_t *)(fadt + 76);
	t0 = inl((uint16_t)pm_tmr);
	for (volatile int i = 0; i < 100000; i++)
		;
	t1 = inl((uint16_t)pm_tmr);
	report(pm_tmr != 0 && t0 <= 0xffffff && t1 <= 0xffffff && t1 != t0,
	       "ACPI PM timer at 0x%x runs (%u -> %u)", pm_tmr, t0, t1);
	outb(0x70, 0x0d);
	report(inb(0x71) == 0x80, "RTC register D says the time is valid");
	outb(0x70, 0x0b);
	report(inb(0x71) & 0x02, "RTC register B: 24-hour mode");
	return report_summary();
}

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* What `-cpu qemu64,-x2apic,vendor=V` (argv[2] = V) leaves the guest. */
static int mode_cpuid(void)
{
	uint32_t a, b, c, d;
	char vendor[13];

	cpuid(0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	report(argc > 2 && !strcmp(vendor, argv[2]), "CPUID vendor is %s", vendor);
	cpuid(1, &a, &b, &c, &d);
	report(!(c & (1u << 21)), "CPUID.1:ECX.x2APIC is clear");
	report(c & (1u << 31), "CPUID.1:ECX.hypervisor is set");
	return report_summary();
}

/* GPA 0 through a pointer the compiler cannot prove null (it would make a
 * store through a null pointer a trap). */
static uintptr_t volatile zero_gpa;
#define word0 ((volatile uint32_t *)zero_gpa)

/* KUT's x86/s3.c: the FACS waking vector, RTC_EN, an alarm every second,
 * S3; the real-mode resume code exits with the word at address 0. */
static int mode_s3(void)
{
	static const uint8_t resume[] = {
		0x66, 0xa1, 0x00, 0x00,         /* mov eax, [0] */
		0xba, 0xf4, 0x00,               /* mov dx, 0xf4 */
		0x66, 0xef,                     /* out dx, eax */
		0xf4, 0xeb, 0xfd,               /* 1: hlt; jmp 1b */
	};
	const uint8_t *fadt = acpi_find("FACP");
	uint8_t *facs;

	if (!fadt) {
		kprintf("ABORT: no FADT\n");
		kexit(KUT_ABORT_STATUS);
	}
	facs = (uint8_t *)(uintptr_t)*(const uint32_t *)(fadt + 36);
	*(uint32_t *)(facs + 12) = 0x1000;
	memcpy((void *)0x1000, resume, sizeof(resume));
	outw((uint16_t)(*(const uint32_t *)(fadt + 56) + 2), 0x400); /* PM1_EN.RTC_EN */
	outb(0x70, 0x0a);
	while (!(inb(0x71) & 0x80))
		outb(0x70, 0x0a);
	while (inb(0x71) & 0x80)
		outb(0x70, 0x0a);
	outb(0x70, 0x0c);
	inb(0x71);
	for (uint8_t r = 1; r <= 5; r += 2) {
		outb(0x70, r);
		outb(0x71, 0xc0);                                   /* don't care: every second */
	}
	outb(0x70, 0x0b);
	{
		uint8_t b = inb(0x71);
		outb(0x70, 0x0b);
		outb(0x71, b | 0x20);                               /* AIE */
	}
	word0[0] = 0;
	outw((uint16_t)*(const uint32_t *)(fadt + 64), 0x2400);     /* SLP_TYP 1 (S3), SLP_EN */
	for (;;)
		word0[0] = 1;                                       /* only if S3 did not happen */
}

void kut_entry(void)
{
	struct mbi *b = mbi();
	const char *mode;

	setup_args((const char *)(uintptr_t)b->cmdline);
	if (b->mods_count == 1) {
		struct mbi_module *m = (struct mbi_module *)(uintptr_t)b->mods_addr;
		setup_env((const char *)(uintptr_t)m->start, m->end - m->start);
	}
	mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "boot"))
		kexit((uint32_t)mode_boot());
	if (!strcmp(mode, "devices"))
		kexit((uint32_t)mode_devices());
	if (!strcmp(mode, "s3"))
		kexit((uint32_t)mode_s3());
	if (!strcmp(mode, "cpuid"))
		kexit((uint32_t)mode_cpuid());
	if (!strcmp(mode, "skip")) {
		report_skip("nothing to test here");
		report_skip("nor here");
		kexit((uint32_t)report_summary());
	}
	if (!strcmp(mode, "fail")) {
		report(1, "this passes");
		report(0, "this fails");
		kexit((uint32_t)report_summary());
	}
	if (!strcmp(mode, "xfail")) {
		report(1, "a pass");
		report_xfail(1, 0, "an expected failure");
		report_kfail(1, 0, "a known failure");
		report_skip("a skip");
		kexit((uint32_t)report_summary());
	}
	if (!strcmp(mode, "abort")) {
		report(1, "before the abort");
		kprintf("ABORT: the test gave up\n");
		report_summary();
		kexit(KUT_ABORT_STATUS);
	}
	if (!strcmp(mode, "lying-summary")) {
		report(1, "one");
		report(1, "two");
		kprintf("SUMMARY: 3 tests, 1 unexpected failures\n");
		kexit(0);
	}
	if (!strcmp(mode, "hidden-fail")) {
		report(0, "a failure the status hides");
		kexit(0);
	}
	if (!strcmp(mode, "status"))
		kexit((uint32_t)atou(argc > 2 ? argv[2] : "0"));
	if (!strcmp(mode, "hang"))
		for (;;)
			__asm__ volatile("pause");
	kprintf("ABORT: unknown mode '%s'\n", mode);
	kexit(KUT_ABORT_STATUS);
}
