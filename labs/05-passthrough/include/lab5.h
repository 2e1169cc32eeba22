/* Lab 5's fixed addresses and the suite's edu helpers it builds on
 * (labs/05-passthrough/README.md). The answer keys name these addresses:
 * change one and the key no longer matches. */
#ifndef LAB5_H
#define LAB5_H

/* gpa_ptr, DMA_CHUNK, DMA_SRC/DMA_DST; and for part C ir_setup, ir_dma,
 * ir_settle, IR_VEC, IR_DATA_PAGE (the suite's interrupt-remapping tests). */
#include "../../../guest/tests/iommu_ir.h"

/* Part B: the IOVA window above guest RAM, and the two pages it is mapped to. */
#define LAB5_VEC 0x47
#define LAB5_IOVA IOMMU_TEST_IOVA /* 0x08000000 */
#define LAB5_PAGE_A 0x803000ull
#define LAB5_PAGE_B 0x804000ull
#define LAB5_P1 0x11   /* DMA_SRC's bytes: the pattern of the mapped write */
#define LAB5_P2 0x22   /* DMA_DST's bytes: the pattern of the later writes */
#define LAB5_POISON 0xee

/* Part C: the interrupt-remapping table entry no one set up. */
#define LAB5_BAD_HANDLE 0xfffe
#define LAB5_COMPAT_VECTOR 0xdf /* not 0xff: docs/vfio.md says why */

/* 1 when p[0..n) is all v. */
static inline int lab5_all(const uint8_t *p, unsigned n, uint8_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* Part B's start: the patterns in DMA_SRC and DMA_DST, pages A and B
 * poisoned, edu found and its MSI on LAB5_VEC. */
static inline void lab5_isolation_setup(struct edu *e)
{
	memset(gpa_ptr(DMA_SRC), LAB5_P1, EDU_DMA_MAX);
	memset(gpa_ptr(DMA_DST), LAB5_P2, EDU_DMA_MAX);
	memset(gpa_ptr(LAB5_PAGE_A), LAB5_POISON, 4096);
	memset(gpa_ptr(LAB5_PAGE_B), LAB5_POISON, 4096);
	GUEST_ASSERT_EQ(edu_probe(e), 0);
	edu_msi_enable(e, LAB5_VEC);
}

#endif
