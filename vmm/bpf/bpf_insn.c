/* Slots to and from little-endian bytes and 64-bit words. */
#include <string.h>

#include "bpf/bpf_insn.h"
#include "util/errmsg.h"

uint64_t ebpf_insn_word(const struct ebpf_insn *i)
{
	uint64_t w;

	memcpy(&w, i, sizeof(w));
	return w;
}

struct ebpf_insn ebpf_insn_from_word(uint64_t w)
{
	struct ebpf_insn i;

	memcpy(&i, &w, sizeof(i));
	return i;
}

int ebpf_decode(const void *bytes, size_t len, struct ebpf_insn *out, size_t max, size_t *n,
		char *err, size_t errlen)
{
	if (len % sizeof(struct ebpf_insn))
		return errmsg(err, errlen, "program: length: %zu bytes is not a whole number of 8-byte instructions", len);
	if (len / sizeof(struct ebpf_insn) > max)
		return errmsg(err, errlen, "program: length: %zu instructions, at most %zu fit", len / 8, max);
	memcpy(out, bytes, len);
	*n = len / sizeof(struct ebpf_insn);
	return 0;
}
