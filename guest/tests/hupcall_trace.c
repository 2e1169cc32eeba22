/* The tracing case: an exit program (hupcall_trace.bpf.c) appends one record
 * per exit to a ring in a writable region. The guest makes known exits (two
 * port writes, an MMIO read, an MSR read), unregisters, and finds them in
 * the ring in order, with their values, numbered 1, 2, ... and in time order. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "hupcall_trace_prog.h"

HUPCALL_OBJECT(trace_obj);

EXPECT("ignore hupcall");
EXPECT("pio.out 0x80:1 = 0x11");
EXPECT("pio.out 0x80:1 = 0x22");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("msr.read 0x55550003 = *");
EXPECT_CASE(case_ring, "ring-holds-the-exits");

static struct trace_ring ring;

static const struct trace_rec *find(uint64_t from, uint64_t kind, uint64_t addr, uint64_t *at)
{
	for (uint64_t i = from; i < ring.head; i++) {
		const struct trace_rec *r = &ring.rec[i % TRACE_SLOTS];

		if (r->kind == kind && r->addr == addr) {
			*at = i + 1;
			return r;
		}
	}
	return 0;
}

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	const struct trace_rec *r;
	uint64_t at = 0, last_ns = 0;
	long st;

	st = hupcall_attach(&trace_obj, "hupcall/exit", UVMM_HUPCALL_EXIT, &ring, sizeof(ring),
			    UVMM_HUPCALL_WRITE, 0, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	outb(0x80, 0x11);
	outb(0x80, 0x22);
	GUEST_ASSERT_EQ(mmio_read32(UVMM_TESTDEV_BASE + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	(void)rdmsr(UVMM_MSR_SCRATCH + 3);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);

	/* Four exits, then the unregistering hypercall (not judged). */
	GUEST_ASSERT_EQ(ring.head, 4);
	GUEST_ASSERT_LE(ring.head, TRACE_SLOTS);
	for (uint64_t i = 0; i < ring.head; i++) {
		GUEST_ASSERT_EQ(ring.rec[i].seq, i + 1);
		GUEST_ASSERT_GE(ring.rec[i].now_ns, last_ns);
		last_ns = ring.rec[i].now_ns;
	}
	r = find(at, UVMM_EK_PIO_OUT, 0x80, &at);
	GUEST_ASSERT(r && r->value == 0x11);
	r = find(at, UVMM_EK_PIO_OUT, 0x80, &at);
	GUEST_ASSERT(r && r->value == 0x22);
	r = find(at, UVMM_EK_MMIO_READ, UVMM_TESTDEV_BASE + UVMM_TESTDEV_ID, &at);
	GUEST_ASSERT(r && r->value == UVMM_TESTDEV_MAGIC);
	r = find(at, UVMM_EK_MSR_READ, UVMM_MSR_SCRATCH + 3, &at);
	GUEST_ASSERT(r);
	report_pass(case_ring);
}
