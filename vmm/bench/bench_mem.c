/* Both files are parsed line by line out of a small stack buffer, so that
 * measuring adds nothing to what is measured. */
#include "bench/bench_mem.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bench_mem_open(struct bench_mem_fds *f)
{
	f->status = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	f->smaps = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);
	if (f->status >= 0 && f->smaps >= 0)
		return 0;
	bench_mem_close(f);
	return -1;
}

void bench_mem_close(struct bench_mem_fds *f)
{
	if (f->status >= 0)
		close(f->status);
	if (f->smaps >= 0)
		close(f->smaps);
	f->status = f->smaps = -1;
}

typedef void (*line_fn)(const char *line, void *arg);

/* Calls fn for every line of the file behind fd, from its start. */
static int for_each_line(int fd, line_fn fn, void *arg)
{
	char buf[4096];
	size_t have = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *p, *nl;

		if (n < 0)
			return -1;
		have += (size_t)n;
		buf[have] = 0;
		for (p = buf; (nl = strchr(p, '\n')); p = nl + 1) {
			*nl = 0;
			fn(p, arg);
		}
		have = (size_t)(buf + have - p);
		memmove(buf, p, have);
		if (n == 0)
			return 0;
		if (have == sizeof(buf) - 1) /* a line longer than the buffer: drop it */
			have = 0;
	}
}

/* "Key:   1234 kB" -> 1234 when line starts with key. */
static int field_kb(const char *line, const char *key, uint64_t *out)
{
	size_t k = strlen(key);

	if (strncmp(line, key, k))
		return 0;
	*out = strtoull(line + k, NULL, 10);
	return 1;
}

struct status_acc {
	uint64_t rss, anon;
};

static void on_status(const char *line, void *arg)
{
	struct status_acc *a = arg;

	if (!field_kb(line, "VmRSS:", &a->rss))
		field_kb(line, "RssAnon:", &a->anon);
}

struct smaps_acc {
	uintptr_t lo, hi;
	int inside;
	uint64_t rss;
};

static void on_smaps(const char *line, void *arg)
{
	struct smaps_acc *a = arg;
	char *end;
	unsigned long start = strtoul(line, &end, 16), stop;
	uint64_t kb;

	/* A mapping's header: "start-end perms ...". */
	if (end != line && *end == '-') {
		stop = strtoul(end + 1, &end, 16);
		if (*end == ' ') {
			a->inside = start < a->hi && stop > a->lo;
			return;
		}
	}
	if (a->inside && field_kb(line, "Rss:", &kb))
		a->rss += kb;
}

int bench_mem_read(const struct bench_mem_fds *f, const void *base, size_t len, uint64_t *rss_kb,
		   uint64_t *anon_kb, uint64_t *range_kb)
{
	struct status_acc st = { 0, 0 };
	struct smaps_acc sm = { (uintptr_t)base, (uintptr_t)base + len, 0, 0 };

	if (for_each_line(f->status, on_status, &st) < 0 ||
	    for_each_line(f->smaps, on_smaps, &sm) < 0)
		return -1;
	*rss_kb = st.rss;
	*anon_kb = st.anon;
	*range_kb = sm.rss;
	return 0;
}
