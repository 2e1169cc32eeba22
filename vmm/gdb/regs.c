/* gdb's own x86 numbering (amd64: rax rbx rcx rdx rsi rdi rbp rsp r8..r15
 * rip eflags, segments, x87, sse; i386: eax ecx edx ebx esp ebp esi edi
 * eip ...), then fs_base/gs_base and the control registers uvmm adds. */
#include "gdb/regs.h"

#include <stddef.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define X87                                                                            \
	{ "st0", GR_ST0, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st1", GR_ST1, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st2", GR_ST2, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st3", GR_ST3, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st4", GR_ST4, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st5", GR_ST5, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st6", GR_ST6, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "st7", GR_ST7, GF_CORE, 80, "i387_ext", NULL },                              \
	{ "fctrl", GR_FCTRL, GF_CORE, 32, "int", "float" },                            \
	{ "fstat", GR_FSTAT, GF_CORE, 32, "int", "float" },                            \
	{ "ftag", GR_FTAG, GF_CORE, 32, "int", "float" },                              \
	{ "fiseg", GR_FISEG, GF_CORE, 32, "int", "float" },                            \
	{ "fioff", GR_FIOFF, GF_CORE, 32, "int", "float" },                            \
	{ "foseg", GR_FOSEG, GF_CORE, 32, "int", "float" },                            \
	{ "fooff", GR_FOOFF, GF_CORE, 32, "int", "float" },                            \
	{ "fop", GR_FOP, GF_CORE, 32, "int", "float" }

#define SEGMENTS                                                                       \
	{ "cs", GR_CS, GF_CORE, 32, "int32", NULL },                                   \
	{ "ss", GR_SS, GF_CORE, 32, "int32", NULL },                                   \
	{ "ds", GR_DS, GF_CORE, 32, "int32", NULL },                                   \
	{ "es", GR_ES, GF_CORE, 32, "int32", NULL },                                   \
	{ "fs", GR_FS, GF_CORE, 32, "int32", NULL },                                   \
	{ "gs", GR_GS, GF_CORE, 32, "int32", NULL }

#define XMM(i) { "xmm" #i, GR_XMM##i, GF_SSE, 128, "vec128", NULL }

static const struct gdb_reg amd64[] = {
	{ "rax", GR_RAX, GF_CORE, 64, "int64", NULL },
	{ "rbx", GR_RBX, GF_CORE, 64, "int64", NULL },
	{ "rcx", GR_RCX, GF_CORE, 64, "int64", NULL },
	{ "rdx", GR_RDX, GF_CORE, 64, "int64", NULL },
	{ "rsi", GR_RSI, GF_CORE, 64, "int64", NULL },
	{ "rdi", GR_RDI, GF_CORE, 64, "int64", NULL },
	{ "rbp", GR_RBP, GF_CORE, 64, "data_ptr", NULL },
	{ "rsp", GR_RSP, GF_CORE, 64, "data_ptr", NULL },
	{ "r8", GR_R8, GF_CORE, 64, "int64", NULL },
	{ "r9", GR_R9, GF_CORE, 64, "int64", NULL },
	{ "r10", GR_R10, GF_CORE, 64, "int64", NULL },
	{ "r11", GR_R11, GF_CORE, 64, "int64", NULL },
	{ "r12", GR_R12, GF_CORE, 64, "int64", NULL },
	{ "r13", GR_R13, GF_CORE, 64, "int64", NULL },
	{ "r14", GR_R14, GF_CORE, 64, "int64", NULL },
	{ "r15", GR_R15, GF_CORE, 64, "int64", NULL },
	{ "rip", GR_RIP, GF_CORE, 64, "code_ptr", NULL },
	{ "eflags", GR_EFLAGS, GF_CORE, 32, "i386_eflags", NULL },
	SEGMENTS,
	X87,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15),
	{ "mxcsr", GR_MXCSR, GF_SSE, 32, "i386_mxcsr", "vector" },
	{ "fs_base", GR_FS_BASE, GF_SEGMENTS, 64, "int", NULL },
	{ "gs_base", GR_GS_BASE, GF_SEGMENTS, 64, "int", NULL },
	{ "cr0", GR_CR0, GF_SYS, 64, "x86_cr0", NULL },
	{ "cr2", GR_CR2, GF_SYS, 64, "int", NULL },
	{ "cr3", GR_CR3, GF_SYS, 64, "int", NULL },
	{ "cr4", GR_CR4, GF_SYS, 64, "x86_cr4", NULL },
	{ "cr8", GR_CR8, GF_SYS, 64, "int", NULL },
	{ "efer", GR_EFER, GF_SYS, 64, "x86_efer", NULL },
};

static const struct gdb_reg i386[] = {
	{ "eax", GR_RAX, GF_CORE, 32, "int32", NULL },
	{ "ecx", GR_RCX, GF_CORE, 32, "int32", NULL },
	{ "edx", GR_RDX, GF_CORE, 32, "int32", NULL },
	{ "ebx", GR_RBX, GF_CORE, 32, "int32", NULL },
	{ "esp", GR_RSP, GF_CORE, 32, "data_ptr", NULL },
	{ "ebp", GR_RBP, GF_CORE, 32, "data_ptr", NULL },
	{ "esi", GR_RSI, GF_CORE, 32, "int32", NULL },
	{ "edi", GR_RDI, GF_CORE, 32, "int32", NULL },
	{ "eip", GR_RIP, GF_CORE, 32, "code_ptr", NULL },
	{ "eflags", GR_EFLAGS, GF_CORE, 32, "i386_eflags", NULL },
	SEGMENTS,
	X87,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	{ "mxcsr", GR_MXCSR, GF_SSE, 32, "i386_mxcsr", "vector" },
	/* Not in org.gnu.gdb.i386.segments: gdb 13 numbers those past the
	 * register count of a bare i386 and fails an internal assertion. */
	{ "fs_base", GR_FS_BASE, GF_SYS, 32, "int", NULL },
	{ "gs_base", GR_GS_BASE, GF_SYS, 32, "int", NULL },
	{ "cr0", GR_CR0, GF_SYS, 32, "x86_cr0", NULL },
	{ "cr2", GR_CR2, GF_SYS, 32, "int", NULL },
	{ "cr3", GR_CR3, GF_SYS, 32, "int", NULL },
	{ "cr4", GR_CR4, GF_SYS, 32, "x86_cr4", NULL },
	{ "cr8", GR_CR8, GF_SYS, 32, "int", NULL },
	{ "efer", GR_EFER, GF_SYS, 64, "x86_efer", NULL },
};

static const struct gdb_regset sets[GDB_LAYOUT_COUNT] = {
	[GDB_LAYOUT_AMD64] = { amd64, N(amd64), 16, 7, 6 },
	[GDB_LAYOUT_I386] = { i386, N(i386), 8, 4, 5 },
};

const struct gdb_regset *gdb_regset(enum gdb_layout l)
{
	return l < GDB_LAYOUT_COUNT ? &sets[l] : &sets[GDB_LAYOUT_AMD64];
}

unsigned gdb_regset_bytes(const struct gdb_regset *rs)
{
	unsigned n = 0;

	for (unsigned i = 0; i < rs->n; i++)
		n += rs->regs[i].bits / 8;
	return n;
}
