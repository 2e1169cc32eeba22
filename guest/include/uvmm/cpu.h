/* Privileged CPU helpers: CPUID, MSRs, control registers, interrupts flag,
 * TLB and descriptor-table loads. Usable from 64-, 32- and 16-bit guests. */
#ifndef UVMM_CPU_H
#define UVMM_CPU_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdmsr(uint32_t index)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(index) : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t index, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(index), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Control registers are native width (unsigned long is 64 bits only in 64-bit code). */
#define UVMM_CR_ACCESS(n)                                                       \
	static inline unsigned long read_cr##n(void)                            \
	{                                                                       \
		unsigned long v;                                                \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v) : : "memory");  \
		return v;                                                       \
	}                                                                       \
	static inline void write_cr##n(unsigned long v)                         \
	{                                                                       \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");      \
	}
UVMM_CR_ACCESS(0)
UVMM_CR_ACCESS(2)
UVMM_CR_ACCESS(3)
UVMM_CR_ACCESS(4)
#undef UVMM_CR_ACCESS

static inline void cli(void) { __asm__ volatile("cli" : : : "memory"); }
static inline void sti(void) { __asm__ volatile("sti" : : : "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" : : : "memory"); }
static inline void invlpg(const volatile void *va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

static inline unsigned long read_flags(void)
{
	unsigned long f;
	__asm__ volatile("pushf\n\tpop %0" : "=r"(f) : : "memory");
	return f;
}

/* Operand of LGDT/LIDT: limit then a native-width base. */
struct desc_ptr {
	uint16_t limit;
	uintptr_t base;
} __attribute__((packed));

static inline void lgdt(const struct desc_ptr *d) { __asm__ volatile("lgdt %0" : : "m"(*d) : "memory"); }
static inline void lidt(const struct desc_ptr *d) { __asm__ volatile("lidt %0" : : "m"(*d) : "memory"); }
static inline void sgdt(struct desc_ptr *d) { __asm__ volatile("sgdt %0" : "=m"(*d) : : "memory"); }
static inline void sidt(struct desc_ptr *d) { __asm__ volatile("sidt %0" : "=m"(*d) : : "memory"); }

#define X86_CR0_PE (1ul << 0)
#define X86_CR0_MP (1ul << 1)
#define X86_CR0_EM (1ul << 2)
#define X86_CR0_TS (1ul << 3)
#define X86_CR0_ET (1ul << 4)
#define X86_CR0_NE (1ul << 5)
#define X86_CR0_WP (1ul << 16)
#define X86_CR0_AM (1ul << 18)
#define X86_CR0_PG (1ul << 31)
#define X86_CR4_VME (1ul << 0)
#define X86_CR4_PVI (1ul << 1)
#define X86_CR4_TSD (1ul << 2)     /* RDTSC/RDTSCP at CPL > 0 raise #GP */
#define X86_CR4_DE (1ul << 3)
#define X86_CR4_PSE (1ul << 4)
#define X86_CR4_PAE (1ul << 5)
#define X86_CR4_PGE (1ul << 7)
#define X86_CR4_PCE (1ul << 8)     /* RDPMC allowed at CPL > 0 */
#define X86_CR4_OSFXSR (1ul << 9)
#define X86_CR4_UMIP (1ul << 11)   /* SGDT/SIDT/SLDT/SMSW/STR at CPL > 0 raise #GP */
#define X86_CR4_FSGSBASE (1ul << 16)
#define X86_CR4_PCIDE (1ul << 17)
#define X86_CR4_OSXSAVE (1ul << 18)
#define X86_CR4_SMEP (1ul << 20)
#define X86_CR4_SMAP (1ul << 21)
#define X86_CR4_PKE (1ul << 22)
#define X86_MSR_EFER 0xc0000080u
#define X86_EFER_SCE (1ull << 0)   /* SYSCALL/SYSRET */
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_EFER_NXE (1ull << 11)
#define X86_MSR_TSC_AUX 0xc0000103u
#define X86_RFLAGS_CF (1ul << 0)
#define X86_RFLAGS_FIXED (1ul << 1) /* always 1 */
#define X86_RFLAGS_ZF (1ul << 6)
#define X86_RFLAGS_TF (1ul << 8)
#define X86_RFLAGS_IF (1ul << 9)
#define X86_RFLAGS_DF (1ul << 10)
#define X86_RFLAGS_IOPL (3ul << 12)
#define X86_RFLAGS_IOPL_SHIFT 12
#define X86_RFLAGS_NT (1ul << 14)
#define X86_RFLAGS_AC (1ul << 18)
#define X86_RFLAGS_ID (1ul << 21)
/* CPUID bits the trap-and-emulate tests look at. */
#define X86_CPUID7_ECX_UMIP (1u << 2)
#define X86_CPUID80000001_EDX_RDTSCP (1u << 27)

/* ---- Sensitive but unprivileged: state a CPL-3 program can read (without
 * UMIP) although it describes the kernel's machine (docs/trap-emulate.md). */

/* The CS selector: its RPL is the CPL. */
static inline uint16_t read_cs(void)
{
	uint16_t v;
	__asm__ volatile("mov %%cs, %0" : "=r"(v));
	return v;
}

/* The selectors in TR and LDTR (16 bits, zero-extended). */
static inline uint16_t str(void)
{
	uint16_t v;
	__asm__ volatile("str %0" : "=r"(v));
	return v;
}

static inline uint16_t sldt(void)
{
	uint16_t v;
	__asm__ volatile("sldt %0" : "=r"(v));
	return v;
}

/* SMSW with a 16-bit register: CR0[15:0]. (With a 32-bit register in 64-bit
 * mode it stores CR0[31:0]; to memory always 16 bits: see the tests.) */
static inline uint16_t smsw(void)
{
	uint16_t v;
	__asm__ volatile("smsw %0" : "=r"(v));
	return v;
}

/* LAR/LSL: ZF says whether the descriptor is visible (valid, of a type the
 * instruction accepts, DPL >= CPL and RPL); only then *out is written (access
 * rights masked with 0x00FxFF00, or the byte-granular limit). Return 1 = valid. */
static inline int lar(uint16_t sel, unsigned long *out)
{
	uint8_t ok;
	__asm__ volatile("lar %w2, %0\n\tsetz %1" : "+r"(*out), "=qm"(ok) : "r"(sel) : "cc");
	return ok;
}

static inline int lsl(uint16_t sel, unsigned long *out)
{
	uint8_t ok;
	__asm__ volatile("lsl %w2, %0\n\tsetz %1" : "+r"(*out), "=qm"(ok) : "r"(sel) : "cc");
	return ok;
}

/* VERR/VERW: 1 when the segment is readable/writable from this CPL and RPL. */
static inline int verr(uint16_t sel)
{
	uint8_t ok;
	__asm__ volatile("verr %w1\n\tsetz %0" : "=qm"(ok) : "r"(sel) : "cc");
	return ok;
}

static inline int verw(uint16_t sel)
{
	uint8_t ok;
	__asm__ volatile("verw %w1\n\tsetz %0" : "=qm"(ok) : "r"(sel) : "cc");
	return ok;
}

static inline uint64_t rdtscp(uint32_t *aux)
{
	uint32_t lo, hi, c;
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(c));
	if (aux)
		*aux = c;
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdpmc(uint32_t counter)
{
	uint32_t lo, hi;
	__asm__ volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(counter));
	return ((uint64_t)hi << 32) | lo;
}

static inline void write_flags(unsigned long f)
{
	__asm__ volatile("push %0\n\tpopf" : : "r"(f) : "memory", "cc");
}

#endif
