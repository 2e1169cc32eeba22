/* Address-range buses for port I/O and MMIO: devices register a range and a
 * handler; the run loop dispatches each access to the device that owns it. */
#ifndef UVMM_DEVICES_BUS_H
#define UVMM_DEVICES_BUS_H

#include <stdint.h>


/* One access as a device sees it: `data` holds `size` bytes (little-endian)
 * to write, or receives the bytes a read returns. */
struct bus_access {
	uint64_t addr;    /* absolute port or GPA */
	uint64_t offset;  /* addr - base of the device's range */
	unsigned size;
	int is_write;
	uint8_t *data;
};

/* What the device asks of the run loop after an access. */
enum bus_action {
	BUS_CONTINUE = 0,
	BUS_STOP,         /* the guest asked to end the run (status in *stop_status) */
	BUS_SLEEP,        /* the guest asked for ACPI S3: the machine sleeps until a wake event */
};

typedef enum bus_action (*bus_handler)(void *opaque, struct bus_access *a,
				       uint64_t *stop_status);

struct bus_range {
	uint64_t base;
	uint64_t len;
	bus_handler handler;
	void *opaque;
	const char *name;
};

#define BUS_MAX_RANGES 32

struct bus {
	struct bus_range ranges[BUS_MAX_RANGES];
	unsigned n;
};

void bus_init(struct bus *b);
/* Returns 0, or -1 when the range is empty, wraps, overlaps another, or the
 * bus is full. */
int bus_register(struct bus *b, uint64_t base, uint64_t len, bus_handler h,
		 void *opaque, const char *name);
/* The range holding [addr, addr+size), or NULL. */
const struct bus_range *bus_find(const struct bus *b, uint64_t addr, unsigned size);

/* Dispatches one access; unassigned addresses read as all-ones and drop
 * writes, like an ISA/PCI bus with nothing behind it. */
enum bus_action bus_access(const struct bus *b, uint64_t addr, unsigned size,
			   int is_write, uint8_t *data, uint64_t *stop_status);

#endif
