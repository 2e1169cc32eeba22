/* Which `ignore` classes an exit event belongs to: by kind, plus the COM1
 * ports for console, plus what the hypercall table says of each call. */
#include "check/expect_internal.h"
#include "uvmm/abi.h"

static const unsigned kind_classes[EV_KIND_COUNT] = {
	[EV_PIO_IN] = EVC_PIO,      [EV_PIO_OUT] = EVC_PIO,    [EV_MMIO_READ] = EVC_MMIO,
	[EV_MMIO_WRITE] = EVC_MMIO, [EV_HLT] = EVC_HLT,        [EV_MSR_READ] = EVC_MSR,
	[EV_MSR_WRITE] = EVC_MSR,   [EV_HCALL] = EVC_HCALL,     [EV_IRQ_WINDOW] = EVC_IRQ,
	[EV_IRQ_MSI] = EVC_IRQ,      [EV_IRQ_INTX] = EVC_IRQ,    [EV_HUPCALL] = EVC_HUPCALL,
};

unsigned ev_classes(const struct exit_event *ev)
{
	if (ev->kind >= EV_KIND_COUNT)
		return 0;
	unsigned c = kind_classes[ev->kind];
	/* An exit program's fail verdict ends the run: like a shutdown, it can
	 * be expected but never ignored. */
	if (ev->kind == EV_HUPCALL && ev->addr == UVMM_HUPCALL_EXIT &&
	    ev->status == UVMM_HUPCALL_RUN_OK && ev->value != 0)
		return 0;
	if ((c & EVC_PIO) && ev->addr >= UVMM_COM1_PORT && ev->addr < UVMM_COM1_PORT + 8)
		c |= EVC_CONSOLE;
	if ((c & EVC_HCALL) && hc_desc(ev->addr))
		c |= hc_desc(ev->addr)->classes;
	return c;
}
