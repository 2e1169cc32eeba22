/* Host probes for the report header and the requirement checks. Every probe
 * degrades to "unknown" instead of failing: the header is informational. */
#include "suite/host_env.h"

#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "machine/cpu_edit.h"
#include "machine/cpu_features.h"
#include "machine/kvm.h"
#include "vfio/vfio.h"
#include "vfio/vfio_host.h"


/* Modules that identify the implementation; non-stock ones first because
 * they may be loaded next to (or instead of) the stock vendor module. */
static const struct {
	const char *module;
	const char *impl;
} impl_modules[] = {
	{ "kvm_pvm", "kvm_pvm" },
	{ "kvm_intel", "kvm_intel" },
	{ "kvm_amd", "kvm_amd" },
};

void host_env_detect_impl(const char *sysfs_module, char *impl, size_t implen, char *how,
			  size_t howlen)
{
	char path[512];

	for (size_t i = 0; i < sizeof(impl_modules) / sizeof(impl_modules[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", sysfs_module, impl_modules[i].module);
		if (access(path, F_OK) == 0) {
			snprintf(impl, implen, "%s", impl_modules[i].impl);
			snprintf(how, howlen, "%s present", path);
			return;
		}
	}
	snprintf(impl, implen, "unknown");
	snprintf(how, howlen, "none of kvm_pvm, kvm_intel, kvm_amd under %s", sysfs_module);
}

static void probe_cpu(struct host_env *e)
{
	unsigned a, b, c, d;
	char line[512];
	FILE *f;

	if (__get_cpuid(0, &a, &b, &c, &d)) {
		memcpy(e->cpu_vendor, &b, 4);
		memcpy(e->cpu_vendor + 4, &d, 4);
		memcpy(e->cpu_vendor + 8, &c, 4);
		e->cpu_vendor[12] = 0;
	}
	if (__get_cpuid(1, &a, &b, &c, &d) && (c >> 31) & 1) {
		e->is_guest = 1;
		__cpuid(0x40000000, a, b, c, d);
		memcpy(e->hypervisor, &b, 4);
		memcpy(e->hypervisor + 4, &c, 4);
		memcpy(e->hypervisor + 8, &d, 4);
		e->hypervisor[12] = 0;
	}
	snprintf(e->cpu_model, sizeof(e->cpu_model), "unknown");
	f = fopen("/proc/cpuinfo", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 1 + strspn(colon + 1, " \t");
		colon[strcspn(colon, "\n")] = 0;
		snprintf(e->cpu_model, sizeof(e->cpu_model), "%s", colon);
		break;
	}
	fclose(f);
}

static void probe_supported_cpuid(struct host_env *e, int fd)
{
	for (unsigned n = 64; n <= 4096; n *= 2) {
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		if (!c)
			return;
		c->nent = n;
		if (ioctl(fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			e->cpuid = malloc(c->nent * sizeof(c->entries[0]));
			if (e->cpuid) {
				memcpy(e->cpuid, c->entries, c->nent * sizeof(c->entries[0]));
				e->ncpuid = c->nent;
			}
			free(c);
			return;
		}
		free(c);
		if (errno != E2BIG)
			return;
	}
}

static void probe_kvm(struct host_env *e, const char *kvm_path)
{
	struct kvm_host h;

	e->cap_values = calloc(kvm_caps_count, sizeof(int));
	if (kvm_open(&h, kvm_path, e->kvm_error, sizeof(e->kvm_error)) < 0)
		return;
	e->kvm_ok = 1;
	e->api_version = h.api_version;
	for (size_t i = 0; e->cap_values && i < kvm_caps_count; i++)
		e->cap_values[i] = kvm_cap(&h, kvm_caps[i].cap);
	probe_supported_cpuid(e, h.fd);
	kvm_close(&h);
}

/* A stock KVM on a CPU that QEMU's TCG emulates (the nested CI job) inherits
 * TCG's differences from silicon; naming it "kvm_amd.tcg" keeps such entries
 * in the deviations table apart from real kvm_amd hosts. */
static void mark_emulated_cpu(struct host_env *e)
{
	size_t n = strlen(e->impl), m = strlen(e->impl_source);

	if (!e->is_guest || strcmp(e->hypervisor, "TCGTCGTCGTCG") != 0)
		return;
	snprintf(e->impl + n, sizeof(e->impl) - n, ".tcg");
	snprintf(e->impl_source + m, sizeof(e->impl_source) - m, "; CPU emulated by QEMU TCG");
}

void host_env_detect_iommu(const char *sysfs_iommu, const char *acpi_tables, char *iommu,
			   size_t len, char *how, size_t howlen)
{
	char path[PATH_MAX], oem[7] = "";
	const char *kind = NULL, *table = NULL;
	struct dirent *d;
	DIR *dir;
	FILE *f;

	iommu[0] = 0;
	snprintf(how, howlen, "no IOMMU in %s", sysfs_iommu);
	if (!(dir = opendir(sysfs_iommu)))
		return;
	while ((d = readdir(dir)) && !kind) {
		if (!strncmp(d->d_name, "dmar", 4))
			kind = "vtd", table = "DMAR";
		else if (!strncmp(d->d_name, "ivhd", 4))
			kind = "amdvi", table = "IVRS";
	}
	closedir(dir);
	if (!kind)
		return;
	/* The ACPI header's OEM ID: 6 bytes at offset 10. */
	snprintf(path, sizeof(path), "%s/%s", acpi_tables, table);
	if ((f = fopen(path, "rb"))) {
		if (fseek(f, 10, SEEK_SET) != 0 || fread(oem, 1, 6, f) != 6)
			oem[0] = 0;
		fclose(f);
	}
	if (!strncmp(oem, "BOCHS", 5)) {
		snprintf(iommu, len, "qemu-%s", kind);
		snprintf(how, howlen, "%s; ACPI %s OEM \"%s\": QEMU's emulated IOMMU", sysfs_iommu, table, oem);
	} else {
		snprintf(iommu, len, "%s", kind);
		snprintf(how, howlen, "%s%s%s", sysfs_iommu, oem[0] ? "; ACPI OEM " : "", oem);
	}
}

void host_env_probe(struct host_env *e, const char *kvm_path, const char *impl_override)
{
	struct utsname u;

	memset(e, 0, sizeof(*e));
	snprintf(e->kernel, sizeof(e->kernel), "%s", uname(&u) == 0 ? u.release : "unknown");
	probe_cpu(e);
	probe_kvm(e, kvm_path ? kvm_path : "/dev/kvm");
	if (impl_override) {
		snprintf(e->impl, sizeof(e->impl), "%s", impl_override);
		snprintf(e->impl_source, sizeof(e->impl_source), "--impl");
	} else {
		host_env_detect_impl("/sys/module", e->impl, sizeof(e->impl), e->impl_source,
				     sizeof(e->impl_source));
		mark_emulated_cpu(e);
	}
	host_env_detect_iommu("/sys/class/iommu", "/sys/firmware/acpi/tables", e->iommu, sizeof(e->iommu),
			      e->iommu_source, sizeof(e->iommu_source));
}

void host_env_free(struct host_env *e)
{
	free(e->cap_values);
	free(e->cpuid);
	e->cap_values = NULL;
	e->cpuid = NULL;
}

static enum req_state check_cap(const struct host_env *e, const char *name, char *why,
				size_t whylen)
{
	const struct kvm_cap_desc *d = kvm_cap_by_name(name);

	if (!d) {
		snprintf(why, whylen, "unknown capability KVM_CAP_%s", name);
		return REQ_UNKNOWN;
	}
	if (!e->kvm_ok || !e->cap_values) {
		snprintf(why, whylen, "cannot check KVM_CAP_%s: %s", d->name, e->kvm_error);
		return REQ_UNKNOWN;
	}
	if (e->cap_values[d - kvm_caps] > 0)
		return REQ_MET;
	snprintf(why, whylen, "requires KVM_CAP_%s, which this KVM lacks", d->name);
	return REQ_UNMET;
}

static enum req_state check_cpu(const struct host_env *e, const char *name, char *why,
				size_t whylen)
{
	const struct cpu_feature *f = cpu_feature_find(name);
	const struct kvm_cap_desc *cap;
	int cap_offered = 0;

	if (!f) {
		snprintf(why, whylen, "unknown CPU feature '%s'", name);
		return REQ_UNKNOWN;
	}
	if (!e->kvm_ok) {
		snprintf(why, whylen, "cannot check CPU feature %s: %s", name, e->kvm_error);
		return REQ_UNKNOWN;
	}
	/* tsc-deadline is announced by a capability, not by the CPUID table. */
	if (f->offer == OFFER_CAP && (cap = kvm_cap_by_name(f->cap)) && e->cap_values)
		cap_offered = e->cap_values[cap - kvm_caps] > 0;
	if (cpu_feature_offered(f, e->cpuid, e->ncpuid, cap_offered))
		return REQ_MET;
	snprintf(why, whylen, "requires CPU feature %s, which this KVM does not offer "
		 "(%s%s)", name, f->offer == OFFER_CAP ? "KVM_CAP_" : "KVM_GET_SUPPORTED_CPUID",
		 f->offer == OFFER_CAP ? f->cap : "");
	return REQ_UNMET;
}

enum req_state host_env_check(const struct host_env *e, const struct requirement *r, char *why,
			      size_t whylen)
{
	int same;

	switch (r->kind) {
	case REQ_CAP:
		return check_cap(e, r->arg, why, whylen);
	case REQ_CPU:
		return check_cpu(e, r->arg, why, whylen);
	case REQ_FILE:
		if (access(r->arg, F_OK) == 0)
			return REQ_MET;
		snprintf(why, whylen, "requires %s, which does not exist", r->arg);
		return REQ_UNMET;
	case REQ_VFIO:
		if (vfio_host_usable("", r->arg, why, whylen))
			return REQ_MET;
		return REQ_UNMET;
	case REQ_IMPL:
		same = !strcmp(e->impl, r->arg);
		if (same != r->negate)
			return REQ_MET;
		if (r->negate)
			snprintf(why, whylen, "does not apply to the KVM implementation %s", e->impl);
		else
			snprintf(why, whylen, "requires the KVM implementation %s, this is %s",
				 r->arg, e->impl);
		return REQ_UNMET;
	}
	snprintf(why, whylen, "unknown requirement kind");
	return REQ_UNKNOWN;
}

enum req_state host_env_check_test(const struct host_env *e, const struct manifest_test *t,
				   char *why, size_t whylen)
{
	for (unsigned i = 0; i < t->nrequires; i++) {
		enum req_state s = host_env_check(e, &t->requires[i], why, whylen);
		if (s != REQ_MET)
			return s;
	}
	return REQ_MET;
}

__attribute__((format(printf, 5, 6)))
static void add_line(struct env_line *out, size_t max, size_t *n, const char *key,
		     const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	snprintf(out[*n].key, sizeof(out[*n].key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(out[*n].value, sizeof(out[*n].value), fmt, ap);
	va_end(ap);
	(*n)++;
}

static int cap_required(const struct manifest *m, const struct kvm_cap_desc *d)
{
	for (size_t i = 0; m && i < m->ntests; i++)
		for (unsigned j = 0; j < m->tests[i].nrequires; j++) {
			const struct requirement *r = &m->tests[i].requires[j];
			if (r->kind == REQ_CAP && kvm_cap_by_name(r->arg) == d)
				return 1;
		}
	return 0;
}

size_t host_env_lines(const struct host_env *e, const struct manifest *m, struct env_line *out,
		      size_t max)
{
	size_t n = 0;
	char key[48];

	add_line(out, max, &n, "kernel", "%s", e->kernel);
	add_line(out, max, &n, "cpu_vendor", "%s", e->cpu_vendor[0] ? e->cpu_vendor : "unknown");
	add_line(out, max, &n, "cpu_model", "%s", e->cpu_model);
	add_line(out, max, &n, "host_is_guest", "%s", e->is_guest ? "yes" : "no");
	if (e->is_guest)
		add_line(out, max, &n, "hypervisor", "%s", e->hypervisor);
	add_line(out, max, &n, "kvm_implementation", "%s (%s)", e->impl, e->impl_source);
	add_line(out, max, &n, "iommu", "%s (%s)", e->iommu[0] ? e->iommu : "none", e->iommu_source);
	if (!e->kvm_ok) {
		add_line(out, max, &n, "kvm", "unavailable: %s", e->kvm_error);
		return n;
	}
	add_line(out, max, &n, "kvm_api_version", "%d", e->api_version);
	for (size_t i = 0; e->cap_values && i < kvm_caps_count; i++) {
		if (!cap_required(m, &kvm_caps[i]))
			continue;
		snprintf(key, sizeof(key), "KVM_CAP_%s", kvm_caps[i].name);
		add_line(out, max, &n, key, "%d", e->cap_values[i]);
	}
	return n;
}

enum req_state host_env_check_vfio_api(const struct manifest_test *t, const char *api, char *why,
				       size_t whylen)
{
	char bdf[VFIO_BDF_LEN];
	enum vfio_api got;

	if (!api || strcmp(api, "iommufd"))
		return REQ_MET;
	for (unsigned i = 0; i < t->nrequires; i++) {
		if (t->requires[i].kind != REQ_VFIO)
			continue;
		if (vfio_host_resolve("", t->requires[i].arg, bdf, why, whylen) < 0)
			return REQ_UNMET;
		if (vfio_api_pick(VFIO_API_IOMMUFD, bdf, &got, why, whylen) < 0)
			return REQ_UNMET;
	}
	return REQ_MET;
}
