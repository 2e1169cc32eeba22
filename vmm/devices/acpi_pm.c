/* PM1_STS bits are write-one-to-clear; SLP_EN reads back 0. Other SLP_TYP
 * values than S3 (S5, soft off) are not emulated: the write is recorded and
 * the guest runs on. */
#include "devices/acpi_pm.h"

#include <string.h>

#include "util/bytes.h"
#include "util/clock.h"

uint32_t dev_acpi_pm_timer(const struct dev_acpi_pm *d, uint64_t now)
{
	unsigned __int128 ticks = (unsigned __int128)(now - d->t0_ns) * ACPI_PM_TIMER_HZ;

	return (uint32_t)(ticks / 1000000000u) & 0xffffff;
}

/* Reads and writes of the 4-byte event block by byte offset (0..3). */
static uint8_t *evt_byte(struct dev_acpi_pm *d, unsigned off)
{
	return off < 2 ? (uint8_t *)&d->sts + off : (uint8_t *)&d->en + (off - 2);
}

static enum bus_action pm_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_acpi_pm *d = opaque;
	uint64_t v = a->is_write ? le_read(a->data, a->size) : 0;
	(void)stop;

	if (a->addr >= ACPI_PM_TMR) {
		uint32_t t = dev_acpi_pm_timer(d, now_ns()) >> (8 * (a->addr - ACPI_PM_TMR));

		if (!a->is_write)
			memcpy(a->data, &t, a->size);
		return BUS_CONTINUE;
	}
	if (a->addr >= ACPI_PM1A_CNT) {
		unsigned shift = 8 * (unsigned)(a->addr - ACPI_PM1A_CNT);

		if (!a->is_write) {
			uint16_t c = d->cnt >> shift;
			memcpy(a->data, &c, a->size);
			return BUS_CONTINUE;
		}
		d->cnt = (uint16_t)((d->cnt & ~(0xffffu << shift)) | (v << shift));
		if (d->cnt & ACPI_PM1_CNT_SLP_EN) {
			unsigned typ = (d->cnt >> 10) & 7;

			d->cnt &= (uint16_t)~ACPI_PM1_CNT_SLP_EN;
			if (typ == ACPI_SLP_TYP_S3)
				return BUS_SLEEP;
		}
		return BUS_CONTINUE;
	}
	for (unsigned i = 0; i < a->size; i++) {
		unsigned off = (unsigned)(a->addr - ACPI_PM1A_EVT) + i;
		uint8_t *b = evt_byte(d, off);

		if (!a->is_write)
			a->data[i] = *b;
		else if (off < 2)
			*b &= (uint8_t)~a->data[i]; /* status: write one to clear */
		else
			*b = a->data[i];
	}
	return BUS_CONTINUE;
}

int dev_acpi_pm_register(struct dev_acpi_pm *d, struct bus *pio)
{
	memset(d, 0, sizeof(*d));
	d->t0_ns = now_ns();
	/* The FADT has no SMI command port: the machine is always in ACPI mode. */
	d->cnt = ACPI_PM1_CNT_SCI_EN;
	return bus_register(pio, ACPI_PM1A_EVT, 4, pm_io, d, "acpi-pm1a-evt") ||
	       bus_register(pio, ACPI_PM1A_CNT, 2, pm_io, d, "acpi-pm1a-cnt") ||
	       bus_register(pio, ACPI_PM_TMR, 4, pm_io, d, "acpi-pm-timer") ? -1 : 0;
}
