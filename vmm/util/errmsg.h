/* One-line error messages into a caller's buffer: the convention every
 * validating function in uvmm follows (return -1, reason in err). */
#ifndef UVMM_ERRMSG_H
#define UVMM_ERRMSG_H

#include <stddef.h>

/* Formats the reason into err[0..errlen) and returns -1. */
__attribute__((format(printf, 3, 4)))
int errmsg(char *err, size_t errlen, const char *fmt, ...);

#endif
