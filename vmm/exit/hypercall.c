/* Each call is a row of the shared table (hcall_abi.c): block size and how
 * its 64-bit fields become event arguments. Decoding is one generic loop. */
#include "exit/hypercall.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/errmsg.h"

__attribute__((format(printf, 4, 5)))
static int reject(struct hc_scratch *s, struct exit_event *ev, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrmsg(s->err, sizeof(s->err), fmt, ap);
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
	const struct hc_desc *d = hc_desc(nr);

	ev->kind = EV_HCALL;
	ev->addr = nr;
	ev->size = (uint16_t)size;
	ev->count = 1;
	ev->data = NULL;
	ev->value = gpa;
	s->used = 0;
	s->err[0] = 0;
	s->block_len = 0;
	if (!is_write || size != 4 || count != 1)
		return reject(s, ev, UVMM_HC_EINVAL,
			      "hypercall port access must be one 32-bit OUT (got %s of size %u, count %u)",
			      is_write ? "out" : "in", size, count);
	if (!d)
		return reject(s, ev, UVMM_HC_ENOSYS, "no hypercall %u", nr);
	if (guest_read(m, gpa, block, d->block_size) < 0)
		return reject(s, ev, UVMM_HC_EFAULT,
			      "argument block 0x%x + %u is outside guest RAM", gpa, d->block_size);
	memcpy(s->block, block, d->block_size);
	s->block_len = d->block_size;
	ev->nargs = 0;
	for (const struct hc_arg *a = d->args; a->type != HC_END; a++) {
		struct ev_arg *out = &ev->args[ev->nargs];

		if (a->cond_mask && !(block[a->cond_field] & a->cond_mask))
			continue;
		if (a->type != HC_STR) {
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
