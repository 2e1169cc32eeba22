/* A lab device for the tests of the lab device API (tests/integration/
 * test_lab_device.sh): it claims the whole lab window and answers every read
 * there with 0x5a bytes, so that a suite that passes with it linked in has
 * touched none of the window. Its init also tries what the API must refuse. */
#include <stdlib.h>
#include <string.h>

#include "lab/lab_device.h"

static int handler_calls;

static void fill_io(void *opaque, struct lab_io *io)
{
	struct lab_dev *d = opaque;

	if (!io->is_write)
		memset(io->data, 0x5a, io->size);
	/* Registration outside init is refused, also from a handler. */
	if (handler_calls++ == 0 && lab_pio_register(d, LAB_PIO_BASE, 1, fill_io, d) == 0)
		lab_log(d, "BUG: a handler claimed a range");
	/* The guest's memory only through the checked copy. */
	if (io->is_write && io->size == 4) {
		uint32_t gpa;
		uint8_t byte;
		memcpy(&gpa, io->data, 4);
		lab_log(d, "guest byte at 0x%x: %s", gpa,
			lab_guest_read(d, gpa, &byte, 1) < 0 ? "outside RAM" : "read");
	}
}

static int fill_init(struct lab_dev *d)
{
	void *ram;

	if (getenv("LAB_TEST_FAIL_INIT")) {
		lab_log(d, "failing on purpose");
		return -1;
	}
	/* Each of these must be refused with a logged reason. */
	if (lab_pio_register(d, 0x3f8, 8, fill_io, d) == 0 ||
	    lab_pio_register(d, LAB_PIO_BASE + LAB_PIO_SIZE - 1, 2, fill_io, d) == 0 ||
	    lab_mmio_register(d, 0xd0000000ull, 0x1000, fill_io, d) == 0 ||
	    lab_mmio_register(d, LAB_MMIO_BASE, 0, fill_io, d) == 0 ||
	    lab_map_ram(d, 0xd0000000ull, 0x1000, &ram) == 0)
		lab_log(d, "BUG: a claim outside the lab window was accepted");
	if (lab_pio_register(d, LAB_PIO_BASE, LAB_PIO_SIZE, fill_io, d) < 0 ||
	    lab_mmio_register(d, LAB_MMIO_BASE, LAB_MMIO_SIZE, fill_io, d) < 0)
		return -1;
	if (lab_pio_register(d, LAB_PIO_BASE + 4, 4, fill_io, d) == 0 ||
	    lab_map_ram(d, LAB_MMIO_BASE, 0x1000, &ram) == 0)
		lab_log(d, "BUG: an overlapping claim was accepted");
	return 0;
}

LAB_DEVICE(fill, .name = "window-fill", .init = fill_init);
