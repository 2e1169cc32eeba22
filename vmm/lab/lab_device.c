/* Lab devices sit on the VM's ordinary buses behind one trampoline, so the
 * run loop dispatches to them like to any built-in device; every rule of the
 * API (the window, init-only registration, checked memory) is enforced here,
 * not trusted to the student's code. */
#include "lab/lab_attach.h"
#include "lab/lab_device.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "machine/guest_mem.h"
#include "machine/memslots.h"
#include "machine/vm_irq.h"
#include "util/errmsg.h"
#include "uvmm/abi.h"

_Static_assert(LAB_PIO_BASE == UVMM_LAB_PIO_BASE && LAB_PIO_SIZE == UVMM_LAB_PIO_SIZE &&
	       LAB_MMIO_BASE == UVMM_LAB_MMIO_BASE && LAB_MMIO_SIZE == UVMM_LAB_MMIO_SIZE,
	       "lab_device.h and uvmm/abi.h name one lab window");

/* The linker collects LAB_DEVICE pointers into this section; with none
 * (uvmm itself) both symbols are weak and null. */
extern const struct lab_device_desc *const __start_uvmm_lab_devices[] __attribute__((weak));
extern const struct lab_device_desc *const __stop_uvmm_lab_devices[] __attribute__((weak));

struct lab_range {
	struct lab_dev *dev;
	lab_io_fn fn;
	void *opaque;
};

struct lab_dev {
	const struct lab_device_desc *desc;
	struct vm *vm;
	FILE *log;
	void *priv;
	int in_init;   /* registration is allowed only while init runs */
	int attached;  /* init was called: fini is owed, also after a failed init */
	unsigned nranges;
	struct lab_range ranges[LAB_MAX_RANGES]; /* the buses keep pointers to these */
};

struct lab_devices {
	size_t n;
	struct lab_dev dev[];
};

size_t lab_device_count(void)
{
	if (!__start_uvmm_lab_devices)
		return 0;
	return (size_t)(__stop_uvmm_lab_devices - __start_uvmm_lab_devices);
}

void lab_log(struct lab_dev *d, const char *fmt, ...)
{
	va_list ap;

	fprintf(d->log, "uvmm: lab %s: ", d->desc->name ? d->desc->name : "?");
	va_start(ap, fmt);
	vfprintf(d->log, fmt, ap);
	va_end(ap);
	fputc('\n', d->log);
}

static enum bus_action lab_bus_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct lab_range *r = opaque;
	struct lab_io io = { a->addr, a->offset, a->size, a->is_write, a->data };

	(void)stop; /* a device cannot end the run */
	if (!a->is_write)
		memset(a->data, 0xff, a->size);
	r->fn(r->opaque, &io);
	return BUS_CONTINUE;
}

static int inside(uint64_t base, uint64_t len, uint64_t wbase, uint64_t wlen)
{
	return len && base >= wbase && base - wbase < wlen && len <= wlen - (base - wbase);
}

static int add_range(struct lab_dev *d, struct bus *bus, const char *what, uint64_t base,
		     uint64_t len, uint64_t wbase, uint64_t wlen, lab_io_fn fn, void *opaque)
{
	struct lab_range *r;

	if (!d->in_init) {
		lab_log(d, "%s 0x%llx+%llu: ranges can only be claimed in the init hook", what,
			(unsigned long long)base, (unsigned long long)len);
		return -1;
	}
	if (!fn || !inside(base, len, wbase, wlen)) {
		lab_log(d, "%s 0x%llx+%llu is %s: the lab window is 0x%llx..0x%llx", what,
			(unsigned long long)base, (unsigned long long)len,
			fn ? "outside the lab window" : "without a handler",
			(unsigned long long)wbase, (unsigned long long)(wbase + wlen - 1));
		return -1;
	}
	if (d->nranges == LAB_MAX_RANGES) {
		lab_log(d, "%s 0x%llx+%llu: a device has at most %d ranges", what,
			(unsigned long long)base, (unsigned long long)len, LAB_MAX_RANGES);
		return -1;
	}
	r = &d->ranges[d->nranges];
	*r = (struct lab_range){ d, fn, opaque };
	if (bus_register(bus, base, len, lab_bus_io, r, d->desc->name) < 0) {
		lab_log(d, "%s 0x%llx+%llu overlaps a range already claimed", what,
			(unsigned long long)base, (unsigned long long)len);
		return -1;
	}
	d->nranges++;
	lab_log(d, "%s 0x%llx+%llu", what, (unsigned long long)base, (unsigned long long)len);
	return 0;
}

int lab_pio_register(struct lab_dev *d, uint16_t port, uint16_t len, lab_io_fn fn, void *opaque)
{
	return add_range(d, &d->vm->pio, "pio", port, len, LAB_PIO_BASE, LAB_PIO_SIZE, fn, opaque);
}

int lab_mmio_register(struct lab_dev *d, uint64_t gpa, uint64_t len, lab_io_fn fn, void *opaque)
{
	return add_range(d, &d->vm->mmio, "mmio", gpa, len, LAB_MMIO_BASE, LAB_MMIO_SIZE, fn,
			 opaque);
}

int lab_map_ram(struct lab_dev *d, uint64_t gpa, uint64_t size, void **host)
{
	struct memslots *t = &d->vm->slots;
	char err[200];
	unsigned slot;

	if (!d->in_init || !inside(gpa, size, LAB_MMIO_BASE, LAB_MMIO_SIZE)) {
		lab_log(d, "map_ram 0x%llx+%llu: %s", (unsigned long long)gpa, (unsigned long long)size,
			d->in_init ? "outside the lab window" : "only in the init hook");
		return -1;
	}
	for (unsigned i = 0; i < d->vm->mmio.n; i++) {
		const struct bus_range *r = &d->vm->mmio.ranges[i];
		if (gpa < r->base + r->len && r->base < gpa + size) {
			lab_log(d, "map_ram 0x%llx+%llu overlaps mmio range %s", (unsigned long long)gpa,
				(unsigned long long)size, r->name);
			return -1;
		}
	}
	/* From the top: guests add their own slots from 1 up. */
	for (slot = MEMSLOTS_MAX - 1; slot > 0 && t->slot[slot].host; slot--)
		;
	if (slot == 0 || memslot_add(t, slot, gpa, size, 0, err, sizeof(err)) < 0) {
		lab_log(d, "map_ram 0x%llx+%llu: %s", (unsigned long long)gpa, (unsigned long long)size,
			slot ? err : "no free memslot");
		return -1;
	}
	*host = t->slot[slot].host;
	lab_log(d, "ram 0x%llx+%llu (memslot %u)", (unsigned long long)gpa, (unsigned long long)size,
		slot);
	return 0;
}

int lab_guest_read(struct lab_dev *d, uint64_t gpa, void *dst, uint64_t len)
{
	return guest_read(&d->vm->mem, gpa, dst, len);
}

int lab_guest_write(struct lab_dev *d, uint64_t gpa, const void *src, uint64_t len)
{
	return guest_write(&d->vm->mem, gpa, src, len);
}

uint64_t lab_guest_ram_size(const struct lab_dev *d)
{
	return d->vm->mem.size;
}

int lab_irq_line(struct lab_dev *d, unsigned gsi, int level)
{
	char err[200];

	if (vm_irq_line(d->vm, gsi, level < 0 ? 2 : (uint64_t)level, err, sizeof(err)) < 0) {
		lab_log(d, "%s", err);
		return -1;
	}
	return 0;
}

int lab_msi(struct lab_dev *d, uint64_t address, uint32_t data)
{
	char err[200];

	if (vm_signal_msi(d->vm, address, data, err, sizeof(err)) < 0) {
		lab_log(d, "%s", err);
		return -1;
	}
	return 0;
}

void lab_set_priv(struct lab_dev *d, void *priv)
{
	d->priv = priv;
}

void *lab_priv(const struct lab_dev *d)
{
	return d->priv;
}

int lab_attach(struct vm *vm, FILE *log, struct lab_devices **out, char *err, size_t errlen)
{
	size_t n = lab_device_count();
	struct lab_devices *s;

	*out = NULL;
	if (n == 0)
		return 0;
	s = calloc(1, sizeof(*s) + n * sizeof(s->dev[0]));
	if (!s)
		return errmsg(err, errlen, "lab devices: out of memory");
	for (size_t i = 0; i < n; i++) {
		struct lab_dev *d = &s->dev[s->n++];
		int r;

		*d = (struct lab_dev){ .desc = __start_uvmm_lab_devices[i], .vm = vm, .log = log };
		if (!d->desc->name || !d->desc->init) {
			lab_detach(s);
			return errmsg(err, errlen, "lab device %zu has no name or no init hook", i);
		}
		d->in_init = d->attached = 1;
		r = d->desc->init(d);
		d->in_init = 0;
		if (r != 0) {
			errmsg(err, errlen, "lab device %s: init failed", d->desc->name);
			lab_detach(s);
			return -1;
		}
	}
	*out = s;
	return 0;
}

void lab_detach(struct lab_devices *s)
{
	if (!s)
		return;
	for (size_t i = s->n; i-- > 0;)
		if (s->dev[i].attached && s->dev[i].desc->fini)
			s->dev[i].desc->fini(&s->dev[i]);
	free(s);
}
