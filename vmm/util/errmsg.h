/* One-line error messages into a caller's buffer: the convention every
 * validating function in uvmm follows (return -1, reason in err). */
#ifndef UVMM_UTIL_ERRMSG_H
#define UVMM_UTIL_ERRMSG_H

#include <stdarg.h>
#include <stddef.h>

/* Formats the reason into err[0..errlen) and returns -1. */
__attribute__((format(printf, 3, 4)))
int errmsg(char *err, size_t errlen, const char *fmt, ...);
__attribute__((format(printf, 3, 0)))
int verrmsg(char *err, size_t errlen, const char *fmt, va_list ap);

/* The same for an error in a file the user edits: "source:line: reason". */
__attribute__((format(printf, 5, 6)))
int errmsg_line(char *err, size_t errlen, const char *source, unsigned line, const char *fmt, ...);

#endif
