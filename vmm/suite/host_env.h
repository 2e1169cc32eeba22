/* What the suite runs on: kernel, CPU, KVM version/capabilities/CPUID, nested or
 * not, which KVM implementation; checks manifest requirements against it. */
#ifndef UVMM_SUITE_HOST_ENV_H
#define UVMM_SUITE_HOST_ENV_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "suite/manifest.h"

#define HOST_ENV_TEXT 128

struct host_env {
	char kernel[HOST_ENV_TEXT];
	char cpu_vendor[16];
	char cpu_model[HOST_ENV_TEXT];
	int is_guest;                /* CPUID.1:ECX[31], the hypervisor bit */
	char hypervisor[16];         /* CPUID 0x40000000 vendor string, if is_guest */
	char impl[64];               /* kvm_intel, kvm_amd, kvm_pvm, ... or unknown */
	char impl_source[HOST_ENV_TEXT]; /* how impl was decided */
	/* The platform's IOMMU (a second key of the deviations table: behaviour of
	 * an emulated IOMMU is the platform's, not KVM's): qemu-vtd, qemu-amdvi,
	 * vtd, amdvi, or "" for none. */
	char iommu[24];
	char iommu_source[HOST_ENV_TEXT];
	int kvm_ok;                  /* the KVM device opened; else kvm_error says why */
	char kvm_error[256];
	int api_version;
	int *cap_values;             /* KVM_CHECK_EXTENSION per kvm_caps[] entry */
	struct kvm_cpuid_entry2 *cpuid; /* KVM_GET_SUPPORTED_CPUID */
	unsigned ncpuid;
};

/* Probes everything; impl_override (--impl) replaces the implementation
 * detection. Never fails: what cannot be probed is reported as such. */
void host_env_probe(struct host_env *e, const char *kvm_path, const char *impl_override);
void host_env_free(struct host_env *e);

/* Which implementation the loaded modules point at (e.g. /sys/module/kvm_pvm),
 * looking under sysfs_module (normally /sys/module). */
void host_env_detect_impl(const char *sysfs_module, char *impl, size_t implen, char *how,
			  size_t howlen);

/* The IOMMU from /sys/class/iommu (dmar* VT-d, ivhd* AMD-Vi) and, when the
 * ACPI table (DMAR, IVRS) under acpi_tables says OEM "BOCHS", QEMU's model. */
void host_env_detect_iommu(const char *sysfs_iommu, const char *acpi_tables, char *iommu,
			   size_t len, char *how, size_t howlen);

enum req_state { REQ_MET, REQ_UNMET, REQ_UNKNOWN };

/* REQ_UNMET/REQ_UNKNOWN come with a one-line reason in why. */
enum req_state host_env_check(const struct host_env *e, const struct requirement *r, char *why,
			      size_t whylen);
/* The first requirement of t that is not met (REQ_MET when all are). */
enum req_state host_env_check_test(const struct host_env *e, const struct manifest_test *t,
				   char *why, size_t whylen);

/* With --vfio-api iommufd: a test that needs a VFIO device (vfio:) is
 * REQ_UNMET, with the reason, when the host offers no iommufd for it. */
enum req_state host_env_check_vfio_api(const struct manifest_test *t, const char *api, char *why,
				       size_t whylen);

struct env_line {
	char key[48];
	char value[256];
};

/* The environment header shared by every report: fixed facts, then the value of
 * each capability some test of m requires. Returns the number of lines. */
size_t host_env_lines(const struct host_env *e, const struct manifest *m, struct env_line *out,
		      size_t max);

#endif
