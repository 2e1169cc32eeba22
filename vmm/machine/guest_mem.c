/* Guest RAM mapping and the one bounds-checked GPA translation. */
#include "machine/guest_mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/errmsg.h"
#include "util/num.h"

#define CANARY_BYTE 0xc5

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

int guest_mem_init(struct guest_mem *m, uint64_t size)
{
	size_t pg = page_size();

	memset(m, 0, sizeof(*m));
	if (size < GUEST_MEM_MIN || size > GUEST_MEM_MAX || size % pg)
		return -EINVAL;
	/* The host sees one mapping: its pages beyond the low part are the
	 * guest's RAM at 4 GiB. */
	/* One canary page on each side: a VMM bug that writes past guest RAM
	 * lands there and is caught by guest_mem_canary_ok instead of silently
	 * corrupting the heap. */
	m->map_size = (size_t)size + 2 * pg;
	m->map = mmap(NULL, m->map_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->map == MAP_FAILED) {
		int e = errno;
		m->map = NULL;
		return -e;
	}
	m->host = m->map + pg;
	m->size = size > GUEST_MEM_LOW_MAX ? GUEST_MEM_LOW_MAX : size;
	m->high_size = size - m->size;
	memset(m->map, CANARY_BYTE, pg);
	memset(m->host + size, CANARY_BYTE, pg);
	return 0;
}

void guest_mem_free(struct guest_mem *m)
{
	if (m->map)
		munmap(m->map, m->map_size);
	memset(m, 0, sizeof(*m));
}

void *gpa_to_hva(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	/* Written so that no addition can wrap: gpa <= size, then len fits in
	 * what is left. A range never spans the hole between the two parts. */
	if (!m->host)
		return NULL;
	if (gpa <= m->size && len <= m->size - gpa)
		return m->host + gpa;
	if (m->high_size && gpa >= GUEST_MEM_HIGH_BASE && gpa - GUEST_MEM_HIGH_BASE <= m->high_size &&
	    len <= m->high_size - (gpa - GUEST_MEM_HIGH_BASE))
		return m->host + m->size + (gpa - GUEST_MEM_HIGH_BASE);
	return NULL;
}

int guest_mem_flush_page(const struct guest_mem *m, uint64_t gpa)
{
	size_t pg = page_size();
	uint8_t *p = gpa_to_hva(m, gpa & ~(uint64_t)(pg - 1), pg);

	if (!p)
		return -1;
	return mprotect(p, pg, PROT_NONE) || mprotect(p, pg, PROT_READ | PROT_WRITE) ? -1 : 0;
}

int guest_read(const struct guest_mem *m, uint64_t gpa, void *dst, uint64_t len)
{
	const void *src = gpa_to_hva(m, gpa, len);

	if (!src)
		return -1;
	memcpy(dst, src, len);
	return 0;
}

int guest_write(const struct guest_mem *m, uint64_t gpa, const void *src, uint64_t len)
{
	void *dst = gpa_to_hva(m, gpa, len);

	if (!dst)
		return -1;
	memcpy(dst, src, len);
	return 0;
}

int guest_mem_discard(const struct guest_mem *m, uint64_t gpa, uint64_t len, char *err,
		      size_t errlen)
{
	void *hva;

	if (gpa % GUEST_PAGE_SIZE || len % GUEST_PAGE_SIZE || len == 0)
		return errmsg(err, errlen, "discard 0x%llx + 0x%llx: not whole 4 KiB pages",
			      (unsigned long long)gpa, (unsigned long long)len);
	hva = gpa_to_hva(m, gpa, len);
	if (!hva)
		return errmsg(err, errlen, "discard 0x%llx + 0x%llx: outside guest RAM",
			      (unsigned long long)gpa, (unsigned long long)len);
	/* The host page size divides 4 KiB on x86, so hva is aligned for it. */
	if (madvise(hva, (size_t)len, MADV_DONTNEED) < 0) {
		errmsg(err, errlen, "madvise(MADV_DONTNEED) on 0x%llx + 0x%llx: %s",
		       (unsigned long long)gpa, (unsigned long long)len, strerror(errno));
		return -2;
	}
	return 0;
}

int64_t guest_mem_resident_pages(const struct guest_mem *m)
{
	/* In chunks: a fixed vector, whatever the size of RAM. */
	unsigned char vec[4096];
	size_t pg = page_size(), chunk = sizeof(vec) * pg;
	int64_t n = 0;

	if (!m->host)
		return -1;
	for (uint64_t at = 0; at < m->size; at += chunk) {
		size_t len = m->size - at < chunk ? (size_t)(m->size - at) : chunk;

		if (mincore(m->host + at, len, vec) < 0)
			return -1;
		for (size_t i = 0; i < (len + pg - 1) / pg; i++)
			n += vec[i] & 1;
	}
	return n * (int64_t)(pg / GUEST_PAGE_SIZE);
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

int guest_mem_canary_ok(const struct guest_mem *m)
{
	size_t pg = page_size();

	return all_bytes(m->map, pg, CANARY_BYTE) &&
	       all_bytes(m->host + guest_mem_total(m), pg, CANARY_BYTE);
}

int guest_mem_parse_size(const char *s, uint64_t *out)
{
	char err[8];

	return num_size("size", s ? s : "", 0, UINT64_MAX, 1, out, err, sizeof(err));
}
