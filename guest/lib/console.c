/* Console strings, one console_putc per byte (the platform's: com1.c on
 * uvmm and QEMU -kernel, guest/efi/efi_console.c under UEFI). */
#include <uvmm/console.h>
#include <uvmm/string.h>

void console_write(const char *buf, size_t len)
{
	while (len--)
		console_putc(*buf++);
}

void console_puts(const char *s)
{
	console_write(s, strlen(s));
}
