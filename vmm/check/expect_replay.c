/* A trace is parsed by the expectation parser itself, so that every form the
 * trace writer (expect_format_event) produces reads back; what a trace can
 * never hold (patterns and structure) is refused item by item. */
#include "check/expect_replay.h"

#include <stdlib.h>
#include <string.h>

#include "check/expect_internal.h"

/* Written by session/trace.c before exits matched by run-time text. */
static const char inserted_mark[] = "# (expected at run time) ";

struct expect_trace {
	struct expect_prog *prog;
};

/* The mark becomes blanks, so lines and columns stay those of the file. */
static char *unmark_inserted(const char *text, size_t len)
{
	const size_t n = sizeof(inserted_mark) - 1;
	char *t = malloc(len + 1);

	if (!t)
		return NULL;
	memcpy(t, text, len);
	t[len] = 0;
	for (size_t at = 0; at < len;) {
		if (len - at >= n && memcmp(t + at, inserted_mark, n) == 0)
			memset(t + at, ' ', n);
		while (at < len && t[at] != '\n')
			at++;
		at++;
	}
	return t;
}

/* The line of the first `ignore` (the program keeps only the mask). */
static unsigned ignore_line(const char *t)
{
	unsigned line = 1;

	for (const char *p = t; *p; line++) {
		p += strspn(p, " \t");
		if (strncmp(p, "ignore", 6) == 0)
			return line;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return line;
}

static int refuse(struct expect_error *err, const char *source, const struct xop *o, const char *why)
{
	snprintf(err->source, sizeof(err->source), "%s", source);
	err->line = o->line;
	err->col = o->col;
	snprintf(err->msg, sizeof(err->msg), "not a trace: %s", why);
	return -1;
}

/* Why op o cannot be an exit a trace recorded, or NULL. */
static const char *not_an_exit(const struct xcode *c, const struct xop *o)
{
	if (o->type != XOP_EXIT)
		return "a trace records exits, not repeat blocks";
	if (o->kind == XK_ANY)
		return "a trace records exits, 'any' is a pattern";
	if (o->wild & (XW_ADDR | XW_SIZE))
		return "'*' stands for no recorded address or size";
	/* A refused read has no value: `msr.read I = !gp` parses as one; so has
	 * a hyperupcall run that stopped: `hupcall exit 0 = !bounds`. */
	if ((o->wild & XW_VALUE) && o->count <= 1 && !(o->kind == EV_MSR_READ && o->status == 1) &&
	    !(o->kind == EV_HUPCALL && o->status != 0))
		return "'*' stands for no recorded value";
	if (o->dwild_off != XNONE)
		return "'*' stands for no recorded data element";
	for (uint32_t i = 0; i < o->nargs; i++)
		if (c->args[o->args_off + i].wild)
			return "'*' stands for no recorded hypercall argument";
	return NULL;
}

struct expect_trace *expect_trace_parse(const char *text, size_t len, const char *source,
					struct expect_error *err)
{
	struct expect_trace *t = calloc(1, sizeof(*t));
	char *clean = unmark_inserted(text, len);
	const struct xcode *c;
	int r = -1;

	memset(err, 0, sizeof(*err));
	if (!t || !clean || !(t->prog = expect_prog_new())) {
		snprintf(err->source, sizeof(err->source), "%s", source);
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		goto out;
	}
	if (expect_parse(t->prog, clean, len, source, err) < 0)
		goto out;
	c = &t->prog->code;
	if (t->prog->ignore) {
		struct xop at = { .line = ignore_line(clean), .col = 1 };
		refuse(err, source, &at, "a trace has no 'ignore' lines");
		goto out;
	}
	for (uint32_t i = 0; i < c->nops; i++) {
		const char *why = not_an_exit(c, &c->ops[i]);
		if (why) {
			refuse(err, source, &c->ops[i], why);
			goto out;
		}
	}
	r = 0;
out:
	free(clean);
	if (r < 0) {
		expect_trace_free(t);
		return NULL;
	}
	return t;
}

void expect_trace_free(struct expect_trace *t)
{
	if (!t)
		return;
	expect_prog_free(t->prog);
	free(t);
}

size_t expect_trace_count(const struct expect_trace *t)
{
	return t->prog->code.nops;
}

void expect_trace_event(const struct expect_trace *t, size_t i, struct exit_event *ev,
			unsigned *line)
{
	const struct xcode *c = &t->prog->code;
	const struct xop *o = &c->ops[i];

	memset(ev, 0, sizeof(*ev));
	ev->index = i;
	ev->kind = o->kind;
	ev->size = o->size;
	ev->addr = o->addr;
	ev->value = o->value;
	ev->count = o->count ? o->count : 1;
	ev->status = o->status;
	/* `= *` data: the trace did not keep it, as the run's trace did not. */
	if (o->count > 1 && !(o->wild & XW_VALUE))
		ev->data = c->pool + o->data_off;
	ev->nargs = o->nargs < EV_MAX_ARGS ? o->nargs : EV_MAX_ARGS;
	for (uint32_t a = 0; a < ev->nargs; a++) {
		const struct xarg *x = &c->args[o->args_off + a];
		if (x->is_str) {
			ev->args[a].str = (const char *)c->pool + x->off;
			ev->args[a].len = x->len;
		} else {
			ev->args[a].num = x->num;
		}
	}
	*line = o->line;
}
