/* The failure report of a checker: where the run and the expectations part
 * (exit index, RIP, source position), expected vs actual, and what was cut. */
#include <inttypes.h>
#include <stdlib.h>

#include "check/expect_internal.h"

static void put_pos(struct sbuf *sb, const struct xcode *code, uint32_t op)
{
	sb_printf(sb, "%s:%" PRIu32 ":%" PRIu32, xsrc(code, op), code->ops[op].line,
		  code->ops[op].col);
}

static void put_miss(struct sbuf *sb, const struct expect_checker *c)
{
	const struct xfail *f = &c->fail;
	static const char *const what[] = {
		[XM_SIZE] = "size", [XM_COUNT] = "count", [XM_VALUE] = "value",
		[XM_GP] = "#GP",    [XM_STATUS] = "status", [XM_NARGS] = "number of arguments",
	};
	sb_puts(sb, "wrong value (");
	if (f->miss == XM_DATA) {
		sb_printf(sb, "data element %" PRIu32, f->which);
	} else if (f->miss == XM_ARG) {
		const struct xop *o = &c->code.ops[f->op];
		const struct hc_desc *d = o->kind == EV_HCALL ? hc_desc(o->addr) : NULL;
		const char *name = d && f->which < hc_max_args(d) ? d->args[f->which].name : NULL;
		sb_printf(sb, "argument %" PRIu32, f->which + 1);
		if (name)
			sb_printf(sb, " (%s)", name);
	} else {
		sb_puts(sb, f->miss < sizeof(what) / sizeof(what[0]) && what[f->miss]
			? what[f->miss] : "value");
	}
	sb_puts(sb, " differs)");
}

static void put_header(struct sbuf *sb, const struct expect_checker *c)
{
	const struct xfail *f = &c->fail;
	if (f->kind == XF_MISSING) {
		sb_puts(sb, "uvmm: missing exit: ");
		put_pos(sb, &c->code, f->op);
		sb_printf(sb, " was still expected when the run ended after %" PRIu64 " exits\n",
			  f->seen);
		return;
	}
	sb_printf(sb, "uvmm: exit #%" PRIu64 " at rip 0x%" PRIx64, f->ev.index, f->ev.rip);
	switch (f->kind) {
	case XF_EXCEEDS:
		sb_puts(sb, " exceeds repeat ");
		xfmt_range(sb, c->code.ops[f->rep].min, c->code.ops[f->rep].max);
		sb_puts(sb, " at ");
		put_pos(sb, &c->code, f->rep);
		break;
	case XF_AFTER_END:
		sb_puts(sb, " does not match: unexpected exit after the last expectation");
		break;
	default:
		sb_puts(sb, " does not match ");
		put_pos(sb, &c->code, f->op);
		sb_puts(sb, ": ");
		if (f->kind == XF_WRONG)
			put_miss(sb, c);
		else
			sb_puts(sb, "unexpected exit");
	}
	sb_putc(sb, '\n');
}

void expect_report(const struct expect_checker *c, FILE *out)
{
	const struct xfail *f = &c->fail;
	struct sbuf sb = { .dyn = 1 };
	if (!c->failed || f->kind == XF_NONE)
		return;
	put_header(&sb, c);
	sb_puts(&sb, "  expected: ");
	if (f->op == XNONE)
		sb_puts(&sb, "(end of expectations)");
	else
		xfmt_op(&sb, &c->code, f->op);
	sb_puts(&sb, "\n  actual:   ");
	if (f->kind == XF_MISSING)
		sb_puts(&sb, "(none: the run ended)");
	else
		xfmt_event(&sb, &f->ev, NULL);
	sb_putc(&sb, '\n');
	if (f->kind == XF_MISSING && f->rep != XNONE) {
		sb_puts(&sb, "  note:     repeat ");
		xfmt_range(&sb, c->code.ops[f->rep].min, c->code.ops[f->rep].max);
		sb_puts(&sb, " at ");
		put_pos(&sb, &c->code, f->rep);
		sb_printf(&sb, " had %" PRIu64 " round%s\n", f->rounds, f->rounds == 1 ? "" : "s");
	}
	if (f->truncated & XCUT_STRINGS)
		sb_printf(&sb, "  note:     strings of the actual exit are cut to %u bytes\n", XSTR_KEEP);
	if (f->truncated & XCUT_DATA)
		sb_printf(&sb, "  note:     string I/O data over %u bytes is not kept (shown as *)\n",
			  EV_DATA_MAX);
	fputs(sb_str(&sb), out);
	free(sb.buf);
}
