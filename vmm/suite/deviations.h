/* Known deviations: which tests fail, on purpose of record, on which KVM
 * implementation and why (`TEST IMPLEMENTATION [TIMEOUT[=SEC]] reason...` lines). */
#ifndef UVMM_SUITE_DEVIATIONS_H
#define UVMM_SUITE_DEVIATIONS_H

#include <stddef.h>

/* TIMEOUT=SEC: 0 < SEC <= this, digits and a point only. */
#define DEVIATION_LIMIT_MAX 3600.0

struct deviation {
	char *test;
	char *impl;
	char *reason;
	unsigned line;
	int hangs;    /* "TEST IMPL TIMEOUT reason": the deviation is a hang */
	double limit; /* TIMEOUT=SEC: confirm the hang within SEC (0: the usual limit) */
};

struct deviations {
	struct deviation *entries;
	size_t n;
	const char *source;  /* borrowed: for messages */
};

/* Returns 0, or -1 with "SOURCE:LINE: message"; *d must be freed either way. */
int deviations_parse(struct deviations *d, const char *text, size_t len, const char *source,
		     char *err, size_t errlen);
int deviations_load(struct deviations *d, const char *path, char *err, size_t errlen);
void deviations_free(struct deviations *d);

/* The entry for test on impl, or NULL. */
const struct deviation *deviations_lookup(const struct deviations *d, const char *test,
					  const char *impl);
/* The entry for test on the KVM implementation impl, else on the platform's
 * IOMMU iommu (e.g. qemu-vtd; "" or NULL: none), else NULL. */
const struct deviation *deviations_lookup_host(const struct deviations *d, const char *test,
					       const char *impl, const char *iommu);

#endif
