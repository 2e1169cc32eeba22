/* eventfd helpers: open non-blocking, count, signal, poll, close. The
 * callers decide what a failure means (a warning in the run's log). */
#ifndef UVMM_UTIL_EFD_H
#define UVMM_UTIL_EFD_H

#include <stdint.h>

/* A close-on-exec, non-blocking eventfd in *fd. Returns 0 or -1 (errno). */
int efd_open(int *fd);
/* Reads and resets the count (0 when nothing was pending). Returns 0, or -1
 * (errno) on an error other than EAGAIN. fd < 0 is a no-op. */
int efd_drain(int fd, uint64_t *count);
/* Adds one. Returns 0 or -1 (errno). */
int efd_signal(int fd);
/* 1 when the count is non-zero (a poll with no wait). */
int efd_readable(int fd);
/* Closes *fd if open and sets it to -1. */
void efd_close(int *fd);

#endif
