/* Enough of a 16550 UART at COM1 for a guest console: transmit goes to the
 * console sink, the receiver is always empty, the line is always ready. */
#ifndef UVMM_DEVICES_SERIAL_H
#define UVMM_DEVICES_SERIAL_H

#include "devices/bus.h"
#include "devices/console.h"

struct dev_serial {
	struct console *console;
	uint8_t ier, lcr, mcr, scr, dll, dlm;
};

int dev_serial_register(struct dev_serial *s, struct bus *pio, uint16_t base,
			struct console *console);

#endif
