/* libFuzzer target: the guest page-table walk over page tables the input
 * writes. The first 24 bytes choose the mode, CR3, PSE and the addresses
 * translated and copied; the rest fills the start of a 2 MiB guest RAM.
 * A translation that succeeds names a GPA, reads and writes never go past
 * what translates to guest RAM, and nothing outside guest RAM changes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machine/gva.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct guest_mem ram;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gva_ctx c;
	struct gva_map map;
	uint64_t gva, gva2;
	uint8_t buf[300];
	char err[128];
	size_t n;

	if (!ram.host && guest_mem_init(&ram, GUEST_MEM_MIN) < 0)
		abort();
	if (size < 24)
		return 0;
	c.mode = (enum gva_mode)(data[0] % GVA_MODE_COUNT);
	memcpy(&c.cr3, data + 1, 8);
	if (!(data[9] & 0x80))
		c.cr3 %= 0x10000; /* mostly tables the input wrote */
	c.pse = data[9] & 1;
	memcpy(&gva, data + 10, 8);
	memcpy(&gva2, data + 16, 8);
	memset(ram.host, 0, 0x10000);
	memcpy(ram.host, data + 24, size - 24 < 0x10000 ? size - 24 : 0x10000);
	if (gva_translate(&ram, &c, gva, &map, err, sizeof(err)) == 0) {
		if (!map.page_size || (map.page_size & (map.page_size - 1)))
			abort();
	} else if (!err[0]) {
		abort(); /* every refusal says why */
	}
	n = gva_read(&ram, &c, gva, buf, sizeof(buf));
	if (n > sizeof(buf))
		abort();
	n = gva_write(&ram, &c, gva2, buf, (size_t)(data[23] % sizeof(buf)) + 1);
	if (n > sizeof(buf))
		abort();
	if (!guest_mem_canary_ok(&ram))
		abort();
	return 0;
}
