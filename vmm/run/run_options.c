/* Options are a table: each key's kind, range and who may set it. Values are
 * checked where they enter, with one error form (util/num.h). */
#include "run/run_options.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf_load.h"
#include "machine/guest_mem.h"
#include "machine/vm.h"
#include "util/errmsg.h"
#include "util/num.h"
#include "vfio/vfio_host.h"

void run_options_default(struct run_options *o)
{
	*o = (struct run_options){
		.mem_size = RUN_DEFAULT_MEM, .mode = BOOT_AUTO, .timeout = RUN_DEFAULT_TIMEOUT,
		.nvcpus = 1,
		.vfio_cfg = { NULL, NULL, 0, PT_BAR_TRAP, PT_IRQ_IRQFD, VFIO_API_AUTO, NULL, NULL },
	};
	cpu_edits_init(&o->cpu);
}

enum opt_kind { OPT_SIZE, OPT_SECONDS, OPT_COUNT, OPT_BOOL, OPT_MODE, OPT_VFIO, OPT_VFIO_MODE,
		OPT_CPU };

struct opt_desc {
	const char *key;
	enum opt_kind kind;
	size_t field;            /* offsetof the value in struct run_options */
	uint64_t min, max;       /* OPT_SIZE, OPT_COUNT */
	int operator_only;       /* chooses a host resource: never from an image note */
};

#define F(m) offsetof(struct run_options, m)
static const struct opt_desc opts[] = {
	{ "mem", OPT_SIZE, F(mem_size), GUEST_MEM_MIN, GUEST_MEM_MAX, 0 },
	{ "mode", OPT_MODE, F(mode), 0, 0, 0 },
	{ "timeout", OPT_SECONDS, F(timeout), 0, 0, 0 },
	{ "irqchip", OPT_BOOL, F(irqchip), 0, 0, 0 },
	{ "cpus", OPT_COUNT, F(nvcpus), 1, VM_MAX_VCPUS, 0 },
	{ "msr_filter", OPT_BOOL, F(msr_filter), 0, 0, 0 },
	{ "exit_hypercall", OPT_BOOL, F(exit_hypercall), 0, 0, 0 },
	{ "vfio", OPT_VFIO, F(vfio), 0, 0, 0 }, /* an image may name a kind: set_vfio() */
	{ "vfio_mode", OPT_VFIO_MODE, F(vfio_cfg), 0, 0, 0 },
	{ "vfio_irq", OPT_VFIO_MODE, F(vfio_cfg), 0, 0, 0 },
	{ "vfio_api", OPT_VFIO_MODE, F(vfio_cfg), 0, 0, 0 },
	{ "vfio_rebind", OPT_BOOL, F(vfio_cfg.allow_rebind), 0, 0, 1 },
	{ "kut", OPT_BOOL, F(kut), 0, 0, 0 },
	{ "cpu", OPT_CPU, F(cpu), 0, 0, 0 },
};
#undef F

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

/* vfio=: the operator names a device; an image can only ask for a kind. */
static int set_vfio(struct run_options *o, const char *value, enum run_options_source from,
		    char *err, size_t errlen)
{
	uint16_t vendor, device;

	if (from == RUN_OPT_OVERRIDE) {
		char bdf[VFIO_BDF_LEN];

		if (strlen(value) >= sizeof(o->vfio) ||
		    (strcmp(value, "auto") && strcmp(value, "none") &&
		     vfio_bdf_parse(value, bdf) < 0 && vfio_id_parse(value, &vendor, &device) < 0))
			return errmsg(err, errlen, "bad value '%.32s%s' for vfio: a PCI address "
				      "(0000:00:03.0), VVVV:DDDD, auto or none", value,
				      strlen(value) > 32 ? "..." : "");
		snprintf(o->vfio, sizeof(o->vfio), "%s", !strcmp(value, "none") ? "" : value);
		return 0;
	}
	if (vfio_id_parse(value, &vendor, &device) < 0)
		return errmsg(err, errlen, "bad value '%.32s' for vfio: an image may only name the "
			      "kind of device it needs (VVVV:DDDD); the host device is the "
			      "operator's choice (--vfio, the manifest's vfio key)", value);
	snprintf(o->vfio_kind, sizeof(o->vfio_kind), "%04x:%04x", vendor, device);
	return 0;
}

int run_options_set(struct run_options *o, const char *key, const char *value,
		    enum run_options_source from, char *err, size_t errlen)
{
	const struct opt_desc *d = NULL;
	char *field;
	uint64_t n;

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]) && !d; i++)
		if (!strcmp(opts[i].key, key))
			d = &opts[i];
	if (!d)
		return errmsg(err, errlen, "unknown option '%.64s'", key);
	/* Options travel as blank-separated words: a value is one word of
	 * printable characters, or it would mean something else on the way. */
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return errmsg(err, errlen, "bad value for %s: one word of printable "
				      "characters, without blanks", key);
	if (d->operator_only && from != RUN_OPT_OVERRIDE)
		return errmsg(err, errlen, "%s is the operator's choice (command line or manifest), "
			      "not an image's", key);
	field = (char *)o + d->field;
	switch (d->kind) {
	case OPT_SIZE:
		return num_size(key, value, d->min, d->max, 4096, (uint64_t *)field, err, errlen);
	case OPT_SECONDS:
		return num_seconds(key, value, RUN_TIMEOUT_MIN, RUN_TIMEOUT_MAX, (double *)field, err,
				   errlen);
	case OPT_COUNT:
		if (num_u64(key, value, d->min, d->max, &n, err, errlen) < 0)
			return -1;
		*(unsigned *)field = (unsigned)n;
		return 0;
	case OPT_BOOL:
		if (parse_bool(value, (int *)field) < 0)
			return errmsg(err, errlen, "bad value '%.32s' for %s: 1, yes, on, 0, no or off",
				      value, key);
		return 0;
	case OPT_MODE:
		o->mode = boot_mode_parse(value);
		if (o->mode == BOOT_AUTO)
			return errmsg(err, errlen, "bad value '%.32s' for mode: pvh, long, prot32, "
				      "multiboot or real", value);
		return 0;
	case OPT_VFIO:
		return set_vfio(o, value, from, err, errlen);
	case OPT_VFIO_MODE:
		if (passthrough_parse_mode(key, value, &o->vfio_cfg) < 0)
			return errmsg(err, errlen, "bad value '%.32s' for %s (docs/vfio.md)", value, key);
		return 0;
	case OPT_CPU: {
		/* The last cpu= replaces the earlier ones, like every other option. */
		struct cpu_edits e;
		char msg[160];

		cpu_edits_init(&e);
		if (cpu_edits_parse(&e, value, msg, sizeof(msg)) < 0)
			return errmsg(err, errlen, "bad value for cpu: %s", msg);
		o->cpu = e;
		return 0;
	}
	}
	return 0;
}

int run_options_parse(struct run_options *o, const char *text, enum run_options_source from,
		      char *err, size_t errlen)
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
			return errmsg(err, errlen, "option word of %zu bytes (at most %zu)", n,
				      sizeof(word) - 1);
		memcpy(word, text, n);
		word[n] = 0;
		text += n;
		eq = strchr(word, '=');
		if (!eq)
			return errmsg(err, errlen, "option '%.64s' is not key=value", word);
		*eq = 0;
		if (run_options_set(o, word, eq + 1, from, err, errlen) < 0)
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
			r = run_options_parse(o, note, RUN_OPT_NOTE, err, errlen);
		free(note);
		if (r < 0)
			return -1;
	}
	*from = RUN_OPT_OVERRIDE;
	for (unsigned i = 0; i < n; i++)
		if (run_options_parse(o, overrides[i], RUN_OPT_OVERRIDE, err, errlen) < 0)
			return -1;
	return 0;
}
