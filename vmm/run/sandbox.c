/* Firecracker's threat model: once the guest runs, every exit may be an
 * attack. If one ever finds a bug in uvmm, the filter keeps it from opening
 * files, sockets or processes, or mapping executable memory. Everything the
 * run needs afterwards is in the tables below, the VFIO teardown included:
 * it works on descriptors opened before the filter, never on paths. */
#include "run/sandbox.h"

#include <errno.h>
#include <linux/kvm.h>
#include <linux/vfio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "util/confined.h"
#include "util/errmsg.h"
#include "vfio/iommufd_uapi.h"

/* Syscalls allowed with any arguments: stdio to the console/log/trace, the
 * allocator, thread start/stop (watchdog, APs), vCPU kicks, timing, exit. */
static const int syscall_allow[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(writev), SCMP_SYS(close), SCMP_SYS(fstat),
	SCMP_SYS(newfstatat), SCMP_SYS(lseek), SCMP_SYS(munmap), SCMP_SYS(madvise),
	SCMP_SYS(brk), SCMP_SYS(mremap), SCMP_SYS(futex), SCMP_SYS(clone), SCMP_SYS(clone3),
	SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(tgkill), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	SCMP_SYS(sched_yield), SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(getrandom),
	SCMP_SYS(sigaltstack),
	/* hyperupcalls: reclaim's resident-page count (madvise is above) */
	SCMP_SYS(mincore),
	/* VFIO: config space and trapped BARs (pread/pwrite on the device fd),
	 * the observe thread's poll, the fd-leak count at teardown (F_GETFD). */
	SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(fcntl),
};

/* ASan/UBSan builds (SANITIZE=1, gcc defines __SANITIZE_ADDRESS__): the
 * runtime reads /proc/self/maps for reports and LeakSanitizer stops the
 * process with a ptrace()ing helper at exit. A debugging build only. */
static const int sanitizer_allow[] = {
#ifdef __SANITIZE_ADDRESS__
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(readlink), SCMP_SYS(prlimit64),
	SCMP_SYS(pread64), SCMP_SYS(prctl), SCMP_SYS(wait4), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(set_tid_address), SCMP_SYS(arch_prctl), SCMP_SYS(ptrace), SCMP_SYS(getppid),
	SCMP_SYS(pipe2), SCMP_SYS(dup2), SCMP_SYS(getdents), SCMP_SYS(getdents64),
	SCMP_SYS(rt_sigtimedwait),
#endif
	-1,
};

#define IOCTL(req) { #req, req }
/* ioctls uvmm makes once the VM is built: the run loop, register access for
 * hypercall results and reports, and the guest's test-control hypercalls
 * (memslots, dirty log, interrupts, MSIs). TCGETS: stdio asks isatty. */
static const struct {
	const char *name;
	unsigned long request;
} ioctl_allow[] = {
	IOCTL(KVM_RUN),           IOCTL(KVM_GET_REGS),      IOCTL(KVM_SET_REGS),
	IOCTL(KVM_GET_SREGS),     IOCTL(KVM_INTERRUPT),     IOCTL(KVM_SET_USER_MEMORY_REGION),
	IOCTL(KVM_GET_DIRTY_LOG), IOCTL(KVM_SIGNAL_MSI),    IOCTL(KVM_IRQ_LINE),
	IOCTL(TCGETS),
	/* a passed-through device: MSI routing as the guest programs it, and the
	 * teardown (interrupts off, reset, DMA unmapped, container released) */
	IOCTL(KVM_IRQFD),         IOCTL(KVM_SET_GSI_ROUTING),
	IOCTL(VFIO_DEVICE_SET_IRQS), IOCTL(VFIO_DEVICE_RESET), IOCTL(VFIO_IOMMU_UNMAP_DMA),
	IOCTL(VFIO_GROUP_UNSET_CONTAINER),
	/* the guest's own IOVA mappings (hypercall iommu), container or iommufd */
	IOCTL(VFIO_IOMMU_MAP_DMA), IOCTL(UVMM_IOMMU_IOAS_MAP), IOCTL(UVMM_IOMMU_IOAS_UNMAP),
};

/* With the gdb stub (docs/debugging.md): gdb's register writes, breakpoints
 * and single steps, and a #BP handed back to the guest. Only then. */
static const struct {
	const char *name;
	unsigned long request;
} debug_ioctl_allow[] = {
	IOCTL(KVM_SET_SREGS),     IOCTL(KVM_GET_FPU),       IOCTL(KVM_SET_FPU),
	IOCTL(KVM_SET_GUEST_DEBUG), IOCTL(KVM_GET_VCPU_EVENTS), IOCTL(KVM_SET_VCPU_EVENTS),
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

size_t sandbox_ioctl_count(void)
{
	return N_ELEMS(ioctl_allow);
}

const char *sandbox_ioctl_name(size_t i, unsigned long *request)
{
	if (i >= N_ELEMS(ioctl_allow))
		return NULL;
	*request = ioctl_allow[i].request;
	return ioctl_allow[i].name;
}

static int report_fd = 2;
/* Async-signal-safe: only write() and a hand-made decimal. */
static size_t put_str(char *buf, size_t at, size_t size, const char *s)
{
	while (*s && at + 1 < size)
		buf[at++] = *s++;
	return at;
}

static size_t put_dec(char *buf, size_t at, size_t size, long v)
{
	char tmp[24];
	size_t n = 0;
	unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

	if (v < 0)
		at = put_str(buf, at, size, "-");
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n && at + 1 < size)
		buf[at++] = tmp[--n];
	return at;
}

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char msg[160];
	size_t n = 0;
	ssize_t w;

	(void)uc;
	n = put_str(msg, n, sizeof(msg), "uvmm: killed by the seccomp sandbox (SIGSYS): syscall ");
	n = put_dec(msg, n, sizeof(msg), si->si_syscall);
	/* No name: resolving one allocates, which a signal handler must not do
	 * (scmp_sys_resolver N or ausyscall N names it). */
	n = put_str(msg, n, sizeof(msg), "\n");
	w = write(report_fd, msg, n);
	(void)w;
	/* SA_RESETHAND made the disposition default: the signal, blocked while this
	 * handler runs, kills the process as soon as the handler returns. */
	syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
}

/* The stub's socket was bound before the filter: it may accept on that one
 * descriptor (and set TCP_NODELAY on what it accepts), nothing else. */
static int add_debug_rules(scmp_filter_ctx ctx, int listen_fd)
{
	int r = 0;

	for (size_t i = 0; i < N_ELEMS(debug_ioctl_allow) && r == 0; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				     SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, debug_ioctl_allow[i].request));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(accept4), 1,
				     SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)listen_fd));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(setsockopt), 2,
				     SCMP_A1(SCMP_CMP_EQ, IPPROTO_TCP), SCMP_A2(SCMP_CMP_EQ, TCP_NODELAY));
	return r;
}

static int add_rules(scmp_filter_ctx ctx)
{
	int r = 0;

	for (size_t i = 0; i < N_ELEMS(syscall_allow) && r == 0; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, syscall_allow[i], 0);
	for (size_t i = 0; sanitizer_allow[i] >= 0 && r == 0; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, sanitizer_allow[i], 0);
	/* The glibc wrapper passes the request as unsigned long: compare 32 bits
	 * so a sign-extended int request cannot slip past or be refused. */
	for (size_t i = 0; i < N_ELEMS(ioctl_allow) && r == 0; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				     SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, ioctl_allow[i].request));
	/* New memory (memslots, thread stacks, malloc) but never executable. */
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	/* glibc installs its internal SIGRT handlers on the first pthread_create;
	 * nobody may take SIGSYS away from the reporting handler. */
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(rt_sigaction), 1,
				     SCMP_A0(SCMP_CMP_NE, SIGSYS));
	return r;
}

int sandbox_install(int fd, int gdb_listen_fd, char *err, size_t errlen)
{
	struct sigaction sa;
	scmp_filter_ctx ctx;
	int r;

	report_fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return errmsg(err, errlen, "sandbox: sigaction(SIGSYS): %s", strerror(errno));
	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx)
		return errmsg(err, errlen, "sandbox: seccomp_init failed");
	r = add_rules(ctx);
	if (r == 0 && gdb_listen_fd >= 0)
		r = add_debug_rules(ctx, gdb_listen_fd);
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0)
		return errmsg(err, errlen, "sandbox: installing the seccomp filter: %s", strerror(-r));
	process_set_confined();
	return 0;
}

void sandbox_test_hook(void)
{
	int fd;

	if (!getenv(SANDBOX_HOOK_VIOLATE))
		return;
	/* What an escaped guest would want first: a network socket. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd >= 0)
		close(fd);
}
