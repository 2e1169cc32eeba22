/* The x86 register sets uvmm offers gdb, one table per layout: the order is
 * gdb's register numbering (the 'g' packet and 'p'/'P' numbers), and the
 * same table makes the target description (tdesc.c). */
#ifndef UVMM_GDB_REGS_H
#define UVMM_GDB_REGS_H

#include <stdint.h>

/* What a register is, whatever layout shows it (eax and rax are GR_RAX). */
enum gdb_reg_id {
	GR_RAX, GR_RBX, GR_RCX, GR_RDX, GR_RSI, GR_RDI, GR_RBP, GR_RSP,
	GR_R8, GR_R9, GR_R10, GR_R11, GR_R12, GR_R13, GR_R14, GR_R15,
	GR_RIP, GR_EFLAGS,
	GR_CS, GR_SS, GR_DS, GR_ES, GR_FS, GR_GS,
	GR_ST0, GR_ST1, GR_ST2, GR_ST3, GR_ST4, GR_ST5, GR_ST6, GR_ST7,
	GR_FCTRL, GR_FSTAT, GR_FTAG, GR_FISEG, GR_FIOFF, GR_FOSEG, GR_FOOFF, GR_FOP,
	GR_XMM0, GR_XMM1, GR_XMM2, GR_XMM3, GR_XMM4, GR_XMM5, GR_XMM6, GR_XMM7,
	GR_XMM8, GR_XMM9, GR_XMM10, GR_XMM11, GR_XMM12, GR_XMM13, GR_XMM14, GR_XMM15,
	GR_MXCSR,
	GR_FS_BASE, GR_GS_BASE,
	GR_CR0, GR_CR2, GR_CR3, GR_CR4, GR_CR8, GR_EFER,
	GR_ID_COUNT
};

/* Largest register in bytes (xmm). */
#define GDB_REG_MAX_BYTES 16

enum gdb_feature { GF_CORE, GF_SSE, GF_SEGMENTS, GF_SYS, GF_COUNT };

struct gdb_reg {
	const char *name;
	uint8_t id;       /* enum gdb_reg_id */
	uint8_t feature;  /* enum gdb_feature */
	uint16_t bits;
	const char *type; /* tdesc type name */
	const char *group; /* NULL: gdb decides */
};

enum gdb_layout { GDB_LAYOUT_AMD64, GDB_LAYOUT_I386, GDB_LAYOUT_COUNT };

struct gdb_regset {
	const struct gdb_reg *regs;
	unsigned n;
	unsigned pc, sp, fp;   /* numbers of rip/eip, rsp/esp, rbp/ebp (stop replies) */
};

const struct gdb_regset *gdb_regset(enum gdb_layout l);

/* Total bytes of a 'g' packet's data (before hex) for the layout. */
unsigned gdb_regset_bytes(const struct gdb_regset *rs);

#endif
