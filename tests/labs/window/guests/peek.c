/* Reads both ends of the lab window and hands the device a GPA in RAM and
 * one outside it (tests/integration/test_lab_device.sh). */
#include <uvmm/guest.h>

void guest_main(void)
{
	(void)inb(UVMM_LAB_PIO_BASE);
	(void)inl(UVMM_LAB_PIO_BASE + UVMM_LAB_PIO_SIZE - 4);
	(void)mmio_read32(UVMM_LAB_MMIO_BASE);
	(void)mmio_read64(UVMM_LAB_MMIO_BASE + UVMM_LAB_MMIO_SIZE - 8);
	outl(UVMM_LAB_PIO_BASE, 0x200000);
	outl(UVMM_LAB_PIO_BASE, 0xc0000000u);
}
