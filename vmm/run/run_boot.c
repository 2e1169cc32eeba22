#include "run/run_boot.h"

#include <stdlib.h>

#include "loader/acpi.h"
#include "loader/boot.h"
#include "loader/image_file.h"
#include "util/errmsg.h"

int run_boot(struct vm *vm, const struct image_info *info, const struct run_options *o,
	     const struct run_boot_inputs *req, char *err, size_t errlen)
{
	enum boot_mode mode = o->mode == BOOT_AUTO ? boot_mode_default(info) : o->mode;
	const char *initrd = req->initrd;
	struct boot_args a = { .cmdline = req->cmdline, .module_name = initrd };
	uint8_t *module = NULL;
	size_t len = 0;
	int r;

	if ((initrd || req->initrd_text) && mode != BOOT_MULTIBOOT)
		return errmsg(err, errlen, "an initrd needs the multiboot start mode, not %s",
			      boot_mode_name(mode));
	if (o->kut) {
		if (info->lowest < ACPI_TABLES_END && info->highest > ACPI_TABLES_GPA)
			return errmsg(err, errlen, "image [0x%llx, 0x%llx) overlaps the ACPI tables "
				      "[0x%llx, 0x%llx)", (unsigned long long)info->lowest,
				      (unsigned long long)info->highest,
				      (unsigned long long)ACPI_TABLES_GPA,
				      (unsigned long long)ACPI_TABLES_END);
		if (acpi_write_tables(&vm->mem, vm->nvcpus, &vm->acpi_pm.facs_gpa, err, errlen) < 0)
			return -1;
	}
	if (initrd) {
		char why[200];

		if (image_read_file(initrd, &module, &len, why, sizeof(why)) < 0)
			return errmsg(err, errlen, "initrd: %s", why);
		a.module = module;
		a.module_len = len;
	} else if (req->initrd_text) {
		a.module = (const uint8_t *)req->initrd_text;
		a.module_len = req->initrd_len;
		a.module_name = "environ";
	}
	r = boot_setup(vm->vcpus[0].h.fd, &vm->mem, info, mode, &a, err, errlen);
	free(module);
	return r;
}
