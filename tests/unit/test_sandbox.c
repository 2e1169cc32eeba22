/* The seccomp sandbox: the ioctl table holds what the run loop needs and
 * none of the setup ioctls, and a process that installed the filter dies of
 * SIGSYS with a report on a forbidden syscall but lives on allowed ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/kvm.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/sandbox.h"

static int table_has(unsigned long req)
{
	for (size_t i = 0; i < sandbox_ioctl_count(); i++) {
		unsigned long r;

		sandbox_ioctl_name(i, &r);
		if (r == req)
			return 1;
	}
	return 0;
}

static void test_ioctl_table(void **state)
{
	unsigned long r;

	(void)state;
	assert_true(table_has(KVM_RUN));
	assert_true(table_has(KVM_SIGNAL_MSI));
	assert_false(table_has(KVM_CREATE_VM));
	assert_false(table_has(KVM_CREATE_VCPU));
	assert_false(table_has(KVM_SET_CPUID2));
	assert_false(table_has(KVM_SET_SREGS));
	assert_null(sandbox_ioctl_name(sandbox_ioctl_count(), &r));
	assert_string_equal(sandbox_ioctl_name(0, &r), "KVM_RUN");
}

/* Runs fn in a child with the sandbox installed, reporting into a pipe.
 * Returns the wait status; the report is left in buf. */
static int sandboxed(void (*fn)(void), char *buf, size_t size)
{
	int p[2], st;
	ssize_t n;
	pid_t pid;
	char err[128];

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (sandbox_install(p[1], err, sizeof(err)) < 0)
			_exit(2);
		fn();
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void opens_socket(void)
{
	socket(AF_INET, SOCK_STREAM, 0);
}

static void writes_and_sleeps(void)
{
	usleep(1000);
	if (write(1, "", 0) < 0)
		_exit(3);
}

static void test_forbidden_syscall_is_sigsys(void **state)
{
	char buf[256];
	int st = sandboxed(opens_socket, buf, sizeof(buf));

	(void)state;
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	assert_non_null(strstr(buf, "uvmm: killed by the seccomp sandbox (SIGSYS): syscall 41\n"));
}

static void test_allowed_syscalls_live(void **state)
{
	char buf[256];
	int st = sandboxed(writes_and_sleeps, buf, sizeof(buf));

	(void)state;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioctl_table),
		cmocka_unit_test(test_forbidden_syscall_is_sigsys),
		cmocka_unit_test(test_allowed_syscalls_live),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
