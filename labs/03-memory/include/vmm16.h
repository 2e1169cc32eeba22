/* Lab 3 part B, given: lab 1's VMM as helpers for host/migrate.c: the KVM
 * file descriptor, a machine (VM, vCPU, RAM, kvm_run), loading a flat image,
 * real mode at 0x1000, and one port-I/O exit printed in uvmm's trace syntax. */
#ifndef LAB_VMM16_H
#define LAB_VMM16_H

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

#define RAM_SIZE (2u << 20)
#define PAGE 4096u
#define PAGES (RAM_SIZE / PAGE)
#define LOAD_ADDR 0x1000u
#define COM1_PORT 0x3f8
#define DEBUG_EXIT_PORT 0xf4
#define TSS_ADDR 0xfffbd000u
#define HOST_FAILED 125

struct machine {
	int vm, vcpu;
	uint8_t *ram;
	struct kvm_run *run;
};

static int kvm;       /* /dev/kvm */
static long run_size; /* KVM_GET_VCPU_MMAP_SIZE */

static void die(const char *what)
{
	fprintf(stderr, "migrate: %s: %s\n", what, strerror(errno));
	exit(HOST_FAILED);
}

static void load_image(const char *path, uint8_t *dst, size_t room)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		die(path);
	n = fread(dst, 1, room, f);
	if (ferror(f) || (n == room && fgetc(f) != EOF)) {
		fprintf(stderr, "migrate: %s: unreadable or larger than %zu bytes\n", path, room);
		exit(HOST_FAILED);
	}
	fclose(f);
}

static uint8_t *alloc_ram(void)
{
	uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (ram == MAP_FAILED)
		die("mmap");
	return ram;
}

static void machine_destroy(struct machine *m)
{
	munmap(m->run, (size_t)run_size);
	close(m->vcpu);
	close(m->vm);
}

static void start_real_mode(struct machine *m)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = LOAD_ADDR, .rflags = 0x2 };

	if (ioctl(m->vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(m->vcpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(m->vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_SREGS/REGS");
}

static uint64_t le_value(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	memcpy(&v, p, size);
	return v;
}

/* Prints one IO exit. Returns its value (of the first element). */
static uint64_t print_io(struct kvm_run *run)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned size = run->io.size, count = run->io.count;
	int out = run->io.direction == KVM_EXIT_IO_OUT;

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
	return le_value(data, size);
}

#endif
