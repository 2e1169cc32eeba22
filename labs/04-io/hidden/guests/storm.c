/* Hidden: 3000 commands, good and bad, each with its interrupt: nothing may
 * pile up in the device (the run ends under LeakSanitizer), and DONE counts
 * every one. */
#include <uvmm/lapic.h>

#include "labblk_guest.h"

#define VEC 0x46
#define N 3000

EXPECT_CASE(case_all_done, "all-commands-done");
UVMM_OPTIONS("irqchip=1");

void guest_main(void)
{
	uint32_t base = blk_rd(LABBLK_DONE);

	idt_set_handler(VEC, irq_count_eoi);
	lapic_enable();
	sti();
	blk_wr(LABBLK_MSI_VECTOR, VEC);
	blk_wr(LABBLK_DMA_LO, (uint32_t)LABBLK_BUF);
	blk_wr(LABBLK_DMA_HI, 0);
	blk_wr(LABBLK_COUNT, 1);
	for (unsigned i = 0; i < N; i++) {
		blk_wr(LABBLK_SECTOR, i % (LABBLK_SECTORS + 8));
		blk_wr(LABBLK_CMD, (i & 1) ? LABBLK_CMD_READ : LABBLK_CMD_WRITE);
	}
	if (blk_rd(LABBLK_DONE) - base == N && irq_hits == N)
		report_pass(case_all_done);
}
