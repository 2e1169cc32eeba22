/* Lab 3 part B reference solution: lab 1's VMM plus a pre-copy live
 * migration. Guest RAM is logged for writes (KVM_MEM_LOG_DIRTY_PAGES); round
 * 0 copies all of it to the destination before the guest runs; at each of
 * the guest's markers (OUT to port 0x80) a round copies only the pages
 * KVM_GET_DIRTY_LOG says were written since the last one. The third marker
 * is the stop-and-copy: the source vCPU stops, its last dirty pages and its
 * registers go over, and the guest resumes on a new VM whose RAM is the
 * destination copy. Every exit is printed in uvmm's trace syntax; each round
 * is a comment line: `# round N: P dirty pages`.
 *
 * usage: migrate GUEST.bin    exit status: the guest's (debug-exit port),
 *                             1 after a crash, 125 when the host fails */
#include "vmm16.h"

#define MARKER_PORT 0x80
#define LAST_MARKER 3           /* the stop-and-copy round */

/* A VM with ram as slot 0 (logging writes when log is set) and one vCPU. */
static void machine_create(struct machine *m, uint8_t *ram, int log)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0, .flags = log ? KVM_MEM_LOG_DIRTY_PAGES : 0, .guest_phys_addr = 0,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)ram,
	};

	m->ram = ram;
	m->vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (m->vm < 0)
		die("KVM_CREATE_VM");
	if (ioctl(m->vm, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
		die("KVM_SET_TSS_ADDR");
	if (ioctl(m->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");
	m->vcpu = ioctl(m->vm, KVM_CREATE_VCPU, 0);
	if (m->vcpu < 0)
		die("KVM_CREATE_VCPU");
	m->run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, m->vcpu, 0);
	if (m->run == MAP_FAILED)
		die("mmap of kvm_run");
}

/* One round: the pages written since the last KVM_GET_DIRTY_LOG (which
 * clears the log) go to dst. Returns how many. */
static unsigned copy_dirty(struct machine *src, uint8_t *dst)
{
	uint64_t bitmap[PAGES / 64];
	struct kvm_dirty_log log = { .slot = 0, .dirty_bitmap = bitmap };
	unsigned n = 0;

	memset(bitmap, 0, sizeof(bitmap));
	if (ioctl(src->vm, KVM_GET_DIRTY_LOG, &log) < 0)
		die("KVM_GET_DIRTY_LOG");
	for (unsigned p = 0; p < PAGES; p++) {
		if (!(bitmap[p / 64] >> (p % 64) & 1))
			continue;
		memcpy(dst + (size_t)p * PAGE, src->ram + (size_t)p * PAGE, PAGE);
		n++;
	}
	return n;
}

/* The stop-and-copy: the vCPU's state goes with the RAM to a new VM. */
static void migrate(struct machine *src, struct machine *dst, uint8_t *dst_ram)
{
	struct kvm_regs regs;
	struct kvm_sregs sregs;

	/* The OUT that stopped the source is not finished until KVM_RUN is
	 * called again: let KVM finish it without entering the guest, so the
	 * registers saved are those after the instruction. */
	src->run->immediate_exit = 1;
	if (ioctl(src->vcpu, KVM_RUN, 0) == 0 || errno != EINTR)
		die("KVM_RUN with immediate_exit");
	if (ioctl(src->vcpu, KVM_GET_REGS, &regs) < 0 || ioctl(src->vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_REGS/SREGS");
	machine_create(dst, dst_ram, 0);
	if (ioctl(dst->vcpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(dst->vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_SREGS/REGS");
	machine_destroy(src);
	/* The source's RAM is gone: nothing can still read it by mistake. */
	munmap(src->ram, RAM_SIZE);
	printf("# migrated\n");
}

int main(int argc, char **argv)
{
	struct machine src, dst, *m = &src;
	uint8_t *dst_ram;
	int migrated = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: migrate GUEST.bin\n");
		return HOST_FAILED;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(struct kvm_run))
		die("KVM_GET_VCPU_MMAP_SIZE");
	machine_create(&src, alloc_ram(), 1);
	load_image(argv[1], src.ram + LOAD_ADDR, RAM_SIZE - LOAD_ADDR);
	start_real_mode(&src);

	/* Round 0: everything, before the guest runs. */
	dst_ram = alloc_ram();
	memcpy(dst_ram, src.ram, RAM_SIZE);
	printf("# round 0: %u dirty pages\n", PAGES);

	for (;;) {
		uint64_t v;

		if (ioctl(m->vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		switch (m->run->exit_reason) {
		case KVM_EXIT_IO:
			v = print_io(m->run);
			if (m->run->io.direction != KVM_EXIT_IO_OUT)
				break;
			if (m->run->io.port == DEBUG_EXIT_PORT)
				return (int)(v & 0xff);
			if (m->run->io.port == MARKER_PORT && !migrated) {
				printf("# round %llu: %u dirty pages\n", (unsigned long long)v,
				       copy_dirty(&src, dst_ram));
				if (v == LAST_MARKER) {
					migrate(&src, &dst, dst_ram);
					m = &dst;
					migrated = 1;
				}
			}
			break;
		case KVM_EXIT_HLT:
			printf("hlt\n");
			break;
		case KVM_EXIT_SHUTDOWN:
			printf("shutdown\n");
			return 1;
		default:
			printf("unhandled %u\n", m->run->exit_reason);
			return 1;
		}
	}
}
