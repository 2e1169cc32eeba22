/* libFuzzer target: the ELF loader and the OPTIONS-note peek on arbitrary
 * bytes. Whatever the input, both return 0 or -1 with a one-line reason, and
 * the loader writes nothing outside guest RAM (canaries checked each run). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf_load.h"
#include "machine/guest_mem.h"
#include "run/run_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct guest_mem ram;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
	struct run_options opt;
	char err[256], *note = NULL;

	if (!ram.host && guest_mem_init(&ram, 16ull << 20) < 0)
		abort();
	err[0] = 0;
	if (elf_peek_options(data, size, &note, err, sizeof(err)) < 0) {
		if (!err[0])
			abort(); /* a refusal must say why */
	} else if (note) {
		run_options_default(&opt);
		run_options_parse(&opt, note, RUN_OPT_NOTE, err, sizeof(err));
	}
	free(note);
	err[0] = 0;
	memset(&info, 0, sizeof(info));
	if (elf_load(data, size, &ram, &info, err, sizeof(err)) < 0 && !err[0])
		abort();
	image_info_free(&info);
	if (size >= 8 && flat_load(data, size, data[0] | (uint64_t)data[1] << 12, &ram, &info, err,
				   sizeof(err)) == 0)
		image_info_free(&info);
	if (!guest_mem_canary_ok(&ram))
		abort();
	return 0;
}
