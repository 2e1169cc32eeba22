#include "kut/kut_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "kut/kut_env.h"
#include "loader/image_file.h"
#include "util/errmsg.h"

const char *const kut_run_overrides[] = { "kut=1", "irqchip=1", "mode=multiboot" };
const unsigned kut_run_noverrides = sizeof(kut_run_overrides) / sizeof(kut_run_overrides[0]);
const char *const kut_run_defaults[] = { "mem=128M", "timeout=90" };
const unsigned kut_run_ndefaults = sizeof(kut_run_defaults) / sizeof(kut_run_defaults[0]);

int kut_cmdline(char *buf, size_t size, const char *program, const char *args, char *err,
		size_t errlen)
{
	int n = args && *args ? snprintf(buf, size, "%s %s", program, args)
			      : snprintf(buf, size, "%s", program);

	if (n < 0 || (size_t)n >= size)
		return errmsg(err, errlen, "the command line is %d bytes, at most %zu", n, size - 1);
	return 0;
}

int kut_environment(struct sbuf *env, unsigned ncpus, uint64_t mem, const char *errata_path,
		    char *err, size_t errlen)
{
	struct sbuf errata = { .dyn = 1 };
	struct utsname u;
	uint8_t *text = NULL;
	size_t len = 0;
	int r = 0;

	if (uname(&u) < 0)
		snprintf(u.release, sizeof(u.release), "0.0");
	if (errata_path) {
		if (image_read_file(errata_path, &text, &len, err, errlen) < 0)
			return -1;
		r = kut_errata_env(&errata, (const char *)text, len, errata_path, u.release, err,
				   errlen);
		free(text);
	}
	if (r == 0)
		r = kut_env_build(env, ncpus, (unsigned long long)(mem >> 20), u.release,
				  errata.len ? sb_str(&errata) : NULL, err, errlen);
	free(errata.buf);
	return r;
}
