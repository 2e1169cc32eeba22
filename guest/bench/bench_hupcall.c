/* Benchmark guest for `uvmm bench hupcall`, not part of the suite. The same
 * question, "how much work is pending", asked by uvmm n times, every 1 ms:
 *   mode=program      a timer hyperupcall answers it inside uvmm;
 *   mode=upcall_hlt   uvmm sends an interrupt, the guest (halted) answers by
 *                     hypercall;
 *   mode=upcall_spin  the same with the guest running (spinning).
 * And 64 MiB of free pages given back:
 *   mode=reclaim      a reclaim hyperupcall names them from the guest's bitmap
 *                     (raised once by TRIGGER);
 *   mode=balloon      uvmm asks by interrupt (a 20 ms period), the guest reports them by
 *                     BALLOON hypercalls (512 page frames each), then answers.
 * uvmm times every answer (ask to answer) and counts resident pages; the
 * guest only makes the work happen. */
#include <uvmm/guest.h>
#include <uvmm/cmdline.h>
#include <uvmm/hupcall.h>
#include <uvmm/lapic.h>

#include "bench_hupcall_prog.h"

HUPCALL_OBJECT(bench_obj);

EXPECT("ignore hupcall");
EXPECT("ignore hcall");
UVMM_OPTIONS("irqchip=1 mem=128M timeout=120");

#define VEC 0x60
#define PERIOD_US 1000u
#define RECLAIM_PERIOD_US 20000u

static struct question q = { .pending = 42 };
static struct pool pool;
static volatile uint64_t answers, target;
static volatile int reclaimed;

static void on_question(struct exc_frame *f)
{
	(void)f;
	answers++;
	hupcall_answer(q.pending);
	if (answers == target)
		hupcall_unregister(UVMM_HUPCALL_TIMER);
	lapic_eoi();
}

static void fill_pool(void)
{
	for (unsigned i = 0; i < POOL_PAGES; i++)
		*(volatile uint64_t *)(uintptr_t)(POOL_BASE + (uint64_t)i * 4096) = i | 1;
	for (unsigned w = 0; w < POOL_WORDS; w++)
		pool.free[w] = ~0ull;
}

/* The balloon: every free page, 512 frame numbers per call, then the answer. */
static void on_balloon(struct exc_frame *f)
{
	static uint64_t pfns[UVMM_HUPCALL_BALLOON_MAX];
	uint64_t n = 0, total = 0;

	(void)f;
	for (unsigned i = 0; i < POOL_PAGES; i++) {
		if (!(pool.free[i / 64] >> (i % 64) & 1))
			continue;
		pfns[n++] = POOL_BASE / 4096 + i;
		if (n == UVMM_HUPCALL_BALLOON_MAX || i + 1 == POOL_PAGES) {
			GUEST_ASSERT_EQ(hupcall_balloon(pfns, n, 0), UVMM_HC_OK);
			total += n;
			n = 0;
		}
	}
	GUEST_ASSERT_EQ(hupcall_answer(total), UVMM_HC_OK);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_RECLAIM), UVMM_HC_OK);
	reclaimed = 1;
	lapic_eoi();
}

static void question(const char *mode, uint64_t n)
{
	struct uvmm_hupcall_out out;

	target = n;
	if (!strcmp(mode, "program")) {
		GUEST_ASSERT_EQ(hupcall_attach(&bench_obj, "hupcall/timer", UVMM_HUPCALL_TIMER, &q, sizeof(q),
					       UVMM_HUPCALL_WRITE, PERIOD_US, &out), UVMM_HC_OK, "%s", out.msg);
		while (*(volatile uint64_t *)&q.asked < n)
			__asm__ volatile("pause");
		GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_TIMER), UVMM_HC_OK);
		return;
	}
	idt_set_handler(VEC, on_question);
	GUEST_ASSERT_EQ(hupcall_register_upcall(UVMM_HUPCALL_TIMER, VEC, PERIOD_US, &out), UVMM_HC_OK,
			"%s", out.msg);
	if (!strcmp(mode, "upcall_hlt")) {
		cli();
		while (answers < n)
			irq_wait_once();
	} else {
		sti();
		while (answers < n)
			__asm__ volatile("pause");
		cli();
	}
}

static void discard(int balloon)
{
	struct uvmm_hupcall_out out;

	fill_pool();
	if (!balloon) {
		/* One run, raised by the guest: a periodic one could run again before
		 * the guest unregisters it and report the second run (nothing left
		 * resident). uvmm times the run and its discards, not the trigger. */
		GUEST_ASSERT_EQ(hupcall_attach(&bench_obj, "hupcall/reclaim", UVMM_HUPCALL_RECLAIM, &pool,
					       sizeof(pool), 0, 0, &out), UVMM_HC_OK, "%s", out.msg);
		GUEST_ASSERT_EQ(hupcall_trigger(UVMM_HUPCALL_RECLAIM, &out), UVMM_HC_OK, "%s", out.msg);
		GUEST_ASSERT_EQ(out.pages, POOL_PAGES);
		GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_RECLAIM), UVMM_HC_OK);
		return;
	}
	idt_set_handler(VEC + 1, on_balloon);
	GUEST_ASSERT_EQ(hupcall_register_upcall(UVMM_HUPCALL_RECLAIM, VEC + 1, RECLAIM_PERIOD_US, &out),
			UVMM_HC_OK, "%s", out.msg);
	cli();
	while (!reclaimed)
		irq_wait_once();
}

/* 1 when the value of key is exactly word. */
static int cmdline_is(const char *cmd, const char *key, const char *word)
{
	size_t len;
	const char *v = cmdline_value(cmd, key, &len);

	return v && strlen(word) == len && !memcmp(v, word, len);
}

void guest_main(void)
{
	const char *cmd = boot_cmdline();
	uint64_t n = cmdline_num(cmd, "n", 200);

	lapic_enable();
	if (cmdline_is(cmd, "mode", "program"))
		question("program", n);
	else if (cmdline_is(cmd, "mode", "upcall_hlt"))
		question("upcall_hlt", n);
	else if (cmdline_is(cmd, "mode", "upcall_spin"))
		question("upcall_spin", n);
	else if (cmdline_is(cmd, "mode", "reclaim"))
		discard(0);
	else if (cmdline_is(cmd, "mode", "balloon"))
		discard(1);
	else
		GUEST_ASSERT(0, "unknown mode in '%s'", cmd);
}
