#include "run/run_options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf_load.h"
#include "machine/guest_mem.h"
#include "machine/vm.h"
#include "util/errmsg.h"

void run_options_default(struct run_options *o)
{
	o->mem_size = RUN_DEFAULT_MEM;
	o->mode = BOOT_AUTO;
	o->timeout = RUN_DEFAULT_TIMEOUT;
	o->irqchip = 0;
	o->nvcpus = 1;
	o->msr_filter = 0;
	o->exit_hypercall = 0;
	o->vfio[0] = 0;
	o->vfio_cfg = (struct passthrough_config){ NULL, PT_BAR_TRAP, PT_IRQ_IRQFD, VFIO_API_AUTO, NULL };
}

static int parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "on"))
		*out = 1;
	else if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "off"))
		*out = 0;
	else
		return -1;
	return 0;
}

int run_options_set(struct run_options *o, const char *key, const char *value,
		    char *err, size_t errlen)
{
	char *end;

	if (!strcmp(key, "mem")) {
		if (guest_mem_parse_size(value, &o->mem_size) < 0 || o->mem_size < GUEST_MEM_MIN ||
		    o->mem_size > GUEST_MEM_MAX || o->mem_size % 4096)
			goto bad;
	} else if (!strcmp(key, "mode")) {
		o->mode = boot_mode_parse(value);
		if (o->mode == BOOT_AUTO)
			goto bad;
	} else if (!strcmp(key, "timeout")) {
		errno = 0;
		o->timeout = strtod(value, &end);
		if (errno || end == value || *end || o->timeout < 0 || o->timeout > 86400)
			goto bad;
	} else if (!strcmp(key, "irqchip")) {
		if (parse_bool(value, &o->irqchip) < 0)
			goto bad;
	} else if (!strcmp(key, "msr_filter")) {
		if (parse_bool(value, &o->msr_filter) < 0)
			goto bad;
	} else if (!strcmp(key, "exit_hypercall")) {
		if (parse_bool(value, &o->exit_hypercall) < 0)
			goto bad;
	} else if (!strcmp(key, "vfio")) {
		if (strlen(value) >= sizeof(o->vfio))
			goto bad;
		snprintf(o->vfio, sizeof(o->vfio), "%s", !strcmp(value, "none") ? "" : value);
	} else if (!strncmp(key, "vfio_", 5)) {
		if (passthrough_parse_mode(key, value, &o->vfio_cfg) < 0)
			goto bad;
	} else if (!strcmp(key, "cpus")) {
		unsigned long n = strtoul(value, &end, 10);
		if (end == value || *end || n < 1 || n > VM_MAX_VCPUS)
			goto bad;
		o->nvcpus = (unsigned)n;
	} else
		return errmsg(err, errlen, "unknown option '%s'", key);
	return 0;
bad:
	return errmsg(err, errlen, "bad value '%s' for %s", value, key);
}

int run_options_parse(struct run_options *o, const char *text, char *err, size_t errlen)
{
	char word[256];

	while (*text) {
		size_t n = strcspn(text, " \t\n");
		char *eq;

		if (n == 0) {
			text++;
			continue;
		}
		if (n >= sizeof(word))
			return errmsg(err, errlen, "option word too long");
		memcpy(word, text, n);
		word[n] = 0;
		text += n;
		eq = strchr(word, '=');
		if (!eq)
			return errmsg(err, errlen, "option '%s' is not key=value", word);
		*eq = 0;
		if (run_options_set(o, word, eq + 1, err, errlen) < 0)
			return -1;
	}
	return 0;
}

int run_options_resolve(struct run_options *o, const uint8_t *image, size_t len,
			const char *const *overrides, unsigned n, enum run_options_source *from,
			char *err, size_t errlen)
{
	char *note = NULL;
	int r = 0;

	run_options_default(o);
	if (image) {
		*from = RUN_OPT_IMAGE;
		if (elf_peek_options(image, len, &note, err, errlen) < 0)
			return -1;
		*from = RUN_OPT_NOTE;
		if (note)
			r = run_options_parse(o, note, err, errlen);
		free(note);
		if (r < 0)
			return -1;
	}
	*from = RUN_OPT_OVERRIDE;
	for (unsigned i = 0; i < n; i++)
		if (run_options_parse(o, overrides[i], err, errlen) < 0)
			return -1;
	return 0;
}
