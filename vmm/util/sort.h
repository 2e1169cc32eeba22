/* An in-place heap sort with qsort's interface. glibc's qsort may call
 * sysinfo() (to size a merge buffer), which the run's seccomp sandbox
 * forbids; this one makes no system call and needs no memory. */
#ifndef UVMM_UTIL_SORT_H
#define UVMM_UTIL_SORT_H

#include <stddef.h>

/* Not stable. size: bytes per element (at most 64). */
void heap_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
