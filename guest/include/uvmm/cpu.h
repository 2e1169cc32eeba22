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
#define X86_CR0_WP (1ul << 16)
#define X86_CR0_PG (1ul << 31)
#define X86_CR4_PAE (1ul << 5)
#define X86_MSR_EFER 0xc0000080u
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_RFLAGS_IF (1ul << 9)

#endif
