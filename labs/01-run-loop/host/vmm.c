/* Lab 1: your VMM. Run a flat real-mode guest image on KVM and print every
 * exit you handle in uvmm's trace syntax (docs/expectations.md), one per line,
 * on standard output; the guest's console bytes (port 0x3f8) go to standard
 * error. See labs/01-run-loop/README.md for the steps.
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

/* Given: report a failed system call and stop. */
static void die(const char *what)
{
	fprintf(stderr, "vmm: %s: %s\n", what, strerror(errno));
	exit(HOST_FAILED);
}

/* Given: read the whole image at path into dst (room bytes at most). */
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

int main(int argc, char **argv)
{
	uint8_t *ram;

	if (argc != 2) {
		fprintf(stderr, "usage: vmm GUEST.bin\n");
		return HOST_FAILED;
	}

	/* Step 1: open /dev/kvm, check KVM_GET_API_VERSION, KVM_CREATE_VM,
	 * and KVM_SET_TSS_ADDR(TSS_ADDR). */

	/* Step 2: guest RAM. mmap RAM_SIZE bytes of anonymous memory, load
	 * the image at offset LOAD_ADDR, and give the memory to the VM with
	 * KVM_SET_USER_MEMORY_REGION (slot 0, guest-physical address 0). */
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (ram == MAP_FAILED)
		die("mmap");
	load_image(argv[1], ram + LOAD_ADDR, RAM_SIZE - LOAD_ADDR);

	/* Step 3: one vCPU. KVM_CREATE_VCPU, then mmap its struct kvm_run
	 * (KVM_GET_VCPU_MMAP_SIZE bytes of the vCPU's file descriptor). */

	/* Step 4: the start state. Real mode: CS base and selector 0
	 * (KVM_GET_SREGS / KVM_SET_SREGS), RIP = LOAD_ADDR and RFLAGS = 2
	 * (KVM_SET_REGS). */

	/* Step 5: the run loop. KVM_RUN, then look at run->exit_reason:
	 * - KVM_EXIT_IO: print "pio.out PORT:SIZE = VALUE" or
	 *   "pio.in PORT:SIZE = VALUE" (hex, e.g. pio.out 0x80:1 = 0x42).
	 *   The data is at (uint8_t *)run + run->io.data_offset. An IN must
	 *   read all-ones (no device is there). Bytes to COM1_PORT also go to
	 *   stderr; a write to DEBUG_EXIT_PORT ends the run with its value.
	 * - KVM_EXIT_HLT: print "hlt" and run the guest again.
	 * - KVM_EXIT_SHUTDOWN: print "shutdown" and exit 1.
	 * - anything else: print "unhandled REASON" and exit 1. */

	fprintf(stderr, "vmm: not written yet (labs/01-run-loop/README.md)\n");
	return HOST_FAILED;
}
