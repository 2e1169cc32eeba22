/* An in-place sort that makes no system call: glibc's qsort may ask the
 * kernel for the machine's memory size (sysinfo), which the run's seccomp
 * sandbox refuses. O(n log n), no allocation, not stable. */
#ifndef UVMM_UTIL_HEAPSORT_H
#define UVMM_UTIL_HEAPSORT_H

#include <stddef.h>

void heapsort_any(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
