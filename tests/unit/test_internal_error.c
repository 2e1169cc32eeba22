/* exit/internal_error: a KVM internal error in words, with the bytes KVM
 * fetched only when it says they are valid, and never past its 15. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "exit/internal_error.h"

static void emulation_failure_with_bytes(void **state)
{
	struct kvm_run run;
	char buf[160];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.emulation_failure.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run.emulation_failure.flags = KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES;
	run.emulation_failure.insn_size = 3;
	memcpy(run.emulation_failure.insn_bytes, "\x0f\x01\xca", 3);
	internal_error_describe(&run, buf, sizeof(buf));
	assert_string_equal(buf, "emulation failure, bytes at rip: 0f 01 ca");
}

static void no_bytes_without_the_flag(void **state)
{
	struct kvm_run run;
	char buf[160];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.emulation_failure.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run.emulation_failure.insn_size = 3; /* stale: the flag is off */
	internal_error_describe(&run, buf, sizeof(buf));
	assert_string_equal(buf, "emulation failure");
}

static void other_and_unknown_suberrors(void **state)
{
	struct kvm_run run;
	char buf[160];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.internal.suberror = KVM_INTERNAL_ERROR_DELIVERY_EV;
	internal_error_describe(&run, buf, sizeof(buf));
	assert_string_equal(buf, "exit while delivering an event");
	run.internal.suberror = 99;
	internal_error_describe(&run, buf, sizeof(buf));
	assert_string_equal(buf, "suberror 99");
}

static void a_hostile_size_and_a_short_buffer(void **state)
{
	struct kvm_run run;
	char buf[160], tiny[24];

	(void)state;
	memset(&run, 0, sizeof(run));
	run.emulation_failure.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run.emulation_failure.flags = KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES;
	run.emulation_failure.insn_size = 200;
	memset(run.emulation_failure.insn_bytes, 0x90, sizeof(run.emulation_failure.insn_bytes));
	internal_error_describe(&run, buf, sizeof(buf));
	assert_string_equal(buf, "emulation failure, bytes at rip: 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90");
	internal_error_describe(&run, tiny, sizeof(tiny));
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emulation_failure_with_bytes),
		cmocka_unit_test(no_bytes_without_the_flag),
		cmocka_unit_test(other_and_unknown_suberrors),
		cmocka_unit_test(a_hostile_size_and_a_short_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
