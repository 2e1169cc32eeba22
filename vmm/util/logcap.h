/* A byte budget for messages a guest can trigger again and again (rejected
 * hypercalls, refused device accesses, exception reports): the log of a run
 * stays bounded whatever the guest does, and says what it dropped. */
#ifndef UVMM_UTIL_LOGCAP_H
#define UVMM_UTIL_LOGCAP_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LOGCAP_DEFAULT (256u << 10) /* bytes of guest-triggered messages per run */

struct logcap {
	FILE *out;
	size_t limit, used;
	uint64_t dropped;        /* messages not written */
	pthread_mutex_t lock;    /* vCPU and device threads share it */
};

void logcap_init(struct logcap *l, FILE *out, size_t limit);
/* Writes one message if it fits in what is left (the first one that does not
 * says so, once); otherwise counts it as dropped. Thread-safe. */
__attribute__((format(printf, 2, 3))) void logcap_printf(struct logcap *l, const char *fmt, ...);
/* Says how many messages were dropped, if any; then releases the lock. */
void logcap_finish(struct logcap *l);

#endif
