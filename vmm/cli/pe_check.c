/* `uvmm pe-check FILE...`: the structural check of UEFI application images
 * (xplat/pe_check.c) that `make efi` runs on everything it builds. */
#include <stdlib.h>

#include "cli/cli.h"
#include "loader/image_file.h"
#include "session/exitcode.h"
#include "xplat/pe_check.h"

int cli_pe_check(int argc, char **argv)
{
	int bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: uvmm pe-check FILE.efi...\n");
		return UVMM_EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		struct pe_info pi;
		char err[256];
		uint8_t *buf;
		size_t len;

		if (image_read_file(argv[i], &buf, &len, err, sizeof(err)) == 0) {
			int r = pe_check(buf, len, &pi, err, sizeof(err));

			free(buf);
			if (r == 0)
				continue;
		}
		fprintf(stderr, "uvmm pe-check: %s: %s\n", argv[i], err);
		bad = 1;
	}
	return bad ? UVMM_EXIT_BAD_IMAGE : UVMM_EXIT_PASS;
}
