/* gdb target descriptions (target.xml) for uvmm's register layouts: the
 * architecture gdb is told ("i386:x86-64", "i386", "i8086") and every
 * register of the layout's table in gdb's standard i386 features, plus the
 * control registers and EFER in a feature of uvmm's own. */
#ifndef UVMM_GDB_TDESC_H
#define UVMM_GDB_TDESC_H

#include <stddef.h>

#include "gdb/regs.h"

/* Big enough for the largest description. */
#define GDB_TDESC_MAX 12288

/* Writes the XML document into buf[0..size) (NUL-terminated). Returns its
 * length, or 0 when it does not fit. */
size_t gdb_tdesc_build(enum gdb_layout l, const char *arch, char *buf, size_t size);

#endif
