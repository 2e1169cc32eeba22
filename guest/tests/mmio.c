/* The MMIO test device at every access width: ID, SCRATCH (partial writes
 * merge into the 8-byte register), INVERT and COUNTER. */
#include <uvmm/guest.h>

#define DEV UVMM_TESTDEV_BASE
#define ID (DEV + UVMM_TESTDEV_ID)
#define SCRATCH (DEV + UVMM_TESTDEV_SCRATCH)
#define INVERT (DEV + UVMM_TESTDEV_INVERT)
#define COUNTER (DEV + UVMM_TESTDEV_COUNTER)

/* ID: the magic 0x4d4d5655, zero-extended, low bytes for narrow reads. */
EXPECT("mmio.read 0xd0000000:1 = 0x55");
EXPECT("mmio.read 0xd0000000:2 = 0x5655");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.read 0xd0000000:8 = 0x4d4d5655");
/* SCRATCH: a write of N bytes replaces the low N bytes of the register. */
EXPECT("mmio.write 0xd0000008:8 = 0x1122334455667788");
EXPECT("mmio.read 0xd0000008:8 = 0x1122334455667788");
EXPECT("mmio.write 0xd0000008:1 = 0xaa");
EXPECT("mmio.read 0xd0000008:8 = 0x11223344556677aa");
EXPECT("mmio.write 0xd0000008:2 = 0xbbcc");
EXPECT("mmio.read 0xd0000008:8 = 0x112233445566bbcc");
EXPECT("mmio.write 0xd0000008:4 = 0xdeadbeef");
EXPECT("mmio.read 0xd0000008:4 = 0xdeadbeef");
EXPECT("mmio.read 0xd0000008:2 = 0xbeef");
EXPECT("mmio.read 0xd0000008:1 = 0xef");
EXPECT("mmio.read 0xd0000008:8 = 0x11223344deadbeef");
/* INVERT: reads return the low bytes of ~(last write, zero-extended). */
EXPECT("mmio.write 0xd0000010:4 = 0x12345678");
EXPECT("mmio.read 0xd0000010:4 = 0xedcba987");
EXPECT("mmio.write 0xd0000010:8 = 0xf0f0f0f00f0f0f0f");
EXPECT("mmio.read 0xd0000010:8 = 0x0f0f0f0ff0f0f0f0");
EXPECT("mmio.write 0xd0000010:1 = 0x5a");
EXPECT("mmio.read 0xd0000010:1 = 0xa5");
EXPECT("mmio.read 0xd0000010:2 = 0xffa5");
/* COUNTER: the Nth read returns N (this read included), any width. */
EXPECT("mmio.read 0xd0000018:4 = 0x1");
EXPECT("mmio.read 0xd0000018:8 = 0x2");
EXPECT("mmio.read 0xd0000018:2 = 0x3");
EXPECT("mmio.read 0xd0000018:1 = 0x4");

static void id(void)
{
	GUEST_ASSERT_EQ(mmio_read8(ID), UVMM_TESTDEV_MAGIC & 0xff);
	GUEST_ASSERT_EQ(mmio_read16(ID), UVMM_TESTDEV_MAGIC & 0xffff);
	GUEST_ASSERT_EQ(mmio_read32(ID), UVMM_TESTDEV_MAGIC);
	GUEST_ASSERT_EQ(mmio_read64(ID), UVMM_TESTDEV_MAGIC);
}

static void scratch(void)
{
	mmio_write64(SCRATCH, 0x1122334455667788ull);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), 0x1122334455667788ull);
	mmio_write8(SCRATCH, 0xaa);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), 0x11223344556677aaull);
	mmio_write16(SCRATCH, 0xbbcc);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), 0x112233445566bbccull);
	mmio_write32(SCRATCH, 0xdeadbeef);
	GUEST_ASSERT_EQ(mmio_read32(SCRATCH), 0xdeadbeef);
	GUEST_ASSERT_EQ(mmio_read16(SCRATCH), 0xbeef);
	GUEST_ASSERT_EQ(mmio_read8(SCRATCH), 0xef);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), 0x11223344deadbeefull);
}

static void invert(void)
{
	mmio_write32(INVERT, 0x12345678);
	GUEST_ASSERT_EQ(mmio_read32(INVERT), 0xedcba987);
	mmio_write64(INVERT, 0xf0f0f0f00f0f0f0full);
	GUEST_ASSERT_EQ(mmio_read64(INVERT), 0x0f0f0f0ff0f0f0f0ull);
	mmio_write8(INVERT, 0x5a);
	GUEST_ASSERT_EQ(mmio_read8(INVERT), 0xa5);
	GUEST_ASSERT_EQ(mmio_read16(INVERT), 0xffa5);
}

static void counter(void)
{
	GUEST_ASSERT_EQ(mmio_read32(COUNTER), 1);
	GUEST_ASSERT_EQ(mmio_read64(COUNTER), 2);
	GUEST_ASSERT_EQ(mmio_read16(COUNTER), 3);
	GUEST_ASSERT_EQ(mmio_read8(COUNTER), 4);
}

void guest_main(void)
{
	id();
	scratch();
	invert();
	counter();
}
