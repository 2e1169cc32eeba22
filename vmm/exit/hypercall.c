/* Each call is described by a table row: block size and how its 64-bit fields
 * become event arguments. Decoding is one generic loop over that table. */
#include "exit/hypercall.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum arg_type { ARG_END, ARG_NUM, ARG_STR };

struct arg_desc {
	uint8_t type;
	uint8_t field;      /* ARG_NUM: the value; ARG_STR: the GPA field */
	uint8_t len_field;  /* ARG_STR: the length field */
	uint8_t cond_field; /* argument present only when this field ... */
	uint64_t cond_mask; /* ... has a bit of this mask set (0: always present) */
	uint32_t max;       /* ARG_STR: longest accepted; ARG_NUM: largest value (0: any) */
};

struct hc_desc {
	const char *name;
	uint32_t block_size;
	struct arg_desc args[EV_MAX_ARGS + 1];
};

#define NUM(f) { ARG_NUM, f, 0, 0, 0, 0 }
#define NUM_MAX(f, m) { ARG_NUM, f, 0, 0, 0, m }
#define NUM_IF(f, cf, mask) { ARG_NUM, f, 0, cf, mask, 0 }
#define STR(f, lf, m) { ARG_STR, f, lf, 0, 0, m }
#define STR_IF(f, lf, m, cf, mask) { ARG_STR, f, lf, cf, mask, m }

static const struct hc_desc hc_table[UVMM_HC_COUNT] = {
	[UVMM_HC_CONSOLE] = { "console", sizeof(struct uvmm_hc_console),
			      { STR(0, 1, UVMM_HC_CONSOLE_MAX) } },
	[UVMM_HC_EXIT] = { "exit", sizeof(struct uvmm_hc_exit), { NUM(0) } },
	[UVMM_HC_ASSERT] = { "assert", sizeof(struct uvmm_hc_assert),
			     { STR(0, 1, UVMM_HC_STRING_MAX), NUM(2), STR(3, 4, UVMM_HC_STRING_MAX),
			       NUM_IF(5, 7, UVMM_ASSERT_HAS_VALUES),
			       NUM_IF(6, 7, UVMM_ASSERT_HAS_VALUES) } },
	[UVMM_HC_REPORT] = { "report", sizeof(struct uvmm_hc_report),
			     { NUM_MAX(2, UVMM_RESULT_SKIP), STR(0, 1, UVMM_HC_STRING_MAX),
			       STR_IF(3, 4, UVMM_HC_STRING_MAX, 4, ~0ull) } },
	[UVMM_HC_EXPECT] = { "expect", sizeof(struct uvmm_hc_expect),
			     { STR(0, 1, UVMM_HC_EXPECT_MAX) } },
	[UVMM_HC_EXCEPTION] = { "exception", sizeof(struct uvmm_hc_exception),
				{ NUM(0), NUM(1), NUM(2), NUM(3) } },
	[UVMM_HC_MEMSLOT] = { "memslot", sizeof(struct uvmm_hc_memslot),
			      { NUM_MAX(0, UVMM_SLOT_REMOVE), NUM(1), NUM(2), NUM(3), NUM(4) } },
	[UVMM_HC_DIRTY_LOG] = { "dirty_log", sizeof(struct uvmm_hc_dirty_log),
				{ NUM(0), NUM(1), NUM(2) } },
	[UVMM_HC_IRQ] = { "irq", sizeof(struct uvmm_hc_irq), { NUM(0) } },
	[UVMM_HC_MSI] = { "msi", sizeof(struct uvmm_hc_msi), { NUM(0), NUM(1) } },
	[UVMM_HC_IRQ_LINE] = { "irq_line", sizeof(struct uvmm_hc_irq_line), { NUM(0), NUM(1) } },
};

const char *hypercall_name(unsigned nr)
{
	return nr < UVMM_HC_COUNT ? hc_table[nr].name : NULL;
}

int hypercall_by_name(const char *name)
{
	for (unsigned i = 0; i < UVMM_HC_COUNT; i++)
		if (strcmp(hc_table[i].name, name) == 0)
			return (int)i;
	return -1;
}

__attribute__((format(printf, 4, 5)))
static int reject(struct hc_scratch *s, struct exit_event *ev, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	ev->status = status;
	ev->nargs = 0;
	return status;
}

int hypercall_decode(const struct guest_mem *m, uint64_t port, unsigned size,
		     uint32_t count, int is_write, uint32_t gpa,
		     struct hc_scratch *s, struct exit_event *ev)
{
	uint64_t block[16];
	unsigned nr = (unsigned)(port - UVMM_HC_PORT_BASE);
	const struct hc_desc *d;

	ev->kind = EV_HCALL;
	ev->addr = nr;
	ev->size = (uint16_t)size;
	ev->count = 1;
	ev->data = NULL;
	s->used = 0;
	s->err[0] = 0;
	if (!is_write || size != 4 || count != 1)
		return reject(s, ev, UVMM_HC_EINVAL,
			      "hypercall port access must be one 32-bit OUT (got %s of size %u, count %u)",
			      is_write ? "out" : "in", size, count);
	if (nr >= UVMM_HC_COUNT)
		return reject(s, ev, UVMM_HC_ENOSYS, "no hypercall %u", nr);
	d = &hc_table[nr];
	if (guest_read(m, gpa, block, d->block_size) < 0)
		return reject(s, ev, UVMM_HC_EFAULT,
			      "argument block 0x%x + %u is outside guest RAM", gpa, d->block_size);
	ev->nargs = 0;
	for (const struct arg_desc *a = d->args; a->type != ARG_END; a++) {
		struct ev_arg *out = &ev->args[ev->nargs];

		if (a->cond_mask && !(block[a->cond_field] & a->cond_mask))
			continue;
		if (a->type == ARG_NUM) {
			if (a->max && block[a->field] > a->max)
				return reject(s, ev, UVMM_HC_EINVAL, "field %u is %llu, out of range",
					      a->field, (unsigned long long)block[a->field]);
			*out = (struct ev_arg){ .num = block[a->field] };
		} else {
			uint64_t len = block[a->len_field];

			if (len > a->max)
				return reject(s, ev, UVMM_HC_EINVAL, "buffer length %llu exceeds %u",
					      (unsigned long long)len, a->max);
			if (guest_read(m, block[a->field], s->buf + s->used, len) < 0)
				return reject(s, ev, UVMM_HC_EFAULT,
					      "buffer 0x%llx + %llu is outside guest RAM",
					      (unsigned long long)block[a->field], (unsigned long long)len);
			*out = (struct ev_arg){ .str = s->buf + s->used, .len = (uint32_t)len };
			s->used += (uint32_t)len;
		}
		ev->nargs++;
	}
	ev->status = UVMM_HC_OK;
	return UVMM_HC_OK;
}
