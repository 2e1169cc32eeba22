/* Only what an OS needs to find the fixed hardware: no AML (the DSDT is a
 * bare header), no HPET, no PCI routing. The layout is fixed, inside one
 * page of the BIOS area the multiboot memory map marks reserved. Values
 * follow QEMU's pc machine where a guest might compare (IOAPIC id 0, SCI on
 * IRQ 9, level, active high); there is no PIT, so no IRQ 0 override. */
#include "loader/acpi.h"

#include <string.h>

#include "devices/acpi_pm.h"
#include "util/errmsg.h"

#define AT_RSDP (ACPI_TABLES_GPA + 0x000)
#define AT_RSDT (ACPI_TABLES_GPA + 0x040)
#define AT_XSDT (ACPI_TABLES_GPA + 0x080)
#define AT_FADT (ACPI_TABLES_GPA + 0x100)
#define AT_FACS (ACPI_TABLES_GPA + 0x240) /* 64-byte aligned, as the spec asks */
#define AT_DSDT (ACPI_TABLES_GPA + 0x280)
#define AT_MADT (ACPI_TABLES_GPA + 0x300)

#define LAPIC_GPA 0xfee00000u
#define IOAPIC_GPA 0xfec00000u

struct __attribute__((packed)) acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
};

struct __attribute__((packed)) acpi_gas {
	uint8_t space, bit_width, bit_offset, access_size;
	uint64_t address;
};

struct __attribute__((packed)) acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t extended_checksum, reserved[3];
};

/* ACPI 6 FADT (major version 6: 276 bytes). */
struct __attribute__((packed)) acpi_fadt {
	struct acpi_header h;
	uint32_t facs, dsdt;
	uint8_t reserved0, preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt, pm2_cnt, pm_tmr, gpe0, gpe1;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len, gpe0_len, gpe1_len, gpe1_base;
	uint8_t cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_revision;
	uint64_t x_facs, x_dsdt;
	struct acpi_gas x_pm1a_evt, x_pm1b_evt, x_pm1a_cnt, x_pm1b_cnt, x_pm2_cnt, x_pm_tmr;
	struct acpi_gas x_gpe0, x_gpe1, sleep_control, sleep_status;
	uint64_t hypervisor_id;
};
_Static_assert(sizeof(struct acpi_fadt) == 276, "an ACPI 6 FADT is 276 bytes");

struct __attribute__((packed)) acpi_facs {
	char signature[4];
	uint32_t length, hardware_signature, waking_vector, global_lock, flags;
	uint64_t x_waking_vector;
	uint8_t version, reserved[3];
	uint32_t ospm_flags;
	uint8_t reserved2[24];
};
_Static_assert(sizeof(struct acpi_facs) == 64, "the FACS is 64 bytes");

#define FADT_WBINVD 0x1u
#define FADT_PROC_C1 0x4u
#define FADT_RESET_REG_SUP 0x400u
#define MADT_PCAT_COMPAT 0x1u
#define GAS_IO 1

static uint8_t checksum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + b[i]);
	return (uint8_t)-sum;
}

static void header(struct acpi_header *h, const char *sig, uint32_t length, uint8_t revision)
{
	memcpy(h->signature, sig, 4);
	h->length = length;
	h->revision = revision;
	memcpy(h->oem_id, "UVMM  ", 6);
	memcpy(h->oem_table_id, "UVMMKUT ", 8);
	h->oem_revision = 1;
	memcpy(h->creator_id, "UVMM", 4);
	h->creator_revision = 1;
}

/* Sets the checksum of the table in buf[0..len) and writes it at gpa. */
static int put_table(struct guest_mem *m, uint64_t gpa, void *buf, uint32_t len)
{
	struct acpi_header *h = buf;

	h->checksum = 0;
	h->checksum = checksum(buf, len);
	return guest_write(m, gpa, buf, len);
}

static struct acpi_gas io_gas(uint16_t port, uint8_t bits)
{
	return (struct acpi_gas){ .space = GAS_IO, .bit_width = bits, .access_size = bits > 16 ? 3 : 2,
				  .address = port };
}

static int put_fadt(struct guest_mem *m)
{
	struct acpi_fadt f = {
		.facs = (uint32_t)AT_FACS, .dsdt = (uint32_t)AT_DSDT, .sci_int = ACPI_SCI_IRQ,
		.pm1a_evt = ACPI_PM1A_EVT, .pm1a_cnt = ACPI_PM1A_CNT, .pm_tmr = ACPI_PM_TMR,
		.pm1_evt_len = 4, .pm1_cnt_len = 2, .pm_tmr_len = 4,
		.p_lvl2_lat = 101, .p_lvl3_lat = 1001, /* > 100 and > 1000: no C2, no C3 */
		.century = 0x32, .flags = FADT_WBINVD | FADT_PROC_C1,
		.x_dsdt = AT_DSDT,
		.x_pm1a_evt = io_gas(ACPI_PM1A_EVT, 32), .x_pm1a_cnt = io_gas(ACPI_PM1A_CNT, 16),
		.x_pm_tmr = io_gas(ACPI_PM_TMR, 32),
	};

	header(&f.h, "FACP", sizeof(f), 6);
	return put_table(m, AT_FADT, &f, sizeof(f));
}

static int put_madt(struct guest_mem *m, unsigned ncpus)
{
	uint8_t buf[512];
	struct acpi_header *h = (struct acpi_header *)buf;
	uint32_t n = sizeof(*h);
	const uint32_t lapic = LAPIC_GPA, flags = MADT_PCAT_COMPAT;

	memset(buf, 0, sizeof(buf));
	memcpy(buf + n, &lapic, 4);
	memcpy(buf + n + 4, &flags, 4);
	n += 8;
	for (unsigned i = 0; i < ncpus && n + 8 <= sizeof(buf); i++, n += 8) {
		/* type 0, length 8, processor UID, APIC id, enabled */
		const uint8_t e[8] = { 0, 8, (uint8_t)i, (uint8_t)i, 1, 0, 0, 0 };
		memcpy(buf + n, e, 8);
	}
	{
		/* type 1, length 12: IOAPIC id 0 at IOAPIC_GPA, GSI base 0 */
		uint8_t e[12] = { 1, 12, 0, 0 };
		const uint32_t addr = IOAPIC_GPA;
		memcpy(e + 4, &addr, 4);
		memcpy(buf + n, e, 12);
		n += 12;
	}
	{
		/* type 2, length 10: ISA IRQ 9 (SCI) is GSI 9, level, active high */
		const uint8_t e[10] = { 2, 10, 0, ACPI_SCI_IRQ, ACPI_SCI_IRQ, 0, 0, 0, 0x0d, 0 };
		memcpy(buf + n, e, 10);
		n += 10;
	}
	header(h, "APIC", n, 4);
	return put_table(m, AT_MADT, buf, n);
}

int acpi_write_tables(struct guest_mem *m, unsigned ncpus, uint64_t *facs_gpa, char *err,
		      size_t errlen)
{
	struct acpi_rsdp rsdp = { .revision = 2, .rsdt = (uint32_t)AT_RSDT, .length = sizeof(rsdp),
				  .xsdt = AT_XSDT };
	struct { struct acpi_header h; uint32_t e[2]; } __attribute__((packed)) rsdt;
	struct { struct acpi_header h; uint64_t e[2]; } __attribute__((packed)) xsdt;
	struct acpi_header dsdt;
	struct acpi_facs facs = { .length = sizeof(facs), .version = 2 };

	if (!gpa_to_hva(m, ACPI_TABLES_GPA, ACPI_TABLES_END - ACPI_TABLES_GPA))
		return errmsg(err, errlen, "guest RAM too small for the ACPI tables");
	memset(&rsdt, 0, sizeof(rsdt));
	memset(&xsdt, 0, sizeof(xsdt));
	memset(&dsdt, 0, sizeof(dsdt));
	memcpy(rsdp.signature, "RSD PTR ", 8);
	memcpy(rsdp.oem_id, "UVMM  ", 6);
	rsdp.checksum = checksum(&rsdp, 20);
	rsdp.extended_checksum = checksum(&rsdp, sizeof(rsdp));
	header(&rsdt.h, "RSDT", sizeof(rsdt), 1);
	rsdt.e[0] = (uint32_t)AT_FADT;
	rsdt.e[1] = (uint32_t)AT_MADT;
	header(&xsdt.h, "XSDT", sizeof(xsdt), 1);
	xsdt.e[0] = AT_FADT;
	xsdt.e[1] = AT_MADT;
	header(&dsdt, "DSDT", sizeof(dsdt), 2);
	memcpy(facs.signature, "FACS", 4);
	if (guest_write(m, AT_RSDP, &rsdp, sizeof(rsdp)) ||
	    put_table(m, AT_RSDT, &rsdt, sizeof(rsdt)) || put_table(m, AT_XSDT, &xsdt, sizeof(xsdt)) ||
	    put_fadt(m) || guest_write(m, AT_FACS, &facs, sizeof(facs)) ||
	    put_table(m, AT_DSDT, &dsdt, sizeof(dsdt)) || put_madt(m, ncpus))
		return errmsg(err, errlen, "guest RAM too small for the ACPI tables");
	*facs_gpa = AT_FACS;
	return 0;
}
