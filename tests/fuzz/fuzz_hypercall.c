/* libFuzzer target: the hypercall decoder over random guest RAM. The first
 * 16 input bytes choose the port, access size, count, direction and block
 * GPA; the rest is copied to the start of a 2 MiB guest RAM. Every decode
 * returns a status in the ABI's set, strings stay inside the scratch
 * buffer, and nothing outside guest RAM is touched (canaries). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machine/guest_mem.h"
#include "exit/hypercall.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct guest_mem ram;
static struct hc_scratch scratch;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exit_event ev;
	uint32_t gpa;
	unsigned io_size;
	uint32_t count;
	uint64_t port;
	int st;

	if (!ram.host && guest_mem_init(&ram, GUEST_MEM_MIN) < 0)
		abort();
	if (size < 16)
		return 0;
	port = UVMM_HC_PORT_BASE + data[0] % (UVMM_HC_PORT_COUNT + 2);
	io_size = data[1] & 0x80 ? 1u + data[1] % 4 : 4;
	count = data[2] & 0x80 ? 1u + data[2] % 8 : 1;
	memcpy(&gpa, data + 4, 4);
	/* Mostly blocks inside the copied bytes, sometimes anywhere. */
	if (!(data[3] & 0x80))
		gpa %= (uint32_t)(size - 16 + 64);
	memset(ram.host, 0, size < 4096 ? 4096 : size);
	memcpy(ram.host, data + 16, size - 16 < ram.size ? size - 16 : ram.size);
	memset(&ev, 0, sizeof(ev));
	st = hypercall_decode(&ram, port, io_size, count, !(data[3] & 0x40), gpa, &scratch, &ev);
	if (st != UVMM_HC_OK && st != UVMM_HC_EFAULT && st != UVMM_HC_EINVAL && st != UVMM_HC_ENOSYS)
		abort();
	if (st != ev.status || ev.kind != EV_HCALL || ev.nargs > EV_MAX_ARGS)
		abort();
	if (st != UVMM_HC_OK && !scratch.err[0])
		abort();
	for (uint32_t i = 0; i < ev.nargs; i++) {
		const struct ev_arg *a = &ev.args[i];

		if (a->str && (a->str < scratch.buf ||
			       a->str + a->len > scratch.buf + sizeof(scratch.buf)))
			abort();
	}
	if (!guest_mem_canary_ok(&ram))
		abort();
	return 0;
}
