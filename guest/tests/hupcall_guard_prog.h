/* What the guard program and its guest share: where the protected ranges
 * are and their hashes at registration (the program gets its address in r4). */
#ifndef HUPCALL_GUARD_PROG_H
#define HUPCALL_GUARD_PROG_H

#include <stdint.h>

struct guard {
	uint64_t text, text_len, text_hash;
	uint64_t idt, idt_len, idt_hash;
};

/* The program's verdicts. */
#define GUARD_TEXT_CHANGED 1
#define GUARD_IDT_CHANGED 2

#endif
