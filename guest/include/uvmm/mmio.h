/* MMIO accessors: each call is exactly one access of the stated width (inline
 * asm, so the compiler can neither split, merge nor drop it). */
#ifndef UVMM_MMIO_H
#define UVMM_MMIO_H

#include <stdint.h>

#define UVMM_MMIO_RW(bits, sfx, reg)                                                       \
	static inline uint##bits##_t mmio_read##bits(uintptr_t addr)                    \
	{                                                                               \
		uint##bits##_t v;                                                       \
		__asm__ volatile("mov" #sfx " %1, %0"                                   \
				 : "=" reg(v) : "m"(*(volatile uint##bits##_t *)addr)      \
				 : "memory");                                           \
		return v;                                                               \
	}                                                                               \
	static inline void mmio_write##bits(uintptr_t addr, uint##bits##_t v)           \
	{                                                                               \
		__asm__ volatile("mov" #sfx " %1, %0"                                   \
				 : "=m"(*(volatile uint##bits##_t *)addr) : reg(v)      \
				 : "memory");                                           \
	}
/* "q": a register with a byte form in 32-bit code too. */
UVMM_MMIO_RW(8, b, "q")
UVMM_MMIO_RW(16, w, "r")
UVMM_MMIO_RW(32, l, "r")
#ifdef __x86_64__
/* 64-bit accesses need a 64-bit GPR: there is no single-access form without SSE
 * in 32-bit code, so 32/16-bit guests do not get these. */
UVMM_MMIO_RW(64, q, "r")
#endif
#undef UVMM_MMIO_RW

#endif
