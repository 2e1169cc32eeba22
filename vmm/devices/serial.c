#include "devices/serial.h"

#include <string.h>

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define LCR_DLAB 0x80
#define LSR_THRE_TEMT 0x60 /* transmitter always empty: output is instant */
#define MSR_DCD_DSR_CTS 0xb0
#define IIR_NO_INT 0x01

static uint8_t *reg_for(struct dev_serial *s, unsigned off)
{
	int dlab = s->lcr & LCR_DLAB;

	switch (off) {
	case RBR_THR: return dlab ? &s->dll : NULL;
	case IER: return dlab ? &s->dlm : &s->ier;
	case LCR: return &s->lcr;
	case MCR: return &s->mcr;
	case SCR: return &s->scr;
	default: return NULL;
	}
}

static enum bus_action serial_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_serial *s = opaque;
	(void)stop;

	/* Wider accesses are split bytewise, as the chip sees them on an 8-bit bus. */
	for (unsigned i = 0; i < a->size; i++) {
		unsigned off = (unsigned)(a->offset + i) & 7;
		uint8_t *reg = reg_for(s, off);

		if (a->is_write) {
			if (off == RBR_THR && !(s->lcr & LCR_DLAB))
				console_write(s->console, &a->data[i], 1);
			else if (reg)
				*reg = a->data[i];
			continue;
		}
		switch (off) {
		case LSR: a->data[i] = LSR_THRE_TEMT; break;
		case MSR: a->data[i] = MSR_DCD_DSR_CTS; break;
		case IIR_FCR: a->data[i] = IIR_NO_INT; break;
		default: a->data[i] = reg ? *reg : 0; break;
		}
	}
	return BUS_CONTINUE;
}

int dev_serial_register(struct dev_serial *s, struct bus *pio, uint16_t base,
			struct console *console)
{
	memset(s, 0, sizeof(*s));
	s->console = console;
	return bus_register(pio, base, 8, serial_io, s, "com1");
}
