/* One VM exit as uvmm sees it after decoding: the record that flows from the
 * run loop through the bus to the expectation checker and into the trace. */
#ifndef UVMM_EVENT_H
#define UVMM_EVENT_H

#include <stddef.h>
#include <stdint.h>

enum ev_kind {
	EV_PIO_IN,         /* addr=port size=1/2/4 count data/value */
	EV_PIO_OUT,
	EV_MMIO_READ,      /* addr=GPA size=1..8 value (the value returned to the guest) */
	EV_MMIO_WRITE,
	EV_HLT,
	EV_SHUTDOWN,       /* triple fault */
	EV_MSR_READ,       /* addr=MSR index value (returned); error=1 when #GP injected */
	EV_MSR_WRITE,
	EV_HCALL,          /* addr=hypercall nr; args; status<0 when rejected; value = the
			    * argument block's GPA (not part of the expectation syntax) */
	EV_FAIL_ENTRY,     /* value = hardware entry failure reason */
	EV_INTERNAL_ERROR, /* value = suberror */
	EV_UNHANDLED,      /* addr = KVM exit reason uvmm has no handler for */
	EV_IRQ_WINDOW,     /* KVM_EXIT_IRQ_WINDOW_OPEN: the guest can take an interrupt */
	EV_KVM_HYPERCALL,  /* KVM_EXIT_HYPERCALL: addr = KVM hypercall nr (KVM_CAP_EXIT_HYPERCALL) */
	EV_IRQ_MSI,        /* not an exit: an MSI of a passed-through device the VMM saw and
			    * injected (vfio_irq=observe); value = vector, addr = MSI address */
	EV_IRQ_INTX,       /* not an exit: an INTx assertion of a passed-through device the VMM
			    * saw and raised (vfio_irq=observe); value = GSI (IOAPIC pin) */
	EV_HUPCALL,        /* not an exit: uvmm ran a hyperupcall; addr = event (enum
			    * uvmm_hupcall_event), args[0].num = the event's argument, value =
			    * r0, status = enum uvmm_hupcall_run (0: the program returned) */
	EV_KIND_COUNT
};

/* A hypercall argument after decoding: a number, or a string copied out of
 * guest RAM (str != NULL, not NUL-terminated, len bytes). */
struct ev_arg {
	uint64_t num;
	const char *str;
	uint32_t len;
};

#define EV_MAX_ARGS 8
/* String I/O data kept inline in the event (count * size bytes at most). */
#define EV_DATA_MAX 64

struct exit_event {
	uint64_t index;    /* 0-based sequence number of this exit in the run */
	uint64_t rip;      /* guest RIP after the exit (when known, else 0) */
	uint32_t vcpu;
	uint16_t kind;     /* enum ev_kind */
	uint16_t size;     /* access width in bytes */
	uint64_t addr;     /* port, GPA, MSR index, hypercall number, exit reason */
	uint64_t value;    /* single value (count == 1) */
	uint32_t count;    /* string I/O element count (1 otherwise) */
	int32_t status;    /* hypercall status (UVMM_HC_*), MSR error (1 = #GP) */
	const uint8_t *data; /* count*size bytes of string I/O data (NULL when count == 1) */
	uint32_t nargs;
	struct ev_arg args[EV_MAX_ARGS];
};

/* Classes an expectation may `ignore` (a bit mask over events). */
enum ev_class {
	EVC_CONSOLE = 1u << 0, /* COM1 port accesses and console hypercalls */
	EVC_REPORT = 1u << 1,  /* report hypercalls */
	EVC_PIO = 1u << 2,
	EVC_MMIO = 1u << 3,
	EVC_HLT = 1u << 4,
	EVC_MSR = 1u << 5,
	EVC_HCALL = 1u << 6,
	EVC_IRQ = 1u << 7,     /* interrupt-window exits */
	EVC_HUPCALL = 1u << 8, /* hyperupcall runs and hupcall hypercalls (not a failing exit verdict) */
};

/* Where a producer that is not the run loop (a device's interrupt thread)
 * hands its events: the run wires it to the session. emit returns 1 when the
 * run is over (the producer then stops producing), 0 otherwise. */
struct event_sink {
	int (*emit)(void *ctx, struct exit_event *ev);
	void *ctx;
};

#endif
