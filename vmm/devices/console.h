/* The guest console sink shared by the 16550 and the console hypercall:
 * passes bytes to a host stream, marked and escaped so they cannot pass for
 * uvmm's own output, bounded so a flooding guest cannot fill a disk. */
#ifndef UVMM_DEVICES_CONSOLE_H
#define UVMM_DEVICES_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONSOLE_DEFAULT_LIMIT (1u << 20)
/* Starts every console line; no uvmm message starts with it. */
#define CONSOLE_PREFIX "guest| "

struct console {
	FILE *out;        /* NULL: discard */
	uint64_t limit;   /* bytes written to out at most (prefixes and escapes included) */
	uint64_t total;   /* bytes the guest wrote */
	uint64_t written; /* bytes written to out */
	uint64_t dropped; /* guest bytes not written: the limit was reached */
	int at_line_start;
};

void console_init(struct console *c, FILE *out, uint64_t limit);
void console_write(struct console *c, const void *buf, size_t len);
/* Ends an unterminated last line and says how much was dropped, if any. */
void console_finish(struct console *c);

#endif
