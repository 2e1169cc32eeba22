/* Helpers shared by the eBPF unit tests: assemble text or die, and load a
 * program with given options, keeping the refusal for the assertion. */
#ifndef UVMM_TESTS_BPF_UTIL_H
#define UVMM_TESTS_BPF_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf.h"
#include "bpf/bpf_asm.h"

#define BPF_TEST_MAX 8192

/* Assembles text into a static buffer; a test with bad asm is a test bug. */
static inline const struct ebpf_insn *bpf_asm_ok(const char *text, size_t *n)
{
	static struct ebpf_insn buf[BPF_TEST_MAX];
	char err[256];

	if (ebpf_asm(text, 1, buf, BPF_TEST_MAX, n, err, sizeof(err)) < 0) {
		fprintf(stderr, "test program does not assemble: %s\n", err);
		abort();
	}
	return buf;
}

#endif
