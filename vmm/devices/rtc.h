/* The MC146818 RTC/CMOS at ports 0x70/0x71, as far as kvm-unit-tests uses
 * it: the host's time of day (UTC), the update-in-progress flag, and the
 * alarm, which wakes the machine from ACPI S3 (no IRQ 8 is raised). */
#ifndef UVMM_DEVICES_RTC_H
#define UVMM_DEVICES_RTC_H

#include <stdint.h>

#include "devices/bus.h"

#define RTC_PORT 0x70              /* index (bit 7: NMI mask); data at RTC_PORT + 1 */
#define RTC_SECONDS_ALARM 0x01
#define RTC_MINUTES_ALARM 0x03
#define RTC_HOURS_ALARM 0x05
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d
#define RTC_A_UIP 0x80
#define RTC_B_AIE 0x20
#define RTC_B_BINARY 0x04
#define RTC_B_24H 0x02
#define RTC_C_IRQF 0x80
#define RTC_C_AF 0x20
#define RTC_C_UF 0x10

struct dev_rtc {
	uint8_t index;
	uint8_t cmos[128];         /* alarms, A, B, D and the plain CMOS bytes */
	uint64_t c_read_ns;        /* wall time register C was last read (its flags since) */
	uint64_t (*clock)(void);   /* wall-clock nanoseconds (util/clock.h wall_ns; tests stub it) */
};

int dev_rtc_register(struct dev_rtc *r, struct bus *pio);

/* The first whole second after wall time after_ns at which the alarm
 * matches, in wall nanoseconds; 0 when AIE is off or nothing matches
 * within a day. */
uint64_t dev_rtc_next_alarm(const struct dev_rtc *r, uint64_t after_ns);

/* The value of CMOS register reg at wall time now_ns (time registers in the
 * format register B selects, A with UIP, C's flags without clearing them). */
uint8_t dev_rtc_peek(const struct dev_rtc *r, unsigned reg, uint64_t now_ns);

#endif
