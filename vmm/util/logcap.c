#include "util/logcap.h"

#include <stdarg.h>

void logcap_init(struct logcap *l, FILE *out, size_t limit)
{
	l->out = out;
	l->limit = limit;
	l->used = 0;
	l->dropped = 0;
	pthread_mutex_init(&l->lock, NULL);
}

void logcap_printf(struct logcap *l, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	pthread_mutex_lock(&l->lock);
	if (l->used + (size_t)n <= l->limit) {
		fwrite(line, 1, (size_t)n, l->out);
		l->used += (size_t)n;
	} else if (l->dropped++ == 0) {
		fprintf(l->out, "uvmm: the guest has triggered %zu bytes of messages: further ones are "
			"dropped (counted at the end)\n", l->used);
	}
	pthread_mutex_unlock(&l->lock);
}

void logcap_finish(struct logcap *l)
{
	if (l->dropped)
		fprintf(l->out, "uvmm: %llu guest-triggered messages were dropped\n",
			(unsigned long long)l->dropped);
	pthread_mutex_destroy(&l->lock);
}
