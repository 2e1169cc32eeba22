/* Giving free guest pages back to the host: the ranges a reclaim program
 * named, or the page list of a BALLOON call, sorted and merged so that each
 * page is discarded once, whatever the guest repeated. */
#include "hupcall/hupcall_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/errmsg.h"
#include "util/heapsort.h"

static int by_gpa(const void *a, const void *b)
{
	const struct hupcall_range *x = a, *y = b;

	return (x->gpa > y->gpa) - (x->gpa < y->gpa);
}

/* Sorts and merges r[0..n) in place (overlapping or adjacent); the new n. */
static unsigned merge(struct hupcall_range *r, unsigned n)
{
	unsigned out = 0;

	heapsort_any(r, n, sizeof(*r), by_gpa);
	for (unsigned i = 0; i < n; i++) {
		if (out && r[i].gpa <= r[out - 1].gpa + r[out - 1].len) {
			uint64_t end = r[i].gpa + r[i].len;

			if (end > r[out - 1].gpa + r[out - 1].len)
				r[out - 1].len = end - r[out - 1].gpa;
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

/* Ranges are whole pages inside RAM (checked when they were added). */
static int discard_all(struct hupcall_set *hu, struct hupcall_range *r, unsigned n,
		       uint64_t *pages, char *err, size_t errlen)
{
	n = merge(r, n);
	*pages = 0;
	for (unsigned i = 0; i < n; i++) {
		int rc = guest_mem_discard(&hu->cfg.vm->mem, r[i].gpa, r[i].len, err, errlen);

		if (rc < 0)
			return rc == -2 ? -2 : -1;
		*pages += r[i].len / GUEST_PAGE_SIZE;
	}
	return 0;
}

int hupcall_discard_ranges(struct hupcall_set *hu, uint64_t *pages, char *err, size_t errlen)
{
	int rc = discard_all(hu, hu->ranges, hu->nranges, pages, err, errlen);

	hu->nranges = 0;
	return rc;
}

/* BALLOON: the list is copied out of guest RAM once, then checked whole:
 * one bad frame number refuses the call before anything is discarded. */
int hupcall_balloon(struct hupcall_set *hu, uint64_t list, uint64_t len, uint64_t *pages,
		    char *err, size_t errlen)
{
	uint64_t pfn[UVMM_HUPCALL_BALLOON_MAX];
	struct hupcall_range r[UVMM_HUPCALL_BALLOON_MAX];
	uint64_t n = len / 8, npages = hu->cfg.vm->mem.size / GUEST_PAGE_SIZE;
	int rc;

	*pages = 0;
	if (hu->cfg.dma_pinned)
		return errmsg(err, errlen, "balloon: a VFIO device maps guest RAM; pages cannot be discarded");
	if (len % 8 || n == 0 || n > UVMM_HUPCALL_BALLOON_MAX)
		return errmsg(err, errlen, "balloon: a list of %llu bytes is not 1..%u page frame numbers "
			      "of 8 bytes", (unsigned long long)len, UVMM_HUPCALL_BALLOON_MAX);
	if (guest_read(&hu->cfg.vm->mem, list, pfn, len) < 0)
		return -3;
	for (uint64_t i = 0; i < n; i++) {
		if (pfn[i] >= npages)
			return errmsg(err, errlen, "balloon: entry %llu: page frame 0x%llx is outside guest "
				      "RAM (%llu pages)", (unsigned long long)i, (unsigned long long)pfn[i],
				      (unsigned long long)npages);
		r[i] = (struct hupcall_range){ pfn[i] * GUEST_PAGE_SIZE, GUEST_PAGE_SIZE };
	}
	rc = discard_all(hu, r, (unsigned)n, pages, err, errlen);
	if (rc == 0)
		hupcall_balloon_pages(hu, *pages);
	return rc;
}
