/* Lab 1 reference solution: the smallest VMM that can run the lab's guests.
 * It opens /dev/kvm, builds a VM with 2 MiB of RAM and one vCPU in real mode,
 * loads a flat guest image at 0x1000 and runs it, printing every exit it
 * handles in uvmm's trace syntax (docs/expectations.md) on standard output.
 * The guest's console (port 0x3f8) goes to standard error.
 *
 * usage: vmm GUEST.bin        exit status: the guest's (debug-exit port),
 *                             1 after a crash, 125 when the host fails */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define RAM_SIZE (2u << 20)     /* guest RAM at GPA 0 */
#define LOAD_ADDR 0x1000u       /* where the flat image goes, and where it starts */
#define COM1_PORT 0x3f8         /* the guest's console: one byte per OUT */
#define DEBUG_EXIT_PORT 0xf4    /* a write of v ends the run with status v */
#define TSS_ADDR 0xfffbd000u    /* 3 pages KVM needs on Intel for real mode */
#define HOST_FAILED 125

static void die(const char *what)
{
	fprintf(stderr, "vmm: %s: %s\n", what, strerror(errno));
	exit(HOST_FAILED);
}

static size_t load_image(const char *path, uint8_t *dst, size_t room)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		die(path);
	n = fread(dst, 1, room, f);
	if (ferror(f) || (n == room && fgetc(f) != EOF)) {
		fprintf(stderr, "vmm: %s: unreadable or larger than %zu bytes\n", path, room);
		exit(HOST_FAILED);
	}
	fclose(f);
	return n;
}

static uint64_t le_value(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	memcpy(&v, p, size);
	return v;
}

/* One KVM_EXIT_IO: count elements of size bytes at data. Returns 1 when the
 * guest asked to stop (debug-exit port), with its status in *status. */
static int on_io(struct kvm_run *run, int *status)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned size = run->io.size, count = run->io.count;
	int out = run->io.direction == KVM_EXIT_IO_OUT;

	/* Nothing is behind any port: an IN reads all-ones, as on a bus with
	 * nothing plugged in. It must be filled before the next KVM_RUN. */
	if (!out)
		memset(data, 0xff, (size_t)size * count);
	printf("pio.%s 0x%x:%u", out ? "out" : "in", run->io.port, size);
	if (count > 1)
		printf(" x%u", count);
	printf(" =");
	for (unsigned i = 0; i < count; i++)
		printf(" 0x%llx", (unsigned long long)le_value(data + (size_t)i * size, size));
	printf("\n");
	if (out && run->io.port == COM1_PORT)
		for (unsigned i = 0; i < count; i++)
			fputc(data[i], stderr);
	if (out && run->io.port == DEBUG_EXIT_PORT) {
		*status = (int)(le_value(data, size) & 0xff);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	int kvm, vm, vcpu, status = 0;
	long run_size;
	uint8_t *ram;

	if (argc != 2) {
		fprintf(stderr, "usage: vmm GUEST.bin\n");
		return HOST_FAILED;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		fprintf(stderr, "vmm: unexpected KVM API version\n");
		return HOST_FAILED;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	if (ioctl(vm, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
		die("KVM_SET_TSS_ADDR");

	/* Guest RAM is ordinary anonymous memory of this process. */
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (ram == MAP_FAILED)
		die("mmap");
	load_image(argv[1], ram + LOAD_ADDR, RAM_SIZE - LOAD_ADDR);
	region = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE,
		.userspace_addr = (uintptr_t)ram,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(*run))
		die("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap of kvm_run");

	/* Real mode, CS base 0: the CPU fetches from CS.base + IP = LOAD_ADDR. */
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = LOAD_ADDR;
	regs.rflags = 0x2; /* bit 1 is always set */
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			if (on_io(run, &status))
				return status;
			break;
		case KVM_EXIT_HLT:
			/* KVM already moved RIP past the HLT: running again resumes. */
			printf("hlt\n");
			break;
		case KVM_EXIT_SHUTDOWN:
			printf("shutdown\n");
			return 1;
		case KVM_EXIT_FAIL_ENTRY:
			printf("fail_entry 0x%llx\n",
			       (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
			return 1;
		case KVM_EXIT_INTERNAL_ERROR:
			printf("internal_error 0x%x\n", run->internal.suberror);
			return 1;
		default:
			printf("unhandled %u\n", run->exit_reason);
			return 1;
		}
	}
}
