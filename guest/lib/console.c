/* COM1 console output: one `outb` to the THR per byte, no LSR polling, so the
 * exits are exactly the bytes written. */
#include <uvmm/abi.h>
#include <uvmm/console.h>
#include <uvmm/io.h>
#include <uvmm/string.h>

void console_putc(char c)
{
	outb(UVMM_COM1_PORT, (uint8_t)c);
}

void console_write(const char *buf, size_t len)
{
	while (len--)
		console_putc(*buf++);
}

void console_puts(const char *s)
{
	console_write(s, strlen(s));
}
