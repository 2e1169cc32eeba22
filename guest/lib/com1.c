/* COM1 console output on uvmm and QEMU: one `outb` to the THR per byte, no
 * LSR polling, so the exits are exactly the bytes written. */
#include <uvmm/abi.h>
#include <uvmm/console.h>
#include <uvmm/io.h>

void console_putc(char c)
{
	outb(UVMM_COM1_PORT, (uint8_t)c);
}
