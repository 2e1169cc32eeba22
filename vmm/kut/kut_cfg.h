/* kvm-unit-tests' unittests.cfg (its docs/unittests.txt): one [name]
 * section per entry with key = value lines, parsed strictly, with
 * FILE:LINE errors for anything KUT's runner would silently misread. */
#ifndef UVMM_KUT_KUT_CFG_H
#define UVMM_KUT_KUT_CFG_H

#include <stddef.h>

#define KUT_CFG_MAX_GROUPS 16

struct kut_entry {
	char *name;
	unsigned line;          /* of the [name] header */
	char *file;             /* required: the binary, relative to the cfg's directory */
	unsigned smp;           /* vCPUs (default 1) */
	char *test_args;        /* shell words for the guest's argv (NULL: none) */
	char *qemu_params;      /* QEMU options (qemu_params or its old name extra_params) */
	char *arch;             /* i386, x86_64, ... (NULL: any) */
	char *machine;          /* QEMU machine type (NULL: the default) */
	char *accel;            /* kvm or tcg (NULL: any) */
	char *check;            /* "PATH=VALUE ..." that must hold (NULL: none) */
	char *disabled_if;      /* a shell condition (NULL: none) */
	int has_timeout;
	double timeout;         /* seconds (KUT's `timeout` syntax: N, Ns, Nm, Nh, Nd) */
	char *groups[KUT_CFG_MAX_GROUPS];
	unsigned ngroups;
};

struct kut_cfg {
	struct kut_entry *e;
	size_t n;
};

/* Parses text[0..len). Returns 0, or -1 with "SOURCE:LINE: message"; *c is
 * usable (and must be freed) either way. */
int kut_cfg_parse(struct kut_cfg *c, const char *text, size_t len, const char *source, char *err,
		  size_t errlen);
int kut_cfg_load(struct kut_cfg *c, const char *path, char *err, size_t errlen);
void kut_cfg_free(struct kut_cfg *c);

/* 1 when e is in group g. */
int kut_entry_in_group(const struct kut_entry *e, const char *g);

/* KUT_DIR/x86/unittests.cfg, else KUT_DIR/unittests.cfg (malloc'd), with
 * *bindir the directory its `file` values are relative to; NULL when
 * neither exists. */
char *kut_find_cfg(const char *dir, char **bindir);

/* A duration as KUT's runner passes it to timeout(1): a number with an
 * optional s, m, h or d suffix. Returns 0 with *seconds, or -1. */
int kut_parse_duration(const char *text, double *seconds);

#endif
