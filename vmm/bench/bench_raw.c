/* Deliberately not built on vm.c or run.c: whatever they cost per exit is what
 * the benchmark measures against this loop. It shares only the loader, guest
 * memory and the KVM wrappers, which cost nothing per exit. */
#include "bench/bench_raw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "util/bytes.h"
#include "util/clock.h"
#include "util/errmsg.h"
#include "util/exit_clock.h"
#include "loader/boot.h"
#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "machine/guest_mem.h"
#include "machine/kvm.h"
#include "machine/kvm_stats.h"
#include "uvmm/abi.h"

#define RAW_MEM (16ull << 20)

struct raw_vm {
	struct kvm_host kvm;
	int vm_fd;
	struct guest_mem mem;
	struct kvm_vcpu_handle vcpu;
	uint8_t *image;
	size_t image_len;
	struct image_info info;
};

static void raw_free(struct raw_vm *v)
{
	kvm_destroy_vcpu(&v->vcpu);
	guest_mem_free(&v->mem);
	if (v->vm_fd >= 0)
		close(v->vm_fd);
	if (v->kvm.fd >= 0)
		kvm_close(&v->kvm);
	image_info_free(&v->info);
	free(v->image);
}

/* Without user-space MSR exits the scratch MSRs would #GP inside KVM. */
static int enable_user_msr(int vm_fd)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_UNKNOWN,
	};

	return ioctl(vm_fd, KVM_ENABLE_CAP, &cap);
}

static int raw_setup(struct raw_vm *v, const char *path, const char *cmdline, char *err,
		     size_t errlen)
{
	int r;

	if (image_read_file(path, &v->image, &v->image_len, err, errlen) < 0 ||
	    kvm_open(&v->kvm, "/dev/kvm", err, errlen) < 0)
		return -1;
	v->vm_fd = kvm_create_vm(&v->kvm, err, errlen);
	if (v->vm_fd < 0)
		return -1;
	if ((r = guest_mem_init(&v->mem, RAW_MEM)) < 0 ||
	    (r = kvm_set_memslot(v->vm_fd, 0, 0, 0, v->mem.size, v->mem.host)) < 0)
		return errmsg(err, errlen, "guest RAM: %s", strerror(-r));
	if (enable_user_msr(v->vm_fd) < 0)
		return errmsg(err, errlen, "KVM_CAP_X86_USER_SPACE_MSR: %s", strerror(errno));
	if (kvm_create_vcpu(&v->kvm, v->vm_fd, 0, &v->vcpu, err, errlen) < 0)
		return -1;
	if ((r = kvm_set_cpuid_supported(&v->kvm, v->vcpu.fd, NULL, NULL)) < 0)
		return errmsg(err, errlen, "KVM_SET_CPUID2: %s", strerror(-r));
	if (elf_load(v->image, v->image_len, &v->mem, &v->info, err, errlen) < 0)
		return -1;
	return boot_setup(v->vcpu.fd, &v->mem, &v->info, BOOT_PVH,
			  &(struct boot_args){ .cmdline = cmdline }, err, errlen);
}

/* Answers one exit. Returns 1 when the guest is done, 0 to go on, -1 on an
 * exit the floor does not serve. */
static int raw_answer(struct kvm_run *run, struct bench_raw_result *r)
{
	switch (run->exit_reason) {
	case KVM_EXIT_IO: {
		uint8_t *data = (uint8_t *)run + run->io.data_offset;

		if (run->io.direction == KVM_EXIT_IO_IN) {
			read_nothing(data, (size_t)run->io.size * run->io.count);
			return 0;
		}
		if (run->io.port != UVMM_DEBUG_EXIT_PORT)
			return 0;
		memcpy(&r->exit_status, data, run->io.size < 4 ? run->io.size : 4);
		return 1;
	}
	case KVM_EXIT_MMIO:
		if (!run->mmio.is_write)
			memset(run->mmio.data, 0, sizeof(run->mmio.data));
		return 0;
	case KVM_EXIT_X86_RDMSR:
		run->msr.data = 0;
		run->msr.error = 0;
		return 0;
	case KVM_EXIT_X86_WRMSR:
		run->msr.error = 0;
		return 0;
	case KVM_EXIT_HLT:
	case KVM_EXIT_INTR:
		return 0;
	default:
		return -1;
	}
}

static void read_stats(const struct kvm_stats *ks, struct bench_raw_stats *st, uint64_t *into)
{
	for (unsigned i = 0; st && i < st->n; i++)
		if (kvm_stats_read(ks, st->names[i], &into[i]) < 0)
			into[i] = 0;
}

static int raw_loop(struct raw_vm *v, struct bench_raw_result *r, struct exit_clock *clock,
		    struct bench_raw_stats *st, char *err, size_t errlen)
{
	struct kvm_run *run = v->vcpu.run;
	struct kvm_stats ks = { .fd = -1 };
	char serr[128];

	if (st)
		st->ok = kvm_stats_open(&ks, v->vcpu.fd, serr, sizeof(serr)) == 0;

	for (;;) {
		int a;

		if (ioctl(v->vcpu.fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			kvm_stats_close(&ks);
			return errmsg(err, errlen, "KVM_RUN: %s", strerror(errno));
		}
		if (clock)
			exit_clock_tick(clock);
		if (r->nexits++ == 0) {
			r->first_exit_ns = now_ns();
			if (st)
				read_stats(&ks, st, st->first);
		}
		a = raw_answer(run, r);
		if (a < 0) {
			kvm_stats_close(&ks);
			return errmsg(err, errlen, "exit reason %u after %llu exits", run->exit_reason,
				      (unsigned long long)r->nexits);
		}
		if (a > 0) {
			r->end_ns = now_ns();
			if (st)
				read_stats(&ks, st, st->end);
			kvm_stats_close(&ks);
			return 0;
		}
	}
}

int bench_raw_run(const char *path, const char *cmdline, struct bench_raw_result *r,
		  char *err, size_t errlen)
{
	return bench_raw_run_ex(path, cmdline, r, NULL, NULL, NULL, err, errlen);
}

static int run_ex(const char *path, const char *cmdline, struct bench_raw_result *r,
		  void (*on_finish)(void *arg, const struct guest_mem *mem), void *arg,
		  struct exit_clock *clock, struct bench_raw_stats *st, char *err, size_t errlen)
{
	struct raw_vm v;
	int rc;

	memset(&v, 0, sizeof(v));
	memset(r, 0, sizeof(*r));
	v.vm_fd = v.kvm.fd = v.vcpu.fd = -1;
	rc = raw_setup(&v, path, cmdline, err, errlen);
	if (rc == 0)
		rc = raw_loop(&v, r, clock, st, err, errlen);
	if (rc == 0 && on_finish)
		on_finish(arg, &v.mem);
	raw_free(&v);
	return rc < 0 ? -1 : 0;
}

int bench_raw_run_ex(const char *path, const char *cmdline, struct bench_raw_result *r,
		     void (*on_finish)(void *arg, const struct guest_mem *mem), void *arg,
		     struct exit_clock *clock, char *err, size_t errlen)
{
	return run_ex(path, cmdline, r, on_finish, arg, clock, NULL, err, errlen);
}

int bench_raw_run_stats(const char *path, const char *cmdline, struct bench_raw_result *r,
			struct bench_raw_stats *st, char *err, size_t errlen)
{
	return run_ex(path, cmdline, r, NULL, NULL, NULL, st, err, errlen);
}
