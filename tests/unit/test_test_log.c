/* suite/test_log: a test's log as the reports see it. A guest that floods
 * its console past the bound must not hide uvmm's verdict, which comes last:
 * the text keeps the log's head and tail, and the hint still finds it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite/test_log.h"

static char path[] = "/tmp/uvmm-test-log-XXXXXX";

static const char line[] = "guest| abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd\n";

static void write_log(size_t console_bytes, const char *last)
{
	FILE *f;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (size_t i = 0; i < console_bytes; i += sizeof(line) - 1)
		fputs(line, f);
	fputs(last, f);
	fclose(f);
}

static void a_small_log_is_whole(void **state)
{
	char hint[200], *text;

	(void)state;
	write_log((sizeof(line) - 1) * 10, "uvmm: exit #3 at rip 0x1000 does not match\n");
	text = test_log_read(path);
	unlink(path);
	strcpy(path, "/tmp/uvmm-test-log-XXXXXX");
	assert_non_null(text);
	assert_int_equal(strlen(text), (sizeof(line) - 1) * 10 + strlen("uvmm: exit #3 at rip 0x1000 does not match\n"));
	test_log_hint(text, hint, sizeof(hint));
	assert_string_equal(hint, "exit #3 at rip 0x1000 does not match");
	free(text);
}

static void a_flooded_log_keeps_its_verdict(void **state)
{
	char hint[200], *text;

	(void)state;
	write_log(3u << 20, "uvmm: exit #9926 at rip 0xfff0 does not match <note>:1:1: unexpected exit\n");
	text = test_log_read(path);
	unlink(path);
	strcpy(path, "/tmp/uvmm-test-log-XXXXXX");
	assert_non_null(text);
	assert_true(strlen(text) <= TEST_LOG_TEXT_MAX);
	assert_non_null(strstr(text, "bytes of this log cut here ...]\n"));
	assert_int_equal(strncmp(text, "guest| abc", 10), 0);
	test_log_hint(text, hint, sizeof(hint));
	assert_string_equal(hint, "exit #9926 at rip 0xfff0 does not match <note>:1:1: unexpected exit");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_small_log_is_whole),
		cmocka_unit_test(a_flooded_log_keeps_its_verdict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
