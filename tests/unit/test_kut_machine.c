/* The machine kvm-unit-tests expects, model by model: fw_cfg, pc-testdev,
 * the RTC and its alarm, the ACPI PM registers, the multiboot header and
 * information block, the ACPI tables, CPUID edits, and guest RAM above 4 GiB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "devices/acpi_pm.h"
#include "devices/bus.h"
#include "devices/fw_cfg.h"
#include "devices/pc_testdev.h"
#include "devices/rtc.h"
#include "loader/acpi.h"
#include "loader/multiboot.h"
#include "machine/cpu_edit.h"
#include "machine/guest_mem.h"

static uint64_t io(struct bus *b, uint64_t port, unsigned size, int write, uint64_t v)
{
	uint8_t data[8];
	uint64_t stop = 0, r = 0;

	memcpy(data, &v, 8);
	bus_access(b, port, size, write, data, &stop);
	memcpy(&r, data, size);
	return r;
}

static void fw_cfg_items(void **state)
{
	struct bus b;
	struct dev_fw_cfg d = { .ram_size = 128ull << 20, .nb_cpus = 3, .max_cpus = 3,
				.max_ram = 128ull << 20 };
	uint64_t v = 0;

	(void)state;
	bus_init(&b);
	assert_int_equal(dev_fw_cfg_register(&d, &b, FW_CFG_PORT), 0);
	io(&b, FW_CFG_PORT, 2, 1, FW_CFG_RAM_SIZE);
	for (int i = 0; i < 8; i++)
		v |= io(&b, FW_CFG_PORT + 1, 1, 0, 0) << (8 * i);
	assert_int_equal(v, 128ull << 20);
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 0); /* past the item's end */
	io(&b, FW_CFG_PORT, 2, 1, FW_CFG_NB_CPUS);
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 3);
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 0);
	io(&b, FW_CFG_PORT, 2, 1, FW_CFG_MAX_CPUS);
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 3);
	io(&b, FW_CFG_PORT, 2, 1, FW_CFG_MAX_RAM);
	for (int i = 0; i < 3; i++)
		assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 0);
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 8);  /* 128 MiB = 0x08000000 */
	io(&b, FW_CFG_PORT, 2, 1, 0x1234);                         /* unknown: zeros */
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 0);
	assert_int_equal(io(&b, FW_CFG_PORT, 2, 0, 0), 0);         /* the selector reads nothing */
	io(&b, FW_CFG_PORT, 1, 1, FW_CFG_NB_CPUS);                 /* not a 16-bit select: ignored */
	assert_int_equal(io(&b, FW_CFG_PORT + 1, 1, 0, 0), 0);
}

static int lines[32], flushed;
static uint64_t flushed_gpa;

static int line_op(void *ctx, unsigned line, int level)
{
	(void)ctx;
	lines[line] = level;
	return 0;
}

static int flush_op(void *ctx, uint64_t gpa)
{
	(void)ctx;
	flushed++;
	flushed_gpa = gpa;
	return 0;
}

static void pc_testdev_ports(void **state)
{
	const struct pc_testdev_ops ops = { line_op, flush_op, NULL };
	static struct dev_pc_testdev d;
	struct bus b, m;

	(void)state;
	bus_init(&b);
	bus_init(&m);
	assert_int_equal(dev_pc_testdev_register(&d, &b, &m, &ops), 0);
	/* the iomem: memory behind MMIO */
	io(&m, PC_TESTDEV_IOMEM + 0x10, 8, 1, 0x1122334455667788ull);
	assert_int_equal(io(&m, PC_TESTDEV_IOMEM + 0x12, 2, 0, 0), 0x5566);
	assert_int_equal(io(&m, PC_TESTDEV_IOMEM + 0x10, 8, 0, 0), 0x1122334455667788ull);
	io(&m, PC_TESTDEV_IOMEM + PC_TESTDEV_IOMEM_SIZE - 1, 1, 1, 0xab);
	assert_int_equal(io(&m, PC_TESTDEV_IOMEM + PC_TESTDEV_IOMEM_SIZE - 1, 1, 0, 0), 0xab);
	assert_int_equal(io(&m, PC_TESTDEV_IOMEM + PC_TESTDEV_IOMEM_SIZE - 1, 2, 0, 0), 0xffff); /* past its end */
	io(&b, 0xe0, 4, 1, 0x12345678);
	assert_int_equal(io(&b, 0xe8, 1, 0, 0), 0x78);
	assert_int_equal(io(&b, 0xeb, 1, 0, 0), 0x12);
	assert_int_equal(io(&b, 0xe2, 2, 0, 0), 0x1234);
	io(&b, 0xe9, 1, 1, 0xaa);
	io(&b, 0xe2, 2, 1, 0xbeef);
	assert_int_equal(io(&b, 0xe0, 4, 0, 0), 0xbeefaa78);
	io(&b, 0xe4, 4, 1, 0x401234);
	assert_int_equal(flushed, 1);
	assert_int_equal(flushed_gpa, 0x401234);
	io(&b, 0xe4, 2, 1, 0x1000); /* QEMU takes only 32-bit writes */
	assert_int_equal(flushed, 1);
	io(&b, 0x2000 + 14, 1, 1, 7);
	assert_int_equal(lines[14], 1);
	io(&b, 0x2000 + 14, 1, 1, 0);
	assert_int_equal(lines[14], 0);
	/* a wide write is one byte per line, as QEMU splits it (realmode's IRQ 11) */
	io(&b, 0x200b, 4, 1, 1);
	assert_int_equal(lines[11], 1);
	assert_int_equal(lines[12], 0);
	io(&b, 0x200b, 4, 1, 0x01000100);
	assert_int_equal(lines[11], 0);
	assert_int_equal(lines[12], 1);
	assert_int_equal(lines[14], 1);
	assert_int_equal(io(&b, 0x2000, 1, 0, 0), 0xff); /* write-only */
}

static uint64_t fake_wall;
static uint64_t fake_clock(void)
{
	return fake_wall;
}

#define S 1000000000ull
/* 2024-01-01 00:00:00 UTC, a Monday */
#define T0 (1704067200ull * S)

static uint8_t rtc_read(struct bus *b, uint8_t reg)
{
	io(b, RTC_PORT, 1, 1, reg);
	return (uint8_t)io(b, RTC_PORT + 1, 1, 0, 0);
}

static void rtc_write(struct bus *b, uint8_t reg, uint8_t v)
{
	io(b, RTC_PORT, 1, 1, reg);
	io(b, RTC_PORT + 1, 1, 1, v);
}

static void rtc_time_uip_and_alarm(void **state)
{
	struct dev_rtc r;
	struct bus b;

	(void)state;
	bus_init(&b);
	fake_wall = T0 + 13 * 3600 * S + 5 * 60 * S + 9 * S + S / 2; /* 13:05:09.5 */
	assert_int_equal(dev_rtc_register(&r, &b), 0);
	r.clock = fake_clock;
	r.c_read_ns = fake_wall;
	assert_int_equal(rtc_read(&b, 0x00), 0x09); /* BCD */
	assert_int_equal(rtc_read(&b, 0x02), 0x05);
	assert_int_equal(rtc_read(&b, 0x04), 0x13);
	assert_int_equal(rtc_read(&b, 0x06), 2);    /* Monday */
	assert_int_equal(rtc_read(&b, 0x07), 0x01);
	assert_int_equal(rtc_read(&b, 0x08), 0x01);
	assert_int_equal(rtc_read(&b, 0x09), 0x24);
	assert_int_equal(rtc_read(&b, 0x32), 0x20);
	assert_int_equal(rtc_read(&b, RTC_REG_D), 0x80);
	assert_false(rtc_read(&b, RTC_REG_A) & RTC_A_UIP);
	fake_wall = T0 + S - 100000;                 /* 100 us before a second: updating */
	assert_true(rtc_read(&b, RTC_REG_A) & RTC_A_UIP);
	fake_wall = T0 + 2 * S + 1000000;             /* 1 ms after: still updating */
	assert_true(rtc_read(&b, RTC_REG_A) & RTC_A_UIP);
	fake_wall = T0 + 2 * S + 3000000;
	assert_false(rtc_read(&b, RTC_REG_A) & RTC_A_UIP);
	/* binary, 12-hour */
	rtc_write(&b, RTC_REG_B, RTC_B_BINARY);
	fake_wall = T0 + 13 * 3600 * S + 5 * 60 * S + 9 * S;
	assert_int_equal(rtc_read(&b, 0x00), 9);
	assert_int_equal(rtc_read(&b, 0x04), 0x80 | 1);  /* 1 PM */
	rtc_write(&b, 0x00, 0x30);                        /* time writes are dropped */
	assert_int_equal(rtc_read(&b, 0x00), 9);
	/* the alarm: AIE off means none; "don't care" everywhere means every second */
	rtc_write(&b, RTC_REG_B, RTC_B_24H);
	rtc_write(&b, RTC_SECONDS_ALARM, 0xc0);
	rtc_write(&b, RTC_MINUTES_ALARM, 0xc0);
	rtc_write(&b, RTC_HOURS_ALARM, 0xc0);
	assert_int_equal(dev_rtc_next_alarm(&r, fake_wall), 0);
	rtc_write(&b, RTC_REG_B, RTC_B_24H | RTC_B_AIE);
	assert_int_equal(dev_rtc_next_alarm(&r, fake_wall), fake_wall + S);
	rtc_write(&b, RTC_SECONDS_ALARM, 0x30);           /* at :30 (BCD) */
	assert_int_equal(dev_rtc_next_alarm(&r, fake_wall), fake_wall + 21 * S);
	rtc_write(&b, RTC_MINUTES_ALARM, 0x04);           /* 13:04:30 is past: next is 14:04:30 */
	assert_int_equal(dev_rtc_next_alarm(&r, fake_wall), fake_wall + (60 * 59 + 21) * S);
	/* register C reports the alarm that came since it was last read, then clears */
	(void)rtc_read(&b, RTC_REG_C);
	fake_wall += (60 * 59 + 21) * S;
	assert_int_equal(rtc_read(&b, RTC_REG_C) & (RTC_C_AF | RTC_C_IRQF), RTC_C_AF | RTC_C_IRQF);
	assert_false(rtc_read(&b, RTC_REG_C) & RTC_C_AF);
}

static void acpi_pm_registers(void **state)
{
	struct dev_acpi_pm d;
	struct bus b;
	uint8_t data[4] = { 0 };
	uint64_t stop = 0;
	uint32_t t0, t1;

	(void)state;
	bus_init(&b);
	assert_int_equal(dev_acpi_pm_register(&d, &b), 0);
	assert_int_equal(io(&b, ACPI_PM1A_CNT, 2, 0, 0), ACPI_PM1_CNT_SCI_EN); /* no SMI port: ACPI mode */
	io(&b, ACPI_PM1A_EVT + 2, 2, 1, ACPI_PM1_RTC_STS);                   /* PM1_EN.RTC_EN */
	assert_int_equal(d.en, ACPI_PM1_RTC_STS);
	d.sts = ACPI_PM1_WAK_STS | ACPI_PM1_RTC_STS;
	io(&b, ACPI_PM1A_EVT, 2, 1, ACPI_PM1_RTC_STS);                       /* write one to clear */
	assert_int_equal(d.sts, ACPI_PM1_WAK_STS);
	/* the timer: 3.579545 MHz, 24 bits */
	assert_int_equal(dev_acpi_pm_timer(&d, d.t0_ns + 1000000000ull), 3579545);
	assert_int_equal(dev_acpi_pm_timer(&d, d.t0_ns + 5000000000ull), (5 * 3579545) & 0xffffff);
	t0 = (uint32_t)io(&b, ACPI_PM_TMR, 4, 0, 0);
	t1 = (uint32_t)io(&b, ACPI_PM_TMR, 4, 0, 0);
	assert_true(t0 <= 0xffffff && t1 <= 0xffffff);
	/* S5 (SLP_TYP 0) is not emulated; S3 (SLP_TYP 1) puts the machine to sleep */
	data[0] = 0x00;
	data[1] = 0x20;
	assert_int_equal(bus_access(&b, ACPI_PM1A_CNT, 2, 1, data, &stop), BUS_CONTINUE);
	data[1] = 0x24;
	assert_int_equal(bus_access(&b, ACPI_PM1A_CNT, 2, 1, data, &stop), BUS_SLEEP);
	assert_false(io(&b, ACPI_PM1A_CNT, 2, 0, 0) & ACPI_PM1_CNT_SLP_EN); /* reads back 0 */
}

static void multiboot_header(void **state)
{
	uint8_t img[9000];
	uint32_t h[3] = { MULTIBOOT_HEADER_MAGIC, 0, -MULTIBOOT_HEADER_MAGIC }, flags = 99;
	char err[160];

	(void)state;
	memset(img, 0, sizeof(img));
	assert_int_equal(multiboot_find(img, sizeof(img), &flags), 0);
	memcpy(img + 0x1000, h, 12);
	assert_int_equal(multiboot_find(img, sizeof(img), &flags), 1);
	assert_int_equal(flags, 0);
	h[2]++;                                   /* a bad checksum is no header */
	memcpy(img + 0x1000, h, 12);
	assert_int_equal(multiboot_find(img, sizeof(img), &flags), 0);
	h[2]--;
	memcpy(img + 0x1002, h, 12);               /* not 4-byte aligned */
	memset(img + 0x1000, 0, 2);
	assert_int_equal(multiboot_find(img, sizeof(img), &flags), 0);
	memset(img, 0, sizeof(img));
	memcpy(img + 8192 - 8, h, 12);             /* straddles the 8 KiB limit */
	assert_int_equal(multiboot_find(img, sizeof(img), &flags), 0);
	assert_int_equal(multiboot_find(img, 8, &flags), 0);
	assert_int_equal(multiboot_check_flags(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO, err,
					       sizeof(err)), 0);
	assert_int_equal(multiboot_check_flags(MULTIBOOT_VIDEO_MODE, err, sizeof(err)), -1);
	assert_string_equal(err, "multiboot header asks for a video mode (flag 2): uvmm has no display");
	assert_int_equal(multiboot_check_flags(MULTIBOOT_AOUT_KLUDGE, err, sizeof(err)), -1);
	assert_int_equal(multiboot_check_flags(0x8, err, sizeof(err)), -1);
	assert_string_equal(err, "multiboot header requires features uvmm does not know (flags 0x8)");
}

static uint32_t rd32(struct guest_mem *m, uint64_t gpa)
{
	uint32_t v = 0;

	assert_int_equal(guest_read(m, gpa, &v, 4), 0);
	return v;
}

static void multiboot_info(void **state)
{
	struct guest_mem m;
	static const char mod[] = "NR_CPUS=1\nMEMSIZE=8\n";
	const struct multiboot_boot b = { "prog.flat arg1 arg2", (const uint8_t *)mod, sizeof(mod) - 1,
					  "environ", 0x401234 };
	uint32_t mbi = 0, mmap, mods, big[1024];
	char text[64], err[160];

	(void)state;
	assert_int_equal(guest_mem_init(&m, 8ull << 20), 0);
	assert_int_equal(multiboot_write_info(&m, &b, &mbi, err, sizeof(err)), 0);
	assert_int_equal(mbi, MULTIBOOT_INFO_GPA);
	assert_int_equal(rd32(&m, mbi) & 0x24d, 0x24d);              /* mem, cmdline, mods, mmap, name */
	assert_int_equal(rd32(&m, mbi + 4), 639);                     /* mem_lower, KiB */
	assert_int_equal(rd32(&m, mbi + 8), (8 << 10) - 1024);        /* mem_upper: above 1 MiB */
	assert_int_equal(guest_read(&m, rd32(&m, mbi + 16), text, 20), 0);
	assert_string_equal(text, "prog.flat arg1 arg2");
	assert_int_equal(rd32(&m, mbi + 20), 1);
	mods = rd32(&m, mbi + 24);
	assert_int_equal(rd32(&m, mods), 0x402000);                   /* the page after the image */
	assert_int_equal(rd32(&m, mods + 4), 0x402000 + sizeof(mod) - 1);
	assert_int_equal(guest_read(&m, 0x402000, text, sizeof(mod) - 1), 0);
	assert_memory_equal(text, mod, sizeof(mod) - 1);
	mmap = rd32(&m, mbi + 48);
	assert_int_equal(rd32(&m, mbi + 44), 4 * 24);
	assert_int_equal(rd32(&m, mmap), 20);                          /* size of the rest of the entry */
	assert_int_equal(rd32(&m, mmap + 24 * 3 + 4), 0x100000);       /* RAM from 1 MiB ... */
	assert_int_equal(rd32(&m, mmap + 24 * 3 + 12), (8 << 20) - 0x100000);
	assert_int_equal(rd32(&m, mmap + 24 * 3 + 20), 1);
	assert_int_equal(rd32(&m, mmap + 24 * 2 + 20), 2);             /* the BIOS area is reserved */
	/* too long a command line, a module that does not fit */
	memset(big, 'x', sizeof(big));
	((char *)big)[sizeof(big) - 1] = 0;
	assert_int_equal(multiboot_write_info(&m, &(struct multiboot_boot){ (char *)big, NULL, 0, NULL,
				0x401000 }, &mbi, err, sizeof(err)), -1);
	assert_string_equal(err, "multiboot command line is 4095 bytes, at most 3583");
	assert_int_equal(multiboot_write_info(&m, &(struct multiboot_boot){ "p", (uint8_t *)big,
				sizeof(big), NULL, (8 << 20) - 100 }, &mbi, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not fit in guest RAM after the image"));
	guest_mem_free(&m);
}

static uint8_t sum(struct guest_mem *m, uint64_t gpa, uint32_t len)
{
	uint8_t s = 0, *p = gpa_to_hva(m, gpa, len);

	assert_non_null(p);
	for (uint32_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

static void acpi_tables(void **state)
{
	struct guest_mem m;
	uint64_t facs = 0;
	uint32_t rsdt, fadt, madt;
	char err[160];

	(void)state;
	assert_int_equal(guest_mem_init(&m, 2ull << 20), 0);
	assert_int_equal(acpi_write_tables(&m, 3, &facs, err, sizeof(err)), 0);
	assert_memory_equal(gpa_to_hva(&m, ACPI_TABLES_GPA, 8), "RSD PTR ", 8);
	assert_int_equal(sum(&m, ACPI_TABLES_GPA, 20), 0);
	assert_int_equal(sum(&m, ACPI_TABLES_GPA, 36), 0);
	rsdt = rd32(&m, ACPI_TABLES_GPA + 16);
	assert_memory_equal(gpa_to_hva(&m, rsdt, 4), "RSDT", 4);
	assert_int_equal(sum(&m, rsdt, rd32(&m, rsdt + 4)), 0);
	fadt = rd32(&m, rsdt + 36);
	madt = rd32(&m, rsdt + 40);
	assert_memory_equal(gpa_to_hva(&m, fadt, 4), "FACP", 4);
	assert_int_equal(sum(&m, fadt, rd32(&m, fadt + 4)), 0);
	assert_int_equal(rd32(&m, fadt + 36), facs);                  /* firmware_ctrl */
	assert_int_equal(facs % 64, 0);
	assert_memory_equal(gpa_to_hva(&m, facs, 4), "FACS", 4);
	assert_int_equal(rd32(&m, fadt + 56), ACPI_PM1A_EVT);
	assert_int_equal(rd32(&m, fadt + 64), ACPI_PM1A_CNT);
	assert_int_equal(rd32(&m, fadt + 76), ACPI_PM_TMR);
	assert_memory_equal(gpa_to_hva(&m, madt, 4), "APIC", 4);
	assert_int_equal(sum(&m, madt, rd32(&m, madt + 4)), 0);
	assert_int_equal(rd32(&m, madt + 4), 44 + 3 * 8 + 12 + 10);   /* 3 LAPICs, IOAPIC, SCI override */
	guest_mem_free(&m);
}

static void cpu_edits(void **state)
{
	struct cpu_edits e;
	struct {
		struct kvm_cpuid2 c;
		struct kvm_cpuid_entry2 x[4];
	} t;
	char err[160];

	(void)state;
	cpu_edits_init(&e);
	assert_false(cpu_edits_any(&e));
	assert_int_equal(cpu_edits_parse(&e, "+x2apic,-pcid,tsc_deadline,vendor=GenuineIntel,family=21,"
					 "model=0x31,stepping=2", err, sizeof(err)), 0);
	assert_int_equal(e.n, 3);
	assert_true(cpu_edits_any(&e));
	memset(&t, 0, sizeof(t));
	t.c.nent = 3;
	t.x[0] = (struct kvm_cpuid_entry2){ .function = 0, .ebx = 1, .ecx = 2, .edx = 3 };
	t.x[1] = (struct kvm_cpuid_entry2){ .function = 1, .eax = 0x00a00f11, .ecx = 1u << 17 };
	t.x[2] = (struct kvm_cpuid_entry2){ .function = 0x80000001, .eax = 0x00a00f11 };
	cpu_edits_apply(&e, &t.c);
	assert_int_equal(t.x[1].ecx, (1u << 21) | (1u << 24));        /* +x2apic +tsc-deadline -pcid */
	assert_memory_equal(&t.x[0].ebx, "Genu", 4);
	assert_memory_equal(&t.x[0].edx, "ineI", 4);
	assert_memory_equal(&t.x[0].ecx, "ntel", 4);
	/* family 21 = 0xf + 6 (extended), model 0x31 = 1 + extended 3, stepping 2 */
	assert_int_equal(t.x[1].eax, 0x00630f12);
	assert_int_equal(t.x[2].eax, 0x00a00f11);                     /* not AMD: left alone */
	cpu_edits_init(&e);
	assert_int_equal(cpu_edits_parse(&e, "vendor=AuthenticAMD,family=6", err, sizeof(err)), 0);
	cpu_edits_apply(&e, &t.c);
	assert_int_equal(t.x[2].eax & 0xff00f00, 0x600);              /* AMD mirrors it */
	cpu_edits_init(&e);
	assert_int_equal(cpu_edits_parse(&e, "+nosuchfeature", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown CPU feature 'nosuchfeature'"));
	assert_int_equal(cpu_edits_parse(&e, "vendor=Intel", err, sizeof(err)), -1);
	assert_int_equal(cpu_edits_parse(&e, "family=1000", err, sizeof(err)), -1);
	assert_int_equal(cpu_edits_parse(&e, "+x2apic,", err, sizeof(err)), -1);
	assert_int_equal(cpu_edits_parse(&e, "+x2apic,,-pcid", err, sizeof(err)), -1);
	assert_int_equal(cpu_edits_parse(&e, "level=13", err, sizeof(err)), -1);
	/* offered: in the table, by capability (tsc-deadline), or by the VMM (hypervisor) */
	assert_true(cpu_feature_offered(cpu_feature_find("x2apic"), t.x, 3, 0));
	assert_false(cpu_feature_offered(cpu_feature_find("avx"), t.x, 3, 0));
	assert_false(cpu_feature_offered(cpu_feature_find("svm"), t.x, 3, 0));
	assert_true(cpu_feature_offered(cpu_feature_find("tsc-deadline"), t.x, 3, 1));
	assert_true(cpu_feature_offered(cpu_feature_find("hypervisor"), t.x, 3, 0));
}

static void ram_above_4g(void **state)
{
	struct guest_mem m;

	(void)state;
	assert_int_equal(guest_mem_init(&m, 4ull << 30), 0);
	assert_int_equal(m.size, 3ull << 30);
	assert_int_equal(m.high_size, 1ull << 30);
	assert_int_equal(guest_mem_total(&m), 4ull << 30);
	assert_ptr_equal(gpa_to_hva(&m, GUEST_MEM_HIGH_BASE, 8), m.host + m.size);
	assert_ptr_equal(gpa_to_hva(&m, GUEST_MEM_HIGH_BASE + (1ull << 30) - 8, 8),
			 m.host + (4ull << 30) - 8);
	assert_null(gpa_to_hva(&m, GUEST_MEM_HIGH_BASE + (1ull << 30) - 8, 9));
	assert_null(gpa_to_hva(&m, (3ull << 30) - 8, 16));            /* no range spans the hole */
	assert_null(gpa_to_hva(&m, 3ull << 30, 1));                    /* the hole is not RAM */
	assert_null(gpa_to_hva(&m, GUEST_MEM_HIGH_BASE - 1, 2));
	assert_null(gpa_to_hva(&m, UINT64_MAX, 1));
	*(uint64_t *)gpa_to_hva(&m, GUEST_MEM_HIGH_BASE + 4096, 8) = 42;
	assert_int_equal(guest_mem_flush_page(&m, GUEST_MEM_HIGH_BASE + 4100), 0);
	assert_int_equal(*(uint64_t *)gpa_to_hva(&m, GUEST_MEM_HIGH_BASE + 4096, 8), 42);
	assert_int_equal(guest_mem_flush_page(&m, 3ull << 30), -1);
	assert_true(guest_mem_canary_ok(&m));
	guest_mem_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fw_cfg_items),
		cmocka_unit_test(pc_testdev_ports),
		cmocka_unit_test(rtc_time_uip_and_alarm),
		cmocka_unit_test(acpi_pm_registers),
		cmocka_unit_test(multiboot_header),
		cmocka_unit_test(multiboot_info),
		cmocka_unit_test(acpi_tables),
		cmocka_unit_test(cpu_edits),
		cmocka_unit_test(ram_above_4g),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
