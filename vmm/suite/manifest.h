/* The suite manifest: one INI-like section per conformance test (image, groups,
 * run options, requirements), parsed with FILE:LINE errors (docs/runner.md). */
#ifndef UVMM_SUITE_MANIFEST_H
#define UVMM_SUITE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define MANIFEST_MAX_GROUPS 16
#define MANIFEST_MAX_REQUIRES 16
#define MANIFEST_MAX_OPTIONS 8

/* REQ_VFIO: "vfio:VVVV:DDDD", such a PCI device usable through VFIO (docs/vfio.md). */
enum requirement_kind { REQ_CAP, REQ_CPU, REQ_FILE, REQ_IMPL, REQ_VFIO };

struct requirement {
	enum requirement_kind kind;
	int negate;       /* "!impl:NAME": any implementation but NAME */
	char *arg;        /* capability name (without KVM_CAP_), feature, path, implementation */
};

struct manifest_test {
	char *name;
	unsigned line;    /* of the [name] header */
	char *image;      /* relative paths resolve against the guest directory */
	char *expect;     /* NULL: none */
	int expect_only;  /* expect replaces the image's own expectations */
	char *cmdline;    /* PVH command line (uvmm run --cmdline), or NULL */
	char *groups[MANIFEST_MAX_GROUPS];
	unsigned ngroups;
	/* "key=value" run options (mem, cpus, mode, irqchip, timeout), file order */
	char *options[MANIFEST_MAX_OPTIONS];
	unsigned noptions;
	int has_timeout;
	double timeout;
	int flat;
	uint64_t flat_addr;
	struct requirement requires[MANIFEST_MAX_REQUIRES];
	unsigned nrequires;
	/* "portable = yes | no: REASON": the test needs no uvmm-only device or
	 * hypercall, so it also runs under QEMU and UEFI (docs/bare-metal.md).
	 * Without the key: not portable, reason NULL (not assessed). */
	int portable;
	char *portable_reason;
};

struct manifest {
	struct manifest_test *tests;
	size_t ntests;
};

/* Parses text[0..len). Returns 0, or -1 with "SOURCE:LINE: message" in err;
 * *m is usable (and must be freed) either way. */
int manifest_parse(struct manifest *m, const char *text, size_t len, const char *source,
		   char *err, size_t errlen);
int manifest_load(struct manifest *m, const char *path, char *err, size_t errlen);
void manifest_free(struct manifest *m);

const struct manifest_test *manifest_find(const struct manifest *m, const char *name);
int manifest_in_group(const struct manifest_test *t, const char *group_glob);

/* Names of tests, groups and implementations: [A-Za-z0-9_.-]+ (they become file names). */
int manifest_name_ok(const char *s);

const char *requirement_kind_name(enum requirement_kind k);

#endif
