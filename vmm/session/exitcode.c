#include "session/exitcode.h"

static const struct {
	int code;
	const char *name;
} exit_code_names[] = {
	{ UVMM_EXIT_PASS, "PASS" },
	{ UVMM_EXIT_GUEST_FAIL, "GUEST_FAIL" },
	{ UVMM_EXIT_MISMATCH, "MISMATCH" },
	{ UVMM_EXIT_TIMEOUT, "TIMEOUT" },
	{ UVMM_EXIT_BAD_IMAGE, "BAD_IMAGE" },
	{ UVMM_EXIT_BAD_EXPECT, "BAD_EXPECT" },
	{ UVMM_EXIT_HOST_ERROR, "HOST_ERROR" },
	{ UVMM_EXIT_USAGE, "USAGE" },
	{ UVMM_EXIT_GUEST_CRASH, "GUEST_CRASH" },
	{ UVMM_EXIT_SKIP, "SKIP" },
};

const char *uvmm_exit_code_name(int code)
{
	for (unsigned i = 0; i < sizeof(exit_code_names) / sizeof(exit_code_names[0]); i++)
		if (exit_code_names[i].code == code)
			return exit_code_names[i].name;
	return "UNKNOWN";
}
