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
#include <errno.h>
#include <netinet/in.h>
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
static int listen_fd = -1;

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
		if (sandbox_install(p[1], listen_fd, err, sizeof(err)) < 0)
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

static int other_fd = -1;

/* The gdb stub's socket: accept4 on it passes the filter (EAGAIN: nobody is
 * connecting), on any other descriptor it is fatal. */
static void accepts_on_stub_socket(void)
{
	if (accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK) >= 0 || errno != EAGAIN)
		_exit(3);
}

static void accepts_elsewhere(void)
{
	accept4(other_fd, NULL, NULL, SOCK_NONBLOCK);
}

static int make_listener(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	return fd;
}

static void test_stub_socket_only(void **state)
{
	char buf[256];
	int st;

	(void)state;
	listen_fd = make_listener();
	other_fd = make_listener();
	st = sandboxed(accepts_on_stub_socket, buf, sizeof(buf));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	st = sandboxed(accepts_elsewhere, buf, sizeof(buf));
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	/* A stub is no excuse for new sockets. */
	st = sandboxed(opens_socket, buf, sizeof(buf));
	assert_true(WIFSIGNALED(st));
	close(listen_fd);
	close(other_fd);
	listen_fd = other_fd = -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioctl_table),
		cmocka_unit_test(test_forbidden_syscall_is_sigsys),
		cmocka_unit_test(test_allowed_syscalls_live),
		cmocka_unit_test(test_stub_socket_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
