/* Lab 3 part B: your migration (labs/03-memory/README.md, part B). Lab 1's
 * VMM is given as helpers (include/vmm16.h); you add a pre-copy live
 * migration: dirty logging, a round at each marker, the stop-and-copy to a
 * new VM. Every exit is printed in uvmm's trace syntax; each round is a
 * comment line: `# round N: P dirty pages`.
 *
 * usage: migrate GUEST.bin    exit status: the guest's (debug-exit port),
 *                             1 after a crash, 125 when the host fails */
#include "vmm16.h"

#define MARKER_PORT 0x80
#define LAST_MARKER 3           /* the stop-and-copy round */

/* A VM with ram as slot 0 (logging writes when log is set) and one vCPU. */
static void machine_create(struct machine *m, uint8_t *ram, int log)
{
	/* TODO: with log set, KVM must log writes to this slot. */
	struct kvm_userspace_memory_region region = {
		.slot = 0, .flags = 0, .guest_phys_addr = 0,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)ram,
	};

	(void)log;
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
	/* TODO: KVM_GET_DIRTY_LOG on slot 0 (one bit per 4 KiB page), copy
	 * those pages from src->ram to dst, return how many. */
	(void)src;
	(void)dst;
	return 0;
}

/* The stop-and-copy: the vCPU's state goes with the RAM to a new VM. */
static void migrate(struct machine *src, struct machine *dst, uint8_t *dst_ram)
{
	/* TODO: finish the pending OUT (KVM_RUN with run->immediate_exit = 1
	 * returns EINTR at once), save the registers (KVM_GET_REGS, _SREGS),
	 * build dst on dst_ram (no logging), give it the registers, destroy
	 * src and unmap its RAM, print "# migrated". */
	(void)src;
	(void)dst;
	(void)dst_ram;
}

int main(int argc, char **argv)
{
	struct machine src;

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

	/* TODO: round 0 (all of RAM to a destination buffer from alloc_ram(),
	 * printed as "# round 0: 512 dirty pages"), then lab 1's run loop using
	 * print_io, with a round (copy_dirty) at each OUT to MARKER_PORT printed
	 * as "# round N: P dirty pages"; at LAST_MARKER, migrate and go on
	 * running the destination's vCPU. */
	(void)copy_dirty;
	(void)migrate;
	(void)print_io;
	(void)machine_destroy;
	fprintf(stderr, "migrate: not written yet (labs/03-memory/README.md)\n");
	return HOST_FAILED;
}
