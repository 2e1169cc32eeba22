/* Unit tests for result classification (every run_guest code, every child
 * fate, deviations into XFAIL/XPASS), the suite verdict, and the requirement
 * checks that turn an unmet requirement into SKIP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session/exitcode.h"
#include "suite/host_env.h"
#include "machine/kvm.h"
#include "suite/result.h"
#include "uvmm/abi.h"

static struct run_result run;

static struct deviation dev_entry;

/* A deviation entry with that reason (NULL: none); "TIMEOUT ..." marks a hang. */
static const struct deviation *dev(const char *reason)
{
	if (!reason)
		return NULL;
	dev_entry.hangs = strncmp(reason, "TIMEOUT ", 8) == 0;
	dev_entry.reason = (char *)reason + (dev_entry.hangs ? 8 : 0);
	return &dev_entry;
}

static enum result_class classify_code(int code, const char *deviation, char *msg, size_t len)
{
	struct exec_outcome o = { .status = EXEC_RAN, .run = &run };

	memset(&run, 0, sizeof(run));
	run.code = code;
	return result_classify(&o, dev(deviation), msg, len);
}

static void maps_every_run_guest_code(void **state)
{
	static const struct {
		int code;
		enum result_class cls;
	} cases[] = {
		{ UVMM_EXIT_PASS, RC_PASS },         { UVMM_EXIT_SKIP, RC_SKIP },
		{ UVMM_EXIT_TIMEOUT, RC_TIMEOUT },   { UVMM_EXIT_GUEST_FAIL, RC_FAIL },
		{ UVMM_EXIT_MISMATCH, RC_FAIL },     { UVMM_EXIT_BAD_IMAGE, RC_FAIL },
		{ UVMM_EXIT_BAD_EXPECT, RC_FAIL },   { UVMM_EXIT_GUEST_CRASH, RC_FAIL },
		{ UVMM_EXIT_HOST_ERROR, RC_ERROR },  { UVMM_EXIT_USAGE, RC_ERROR },
		{ 42, RC_ERROR },                    { -3, RC_ERROR },
	};
	char msg[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum result_class c = classify_code(cases[i].code, NULL, msg, sizeof(msg));
		if (c != cases[i].cls)
			fail_msg("code %d: got %s, want %s", cases[i].code, result_class_name(c),
				 result_class_name(cases[i].cls));
	}
	classify_code(42, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "run_guest returned the unknown code 42");
	classify_code(UVMM_EXIT_PASS, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "");
	classify_code(UVMM_EXIT_HOST_ERROR, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "HOST_ERROR: the harness failed (see the log)");
}

static void fail_message_names_the_failed_report(void **state)
{
	struct exec_outcome o = { .status = EXEC_RAN, .run = &run, .log_hint = "hint text" };
	char msg[512];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.code = UVMM_EXIT_GUEST_FAIL;
	run.nreports = 2;
	run.reports[0] = (struct session_report){ UVMM_RESULT_PASS, "first", "" };
	run.reports[1] = (struct session_report){ UVMM_RESULT_FAIL, "second", "wrong value" };
	assert_int_equal(result_classify(&o, NULL, msg, sizeof(msg)), RC_FAIL);
	assert_string_equal(msg, "GUEST_FAIL: second: wrong value");
	run.nreports = 0;
	run.exit_status = 3;
	result_classify(&o, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "GUEST_FAIL: exit status 3");
	/* A failed assertion says more than the status it exited with. */
	snprintf(run.fail_detail, sizeof(run.fail_detail), "assertion failed at t.c:4: a == b");
	result_classify(&o, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "GUEST_FAIL: assertion failed at t.c:4: a == b");
	run.fail_detail[0] = 0;
	run.code = UVMM_EXIT_MISMATCH;
	result_classify(&o, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "MISMATCH: hint text");
	o.log_hint = NULL;
	result_classify(&o, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "MISMATCH");
}

static void skip_uses_the_guest_reason(void **state)
{
	struct exec_outcome o = { .status = EXEC_RAN, .run = &run };
	char msg[512];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.code = UVMM_EXIT_SKIP;
	assert_int_equal(result_classify(&o, NULL, msg, sizeof(msg)), RC_SKIP);
	assert_string_equal(msg, "the guest reported that the test does not apply");
	run.nreports = 1;
	run.reports[0] = (struct session_report){ UVMM_RESULT_SKIP, "x2apic", "no x2APIC" };
	result_classify(&o, NULL, msg, sizeof(msg));
	assert_string_equal(msg, "no x2APIC");
}

static void timeout_carries_the_last_exit(void **state)
{
	char msg[512];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.code = UVMM_EXIT_TIMEOUT;
	strcpy(run.last_exit, "#7 at rip 0x100010: hlt");
	{
		struct exec_outcome o = { .status = EXEC_RAN, .run = &run };
		assert_int_equal(result_classify(&o, NULL, msg, sizeof(msg)), RC_TIMEOUT);
	}
	assert_string_equal(msg, "no verdict within the time limit; last exit: #7 at rip 0x100010: hlt");
}

static void deviations_turn_fail_into_xfail_and_pass_into_xpass(void **state)
{
	char msg[512];

	(void)state;
	assert_int_equal(classify_code(UVMM_EXIT_MISMATCH, "HLT differs", msg, sizeof(msg)), RC_XFAIL);
	assert_string_equal(msg, "known deviation: HLT differs (MISMATCH)");
	assert_int_equal(classify_code(UVMM_EXIT_GUEST_CRASH, "why", msg, sizeof(msg)), RC_XFAIL);
	assert_int_equal(classify_code(UVMM_EXIT_PASS, "HLT differs", msg, sizeof(msg)), RC_XPASS);
	assert_string_equal(msg, "passed, but listed as a known deviation: HLT differs");
	/* a deviation never hides a hang it does not name, a harness error or a skip */
	assert_int_equal(classify_code(UVMM_EXIT_TIMEOUT, "why", msg, sizeof(msg)), RC_TIMEOUT);
	/* a hang deviation covers the hang, and only the hang */
	assert_int_equal(classify_code(UVMM_EXIT_TIMEOUT, "TIMEOUT vmmcall spins", msg, sizeof(msg)), RC_XFAIL);
	assert_string_equal(msg, "known deviation: vmmcall spins (no verdict within the time limit, and no exit before it)");
	assert_int_equal(classify_code(UVMM_EXIT_MISMATCH, "TIMEOUT vmmcall spins", msg, sizeof(msg)), RC_FAIL);
	assert_int_equal(classify_code(UVMM_EXIT_PASS, "TIMEOUT vmmcall spins", msg, sizeof(msg)), RC_XPASS);
	assert_int_equal(classify_code(UVMM_EXIT_HOST_ERROR, "why", msg, sizeof(msg)), RC_ERROR);
	assert_int_equal(classify_code(UVMM_EXIT_SKIP, "why", msg, sizeof(msg)), RC_SKIP);
}

static void child_fates(void **state)
{
	char msg[512];
	struct exec_outcome o;

	(void)state;
	o = (struct exec_outcome){ .status = EXEC_SIGNALED, .signo = SIGSEGV };
	assert_int_equal(result_classify(&o, dev("dev"), msg, sizeof(msg)), RC_ERROR);
	assert_non_null(strstr(msg, "killed by signal 11"));
	o = (struct exec_outcome){ .status = EXEC_NO_RESULT, .exit_status = 2 };
	assert_int_equal(result_classify(&o, dev("dev"), msg, sizeof(msg)), RC_ERROR);
	assert_string_equal(msg, "the test process exited with status 2 without a result");
	o = (struct exec_outcome){ .status = EXEC_KILLED, .limit = 15 };
	assert_int_equal(result_classify(&o, dev("dev"), msg, sizeof(msg)), RC_TIMEOUT);
	assert_string_equal(msg, "killed by the runner after 15 s (the test's timeout + 5 s)");
	o = (struct exec_outcome){ .status = EXEC_LAUNCH_FAILED, .detail = "fork: no memory" };
	assert_int_equal(result_classify(&o, NULL, msg, sizeof(msg)), RC_ERROR);
	assert_string_equal(msg, "cannot launch the test: fork: no memory");
	o = (struct exec_outcome){ .status = EXEC_UNMET, .detail = "requires X" };
	assert_int_equal(result_classify(&o, dev("dev"), msg, sizeof(msg)), RC_SKIP);
	assert_string_equal(msg, "requires X");
	o = (struct exec_outcome){ .status = EXEC_UNCHECKABLE, .detail = "cannot check" };
	assert_int_equal(result_classify(&o, NULL, msg, sizeof(msg)), RC_ERROR);
}

static void summary_and_exit_code(void **state)
{
	static const enum result_class ok_classes[] = { RC_PASS, RC_SKIP, RC_XFAIL };
	static const enum result_class bad_classes[] = { RC_FAIL, RC_XPASS, RC_TIMEOUT, RC_ERROR };
	struct test_result r[8];
	struct result_counts c;
	char line[160];

	(void)state;
	memset(r, 0, sizeof(r));
	for (int i = 0; i < 8; i++)
		r[i].cls = (enum result_class)(i % RC_COUNT);
	result_count(&c, r, 8);
	result_summary_line(&c, line, sizeof(line));
	assert_string_equal(line, "2 passed, 1 failed, 1 skipped, 1 xfail, 1 xpass, 1 timeout, 1 error");
	assert_int_equal(result_exit_code(&c), 1);
	for (size_t i = 0; i < 3; i++) {
		r[0].cls = ok_classes[i];
		result_count(&c, r, 1);
		assert_int_equal(result_exit_code(&c), 0);
	}
	for (size_t i = 0; i < 4; i++) {
		r[0].cls = bad_classes[i];
		result_count(&c, r, 1);
		assert_int_equal(result_exit_code(&c), 1);
	}
}

/* A host with one capability, one CPUID leaf and a chosen implementation. */
static int cap_values[64];
static struct kvm_cpuid_entry2 cpuid[1];
static struct host_env fake_env(void)
{
	struct host_env e;

	memset(&e, 0, sizeof(e));
	memset(cap_values, 0, sizeof(cap_values));
	cap_values[kvm_cap_by_name("IRQCHIP") - kvm_caps] = 1;
	memset(cpuid, 0, sizeof(cpuid));
	cpuid[0].function = 1;
	cpuid[0].ecx = 1u << 21; /* x2apic, no tsc-deadline */
	e.kvm_ok = 1;
	e.cap_values = cap_values;
	e.cpuid = cpuid;
	e.ncpuid = 1;
	strcpy(e.impl, "kvm_pvm");
	return e;
}

static enum req_state check(const struct host_env *e, enum requirement_kind k, int negate,
			    const char *arg, char *why)
{
	struct requirement r = { k, negate, (char *)arg };
	why[0] = 0;
	return host_env_check(e, &r, why, 256);
}

static void requirements_are_checked(void **state)
{
	struct host_env e = fake_env();
	char why[256];

	(void)state;
	assert_true(kvm_caps_count <= 64);
	assert_int_equal(check(&e, REQ_CAP, 0, "IRQCHIP", why), REQ_MET);
	assert_int_equal(check(&e, REQ_CAP, 0, "KVM_CAP_IRQCHIP", why), REQ_MET);
	assert_int_equal(check(&e, REQ_CAP, 0, "EXIT_HYPERCALL", why), REQ_UNMET);
	assert_string_equal(why, "requires KVM_CAP_EXIT_HYPERCALL, which this KVM lacks");
	assert_int_equal(check(&e, REQ_CPU, 0, "x2apic", why), REQ_MET);
	assert_int_equal(check(&e, REQ_CPU, 0, "tsc-deadline", why), REQ_UNMET);
	/* tsc-deadline is offered through a capability, and the reason says which. */
	assert_string_equal(why, "requires CPU feature tsc-deadline, which this KVM does not offer "
			    "(KVM_CAP_TSC_DEADLINE_TIMER)");
	assert_int_equal(check(&e, REQ_CPU, 0, "avx", why), REQ_UNMET);
	assert_string_equal(why, "requires CPU feature avx, which this KVM does not offer "
			    "(KVM_GET_SUPPORTED_CPUID)");
	/* the hypervisor bit is user space's own: always offered */
	assert_int_equal(check(&e, REQ_CPU, 0, "hypervisor", why), REQ_MET);
	cap_values[kvm_cap_by_name("TSC_DEADLINE_TIMER") - kvm_caps] = 1;
	assert_int_equal(check(&e, REQ_CPU, 0, "tsc-deadline", why), REQ_MET);
	assert_int_equal(check(&e, REQ_CPU, 0, "tsc_deadline", why), REQ_MET); /* QEMU's spelling */
	cap_values[kvm_cap_by_name("TSC_DEADLINE_TIMER") - kvm_caps] = 0;
	assert_int_equal(check(&e, REQ_CPU, 0, "pdpe1gb", why), REQ_UNMET); /* leaf absent */
	assert_int_equal(check(&e, REQ_FILE, 0, "/", why), REQ_MET);
	assert_int_equal(check(&e, REQ_FILE, 0, "/nonexistent/vfio", why), REQ_UNMET);
	assert_string_equal(why, "requires /nonexistent/vfio, which does not exist");
	assert_int_equal(check(&e, REQ_IMPL, 0, "kvm_pvm", why), REQ_MET);
	assert_int_equal(check(&e, REQ_IMPL, 0, "kvm_intel", why), REQ_UNMET);
	assert_string_equal(why, "requires the KVM implementation kvm_intel, this is kvm_pvm");
	assert_int_equal(check(&e, REQ_IMPL, 1, "kvm_intel", why), REQ_MET);
	assert_int_equal(check(&e, REQ_IMPL, 1, "kvm_pvm", why), REQ_UNMET);
	assert_string_equal(why, "does not apply to the KVM implementation kvm_pvm");

	/* without KVM a capability cannot be judged: that is not a SKIP */
	e.kvm_ok = 0;
	strcpy(e.kvm_error, "cannot open /dev/kvm: No such file or directory");
	assert_int_equal(check(&e, REQ_CAP, 0, "IRQCHIP", why), REQ_UNKNOWN);
	assert_string_equal(why, "cannot check KVM_CAP_IRQCHIP: cannot open /dev/kvm: No such file "
			    "or directory");
	assert_int_equal(check(&e, REQ_CPU, 0, "x2apic", why), REQ_UNKNOWN);
}

static void first_unmet_requirement_of_a_test(void **state)
{
	struct host_env e = fake_env();
	struct manifest_test t;
	char why[256];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(host_env_check_test(&e, &t, why, sizeof(why)), REQ_MET);
	t.requires[0] = (struct requirement){ REQ_CAP, 0, "IRQCHIP" };
	t.requires[1] = (struct requirement){ REQ_CAP, 0, "X86_MSR_FILTER" };
	t.requires[2] = (struct requirement){ REQ_FILE, 0, "/nonexistent" };
	t.nrequires = 3;
	assert_int_equal(host_env_check_test(&e, &t, why, sizeof(why)), REQ_UNMET);
	assert_string_equal(why, "requires KVM_CAP_X86_MSR_FILTER, which this KVM lacks");
}

static void detects_the_implementation_from_modules(void **state)
{
	char dir[] = "/tmp/uvmm-sysfs-XXXXXX", path[128], impl[64], how[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	host_env_detect_impl(dir, impl, sizeof(impl), how, sizeof(how));
	assert_string_equal(impl, "unknown");
	snprintf(path, sizeof(path), "%s/kvm_amd", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	host_env_detect_impl(dir, impl, sizeof(impl), how, sizeof(how));
	assert_string_equal(impl, "kvm_amd");
	snprintf(path, sizeof(path), "%s/kvm_pvm", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	host_env_detect_impl(dir, impl, sizeof(impl), how, sizeof(how));
	assert_string_equal(impl, "kvm_pvm"); /* the non-stock module wins */
	rmdir(path);
	snprintf(path, sizeof(path), "%s/kvm_amd", dir);
	rmdir(path);
	rmdir(dir);
}

static void put_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* dmar0 -> vtd; with an ACPI DMAR table whose OEM is QEMU's "BOCHS ", qemu-vtd. */
static void detects_the_platform_iommu(void **state)
{
	char dir[] = "/tmp/uvmm-iommu-XXXXXX", cls[128], acpi[128], path[192], iommu[24], how[256];
	static const char qemu_dmar[16] = "DMAR\x50\0\0\0\1\0BOCHS ", other[16] = "DMAR\x50\0\0\0\1\0INTEL ";

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cls, sizeof(cls), "%s/iommu", dir);
	snprintf(acpi, sizeof(acpi), "%s/tables", dir);
	assert_int_equal(mkdir(cls, 0755), 0);
	assert_int_equal(mkdir(acpi, 0755), 0);
	host_env_detect_iommu(cls, acpi, iommu, sizeof(iommu), how, sizeof(how));
	assert_string_equal(iommu, "");
	snprintf(path, sizeof(path), "%s/dmar0", cls);
	assert_int_equal(mkdir(path, 0755), 0);
	host_env_detect_iommu(cls, acpi, iommu, sizeof(iommu), how, sizeof(how));
	assert_string_equal(iommu, "vtd");
	snprintf(path, sizeof(path), "%s/DMAR", acpi);
	put_file(path, other, sizeof(other));
	host_env_detect_iommu(cls, acpi, iommu, sizeof(iommu), how, sizeof(how));
	assert_string_equal(iommu, "vtd");
	put_file(path, qemu_dmar, sizeof(qemu_dmar));
	host_env_detect_iommu(cls, acpi, iommu, sizeof(iommu), how, sizeof(how));
	assert_string_equal(iommu, "qemu-vtd");
	unlink(path);
	snprintf(path, sizeof(path), "%s/dmar0", cls);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/ivhd0", cls);
	assert_int_equal(mkdir(path, 0755), 0);
	host_env_detect_iommu(cls, acpi, iommu, sizeof(iommu), how, sizeof(how));
	assert_string_equal(iommu, "amdvi");
	rmdir(path);
	rmdir(cls);
	rmdir(acpi);
	rmdir(dir);
}

static void env_lines_show_only_required_caps(void **state)
{
	struct host_env e = fake_env();
	struct manifest m = { 0 };
	struct manifest_test t[2];
	struct env_line lines[32];
	size_t n, caps = 0;

	(void)state;
	memset(t, 0, sizeof(t));
	t[0].requires[0] = (struct requirement){ REQ_CAP, 0, "IRQCHIP" };
	t[0].nrequires = 1;
	t[1].requires[0] = (struct requirement){ REQ_CAP, 0, "KVM_CAP_IRQCHIP" };
	t[1].requires[1] = (struct requirement){ REQ_CAP, 0, "EXIT_HYPERCALL" };
	t[1].nrequires = 2;
	m.tests = t;
	m.ntests = 2;
	strcpy(e.kernel, "6.1.0");
	e.api_version = 12;
	n = host_env_lines(&e, &m, lines, 32);
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(lines[i].key, "KVM_CAP_", 8))
			caps++;
		if (!strcmp(lines[i].key, "KVM_CAP_IRQCHIP"))
			assert_string_equal(lines[i].value, "1");
		if (!strcmp(lines[i].key, "KVM_CAP_EXIT_HYPERCALL"))
			assert_string_equal(lines[i].value, "0");
	}
	assert_int_equal(caps, 2);
	assert_string_equal(lines[0].key, "kernel");
	assert_string_equal(lines[0].value, "6.1.0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maps_every_run_guest_code),
		cmocka_unit_test(fail_message_names_the_failed_report),
		cmocka_unit_test(skip_uses_the_guest_reason),
		cmocka_unit_test(timeout_carries_the_last_exit),
		cmocka_unit_test(deviations_turn_fail_into_xfail_and_pass_into_xpass),
		cmocka_unit_test(child_fates),
		cmocka_unit_test(summary_and_exit_code),
		cmocka_unit_test(requirements_are_checked),
		cmocka_unit_test(first_unmet_requirement_of_a_test),
		cmocka_unit_test(detects_the_implementation_from_modules),
		cmocka_unit_test(detects_the_platform_iommu),
		cmocka_unit_test(env_lines_show_only_required_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
