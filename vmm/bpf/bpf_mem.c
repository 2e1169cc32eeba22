/* Validation of the regions a program may address: each one non-empty,
 * without wrap, below uvmm's reserved windows, and disjoint from the others. */
#include <string.h>

#include "bpf/bpf.h"
#include "util/errmsg.h"

static const char *rname(const struct ebpf_region *r)
{
	return r->name ? r->name : "region";
}

int ebpf_memmap_init(struct ebpf_memmap *m, const struct ebpf_region *r, unsigned n,
		     char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	if (n > EBPF_MAX_REGIONS)
		return errmsg(err, errlen, "%u regions, at most %u", n, EBPF_MAX_REGIONS);
	for (unsigned k = 0; k < n; k++) {
		const struct ebpf_region *a = &r[k];

		if (!a->len || !a->host)
			return errmsg(err, errlen, "%s %u: empty or without host memory", rname(a), k);
		if (!a->perm || (a->perm & ~(unsigned)(EBPF_READ | EBPF_WRITE)))
			return errmsg(err, errlen, "%s %u: permission 0x%x is not read and/or write", rname(a), k, a->perm);
		if (a->addr + a->len < a->addr || a->addr + a->len > EBPF_RESERVED_ADDR)
			return errmsg(err, errlen, "%s %u: [0x%llx, +0x%llx) wraps or reaches uvmm's reserved "
				      "addresses (0x%llx and above)", rname(a), k, (unsigned long long)a->addr,
				      (unsigned long long)a->len, (unsigned long long)EBPF_RESERVED_ADDR);
		for (unsigned j = 0; j < k; j++) {
			const struct ebpf_region *b = &r[j];

			if (a->addr < b->addr + b->len && b->addr < a->addr + a->len)
				return errmsg(err, errlen, "%s %u [0x%llx, +0x%llx) overlaps %s %u [0x%llx, +0x%llx)",
					      rname(a), k, (unsigned long long)a->addr, (unsigned long long)a->len,
					      rname(b), j, (unsigned long long)b->addr, (unsigned long long)b->len);
		}
		m->r[k] = *a;
	}
	m->n = n;
	return 0;
}
