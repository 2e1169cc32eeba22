/* x86 port I/O: one IN/OUT instruction per call; the string forms are a
 * single `rep ins/outs` (one exit with count > 1 under KVM). */
#ifndef UVMM_IO_H
#define UVMM_IO_H

#include <stddef.h>
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %w1" : : "a"(v), "Nd"(port) : "memory"); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %w1" : : "a"(v), "Nd"(port) : "memory"); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"(port) : "memory"); }

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %w1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %w1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* String forms take an element count, not a byte count. */
#define UVMM_IO_STRING(sfx)                                                            \
	static inline void outs##sfx(uint16_t port, const void *buf, size_t count)     \
	{                                                                              \
		__asm__ volatile("rep outs" #sfx                                       \
				 : "+S"(buf), "+c"(count) : "d"(port) : "memory");     \
	}                                                                              \
	static inline void ins##sfx(uint16_t port, void *buf, size_t count)            \
	{                                                                              \
		__asm__ volatile("rep ins" #sfx                                        \
				 : "+D"(buf), "+c"(count) : "d"(port) : "memory");     \
	}
UVMM_IO_STRING(b)
UVMM_IO_STRING(w)
UVMM_IO_STRING(l)
#undef UVMM_IO_STRING

#endif
