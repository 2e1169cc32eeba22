/* String MMIO: `rep movs` between the MMIO test device and RAM. KVM's
 * emulator moves one element per exit (an MMIO read or write of the element
 * size at consecutive GPAs); the RAM side causes no exits. */
#include <uvmm/guest.h>

#define ID (UVMM_TESTDEV_BASE + UVMM_TESTDEV_ID)
#define SCRATCH (UVMM_TESTDEV_BASE + UVMM_TESTDEV_SCRATCH)

EXPECT("mmio.write 0xd0000008:8 = 0x8877665544332211");
/* rep movsb, SCRATCH -> RAM: 8 byte reads. */
EXPECT("mmio.read 0xd0000008:1 = 0x11");
EXPECT("mmio.read 0xd0000009:1 = 0x22");
EXPECT("mmio.read 0xd000000a:1 = 0x33");
EXPECT("mmio.read 0xd000000b:1 = 0x44");
EXPECT("mmio.read 0xd000000c:1 = 0x55");
EXPECT("mmio.read 0xd000000d:1 = 0x66");
EXPECT("mmio.read 0xd000000e:1 = 0x77");
EXPECT("mmio.read 0xd000000f:1 = 0x88");
/* rep movsq x2, ID and SCRATCH -> RAM. */
EXPECT("mmio.read 0xd0000000:8 = 0x4d4d5655");
EXPECT("mmio.read 0xd0000008:8 = 0x8877665544332211");
EXPECT_CASE(case_mmio_to_ram, "mmio-to-ram");
/* rep movsq x1 and rep movsb x8, RAM -> SCRATCH. */
EXPECT("mmio.write 0xd0000008:8 = 0x0123456789abcdef");
EXPECT("mmio.read 0xd0000008:8 = 0x0123456789abcdef");
EXPECT("mmio.write 0xd0000008:1 = 0xa0");
EXPECT("mmio.write 0xd0000009:1 = 0xa1");
EXPECT("mmio.write 0xd000000a:1 = 0xa2");
EXPECT("mmio.write 0xd000000b:1 = 0xa3");
EXPECT("mmio.write 0xd000000c:1 = 0xa4");
EXPECT("mmio.write 0xd000000d:1 = 0xa5");
EXPECT("mmio.write 0xd000000e:1 = 0xa6");
EXPECT("mmio.write 0xd000000f:1 = 0xa7");
EXPECT("mmio.read 0xd0000008:8 = 0xa7a6a5a4a3a2a1a0");
EXPECT_CASE(case_ram_to_mmio, "ram-to-mmio");
/* rep movsl x2, ID -> SCRATCH: read, write, read, write. */
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000008:4 = 0x4d4d5655");
EXPECT("mmio.read 0xd0000004:4 = 0x0");
EXPECT("mmio.write 0xd000000c:4 = 0x0");
EXPECT("mmio.read 0xd0000008:8 = 0x4d4d5655");
EXPECT_CASE(case_mmio_to_mmio, "mmio-to-mmio");

#define REP_MOVS(sfx, dst, src, n)                                              \
	do {                                                                    \
		void *d_ = (void *)(dst);                                       \
		const void *s_ = (const void *)(src);                           \
		uint64_t n_ = (n);                                              \
		__asm__ volatile("rep movs" sfx                                 \
				 : "+D"(d_), "+S"(s_), "+c"(n_) : : "memory");  \
		GUEST_ASSERT_EQ(n_, 0);                                         \
	} while (0)

static void mmio_to_ram(void)
{
	uint8_t b[9];
	uint64_t q[3];
	unsigned i;

	b[8] = 0x5a;
	q[2] = 0x5a;
	mmio_write64(SCRATCH, 0x8877665544332211ull);
	REP_MOVS("b", b, SCRATCH, 8);
	for (i = 0; i < 8; i++)
		GUEST_ASSERT_EQ(b[i], 0x11 * (i + 1));
	GUEST_ASSERT_EQ(b[8], 0x5a);
	REP_MOVS("q", q, ID, 2);
	GUEST_ASSERT_EQ(q[0], UVMM_TESTDEV_MAGIC);
	GUEST_ASSERT_EQ(q[1], 0x8877665544332211ull);
	GUEST_ASSERT_EQ(q[2], 0x5a);
	report_pass(case_mmio_to_ram);
}

static void ram_to_mmio(void)
{
	uint64_t q = 0x0123456789abcdefull;
	uint8_t b[8];
	unsigned i;

	REP_MOVS("q", SCRATCH, &q, 1);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), 0x0123456789abcdefull);
	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(0xa0 + i);
	REP_MOVS("b", SCRATCH, b, 8);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), 0xa7a6a5a4a3a2a1a0ull);
	report_pass(case_ram_to_mmio);
}

static void mmio_to_mmio(void)
{
	REP_MOVS("l", SCRATCH, ID, 2);
	GUEST_ASSERT_EQ(mmio_read64(SCRATCH), UVMM_TESTDEV_MAGIC);
	report_pass(case_mmio_to_mmio);
}

void guest_main(void)
{
	mmio_to_ram();
	ram_to_mmio();
	mmio_to_mmio();
}
