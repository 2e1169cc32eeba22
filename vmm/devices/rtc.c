/* Time registers are computed at each read from the wall clock, so the
 * clock never drifts and needs no thread. UIP is set from 244 us before a
 * second boundary until the 1984 us update cycle after it is over (the
 * MC146818's timing), a window wide enough for a polling guest to see even
 * when each port read is a slow exit. Writes to the time registers are
 * dropped: the RTC always shows the host's UTC time. */
#include "devices/rtc.h"

#include <string.h>
#include <time.h>

#include "util/bytes.h"
#include "util/clock.h"

#define NS 1000000000ull
#define UIP_BEFORE_NS 244000ull
#define UIP_AFTER_NS 1984000ull

static const unsigned time_regs[] = { 0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, 0x32 };

static int is_time_reg(unsigned reg)
{
	for (size_t i = 0; i < sizeof(time_regs) / sizeof(time_regs[0]); i++)
		if (time_regs[i] == reg)
			return 1;
	return 0;
}

static uint8_t encode(const struct dev_rtc *r, unsigned v)
{
	return r->cmos[RTC_REG_B] & RTC_B_BINARY ? (uint8_t)v : (uint8_t)((v / 10) << 4 | v % 10);
}

static uint8_t hour_reg(const struct dev_rtc *r, unsigned h)
{
	unsigned h12;

	if (r->cmos[RTC_REG_B] & RTC_B_24H)
		return encode(r, h);
	h12 = h % 12 ? h % 12 : 12;
	return (uint8_t)(encode(r, h12) | (h >= 12 ? 0x80 : 0));
}

static uint8_t time_value(const struct dev_rtc *r, unsigned reg, uint64_t now)
{
	time_t secs = (time_t)(now / NS);
	struct tm tm;

	gmtime_r(&secs, &tm);
	switch (reg) {
	case 0x00: return encode(r, (unsigned)tm.tm_sec);
	case 0x02: return encode(r, (unsigned)tm.tm_min);
	case 0x04: return hour_reg(r, (unsigned)tm.tm_hour);
	case 0x06: return encode(r, (unsigned)tm.tm_wday + 1);
	case 0x07: return encode(r, (unsigned)tm.tm_mday);
	case 0x08: return encode(r, (unsigned)tm.tm_mon + 1);
	case 0x09: return encode(r, (unsigned)tm.tm_year % 100);
	default: return encode(r, (unsigned)(tm.tm_year + 1900) / 100); /* 0x32: century */
	}
}

/* An alarm register matches when it says "don't care" (11xxxxxx) or holds v. */
static int alarm_field(const struct dev_rtc *r, unsigned reg, uint8_t now_value)
{
	uint8_t a = r->cmos[reg];

	return (a & 0xc0) == 0xc0 || a == now_value;
}

static int alarm_matches(const struct dev_rtc *r, uint64_t t)
{
	return alarm_field(r, RTC_SECONDS_ALARM, time_value(r, 0x00, t)) &&
	       alarm_field(r, RTC_MINUTES_ALARM, time_value(r, 0x02, t)) &&
	       alarm_field(r, RTC_HOURS_ALARM, time_value(r, 0x04, t));
}

uint64_t dev_rtc_next_alarm(const struct dev_rtc *r, uint64_t after)
{
	uint64_t t = (after / NS + 1) * NS;

	if (!(r->cmos[RTC_REG_B] & RTC_B_AIE))
		return 0;
	for (unsigned i = 0; i < 86400; i++, t += NS)
		if (alarm_matches(r, t))
			return t;
	return 0;
}

/* Register C's flags for what happened since it was last read. */
static uint8_t c_flags(const struct dev_rtc *r, uint64_t now)
{
	uint8_t c = 0;
	uint64_t alarm;

	if (now / NS > r->c_read_ns / NS)
		c |= RTC_C_UF;
	alarm = dev_rtc_next_alarm(r, r->c_read_ns);
	if (alarm && alarm <= now)
		c |= RTC_C_AF;
	if ((c & RTC_C_AF && r->cmos[RTC_REG_B] & RTC_B_AIE) ||
	    (c & RTC_C_UF && r->cmos[RTC_REG_B] & 0x10))
		c |= RTC_C_IRQF;
	return c;
}

uint8_t dev_rtc_peek(const struct dev_rtc *r, unsigned reg, uint64_t now)
{
	uint64_t frac = now % NS;

	reg &= 0x7f;
	if (is_time_reg(reg))
		return time_value(r, reg, now);
	if (reg == RTC_REG_A)
		return (uint8_t)(r->cmos[RTC_REG_A] & ~RTC_A_UIP) |
		       (frac >= NS - UIP_BEFORE_NS || frac < UIP_AFTER_NS ? RTC_A_UIP : 0);
	if (reg == RTC_REG_C)
		return c_flags(r, now);
	return r->cmos[reg];
}

static enum bus_action rtc_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_rtc *r = opaque;
	(void)stop;

	if (a->offset == 0 || a->size != 1) {
		/* The index port is write-only; one byte at a time, as on the ISA bus. */
		if (a->is_write && a->offset == 0 && a->size == 1)
			r->index = a->data[0] & 0x7f;
		else if (!a->is_write)
			read_nothing(a->data, a->size);
		return BUS_CONTINUE;
	}
	if (!a->is_write) {
		uint64_t now = r->clock();

		a->data[0] = dev_rtc_peek(r, r->index, now);
		if (r->index == RTC_REG_C)
			r->c_read_ns = now;
		return BUS_CONTINUE;
	}
	if (is_time_reg(r->index) || r->index == RTC_REG_C || r->index == RTC_REG_D)
		return BUS_CONTINUE; /* read-only here (see the file comment) */
	r->cmos[r->index] = a->data[0];
	return BUS_CONTINUE;
}

int dev_rtc_register(struct dev_rtc *r, struct bus *pio)
{
	memset(r, 0, sizeof(*r));
	r->clock = wall_ns;
	r->cmos[RTC_REG_A] = 0x26;     /* 32.768 kHz time base, 1024 Hz rate */
	r->cmos[RTC_REG_B] = RTC_B_24H; /* BCD, 24 hours: what a BIOS leaves */
	r->cmos[RTC_REG_D] = 0x80;     /* valid RAM and time */
	r->c_read_ns = r->clock();
	return bus_register(pio, RTC_PORT, 2, rtc_io, r, "rtc");
}
