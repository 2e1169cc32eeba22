/* A 32-bit flat protected-mode guest (paging off): port I/O, MMIO below
 * 4 GiB, the console, a hypercall from 32-bit code, and 64-bit printf math. */
#include <uvmm/guest.h>

UVMM_OPTIONS("mode=prot32");
EXPECT("pio.out 0x80:1 = 0x32");
EXPECT("pio.out 0x80:4 = 0x32323232");
EXPECT("pio.in 0x80:2 = 0xffff");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("pio.out 0x3f8:1 = \"prot32: 18446744073709551615 0xdeadbeefcafe\\n\"");
EXPECT("hcall console \"32-bit hypercall\\n\"");

void guest_main(void)
{
	static const char msg[] = "32-bit hypercall\n";
	volatile uint64_t big = ~0ull;

	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PG, 0);
	outb(0x80, 0x32);
	outl(0x80, 0x32323232);
	GUEST_ASSERT_EQ(inw(0x80), 0xffff);
	/* The expectation pins the value; not asserted here so QEMU (no device) runs it too. */
	(void)mmio_read32(UVMM_TESTDEV_BASE + UVMM_TESTDEV_ID);
	printf("prot32: %llu 0x%llx\n", (unsigned long long)big, 0xdeadbeefcafeull);
	GUEST_ASSERT(uvmm_console_write(msg, sizeof(msg) - 1) >= 0);
}
