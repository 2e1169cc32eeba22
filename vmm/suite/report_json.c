/* Every string a guest can influence (report names and reasons, messages,
 * the last exit, log paths) goes through the JSON writer's escaping; the
 * structure is fixed here, so no text can add or hide a key. */
#include "suite/report_json.h"

#include <string.h>

#include "machine/kvm.h"
#include "session/exitcode.h"
#include "suite/deviations.h"
#include "suite/host_env.h"
#include "util/json_write.h"
#include "util/version.h"
#include "uvmm/abi.h"

void results_platform_id(const struct host_env *h, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", h->impl[0] ? h->impl : "unknown",
		 h->kernel[0] ? h->kernel : "unknown");
}

/* Durations to the microsecond: the clock's noise is far above that. */
static double micro(double seconds)
{
	return seconds > 0 && seconds < 1e12 ? (double)(long long)(seconds * 1e6 + 0.5) / 1e6 : 0;
}

void results_write_uvmm(struct json_writer *w, const char *key, const char *command)
{
	jw_key(w, key);
	jw_object_begin(w);
	jw_kv_string(w, "program", "uvmm");
	jw_kv_string(w, "version", uvmm_version());
	jw_kv_string(w, "git", uvmm_git_describe());
	if (command)
		jw_kv_string(w, "command", command);
	jw_object_end(w);
}

static void write_kvm(struct json_writer *w, const struct host_env *h)
{
	jw_key(w, "kvm");
	jw_object_begin(w);
	jw_kv_string(w, "implementation", h->impl);
	jw_kv_string(w, "detected_by", h->impl_source);
	jw_kv_bool(w, "available", h->kvm_ok);
	if (!h->kvm_ok) {
		jw_kv_string(w, "error", h->kvm_error);
	} else {
		jw_kv_int(w, "api_version", h->api_version);
		jw_key(w, "capabilities");
		jw_object_begin(w);
		for (size_t i = 0; h->cap_values && i < kvm_caps_count; i++)
			jw_kv_int(w, kvm_caps[i].name, h->cap_values[i]);
		jw_object_end(w);
	}
	jw_object_end(w);
}

static void write_host(struct json_writer *w, const struct suite_report *r)
{
	const struct host_env *h = r->host;

	jw_key(w, "host");
	jw_object_begin(w);
	if (h) {
		jw_kv_string(w, "kernel", h->kernel);
		jw_kv_string(w, "cpu_vendor", h->cpu_vendor[0] ? h->cpu_vendor : "unknown");
		jw_kv_string(w, "cpu_model", h->cpu_model);
		/* uvmm's guests run nested when the host is itself a guest. */
		jw_kv_bool(w, "nested", h->is_guest);
		if (h->is_guest)
			jw_kv_string(w, "hypervisor", h->hypervisor);
		write_kvm(w, h);
	}
	jw_object_end(w);
}

/* The same lines as the TAP and JUnit headers, as {key, value} pairs: a
 * runner may repeat a key, and an object must not. */
static void write_env(struct json_writer *w, const struct suite_report *r)
{
	jw_key(w, "env");
	jw_array_begin(w);
	for (size_t i = 0; i < r->nenv; i++) {
		jw_object_begin(w);
		jw_kv_string(w, "key", r->env[i].key);
		jw_kv_string(w, "value", r->env[i].value);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void write_interruption(struct json_writer *w, const struct suite_interruption *in)
{
	char sig[32], line[1024];

	jw_key(w, "interrupted");
	if (!in) {
		jw_null(w);
		return;
	}
	jw_object_begin(w);
	jw_kv_string(w, "signal", result_signal_name(in->signo, sig, sizeof(sig)));
	jw_kv_string(w, "after", in->after);
	jw_kv_uint(w, "done", in->done);
	jw_kv_uint(w, "total", in->total);
	jw_key(w, "running");
	jw_array_begin(w);
	for (size_t i = 0; i < in->nrunning; i++)
		jw_string(w, in->running[i]);
	jw_array_end(w);
	result_interruption_line(in, line, sizeof(line));
	jw_kv_string(w, "message", line);
	jw_object_end(w);
}

static void write_run(struct json_writer *w, const struct suite_report *r, const char *suite)
{
	jw_key(w, "runs");
	jw_array_begin(w);
	jw_object_begin(w);
	jw_kv_string(w, "suite", suite);
	jw_kv_string(w, "hostname", r->hostname);
	jw_kv_string(w, "started", r->timestamp);
	jw_kv_double(w, "seconds", micro(r->seconds));
	jw_kv_uint(w, "jobs", r->jobs);
	results_write_uvmm(w, "uvmm", NULL);
	jw_key(w, "shard");
	if (r->nshards) {
		jw_object_begin(w);
		jw_kv_uint(w, "index", r->shard);
		jw_kv_uint(w, "count", r->nshards);
		jw_object_end(w);
	} else {
		jw_null(w);
	}
	jw_kv_uint(w, "selected", r->interrupted ? r->interrupted->total : r->n);
	jw_kv_uint(w, "results", r->n);
	jw_kv_bool(w, "complete", !r->interrupted);
	write_interruption(w, r->interrupted);
	jw_kv_string(w, "deviations_file", r->deviations_file);
	jw_object_end(w);
	jw_array_end(w);
}

static void write_deviation(struct json_writer *w, const struct deviation *d)
{
	jw_key(w, "deviation");
	if (!d) {
		jw_null(w);
		return;
	}
	jw_object_begin(w);
	jw_kv_string(w, "implementation", d->impl);
	jw_kv_string(w, "reason", d->reason);
	jw_kv_bool(w, "hangs", d->hangs);
	jw_kv_double(w, "limit", d->limit);
	jw_kv_uint(w, "line", d->line);
	jw_object_end(w);
}

static const char *subtest_result(int result)
{
	static const char *const names[] = { [UVMM_RESULT_PASS] = "PASS",
					     [UVMM_RESULT_FAIL] = "FAIL",
					     [UVMM_RESULT_SKIP] = "SKIP" };

	return result >= 0 && result < 3 ? names[result] : "UNKNOWN";
}

static void write_subtests(struct json_writer *w, const struct test_result *t)
{
	jw_key(w, "subtests");
	jw_array_begin(w);
	for (unsigned i = 0; i < t->nreports; i++) {
		const struct session_report *rep = &t->reports[i];
		/* Guest text: bounded by its array, not by a NUL it may lack. */
		jw_object_begin(w);
		jw_key(w, "name");
		jw_string_len(w, rep->name, strnlen(rep->name, sizeof(rep->name)));
		jw_kv_string(w, "result", subtest_result(rep->result));
		jw_key(w, "reason");
		jw_string_len(w, rep->reason, strnlen(rep->reason, sizeof(rep->reason)));
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void write_test(struct json_writer *w, const struct test_result *t, const char *suite)
{
	jw_object_begin(w);
	jw_kv_string(w, "name", t->name);
	jw_kv_string(w, "suite", suite);
	jw_key(w, "groups");
	jw_array_begin(w);
	if (t->groups)
		for (unsigned i = 0; i < t->ngroups; i++)
			jw_string(w, t->groups[i]);
	else if (t->group)
		jw_string(w, t->group);
	jw_array_end(w);
	jw_kv_string(w, "class", result_class_name(t->cls));
	jw_kv_string(w, "reason", t->message);
	jw_kv_double(w, "seconds", micro(t->seconds));
	jw_kv_uint(w, "exits", t->nexits);
	jw_kv_string(w, "code", t->code >= 0 ? uvmm_exit_code_name(t->code) : NULL);
	if (t->last_exit[0])
		jw_kv_string(w, "last_exit", t->last_exit);
	jw_kv_string(w, "log", t->log_path);
	write_deviation(w, t->deviation);
	write_subtests(w, t);
	jw_object_end(w);
}

static void write_summary(struct json_writer *w, const struct suite_report *r)
{
	struct result_counts c;

	result_count(&c, r->results, r->n);
	jw_key(w, "summary");
	jw_object_begin(w);
	for (int i = 0; i < RC_COUNT; i++)
		jw_kv_uint(w, result_class_name((enum result_class)i), c.n[i]);
	jw_object_end(w);
}

int json_report_write(FILE *f, const struct suite_report *r)
{
	const char *suite = r->suite ? r->suite : "uvmm";
	struct json_writer w;
	char id[320];

	if (r->platform)
		snprintf(id, sizeof(id), "%s", r->platform);
	else if (r->host)
		results_platform_id(r->host, id, sizeof(id));
	else
		snprintf(id, sizeof(id), "unknown");
	jw_init(&w, f, 1);
	jw_object_begin(&w);
	jw_kv_string(&w, "format", RESULTS_FORMAT);
	jw_kv_int(&w, "schema", RESULTS_SCHEMA);
	results_write_uvmm(&w, "generator", NULL);
	jw_kv_bool(&w, "complete", !r->interrupted && r->nshards <= 1);
	jw_key(&w, "platforms");
	jw_array_begin(&w);
	jw_object_begin(&w);
	jw_kv_string(&w, "id", id);
	jw_kv_bool(&w, "complete", !r->interrupted && r->nshards <= 1);
	write_host(&w, r);
	write_env(&w, r);
	write_run(&w, r, suite);
	write_summary(&w, r);
	jw_key(&w, "tests");
	jw_array_begin(&w);
	for (size_t i = 0; i < r->n; i++)
		write_test(&w, &r->results[i], suite);
	jw_array_end(&w);
	jw_object_end(&w);
	jw_array_end(&w);
	jw_object_end(&w);
	return jw_finish(&w);
}
