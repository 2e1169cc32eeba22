/* Both outputs come from the same bench_results and the same target list, so
 * the terminal and build/bench.json can never disagree. */
#include "bench/bench_report.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void print_exits(const struct bench_results *r, FILE *out)
{
	fprintf(out, "\nper-exit round trip: median exit-to-exit interval in the VMM loop, median of %u"
		" runs of %u exits\n", r->reps, r->n);
	fprintf(out, "  %-11s %12s %12s %12s %9s %9s\n", "kind", "checked", "unchecked", "raw",
		"chk/raw", "unchk/raw");
	for (unsigned k = 0; k < BENCH_KINDS; k++) {
		const double *v = r->exit_ns[k];
		double raw = v[BENCH_RAW] > 0 ? v[BENCH_RAW] : 1;

		fprintf(out, "  %-11s %9.2f us %9.2f us %9.2f us %8.3fx %8.3fx\n", bench_kind_names[k],
			v[BENCH_CHECKED] / 1e3, v[BENCH_UNCHECKED] / 1e3, v[BENCH_RAW] / 1e3,
			v[BENCH_CHECKED] / raw, v[BENCH_UNCHECKED] / raw);
	}
	fprintf(out, "host-side mean (first to last exit, host preemption included), us:");
	for (unsigned k = 0; k < BENCH_KINDS; k++)
		fprintf(out, "%s %s %.1f/%.1f/%.1f", k ? "," : "", bench_kind_names[k],
			r->exit_mean_ns[k][BENCH_CHECKED] / 1e3, r->exit_mean_ns[k][BENCH_UNCHECKED] / 1e3,
			r->exit_mean_ns[k][BENCH_RAW] / 1e3);
	fputc('\n', out);
}

static void print_rest(const struct bench_results *r, FILE *out)
{
	fprintf(out, "\ncold start, fork+exec (median of %u)\n", r->reps);
	fprintf(out, "  %-24s %10s %10s\n", "", "1st exit", "done");
	fprintf(out, "  %-24s %7.2f ms %7.2f ms\n", "uvmm (checked)", r->cold_first_ms[BENCH_CHECKED],
		r->cold_done_ms[BENCH_CHECKED]);
	fprintf(out, "  %-24s %7.2f ms %7.2f ms\n", "raw KVM loop", r->cold_first_ms[BENCH_RAW],
		r->cold_done_ms[BENCH_RAW]);
	if (r->qemu_done_ms >= 0)
		fprintf(out, "  %-24s %10s %7.2f ms\n", "QEMU TCG -M microvm", "-", r->qemu_done_ms);
	else
		fprintf(out, "  %-24s not measured: %s\n", "QEMU TCG -M microvm", r->qemu_note);
	if (r->suite_jn_s >= 0)
		fprintf(out, "\nsuite (%u tests): -j1 %.2f s, -j%u %.2f s\n", r->suite_tests,
			r->suite_j1_s, r->suite_jobs, r->suite_jn_s);
	else
		fprintf(out, "\nsuite: not measured\n");
	if (r->kut_set_s >= 0 || r->kut_start_ms >= 0) {
		fprintf(out, "\nkvm-unit-tests, -j%u: %u entries pass under uvmm kut, %u under KUT's runner "
			"(QEMU TCG), %u under both\n", r->kut_jobs, r->kut_uvmm_pass, r->kut_qemu_pass,
			r->kut_set_n);
		fprintf(out, "  those %u: uvmm kut %.1f s, KUT's runner %.1f s\n", r->kut_set_n,
			r->kut_set_s, r->kut_qemu_set_s);
		fprintf(out, "  start-up (to the first console line, median): uvmm %.2f ms, QEMU %.2f ms\n",
			r->kut_start_ms, r->kut_qemu_start_ms);
	} else {
		fprintf(out, "\nkvm-unit-tests: not measured: %s\n", r->kut_note);
	}
	if (r->report_merge_s >= 0)
		fprintf(out, "\nresults files: %u of %u tests (%.1f MiB): written %.2f s, merged %.2f s "
			"(CPU %.2f s), page %.2f s (%.1f MiB)\n", r->report_files, r->report_tests,
			(double)r->report_input_bytes / (1 << 20), r->report_write_s, r->report_merge_s,
			r->report_merge_cpu_s, r->report_html_s, (double)r->report_page_bytes / (1 << 20));
	else
		fprintf(out, "\nresults files: not measured: %s\n", r->report_note);
	if (r->report_page_open_s >= 0)
		fprintf(out, "  the page opens in Chromium in %.2f s (its script done at %.0f ms)\n",
			r->report_page_open_s, r->report_page_render_ms);
	else if (r->report_merge_s >= 0)
		fprintf(out, "  the page in Chromium: not measured: %s\n", r->report_note);
	fprintf(out, "\nmemory of a checked, traced run: VmRSS %llu KiB (anon %llu), guest RAM %llu KiB"
		" -> VMM %.2f MiB\n", (unsigned long long)r->mem_rss_kb,
		(unsigned long long)r->mem_anon_kb, (unsigned long long)r->mem_guest_kb,
		(double)(r->mem_rss_kb - r->mem_guest_kb) / 1024.0);
}

unsigned bench_print(const struct bench_results *r, FILE *out)
{
	struct bench_target t[BENCH_MAX_TARGETS];
	unsigned n = bench_targets(r, t), miss = 0;

	fprintf(out, "uvmm bench on %s\n", r->host);
	print_exits(r, out);
	print_rest(r, out);
	fprintf(out, "\ntargets\n");
	for (unsigned i = 0; i < n; i++) {
		const char *verdict = !t[i].measured ? "n/a " : t[i].met ? "ok  " : "MISS";

		miss += t[i].measured && !t[i].met;
		fprintf(out, "  %s %-40s %8.3f %-5s (%s %.3g)\n", verdict, t[i].name, t[i].value,
			t[i].unit, t[i].at_least ? ">=" : "<=", t[i].limit);
	}
	if (r->failures)
		fprintf(out, "  %d measurement(s) failed (see the messages above)\n", r->failures);
	return miss;
}

void bench_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* JSON has no NaN or infinity; an unmeasured value is null. */
static void json_num(FILE *f, double v, int measured)
{
	if (measured && v == v)
		fprintf(f, "%.6g", v);
	else
		fputs("null", f);
}

static void json_exits(const struct bench_results *r, FILE *f)
{
	fprintf(f, "  \"exits\": {\n");
	for (unsigned k = 0; k < BENCH_KINDS; k++) {
		fprintf(f, "    \"%s\": {", bench_kind_names[k]);
		for (unsigned m = 0; m < BENCH_MODES; m++) {
			fprintf(f, "%s\"%s_ns\": ", m ? ", " : "", bench_mode_names[m]);
			json_num(f, r->exit_ns[k][m], 1);
			fprintf(f, ", \"%s_host_mean_ns\": ", bench_mode_names[m]);
			json_num(f, r->exit_mean_ns[k][m], 1);
			fprintf(f, ", \"%s_samples_ns\": [", bench_mode_names[m]);
			for (unsigned i = 0; i < r->reps; i++)
				fprintf(f, "%s%.6g", i ? ", " : "", r->exit_samples[k][m][i]);
			fputc(']', f);
		}
		fprintf(f, "}%s\n", k + 1 < BENCH_KINDS ? "," : "");
	}
	fprintf(f, "  },\n");
}

static void json_targets(const struct bench_results *r, FILE *f)
{
	struct bench_target t[BENCH_MAX_TARGETS];
	unsigned n = bench_targets(r, t);

	fprintf(f, "  \"targets\": [\n");
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, "    {\"name\": ");
		bench_json_str(f, t[i].name);
		fprintf(f, ", \"value\": ");
		json_num(f, t[i].value, t[i].measured);
		fprintf(f, ", \"limit\": %.6g, \"unit\": ", t[i].limit);
		bench_json_str(f, t[i].unit);
		fprintf(f, ", \"at_least\": %s, \"status\": \"%s\"}%s\n", t[i].at_least ? "true" : "false",
			!t[i].measured ? "n/a" : t[i].met ? "ok" : "MISS", i + 1 < n ? "," : "");
	}
	fprintf(f, "  ]\n");
}

/* Each DIR/NAME.json that another benchmark left (the nested job, kut, ...)
 * becomes the member "NAME" of bench.json, as it is: they measure what uvmm
 * bench itself cannot run, and one file keeps every number in one place. */
static int json_extras(FILE *f, const char *dir)
{
	static const size_t max = 1u << 20;
	struct dirent **names;
	int n = dir ? scandir(dir, &names, NULL, alphasort) : -1;

	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name), got;
		char path[PATH_MAX], *text;
		FILE *in;

		if (len > 5 && !strcmp(name + len - 5, ".json") &&
		    snprintf(path, sizeof(path), "%s/%s", dir, name) < (int)sizeof(path) &&
		    (in = fopen(path, "re"))) {
			text = malloc(max + 1);
			got = text ? fread(text, 1, max, in) : 0;
			while (got && (text[got - 1] == '\n' || text[got - 1] == ' '))
				got--;
			if (got && got < max && text[0] == '{' && text[got - 1] == '}') {
				fprintf(f, "  \"%.*s\": %.*s,\n", (int)(len - 5), name, (int)got, text);
			}
			free(text);
			fclose(in);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

int bench_write_json(const struct bench_results *r, const char *path, const char *extras_dir)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	fprintf(f, "{\n  \"host\": ");
	bench_json_str(f, r->host);
	fprintf(f, ",\n  \"exits_per_run\": %u,\n  \"repetitions\": %u,\n", r->n, r->reps);
	json_exits(r, f);
	fprintf(f, "  \"cold_start_ms\": {\"uvmm_first_exit\": ");
	json_num(f, r->cold_first_ms[BENCH_CHECKED], 1);
	fprintf(f, ", \"uvmm_done\": ");
	json_num(f, r->cold_done_ms[BENCH_CHECKED], 1);
	fprintf(f, ", \"raw_first_exit\": ");
	json_num(f, r->cold_first_ms[BENCH_RAW], 1);
	fprintf(f, ", \"raw_done\": ");
	json_num(f, r->cold_done_ms[BENCH_RAW], 1);
	fprintf(f, ", \"qemu_tcg_done\": ");
	json_num(f, r->qemu_done_ms, r->qemu_done_ms >= 0);
	fprintf(f, "},\n  \"suite\": {\"tests\": %u, \"jobs\": %u, \"j1_s\": ", r->suite_tests,
		r->suite_jobs);
	json_num(f, r->suite_j1_s, r->suite_j1_s >= 0);
	fprintf(f, ", \"jn_s\": ");
	json_num(f, r->suite_jn_s, r->suite_jn_s >= 0);
	fprintf(f, "},\n  \"memory_kib\": {\"vm_rss\": %llu, \"rss_anon\": %llu, \"guest_ram_rss\": %llu, "
		"\"vmm\": %lld},\n", (unsigned long long)r->mem_rss_kb, (unsigned long long)r->mem_anon_kb,
		(unsigned long long)r->mem_guest_kb, (long long)r->mem_rss_kb - (long long)r->mem_guest_kb);
	fprintf(f, "  \"kut\": {\"jobs\": %u, \"uvmm_passes\": %u, \"qemu_tcg_passes\": %u, "
		"\"common\": %u, \"common_uvmm_s\": ", r->kut_jobs, r->kut_uvmm_pass, r->kut_qemu_pass,
		r->kut_set_n);
	json_num(f, r->kut_set_s, r->kut_set_s >= 0);
	fprintf(f, ", \"common_qemu_tcg_s\": ");
	json_num(f, r->kut_qemu_set_s, r->kut_qemu_set_s >= 0);
	fprintf(f, ", \"start_uvmm_ms\": ");
	json_num(f, r->kut_start_ms, r->kut_start_ms >= 0);
	fprintf(f, ", \"start_qemu_tcg_ms\": ");
	json_num(f, r->kut_qemu_start_ms, r->kut_qemu_start_ms >= 0);
	fprintf(f, ", \"common_entries\": ");
	bench_json_str(f, r->kut_set);
	fprintf(f, ", \"note\": ");
	bench_json_str(f, r->kut_note);
	fprintf(f, "},\n");
	fprintf(f, "  \"results_files\": {\"files\": %u, \"tests_per_file\": %u, \"input_bytes\": %llu, "
		"\"write_s\": ", r->report_files, r->report_tests, r->report_input_bytes);
	json_num(f, r->report_write_s, r->report_merge_s >= 0);
	fprintf(f, ", \"merge_s\": ");
	json_num(f, r->report_merge_s, r->report_merge_s >= 0);
	fprintf(f, ", \"merge_cpu_s\": ");
	json_num(f, r->report_merge_cpu_s, r->report_merge_s >= 0);
	fprintf(f, ", \"html_s\": ");
	json_num(f, r->report_html_s, r->report_merge_s >= 0);
	fprintf(f, ", \"page_bytes\": %llu, \"page_open_s\": ", r->report_page_bytes);
	json_num(f, r->report_page_open_s, r->report_page_open_s >= 0);
	fprintf(f, ", \"page_script_done_ms\": ");
	json_num(f, r->report_page_render_ms, r->report_page_open_s >= 0);
	fprintf(f, ", \"note\": ");
	bench_json_str(f, r->report_note);
	fprintf(f, "},\n");
	json_extras(f, extras_dir);
	fprintf(f, "  \"failures\": %d,\n", r->failures);
	json_targets(r, f);
	fprintf(f, "}\n");
	rc = ferror(f) ? -1 : 0;
	return fclose(f) || rc ? -1 : 0;
}
