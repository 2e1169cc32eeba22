/* The names are the KVM_INTERNAL_ERROR_* constants of the KVM API
 * (Documentation/virt/kvm/api.rst); the instruction bytes are those KVM
 * fetched, when it says so in emulation_failure.flags (Linux 5.14 and later),
 * so no guest page walk is needed to show what failed. */
#include "exit/internal_error.h"

#include <stdio.h>

static const char *const suberror_name[] = {
	[KVM_INTERNAL_ERROR_EMULATION] = "emulation failure",
	[KVM_INTERNAL_ERROR_SIMUL_EX] = "exception while delivering an exception",
	[KVM_INTERNAL_ERROR_DELIVERY_EV] = "exit while delivering an event",
	[KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON] = "unexpected hardware exit reason",
};

void internal_error_describe(const struct kvm_run *run, char *buf, size_t len)
{
	unsigned sub = run->internal.suberror;
	size_t n;

	if (len == 0)
		return;
	if (sub < sizeof(suberror_name) / sizeof(suberror_name[0]) && suberror_name[sub])
		n = (size_t)snprintf(buf, len, "%s", suberror_name[sub]);
	else
		n = (size_t)snprintf(buf, len, "suberror %u", sub);
	if (sub != KVM_INTERNAL_ERROR_EMULATION ||
	    !(run->emulation_failure.flags & KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES))
		return;
	unsigned size = run->emulation_failure.insn_size;
	if (size > sizeof(run->emulation_failure.insn_bytes))
		size = sizeof(run->emulation_failure.insn_bytes);
	if (size && n < len)
		n += (size_t)snprintf(buf + n, len - n, ", bytes at rip:");
	for (unsigned i = 0; i < size && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " %02x", run->emulation_failure.insn_bytes[i]);
}
