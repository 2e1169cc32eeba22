/* KUT's runner prints "PASS NAME (...)" lines in colour; both runs see the
 * same binaries and the same -j. Start-up is timed to the first whole
 * console line of an entry under each (uvmm run --kut line-buffers its
 * console): QEMU's includes its firmware and multiboot option ROM, which is
 * what a KUT user waits for; uvmm's includes building the VM. */
#include "bench/bench_kut.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_exec.h"
#include "kut/kut_cfg.h"
#include "kut/kut_compare.h"
#include "util/path.h"

#define START_ENTRIES 3
#define OUT_MAX (1u << 20)

static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* The names KUT's runner says PASS of, blank-separated, in *list. */
static unsigned qemu_passes(char *out, char *list, size_t size)
{
	unsigned n = 0;
	char *save = NULL;

	list[0] = 0;
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char plain[512], *q = plain, name[128];

		/* drop the colour escapes: ESC [ ... m */
		for (char *p = l; *p && q < plain + sizeof(plain) - 1; p++) {
			if (*p == '\033') {
				while (*p && *p != 'm')
					p++;
				if (!*p)
					break;
				continue;
			}
			*q++ = *p;
		}
		*q = 0;
		if (sscanf(plain, "PASS %127s", name) == 1 &&
		    strlen(list) + strlen(name) + 2 < size) {
			snprintf(list + strlen(list), size - strlen(list), "%s%s", n ? " " : "", name);
			n++;
		}
	}
	return n;
}

static int run_qemu_runner(const struct bench_kut_cfg *c, const char *names, char *out,
			   double *seconds)
{
	char jobs[16], script[64 + 4096];
	char *argv[] = { "sh", "-c", script, "sh", (char *)c->dir, NULL };
	uint64_t wall;
	int st;

	snprintf(jobs, sizeof(jobs), "%u", c->jobs);
	snprintf(script, sizeof(script), "cd \"$1\" && ACCEL=%s exec ./run_tests.sh -j %s %s",
		 c->qemu_accel, jobs, names);
	st = bench_exec(argv, out, OUT_MAX, NULL, &wall);
	*seconds = (double)wall / 1e9;
	return st;
}

static int run_uvmm_kut(const struct bench_kut_cfg *c, const char *tap, const char *names,
			double *seconds)
{
	char jobs[16], logs[4096], *argv[256];
	char *list = strdup(names), *save = NULL;
	unsigned n = 0;
	uint64_t wall;
	int st;

	snprintf(jobs, sizeof(jobs), "%u", c->jobs);
	snprintf(logs, sizeof(logs), "%s/logs", c->tmp);
	argv[n++] = (char *)c->self;
	argv[n++] = "kut";
	argv[n++] = "-j";
	argv[n++] = jobs;
	argv[n++] = "--log-dir";
	argv[n++] = logs;
	if (tap) {
		argv[n++] = "--tap";
		argv[n++] = (char *)tap;
	}
	argv[n++] = (char *)c->dir;
	for (char *w = list ? strtok_r(list, " ", &save) : NULL; w && n < 254; w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	argv[n] = NULL;
	st = bench_exec(argv, NULL, 0, NULL, &wall);
	*seconds = (double)wall / 1e9;
	free(list);
	return st;
}

/* Start-up of the first START_ENTRIES common entries, c->reps times each. */
static void measure_start(const struct bench_kut_cfg *c, struct bench_results *r,
			  const struct kut_cfg *cfg, const char *bindir, FILE *log)
{
	double u[START_ENTRIES * BENCH_MAX_REPS], q[START_ENTRIES * BENCH_MAX_REPS];
	unsigned nu = 0, nq = 0, taken = 0;

	for (size_t i = 0; i < cfg->n && taken < START_ENTRIES; i++) {
		const struct kut_entry *e = &cfg->e[i];
		char *image, smp[16];
		uint64_t ns;

		if (!in_list(r->kut_set, e->name) || !(image = path_join(bindir, e->file)))
			continue;
		taken++;
		snprintf(smp, sizeof(smp), "%u", e->smp);
		for (unsigned rep = 0; rep < c->reps; rep++) {
			char *uv[] = { (char *)c->self, "run", "--kut", "--smp", smp, image, NULL };
			char *qv[] = { "qemu-system-x86_64", "--no-reboot", "-nodefaults",
				       "-device", "pc-testdev", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4",
				       "-display", "none", "-serial", "stdio", "-device", "pci-testdev",
				       "-machine", (char *)(strcmp(c->qemu_accel, "kvm") ? "accel=tcg" : "accel=kvm"),
				       "-kernel", image, "-smp", smp, NULL };

			if (bench_exec_first_output(uv, NULL, &ns) == 0)
				u[nu++] = (double)ns / 1e6;
			else
				r->failures++;
			if (bench_exec_first_output(qv, NULL, &ns) == 0)
				q[nq++] = (double)ns / 1e6;
			else
				r->failures++;
		}
		fprintf(log, "uvmm bench: kut: start-up of %s measured\n", e->name);
		free(image);
	}
	r->kut_start_ms = nu ? bench_median(u, nu) : -1;
	r->kut_qemu_start_ms = nq ? bench_median(q, nq) : -1;
}

void bench_kut_measure(const struct bench_kut_cfg *c, struct bench_results *r, FILE *log)
{
	char *out = malloc(OUT_MAX), tap[4096], qlist[4096], *bindir = NULL, *cfg_path, err[512];
	struct kut_results ur;
	struct kut_cfg cfg = { 0 };
	double secs;
	int st;

	r->kut_start_ms = r->kut_qemu_start_ms = r->kut_set_s = r->kut_qemu_set_s = -1;
	r->kut_jobs = c->jobs;
	r->kut_set[0] = 0;
	if (!out || !(cfg_path = kut_find_cfg(c->dir, &bindir))) {
		snprintf(r->kut_note, sizeof(r->kut_note), "%s is not a kvm-unit-tests build", c->dir);
		free(out);
		return;
	}
	if (kut_cfg_load(&cfg, cfg_path, err, sizeof(err)) < 0) {
		snprintf(r->kut_note, sizeof(r->kut_note), "%.250s", err);
		goto out;
	}
	/* Which entries pass on each side. */
	snprintf(tap, sizeof(tap), "%s/all.tap", c->tmp);
	fprintf(log, "uvmm bench: kut: every entry under uvmm kut -j %u\n", c->jobs);
	st = run_uvmm_kut(c, tap, "", &secs);
	if ((st != 0 && st != 1) || kut_results_load(&ur, tap, err, sizeof(err)) < 0) {
		snprintf(r->kut_note, sizeof(r->kut_note), "uvmm kut exited with %d", st);
		r->failures++;
		goto out;
	}
	fprintf(log, "uvmm bench: kut: every entry under KUT's runner, QEMU accel=%s -j %u "
		"(%.0f s under uvmm)\n", c->qemu_accel, c->jobs, secs);
	st = run_qemu_runner(c, "", out, &secs);
	if (st == 127 || !strstr(out, "PASS")) {
		snprintf(r->kut_note, sizeof(r->kut_note), "KUT's run_tests.sh did not run (status %d): "
			 "needs qemu-system-x86_64 and a configured KUT build", st);
		kut_results_free(&ur);
		goto out;
	}
	r->kut_qemu_pass = qemu_passes(out, qlist, sizeof(qlist));
	r->kut_uvmm_pass = 0;
	for (size_t i = 0; i < ur.n; i++) {
		if (strcmp(ur.e[i].cls, "PASS"))
			continue;
		r->kut_uvmm_pass++;
		if (in_list(qlist, ur.e[i].name) &&
		    strlen(r->kut_set) + strlen(ur.e[i].name) + 2 < sizeof(r->kut_set)) {
			snprintf(r->kut_set + strlen(r->kut_set), sizeof(r->kut_set) - strlen(r->kut_set),
				 "%s%s", r->kut_set_n ? " " : "", ur.e[i].name);
			r->kut_set_n++;
		}
	}
	kut_results_free(&ur);
	if (!r->kut_set_n) {
		snprintf(r->kut_note, sizeof(r->kut_note), "no entry passes under both");
		goto out;
	}
	/* The common set, timed alone on each side. */
	fprintf(log, "uvmm bench: kut: the %u entries passing under both\n", r->kut_set_n);
	run_uvmm_kut(c, NULL, r->kut_set, &r->kut_set_s);
	run_qemu_runner(c, r->kut_set, out, &r->kut_qemu_set_s);
	measure_start(c, r, &cfg, bindir, log);
out:
	kut_cfg_free(&cfg);
	free(cfg_path);
	free(bindir);
	free(out);
}
