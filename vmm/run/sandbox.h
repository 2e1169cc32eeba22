/* The seccomp allowlist a guest run lives under once its VM is built: only the
 * syscalls (and KVM ioctls, by request number) that running the VM needs. */
#ifndef UVMM_RUN_SANDBOX_H
#define UVMM_RUN_SANDBOX_H

#include <stddef.h>

/* Test hook: when this variable is set, sandbox_test_hook() makes a forbidden
 * syscall (socket) right after the sandbox is in place. */
#define SANDBOX_HOOK_VIOLATE "UVMM_TEST_SANDBOX_VIOLATE"

/* Installs the filter for the calling process. Call it with one thread only
 * (before the watchdog and AP threads exist): threads created later inherit
 * it. A forbidden syscall writes "uvmm: killed by the seccomp sandbox
 * (SIGSYS): syscall N (NAME)" to report_fd and kills the process with SIGSYS.
 * The filter cannot be removed: a process runs at most one sandboxed VM.
 * Returns 0, or -1 with a one-line reason. */
/* gdb_listen_fd >= 0: the gdb stub's listening socket; the debugging
 * ioctls and accept4 on that descriptor alone are allowed too. */
int sandbox_install(int report_fd, int gdb_listen_fd, char *err, size_t errlen);

/* The ioctl request numbers allowed after setup (for tests and docs). */
size_t sandbox_ioctl_count(void);
const char *sandbox_ioctl_name(size_t i, unsigned long *request);

/* Does what SANDBOX_HOOK_VIOLATE asks for, if it is set. */
void sandbox_test_hook(void);

#endif
