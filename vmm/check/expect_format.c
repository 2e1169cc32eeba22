/* Renders exits and expectation items in expectation syntax (what the parser
 * reads back), and writes failure reports. Never on the per-exit path. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check/expect_internal.h"
#include "util/bytes.h"
#include "uvmm/abi.h"

const struct xkind_info xkinds[XK_COUNT] = {
	[EV_PIO_IN] = { "pio.in", XS_PORT },
	[EV_PIO_OUT] = { "pio.out", XS_PORT },
	[EV_MMIO_READ] = { "mmio.read", XS_MEM },
	[EV_MMIO_WRITE] = { "mmio.write", XS_MEM },
	[EV_HLT] = { "hlt", XS_NONE },
	[EV_SHUTDOWN] = { "shutdown", XS_NONE },
	[EV_MSR_READ] = { "msr.read", XS_MSR },
	[EV_MSR_WRITE] = { "msr.write", XS_MSR },
	[EV_HCALL] = { "hcall", XS_HCALL },
	[EV_FAIL_ENTRY] = { "fail_entry", XS_VALUE },
	[EV_INTERNAL_ERROR] = { "internal_error", XS_VALUE },
	[EV_UNHANDLED] = { "unhandled", XS_REASON },
	[EV_IRQ_WINDOW] = { "irq_window", XS_NONE },
	[EV_KVM_HYPERCALL] = { "kvm_hypercall", XS_REASON },
	[EV_IRQ_MSI] = { "irq.msi", XS_VALUE },
	[EV_IRQ_INTX] = { "irq.intx", XS_VALUE },
	[EV_HUPCALL] = { "hupcall", XS_HUPCALL },
	[XK_ANY] = { "any", XS_NONE },
};

const struct xname_val xhc_errors[] = {
	{ "efault", UVMM_HC_EFAULT },
	{ "einval", UVMM_HC_EINVAL },
	{ "enosys", UVMM_HC_ENOSYS },
	{ "eacces", UVMM_HC_EACCES },
	{ "ebusy", UVMM_HC_EBUSY },
	{ "enoent", UVMM_HC_ENOENT },
	{ "enospc", UVMM_HC_ENOSPC },
	{ NULL, 0 },
};

const char *const xhu_events[UVMM_HUPCALL_EVENTS] = UVMM_HUPCALL_EVENT_NAMES;
const char *const xhu_runs[UVMM_HUPCALL_RUNS] = UVMM_HUPCALL_RUN_NAMES;

const struct xname_val xclasses[] = {
	{ "console", EVC_CONSOLE }, { "report", EVC_REPORT }, { "pio", EVC_PIO },
	{ "mmio", EVC_MMIO },       { "hlt", EVC_HLT },       { "msr", EVC_MSR },
	{ "hcall", EVC_HCALL },     { "irq", EVC_IRQ },       { "hupcall", EVC_HUPCALL },
	{ NULL, 0 },
};

static void fmt_hex(struct sbuf *sb, uint64_t v, int wild)
{
	if (wild)
		sb_putc(sb, '*');
	else
		sb_printf(sb, "0x%" PRIx64, v);
}

static void fmt_dec(struct sbuf *sb, uint64_t v, int wild)
{
	if (wild)
		sb_putc(sb, '*');
	else
		sb_printf(sb, "%" PRIu64, v);
}

static void fmt_port(struct sbuf *sb, const struct exit_event *ev, const struct xwild *w)
{
	unsigned wf = w ? w->fields : 0;
	sb_putc(sb, ' ');
	fmt_hex(sb, ev->addr, wf & XW_ADDR);
	sb_putc(sb, ':');
	fmt_dec(sb, ev->size, wf & XW_SIZE);
	if (ev->count != 1)
		sb_printf(sb, " x%" PRIu32, ev->count);
	sb_puts(sb, " =");
	if (ev->count == 1) {
		sb_putc(sb, ' ');
		fmt_hex(sb, ev->value, wf & XW_VALUE);
		return;
	}
	if ((wf & XW_VALUE) || !ev->data || ev->size == 0 || ev->size > 8) {
		sb_puts(sb, " *");
		return;
	}
	for (uint32_t i = 0; i < ev->count; i++) {
		sb_putc(sb, ' ');
		fmt_hex(sb, le_read(ev->data + (size_t)i * ev->size, ev->size),
			w && w->elems && w->elems[i]);
	}
}

static void fmt_hcall_args(struct sbuf *sb, const struct exit_event *ev, const struct xwild *w)
{
	const struct hc_desc *d = hc_desc(ev->addr);
	unsigned typed = d ? hc_max_args(d) : 0;
	for (uint32_t i = 0; i < ev->nargs && i < EV_MAX_ARGS; i++) {
		const struct ev_arg *a = &ev->args[i];
		char t = i < typed ? d->args[i].type : (a->str ? HC_STR : HC_NUM);
		sb_putc(sb, ' ');
		if (w && (w->args >> i & 1))
			sb_putc(sb, '*');
		else if (t == HC_STR)
			sb_quote(sb, (const uint8_t *)(a->str ? a->str : ""), a->str ? a->len : 0);
		else if (t == HC_DEC)
			fmt_dec(sb, a->num, 0);
		else if (t == HC_RESULT && a->num < 3)
			sb_puts(sb, hc_result_words[a->num]);
		else if (t == HC_RESULT)
			fmt_dec(sb, a->num, 0);
		else
			fmt_hex(sb, a->num, 0);
	}
}

static void fmt_hcall(struct sbuf *sb, const struct exit_event *ev, const struct xwild *w)
{
	if (hc_desc(ev->addr))
		sb_printf(sb, " %s", hc_desc(ev->addr)->name);
	else
		sb_printf(sb, " %" PRIu64, ev->addr);
	if (ev->status == UVMM_HC_OK) {
		fmt_hcall_args(sb, ev, w);
		return;
	}
	for (const struct xname_val *e = xhc_errors; e->name; e++) {
		if (e->value == ev->status) {
			sb_printf(sb, " !%s", e->name);
			return;
		}
	}
	sb_printf(sb, " !error(%" PRId32 ")", ev->status);
}

/* `hupcall EVENT ARG = R0` or `= !ERR`; ARG in hex for irq_target (a
 * vector), in decimal for the others (a vCPU, a page count, a tick). */
static void fmt_hupcall(struct sbuf *sb, const struct exit_event *ev, const struct xwild *w)
{
	unsigned wf = w ? w->fields : 0;
	uint64_t arg = ev->nargs ? ev->args[0].num : 0;
	int arg_wild = w && (w->args & 1);

	sb_putc(sb, ' ');
	if (wf & XW_ADDR)
		sb_putc(sb, '*');
	else if (ev->addr < UVMM_HUPCALL_EVENTS)
		sb_puts(sb, xhu_events[ev->addr]);
	else
		sb_printf(sb, "%" PRIu64, ev->addr);
	sb_putc(sb, ' ');
	if (ev->addr == UVMM_HUPCALL_IRQ_TARGET)
		fmt_hex(sb, arg, arg_wild);
	else
		fmt_dec(sb, arg, arg_wild);
	sb_puts(sb, " = ");
	if (ev->status == UVMM_HUPCALL_RUN_OK)
		fmt_hex(sb, ev->value, wf & XW_VALUE);
	else if (ev->status > 0 && ev->status < (int32_t)UVMM_HUPCALL_RUNS)
		sb_printf(sb, "!%s", xhu_runs[ev->status]);
	else
		sb_printf(sb, "!error(%" PRId32 ")", ev->status);
}

void xfmt_event(struct sbuf *sb, const struct exit_event *ev, const struct xwild *w)
{
	unsigned wf = w ? w->fields : 0;
	if (ev->kind >= XK_COUNT) {
		sb_printf(sb, "(event kind %u)", ev->kind);
		return;
	}
	sb_puts(sb, xkinds[ev->kind].name);
	switch (xkinds[ev->kind].shape) {
	case XS_PORT:
		fmt_port(sb, ev, w);
		break;
	case XS_MEM:
		sb_putc(sb, ' ');
		fmt_hex(sb, ev->addr, wf & XW_ADDR);
		sb_putc(sb, ':');
		fmt_dec(sb, ev->size, wf & XW_SIZE);
		sb_puts(sb, " = ");
		fmt_hex(sb, ev->value, wf & XW_VALUE);
		break;
	case XS_MSR:
		sb_putc(sb, ' ');
		fmt_hex(sb, ev->addr, wf & XW_ADDR);
		sb_puts(sb, " = ");
		if (ev->kind == EV_MSR_READ && ev->status == 1) {
			sb_puts(sb, "!gp");
			break;
		}
		fmt_hex(sb, ev->value, wf & XW_VALUE);
		if (ev->status == 1)
			sb_puts(sb, " !gp");
		break;
	case XS_HCALL:
		fmt_hcall(sb, ev, w);
		break;
	case XS_VALUE:
		sb_putc(sb, ' ');
		fmt_hex(sb, ev->value, wf & XW_VALUE);
		break;
	case XS_REASON:
		sb_putc(sb, ' ');
		fmt_dec(sb, ev->addr, wf & XW_ADDR);
		break;
	case XS_HUPCALL:
		fmt_hupcall(sb, ev, w);
		break;
	case XS_NONE:
		break;
	}
}

/* Rebuilds the item as an event with pointers into the pool, so that items
 * and exits print through the same code. */
void xfmt_op(struct sbuf *sb, const struct xcode *code, uint32_t op)
{
	const struct xop *o = &code->ops[op];
	struct exit_event ev = { 0 };
	struct xwild w = { .fields = o->wild };
	ev.kind = o->kind;
	ev.size = o->size;
	ev.addr = o->addr;
	ev.value = o->value;
	ev.count = o->count;
	ev.status = o->status;
	ev.nargs = o->nargs;
	/* An `xN = *` item keeps no data, and the pool may not exist yet. */
	if (o->count > 1 && code->pool)
		ev.data = code->pool + o->data_off;
	if (o->dwild_off != XNONE)
		w.elems = code->pool + o->dwild_off;
	for (unsigned i = 0; i < o->nargs; i++) {
		const struct xarg *a = &code->args[o->args_off + i];
		ev.args[i].num = a->num;
		ev.args[i].str = !a->is_str ? NULL : a->len ? (const char *)code->pool + a->off : "";
		ev.args[i].len = a->len;
		if (a->wild)
			w.args |= (uint8_t)(1u << i);
	}
	xfmt_event(sb, &ev, &w);
}

void xfmt_range(struct sbuf *sb, uint64_t min, uint64_t max)
{
	if (min == max)
		sb_printf(sb, "%" PRIu64, min);
	else if (max == UINT64_MAX)
		sb_printf(sb, "%" PRIu64 "..", min);
	else
		sb_printf(sb, "%" PRIu64 "..%" PRIu64, min, max);
}

const char *xsrc(const struct xcode *code, uint32_t op)
{
	return code->srcs[code->ops[op].src];
}

size_t expect_format_event(const struct exit_event *ev, char *buf, size_t size)
{
	struct sbuf sb = { .buf = buf, .size = size };
	xfmt_event(&sb, ev, NULL);
	if (size)
		sb_str(&sb);
	return sb.len;
}
