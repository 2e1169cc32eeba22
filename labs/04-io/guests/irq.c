/* Lab 4: the completion interrupt. With MSI_VECTOR set, every command (a
 * failing one too) ends with one MSI of that vector; with it 0, none. The
 * interrupt itself is no exit (the in-kernel LAPIC takes it): the guest
 * counts what arrived and reports it. */
#include <uvmm/lapic.h>

#include "labblk_tests.h"

#define VEC 0x45

EXPECT_CASE(case_one, "irq-per-command");
EXPECT_CASE(case_error, "irq-on-error");
EXPECT_CASE(case_none, "irq-off");
UVMM_OPTIONS("irqchip=1");

void guest_main(void)
{
	idt_set_handler(VEC, irq_count_eoi);
	lapic_enable();
	sti();
	blk_wr(LABBLK_MSI_VECTOR, VEC);
	blk_command(LABBLK_CMD_READ, 1, 1, LABBLK_BUF);
	if (irq_hits == 1 && irq_last_vector == VEC)
		report_pass(case_one);
	blk_command(LABBLK_CMD_READ, LABBLK_SECTORS, 1, LABBLK_BUF); /* off the disk */
	if (irq_hits == 2)
		report_pass(case_error);
	blk_wr(LABBLK_MSI_VECTOR, 0);
	blk_command(LABBLK_CMD_READ, 2, 1, LABBLK_BUF);
	if (irq_hits == 2)
		report_pass(case_none);
}
