/* Names and one-line descriptions of how a run ended. */
#include <stdio.h>

#include "bpf/bpf.h"

static const char *const status_names[] = {
	[EBPF_OK] = "ok",
	[EBPF_ERR_BUDGET] = "instruction budget exhausted",
	[EBPF_ERR_BOUNDS] = "out of bounds",
	[EBPF_ERR_PERM] = "permission denied",
	[EBPF_ERR_ALIGN] = "misaligned atomic",
	[EBPF_ERR_DEPTH] = "call depth exceeded",
	[EBPF_ERR_HELPER] = "helper failed",
	[EBPF_ERR_INTERNAL] = "internal error",
};

const char *ebpf_status_name(enum ebpf_status s)
{
	return (unsigned)s < sizeof(status_names) / sizeof(status_names[0]) ? status_names[s] : "?";
}

static const char *access_name(unsigned a)
{
	return a == EBPF_READ ? "read" : a == EBPF_WRITE ? "write" : "read-modify-write";
}

void ebpf_result_format(const struct ebpf_result *res, char *buf, size_t len)
{
	switch (res->status) {
	case EBPF_OK:
		snprintf(buf, len, "r0 = 0x%llx (%llu instructions)", (unsigned long long)res->r0,
			 (unsigned long long)res->insns);
		break;
	case EBPF_ERR_BOUNDS:
		snprintf(buf, len, "insn %u: %s: %s of %llu bytes at 0x%llx is outside every region",
			 res->pc, ebpf_status_name(res->status), access_name(res->access),
			 (unsigned long long)res->size, (unsigned long long)res->addr);
		break;
	case EBPF_ERR_PERM:
		snprintf(buf, len, "insn %u: %s: %s of %llu bytes at 0x%llx: the region does not allow it",
			 res->pc, ebpf_status_name(res->status), access_name(res->access),
			 (unsigned long long)res->size, (unsigned long long)res->addr);
		break;
	case EBPF_ERR_ALIGN:
		snprintf(buf, len, "insn %u: %s: %llu-byte atomic at 0x%llx", res->pc,
			 ebpf_status_name(res->status), (unsigned long long)res->size, (unsigned long long)res->addr);
		break;
	case EBPF_ERR_BUDGET:
		snprintf(buf, len, "insn %u: %s after %llu instructions", res->pc, ebpf_status_name(res->status),
			 (unsigned long long)res->insns);
		break;
	case EBPF_ERR_DEPTH:
		snprintf(buf, len, "insn %u: %s: more than %u nested frames", res->pc,
			 ebpf_status_name(res->status), EBPF_MAX_FRAMES);
		break;
	default:
		snprintf(buf, len, "insn %u: %s", res->pc, ebpf_status_name(res->status));
		break;
	}
}
