/* The host-log parsers behind hypercall iommu's HOST report: /proc/interrupts
 * rows of one device, and kernel log messages classified as IOMMU faults. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "vfio/host_log.h"

static const char interrupts[] =
	"           CPU0       CPU1       \n"
	"  0:         31          0   IO-APIC   2-edge      timer\n"
	" 24:          3          4  DMAR-MSI    0-edge      dmar0\n"
	" 25:          5          2  IR-PCI-MSI 65536-edge      vfio-msi[0](0000:00:01.0)\n"
	" 26:          0          1  IR-PCI-MSIX-0000:00:02.0 0-edge vfio-msix[0](0000:00:02.0)\n"
	" 27:          7          0  IR-IO-APIC  19-fasteoi   vfio-intx(0000:00:01.0)\n"
	"NMI:          0          0   Non-maskable interrupts\n"
	"SPU:          2          1   Spurious interrupts\n"
	"ERR:          4\n"
	"MIS:          0\n";

static void test_interrupts(void **state)
{
	struct host_irq_counts c;

	(void)state;
	assert_int_equal(host_log_interrupts(interrupts, "0000:00:01.0", &c), 0);
	assert_int_equal(c.dev, 5 + 2 + 7); /* MSI and INTx lines of that device only */
	assert_int_equal(c.spurious, 3);
	assert_int_equal(c.errors, 4);
	assert_int_equal(host_log_interrupts(interrupts, "0000:00:02.0", &c), 0);
	assert_int_equal(c.dev, 1);
	/* The device's BDF inside another word does not count. */
	assert_int_equal(host_log_interrupts(interrupts, "0000:00:01", &c), 0);
	assert_int_equal(c.dev, 0);
	assert_int_equal(host_log_interrupts("no header\n 1: 2 3 x\n", "0000:00:01.0", &c), -1);
}

#define BDF "0000:00:01.0"

static void test_messages(void **state)
{
	struct host_log_counts c = { 0 };

	(void)state;
	host_log_message("DMAR: DRHD: handling fault status reg 2", BDF, &c);
	assert_int_equal(c.dma_faults + c.ir_faults + c.unhandled, 0);
	host_log_message("DMAR: [DMA Write NO_PASID] Request device [00:01.0] fault addr 0xf800000 "
			 "[fault reason 0x05] PTE Write access is not set", BDF, &c);
	assert_int_equal(c.dma_faults, 1);
	assert_int_equal(c.last_reason, 5);
	assert_int_equal(c.last_addr, 0xf800000);
	/* Another device's fault is not this device's. */
	host_log_message("DMAR: [DMA Write NO_PASID] Request device [00:02.0] fault addr 0x80f0000 "
			 "[fault reason 0x05] PTE Write access is not set", BDF, &c);
	assert_int_equal(c.dma_faults, 1);
	assert_int_equal(c.last_addr, 0xf800000);
	host_log_message("DMAR: [INTR-REMAP] Request device [ff:1f.7] fault index 0xfffe "
			 "[fault reason 0x22] Present field in the IRTE entry is clear", BDF, &c);
	assert_int_equal(c.ir_faults, 1);
	assert_int_equal(c.last_reason, 0x22);
	assert_int_equal(c.last_addr, 0xfffe);
	host_log_message("vfio-pci 0000:00:01.0: AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:01.0 domain=0x0002 "
			 "address=0x40000000 flags=0x0020]", BDF, &c);
	assert_int_equal(c.dma_faults, 2);
	assert_int_equal(c.last_addr, 0x40000000);
	host_log_message("__common_interrupt: 0.239 No irq handler for vector", BDF, &c);
	host_log_message("spurious APIC interrupt through vector ff on CPU#0, should never happen.", BDF, &c);
	host_log_message("No irq handler for 0.223", BDF, &c); /* Linux 6.12's form */
	assert_int_equal(c.unhandled, 3);
	host_log_message("Enabled IRQ remapping in x2apic mode", BDF, &c);
	assert_int_equal(c.ir_faults, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
