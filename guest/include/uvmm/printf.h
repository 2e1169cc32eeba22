/* printf family for guests: %d %i %u %x %X %p %s %c %% with l/ll/z sizes,
 * width, '-' and '0' flags, and precision for %s. printf writes to COM1. */
#ifndef UVMM_PRINTF_H
#define UVMM_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

#define UVMM_PRINTF_FMT(f, a) __attribute__((format(printf, f, a)))

/* Returns the length the full output needs (like C99); buf gets at most size-1 bytes + NUL. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) UVMM_PRINTF_FMT(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) UVMM_PRINTF_FMT(3, 4);
/* Formats straight to the COM1 console, one port write per byte. */
int vprintf(const char *fmt, va_list ap) UVMM_PRINTF_FMT(1, 0);
int printf(const char *fmt, ...) UVMM_PRINTF_FMT(1, 2);

#endif
