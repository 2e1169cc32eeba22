/* libFuzzer target: the expectation language. The input is split at the
 * first 0x00 byte: text before it is parsed (as a file), the bytes after it
 * become synthetic exits offered to the checker, with a second parse spliced
 * in at run time (the EXPECT hypercall) when an event asks for it. Each exit
 * is also formatted back, as the trace does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define EV_BYTES 24

static const char *const strs[] = { "", "x", "hello", "counter", "a\"b\\c\n" };

/* One exit from 24 input bytes: kind, size, count, an address and value
 * drawn from small sets so that they sometimes match the parsed text. */
static void make_event(const uint8_t *b, struct exit_event *ev, uint8_t *sdata)
{
	static const uint64_t addrs[] = { 0x80, 0x3f8, 0xf4, 0xd0000000, 0xd0000018, 0x55550000, 0, 1, 3 };
	uint64_t v;

	memset(ev, 0, sizeof(*ev));
	memcpy(&v, b + 8, 8);
	ev->kind = (uint16_t)(b[0] % EV_KIND_COUNT);
	ev->size = (uint16_t)(1u << (b[1] % 4));
	ev->addr = b[2] & 0x80 ? ((uint64_t)b[3] << 8 | b[4]) : addrs[b[3] % 9];
	ev->value = b[5] & 1 ? v : v & 0xff;
	ev->count = 1;
	ev->status = (int32_t)(b[6] % 4 == 0 ? -14 : b[6] % 4 == 1 ? -22 : 0);
	ev->rip = v ^ 0x100000;
	if ((ev->kind == EV_PIO_IN || ev->kind == EV_PIO_OUT) && b[7] % 4 == 0) {
		ev->count = 1u + b[7] % 32;
		ev->size = 1;
		memset(sdata, b[16], ev->count);
		ev->data = sdata;
	}
	if (ev->kind == EV_HCALL) {
		ev->nargs = b[17] % (EV_MAX_ARGS + 1);
		for (uint32_t i = 0; i < ev->nargs; i++) {
			if (b[18 + i % 6] & 1) {
				const char *s = strs[b[18 + i % 6] % 5];
				ev->args[i] = (struct ev_arg){ .str = s, .len = (uint32_t)strlen(s) };
			} else {
				ev->args[i].num = b[18 + i % 6] >> 1;
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	struct expect_prog *p = expect_prog_new();
	struct expect_checker *c;
	struct expect_error err;
	uint8_t sdata[64];
	char line[512];
	FILE *devnull;

	if (!p)
		return 0;
	if (expect_parse(p, (const char *)data, tlen, "fuzz", &err) < 0) {
		if (!err.msg[0] || err.line == 0 || err.col == 0)
			abort(); /* every error says where and what */
		expect_prog_free(p);
		return 0;
	}
	c = expect_checker_new(p);
	if (!c) {
		expect_prog_free(p);
		return 0;
	}
	devnull = fopen("/dev/null", "w");
	for (size_t off = tlen + 1; off + EV_BYTES <= size; off += EV_BYTES) {
		struct exit_event ev;

		make_event(data + off, &ev, sdata);
		expect_format_event(&ev, line, sizeof(line));
		/* Splice the text in again at run time, as the EXPECT hypercall does. */
		if (data[off + 23] == 0xe5)
			expect_insert(c, (const char *)data, tlen, "<hypercall>", &err);
		if (expect_match_exit(c, &ev) == EXPECT_MISMATCH)
			break;
	}
	expect_finish(c);
	if (devnull) {
		expect_report(c, devnull);
		fclose(devnull);
	}
	expect_checker_free(c);
	expect_prog_free(p);
	return 0;
}
