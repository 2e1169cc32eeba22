/* Leaks show up only over many runs: one process builds and tears down the
 * same VM again and again, and the numbers at run 10 (after allocator and
 * libc warm-up) and at the last run must be the same. */
#include "run/run_repeat.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

static long count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own descriptor */
}

static long vm_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int run_repeat(const struct run_request *req, struct run_result *res, unsigned long n)
{
	struct run_request r = *req;
	int first = -1;

	r.no_sandbox = 1;
	for (unsigned long i = 1; i <= n; i++) {
		int code = run_guest(&r, res);

		if (i == 1 || i == 10 || i == n)
			fprintf(r.log, "uvmm: repeat: run %lu: %ld fds, VmRSS %ld kB\n", i, count_fds(),
				vm_rss_kb());
		if (first < 0)
			first = code;
		if (code != first) {
			fprintf(r.log, "uvmm: repeat: run %lu ended %d, run 1 ended %d: stopping\n", i,
				code, first);
			return code;
		}
	}
	return res->code;
}
