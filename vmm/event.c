/* Which `ignore` classes an exit event belongs to. */
#include "event.h"
#include "uvmm/abi.h"

static const unsigned kind_classes[EV_KIND_COUNT] = {
	[EV_PIO_IN] = EVC_PIO,      [EV_PIO_OUT] = EVC_PIO,    [EV_MMIO_READ] = EVC_MMIO,
	[EV_MMIO_WRITE] = EVC_MMIO, [EV_HLT] = EVC_HLT,        [EV_MSR_READ] = EVC_MSR,
	[EV_MSR_WRITE] = EVC_MSR,   [EV_HCALL] = EVC_HCALL,     [EV_IRQ_WINDOW] = EVC_IRQ,
	[EV_IRQ_MSI] = EVC_IRQ,      [EV_IRQ_INTX] = EVC_IRQ,
};

static const unsigned hcall_classes[UVMM_HC_COUNT] = {
	[UVMM_HC_CONSOLE] = EVC_CONSOLE,
	[UVMM_HC_REPORT] = EVC_REPORT,
};

unsigned ev_classes(const struct exit_event *ev)
{
	if (ev->kind >= EV_KIND_COUNT)
		return 0;
	unsigned c = kind_classes[ev->kind];
	if ((c & EVC_PIO) && ev->addr >= UVMM_COM1_PORT && ev->addr < UVMM_COM1_PORT + 8)
		c |= EVC_CONSOLE;
	if ((c & EVC_HCALL) && ev->addr < UVMM_HC_COUNT)
		c |= hcall_classes[ev->addr];
	return c;
}
