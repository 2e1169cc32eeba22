/* Records are fixed-size copies; strings and string I/O data go to a bump
 * arena. Both are flushed (formatted with expect_format_event) when either
 * fills. Nothing is cut: every exit, however large its strings or data,
 * replays as written (--expect-only), and the per-exit cost is a few memcpy
 * calls. */
#include "session/trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/expect.h"
#include "util/errmsg.h"
#include "util/output.h"
#include "uvmm/abi.h"

/* Sized for resident memory, not speed: formatting costs the same per exit
 * whatever the batch, and a 4096-record ring alone was 1.4 MiB, most of the
 * 2 MiB the VMM may use beyond guest RAM (docs/bench.md). The arena still
 * holds the strings of the largest single exit (an expect hypercall). */
#define TRACE_RING 512
#define TRACE_ARENA (64u * 1024u)
_Static_assert(UVMM_HC_EXPECT_MAX + 4096 <= TRACE_ARENA,
	       "one exit's strings and a page of string I/O fit the arena");

struct trace_rec {
	struct exit_event ev; /* strings and data point into the arena */
	uint8_t mark;         /* enum trace_mark */
};

struct trace {
	FILE *out;
	int own;
	int error;
	unsigned n;
	uint32_t arena_used;
	struct trace_rec ring[TRACE_RING];
	char arena[TRACE_ARENA];
};

struct trace *trace_open(const char *path, FILE *dash, char *err, size_t errlen)
{
	struct trace *t = calloc(1, sizeof(*t));

	if (!t) {
		errmsg(err, errlen, "trace: out of memory");
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		t->out = dash;
	} else {
		t->out = output_open(path, err, errlen);
		t->own = 1;
	}
	if (!t->out) {
		free(t);
		return NULL;
	}
	fprintf(t->out, "# uvmm trace: one line per exit, in expectation syntax\n");
	return t;
}

/* A run of single-byte console writes reads best as one string item. */
static int is_console_byte(const struct trace_rec *r)
{
	const struct exit_event *ev = &r->ev;

	return r->mark == TRACE_CHECKED && ev->kind == EV_PIO_OUT && ev->addr == UVMM_COM1_PORT && ev->size == 1 &&
	       ev->count == 1;
}

static void put_escaped_byte(FILE *f, uint8_t c)
{
	static const char esc[][2] = { { '\n', 'n' }, { '\r', 'r' }, { '\t', 't' },
				       { '"', '"' }, { '\\', '\\' }, { 0, '0' } };

	for (size_t i = 0; i < sizeof(esc) / sizeof(esc[0]); i++) {
		if (c == (uint8_t)esc[i][0]) {
			fprintf(f, "\\%c", esc[i][1]);
			return;
		}
	}
	if (c < 0x20 || c >= 0x7f)
		fprintf(f, "\\x%02x", c);
	else
		fputc(c, f);
}

/* One exit's line, through a buffer that grows for the rare large one. */
static void put_event(struct trace *t, const struct exit_event *ev)
{
	char line[512], *big;
	size_t n = expect_format_event(ev, line, sizeof(line));

	if (n < sizeof(line)) {
		fputs(line, t->out);
		return;
	}
	big = malloc(n + 1);
	if (!big) {
		t->error = 1;
		return;
	}
	expect_format_event(ev, big, n + 1);
	fputs(big, t->out);
	free(big);
}

static void trace_flush(struct trace *t)
{
	for (unsigned i = 0; i < t->n; i++) {
		struct exit_event *ev = &t->ring[i].ev;

		if (is_console_byte(&t->ring[i]) && i + 1 < t->n && is_console_byte(&t->ring[i + 1])) {
			fprintf(t->out, "pio.out 0x%x:1 = \"", UVMM_COM1_PORT);
			for (; i < t->n && is_console_byte(&t->ring[i]); i++)
				put_escaped_byte(t->out, (uint8_t)t->ring[i].ev.value);
			fputs("\"\n", t->out);
			i--;
			continue;
		}
		if (t->ring[i].mark == TRACE_INSERTED)
			fputs("# (expected at run time) ", t->out);
		else if (t->ring[i].mark == TRACE_UNCHECKED)
			fputs("# (never checked) ", t->out);
		put_event(t, ev);
		fputc('\n', t->out);
	}
	t->n = 0;
	t->arena_used = 0;
	if (ferror(t->out))
		t->error = 1;
}

void trace_record(struct trace *t, const struct exit_event *ev, enum trace_mark mark)
{
	struct trace_rec *r;
	uint64_t need = 0, dlen = 0;

	if (!t)
		return;
	if (ev->count > 1 && ev->data)
		dlen = (uint64_t)ev->count * ev->size;
	need = dlen;
	for (uint32_t i = 0; i < ev->nargs; i++)
		if (ev->args[i].str)
			need += ev->args[i].len;
	/* One exit's strings and data (at most an expect text, or a page of
	 * string I/O) always fit the arena: the ABI and KVM bound them. */
	if (need > TRACE_ARENA) {
		t->error = 1;
		return;
	}
	if (t->n == TRACE_RING || need > TRACE_ARENA - t->arena_used)
		trace_flush(t);
	r = &t->ring[t->n++];
	r->ev = *ev;
	r->mark = (uint8_t)mark;
	if (dlen) {
		memcpy(t->arena + t->arena_used, ev->data, dlen);
		r->ev.data = (const uint8_t *)t->arena + t->arena_used;
		t->arena_used += (uint32_t)dlen;
	}
	for (uint32_t i = 0; i < ev->nargs; i++) {
		if (!ev->args[i].str)
			continue;
		memcpy(t->arena + t->arena_used, ev->args[i].str, ev->args[i].len);
		r->ev.args[i].str = t->arena + t->arena_used;
		t->arena_used += ev->args[i].len;
	}
}

int trace_close(struct trace *t)
{
	int rc;

	if (!t)
		return 0;
	trace_flush(t);
	rc = t->error ? -1 : 0;
	if (t->own && fclose(t->out))
		rc = -1;
	else if (!t->own)
		fflush(t->out);
	free(t);
	return rc;
}
