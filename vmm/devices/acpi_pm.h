/* The ACPI fixed hardware a FADT points at, laid out as QEMU's PIIX4 has
 * it: PM1a event block, PM1a control block (S3 entry) and the 3.579545 MHz
 * PM timer. */
#ifndef UVMM_DEVICES_ACPI_PM_H
#define UVMM_DEVICES_ACPI_PM_H

#include <stdint.h>

#include "devices/bus.h"

#define ACPI_PM_BASE 0x600
#define ACPI_PM1A_EVT (ACPI_PM_BASE + 0)  /* PM1_STS (2 bytes), PM1_EN (2 bytes) */
#define ACPI_PM1A_CNT (ACPI_PM_BASE + 4)  /* PM1_CNT, 2 bytes */
#define ACPI_PM_TMR (ACPI_PM_BASE + 8)    /* PM_TMR, 4 bytes, 24 bits */
#define ACPI_PM_TIMER_HZ 3579545ull
#define ACPI_SCI_IRQ 9

#define ACPI_PM1_TMR_STS 0x0001
#define ACPI_PM1_RTC_STS 0x0400           /* PM1_STS; the same bit in PM1_EN is RTC_EN */
#define ACPI_PM1_WAK_STS 0x8000
#define ACPI_PM1_CNT_SCI_EN 0x0001
#define ACPI_PM1_CNT_SLP_EN 0x2000
#define ACPI_SLP_TYP_S3 1                 /* QEMU's \_S3 package, which uvmm's FADT users assume */

struct dev_acpi_pm {
	uint16_t sts, en, cnt;
	uint64_t t0_ns;            /* CLOCK_MONOTONIC when the timer read 0 */
	uint64_t facs_gpa;         /* where the FACS is (0: none): the S3 waking vector */
};

/* PM1 registers and the timer on pio. A write of SLP_EN with SLP_TYP S3
 * returns BUS_SLEEP: the machine enters S3 (machine/sleep.h). */
int dev_acpi_pm_register(struct dev_acpi_pm *d, struct bus *pio);

/* The timer's count at CLOCK_MONOTONIC time now_ns (24 bits). */
uint32_t dev_acpi_pm_timer(const struct dev_acpi_pm *d, uint64_t now_ns);

#endif
