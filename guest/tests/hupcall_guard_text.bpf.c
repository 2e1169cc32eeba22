/* The same guard as hupcall_guard_idt's. */
#include "hupcall_guard_idt.bpf.c"
