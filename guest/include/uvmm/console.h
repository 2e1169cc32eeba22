/* COM1 console: every byte is one `outb` to the 16550 THR at 0x3f8 without
 * polling LSR (uvmm and QEMU both accept back-to-back writes). */
#ifndef UVMM_CONSOLE_H
#define UVMM_CONSOLE_H

#include <stddef.h>

void console_putc(char c);
void console_write(const char *buf, size_t len);
void console_puts(const char *s); /* no newline added */

#endif
