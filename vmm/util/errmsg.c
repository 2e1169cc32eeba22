#include "util/errmsg.h"

#include <stdio.h>

int verrmsg(char *err, size_t errlen, const char *fmt, va_list ap)
{
	vsnprintf(err, errlen, fmt, ap);
	return -1;
}

int errmsg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrmsg(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int errmsg_line(char *err, size_t errlen, const char *source, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errmsg(err, errlen, "%s:%u: %s", source, line, msg);
}
