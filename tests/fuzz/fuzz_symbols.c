/* libFuzzer target: the symbolizer on any bytes as an ELF image (section
 * headers, symbol table, DWARF .debug_line and its string sections), and
 * the DWARF line reader alone on the same bytes. Names for a few addresses
 * are always NUL-terminated strings inside the buffer they were asked into. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/dwarf_line.h"
#include "loader/symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t addrs[] = { 0, 0x1000, 0x100000, 0x1000d0, 0xffffffffffffffffull };
	struct dwarf_strings strs = { data, data, size, size };
	struct dwarf_lines d;
	char err[128], buf[96];
	struct symbols *s = symbols_load(data, size, err, sizeof(err));

	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		memset(buf, 0x7f, sizeof(buf));
		symbols_describe(s, addrs[i], buf, sizeof(buf));
		if (!memchr(buf, 0, sizeof(buf)))
			abort();
	}
	symbols_free(s);
	if (dwarf_lines_load(&d, data, size, &strs) == 0) {
		for (size_t i = 1; i < d.nranges; i++)
			if (d.ranges[i - 1].start > d.ranges[i].start)
				abort(); /* sorted, or the lookup is wrong */
		for (size_t i = 0; i < d.nranges; i++)
			if (d.ranges[i].end <= d.ranges[i].start)
				abort();
		dwarf_lines_free(&d);
	}
	return 0;
}
