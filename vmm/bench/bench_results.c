/* The files look like a course's: every student's host is one platform that
 * ran the same tests, most pass, a few fail or skip with a reason, some hit a
 * known deviation; a fixed generator makes every run of the bench alike. */
#include "bench/bench_results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "suite/deviations.h"
#include "suite/report_html.h"
#include "suite/report_json.h"
#include "suite/results_set.h"
#include "util/clock.h"
#include "util/errmsg.h"

static uint32_t next(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static const char *const bench_groups[] = { "basic", "modes", "irq", "hostile", "vfio" };

static int write_file(const char *path, unsigned index, unsigned ntests, uint32_t *seed)
{
	static struct deviation dev = { .test = "t", .impl = "kvm_pvm",
					.reason = "HLT does not exit to user space here", .line = 3 };
	struct test_result *r = calloc(ntests, sizeof(*r));
	char (*names)[32] = calloc(ntests, sizeof(*names));
	char platform[64], host[32];
	const char *groups[2];
	struct suite_report rep;
	FILE *f;
	int rc;

	if (!r || !names) {
		free(r);
		free(names);
		return -1;
	}
	snprintf(platform, sizeof(platform), "student-%04u/kvm_intel", index);
	snprintf(host, sizeof(host), "lab-%04u", index);
	for (unsigned i = 0; i < ntests; i++) {
		uint32_t dice = next(seed) % 100;
		snprintf(names[i], sizeof(names[i]), "test_%03u", i);
		r[i] = (struct test_result){ .name = names[i], .cls = RC_PASS, .code = 0,
					     .seconds = 0.001 * (next(seed) % 500),
					     .nexits = next(seed) % 10000, .ngroups = 2,
					     .groups = groups };
		if (dice < 4) {
			r[i].cls = RC_FAIL;
			snprintf(r[i].message, sizeof(r[i].message),
				 "MISMATCH: exit #%u at rip 0x%x does not match %s.expect:%u:1",
				 next(seed) % 40, 0x1000 + next(seed) % 0x4000, names[i], i % 30 + 1);
		} else if (dice < 9) {
			r[i].cls = RC_SKIP;
			snprintf(r[i].message, sizeof(r[i].message),
				 "requires KVM_CAP_EXIT_HYPERCALL, which this KVM lacks");
		} else if (dice < 11) {
			r[i].cls = RC_XFAIL;
			r[i].deviation = &dev;
			snprintf(r[i].message, sizeof(r[i].message), "known deviation: %s (MISMATCH)",
				 dev.reason);
		}
	}
	groups[0] = bench_groups[index % 5];
	groups[1] = bench_groups[(index + 2) % 5];
	rep = (struct suite_report){ .results = r, .n = ntests, .seconds = 1.5, .platform = platform,
				     .hostname = host, .timestamp = "2026-05-01T12:00:00", .jobs = 2 };
	f = fopen(path, "w");
	rc = f ? json_report_write(f, &rep) : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	free(r);
	free(names);
	return rc;
}

static double cpu_seconds(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
	       u.ru_stime.tv_usec / 1e6;
}

static size_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

int bench_results_run(struct results_bench *b, const char *dir, char *err, size_t errlen)
{
	struct results_set s = { 0 };
	char path[PATH_MAX];
	uint32_t seed = 42;
	double t0, c0;
	FILE *f;
	int rc = -1;

	t0 = now_seconds();
	for (unsigned i = 0; i < b->files; i++) {
		snprintf(path, sizeof(path), "%s/r%04u.json", dir, i);
		if (write_file(path, i, b->tests, &seed) < 0)
			return errmsg(err, errlen, "%s: %s", path, strerror(errno));
		b->input_bytes += file_size(path);
	}
	b->write_s = now_seconds() - t0;

	t0 = now_seconds();
	c0 = cpu_seconds();
	for (unsigned i = 0; i < b->files; i++) {
		snprintf(path, sizeof(path), "%s/r%04u.json", dir, i);
		if (results_set_add(&s, path, err, errlen) < 0)
			goto out;
	}
	if (results_set_merge(&s, err, errlen) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/all.json", dir);
	f = fopen(path, "w");
	if (!f || (results_set_write(&s, f) < 0) + (fclose(f) != 0)) {
		errmsg(err, errlen, "%s: writing failed", path);
		goto out;
	}
	b->merge_s = now_seconds() - t0;
	b->merge_cpu_s = cpu_seconds() - c0;
	b->merged_bytes = file_size(path);

	t0 = now_seconds();
	snprintf(b->page, sizeof(b->page), "%s/matrix.html", dir);
	f = fopen(b->page, "w");
	if (!f || (html_report_write(f, &s, "uvmm bench: a course's results") < 0) + (fclose(f) != 0)) {
		errmsg(err, errlen, "%s: writing failed", b->page);
		goto out;
	}
	b->html_s = now_seconds() - t0;
	b->page_bytes = file_size(b->page);
	rc = 0;
out:
	results_set_free(&s);
	return rc;
}
