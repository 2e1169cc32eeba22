#include "util/version.h"

#include "uvmm_git.h" /* $(BUILD)/gen: UVMM_GIT_DESCRIBE, written by the Makefile */

#define UVMM_RELEASE "0.1.0"

const char *uvmm_version(void)
{
	return UVMM_RELEASE;
}

const char *uvmm_git_describe(void)
{
	return UVMM_GIT_DESCRIBE[0] ? UVMM_GIT_DESCRIBE : "unknown";
}
