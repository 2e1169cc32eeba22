/* The console under UEFI after ExitBootServices: COM1 if the machine has
 * one, with the transmitter polled (a real 16550 drops bytes written
 * back to back, unlike uvmm's and QEMU's). Without COM1 output is dropped
 * here; the results still reach the sequencer's file (efi_record.c). */
#include <uvmm/abi.h>
#include <uvmm/console.h>
#include <uvmm/io.h>

#include "efi_platform.h"

#define UART_SCRATCH 7
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define THRE_POLLS 100000u /* ~10 ms of port reads: a stuck UART must not hang the test */

static int present;

void efi_console_init(void)
{
	/* The scratch register holds what is written; a missing UART reads 0xff. */
	outb(UVMM_COM1_PORT + UART_SCRATCH, 0x5a);
	present = inb(UVMM_COM1_PORT + UART_SCRATCH) == 0x5a;
	outb(UVMM_COM1_PORT + UART_SCRATCH, 0xa5);
	present = present && inb(UVMM_COM1_PORT + UART_SCRATCH) == 0xa5;
}

int efi_console_present(void)
{
	return present;
}

void console_putc(char c)
{
	if (!present)
		return;
	for (unsigned i = 0; i < THRE_POLLS; i++)
		if (inb(UVMM_COM1_PORT + UART_LSR) & UART_LSR_THRE)
			break;
	outb(UVMM_COM1_PORT, (uint8_t)c);
}
