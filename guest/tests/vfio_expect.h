/* Exits every VFIO edu test shares (ECAM on bus 0, edu at slot 3, BAR0 at
 * 0xc0000000 in trap mode): string pieces for EXPECT(). See docs/vfio.md. */
#ifndef VFIO_EXPECT_H
#define VFIO_EXPECT_H

#include <uvmm/edu.h>
#include <uvmm/guest.h>
#include <uvmm/pci.h>

#define EDU_SLOT 3
#define EDU_BAR 0xc0000000ull

/* edu_probe(): pci_find scans slots 0..3, then BAR0 and the command register. */
#define VFIO_EXPECT_PROBE                                   \
	"mmio.read 0xe0000000:4 = 0xffffffff\n"             \
	"mmio.read 0xe0008000:4 = 0xffffffff\n"             \
	"mmio.read 0xe0010000:4 = 0xffffffff\n"             \
	"mmio.read 0xe0018000:4 = 0x11e81234\n"             \
	"mmio.read 0xe0018010:4 = 0xc0000000\n"             \
	"mmio.write 0xe0018004:4 = 0x6\n"

/* The rest of edu_probe() in trap mode: factorial interrupt off, stale
 * interrupt status (whatever a previous user left) acknowledged. */
#define VFIO_EXPECT_QUIESCE                                 \
	"mmio.write 0xc0000020:4 = 0x0\n"                   \
	"mmio.read 0xc0000024:4 = *\n"                      \
	"mmio.write 0xc0000064:4 = *\n"

/* edu_msi_enable(VEC): the capability walk, then address, data, enable. */
#define VFIO_EXPECT_MSI(vec)                                \
	"mmio.read 0xe0018034:4 = 0x40\n"                   \
	"mmio.read 0xe0018040:4 = 0x800005\n"               \
	"mmio.write 0xe0018044:4 = 0xfee00000\n"            \
	"mmio.write 0xe0018048:4 = 0x0\n"                   \
	"mmio.write 0xe001804c:4 = " vec "\n"               \
	"mmio.write 0xe0018040:4 = 0x10000\n"

/* The interrupt handler in trap mode: read the status, acknowledge it. */
#define VFIO_EXPECT_IRQ(st)                                 \
	"mmio.read 0xc0000024:4 = " st "\n"                 \
	"mmio.write 0xc0000064:4 = " st "\n"

/* One DMA of DMA_CHUNK bytes started by edu_dma_start() in trap mode. */
#define VFIO_EXPECT_DMA(src, dst, cmd)                      \
	"mmio.write 0xc0000080:4 = " src "\n"               \
	"mmio.write 0xc0000088:4 = " dst "\n"               \
	"mmio.write 0xc0000090:4 = 0x800\n"                 \
	"mmio.write 0xc0000098:4 = " cmd "\n"

/* The test's pass report; the clean exit after it is the runtime's EXPECT_END. */
#define VFIO_EXPECT_PASS(name) "hcall report pass \"" name "\"\n"

/* QEMU 7.2's edu refuses (hw_error, QEMU aborts) a transfer that ends exactly
 * at the end of its 4 KiB buffer, so 4 KiB travel as two 2 KiB halves through
 * the first half of the buffer. */
#define DMA_CHUNK 0x800u

/* Fixed DMA buffers in guest RAM (below 256 MiB, the device's 28-bit mask). */
#define DMA_SRC 0x800000ull
#define DMA_DST 0x801000ull
#define DMA_SPARE 0x802000ull

static inline uint8_t *gpa_ptr(uint64_t gpa)
{
	return (uint8_t *)(uintptr_t)gpa;
}

#endif
