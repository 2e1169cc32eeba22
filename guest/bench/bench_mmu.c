/* MMU benchmark guest, not part of the suite: N operations of one kind that
 * stress the MMU, chosen on the PVH command line ("op=cr3 n=100000"), between
 * one marker exit (OUT 0x80) and the final exit, so that the VMM times the
 * span and reads KVM's own counters around it (uvmm bench --mmu, docs/bench.md).
 * The operations cost the same to the guest under nested paging (NPT/EPT) and
 * shadow paging: what differs is what KVM does underneath. Each checks its
 * architectural result (a switched CR3 is in effect, a rewritten PTE maps the
 * new frame, a faulting page is mapped once, every touch reads its page) and
 * the guest exits 1 when one does not hold.
 *   cr3      MOV to CR3, alternating two roots; the second aliases low memory
 *            at 512 GiB, read once per switch
 *   invlpg   INVLPG of a page, then a read of it
 *   pte      a PTE rewritten to the other of two frames, INVLPG, a read
 *   fault    a read of a not-present page; the #PF handler maps it and the
 *            read is retried (2048 pages, unmapped again in one go when done)
 *   touch4k  a read per 4 KiB page over 8 MiB mapped with 4 KiB pages
 *   touch2m  the same over 8 MiB mapped with 2 MiB pages */
#include <uvmm/guest.h>
#include <uvmm/cmdline.h>

UVMM_OPTIONS("irqchip=0 timeout=300");
EXPECT("pio.out 0x80:1 = 0x1");

#define MARK_PORT 0x80
#define REGION 0x800000ull       /* 8 MiB .. 16 MiB of the 16 MiB of RAM */
#define REGION_SIZE (8ull << 20)
#define REGION_PAGES (REGION_SIZE / PAGE_SIZE)
#define FRAME_A 0x700000ull       /* the pte op's two frames */
#define FRAME_B 0x701000ull
#define ALIAS (1ull << 39)        /* PML4 entry 1: the second root's alias of entry 0 */

static uint64_t alt_pml4[512] __attribute__((aligned(4096)));
static uint64_t *region_pte[REGION_PAGES / 512]; /* the 4 KiB tables of the region */
static volatile uint64_t faults;

static void fail(void)
{
	guest_exit(1);
}

static void marker(void)
{
	outb(MARK_PORT, 1);
}

/* Every page of the region holds its own address in its first word. */
static void fill_region(void)
{
	for (uint64_t p = 0; p < REGION_PAGES; p++)
		*(volatile uint64_t *)(uintptr_t)(REGION + p * PAGE_SIZE) = REGION + p * PAGE_SIZE;
}

static uint64_t read_page(uint64_t va)
{
	return *(volatile uint64_t *)(uintptr_t)va;
}

/* The region in 4 KiB pages; region_pte[] names each page table. */
static void split_region(void)
{
	for (unsigned t = 0; t < REGION_PAGES / 512; t++) {
		int level;
		uint64_t va = REGION + (uint64_t)t * LARGE_PAGE_SIZE;
		if (pt_split_2m(va) < 0)
			fail();
		uint64_t *pte = pt_walk(va, &level);
		if (!pte || level != 1)
			fail();
		region_pte[t] = pte;
	}
}

static uint64_t *pte_of(uint64_t page)
{
	return &region_pte[page / 512][page % 512];
}

static void op_cr3(uint32_t n)
{
	uint64_t orig = read_cr3(), *pml4 = (uint64_t *)(uintptr_t)(orig & PTE_ADDR_MASK);
	const uint64_t probe = REGION;

	memcpy(alt_pml4, pml4, sizeof(alt_pml4));
	alt_pml4[1] = pml4[0];
	marker();
	for (uint32_t i = 0; i < n; i++) {
		if (i & 1) {
			write_cr3(orig);
		} else {
			write_cr3((uint64_t)(uintptr_t)alt_pml4);
			if (read_page(ALIAS + probe) != probe)
				fail();
		}
	}
	write_cr3(orig);
}

static void op_invlpg(uint32_t n)
{
	marker();
	for (uint32_t i = 0; i < n; i++) {
		uint64_t va = REGION + (i % REGION_PAGES) * PAGE_SIZE;
		invlpg((const void *)(uintptr_t)va);
		if (read_page(va) != va)
			fail();
	}
}

static void op_pte(uint32_t n)
{
	uint64_t *pte;

	*(volatile uint64_t *)(uintptr_t)FRAME_A = FRAME_A;
	*(volatile uint64_t *)(uintptr_t)FRAME_B = FRAME_B;
	split_region();
	pte = pte_of(0);
	marker();
	for (uint32_t i = 0; i < n; i++) {
		uint64_t frame = i & 1 ? FRAME_B : FRAME_A;
		*pte = frame | PTE_P | PTE_W;
		invlpg((const void *)(uintptr_t)REGION);
		if (read_page(REGION) != frame)
			fail();
	}
	*pte = REGION | PTE_P | PTE_W;
	invlpg((const void *)(uintptr_t)REGION);
}

/* Maps the faulting page of the region (P back on) and retries the read. */
static void on_fault(struct exc_frame *f)
{
	if (f->cr2 < REGION || f->cr2 >= REGION + REGION_SIZE || (f->error_code & 1))
		fail();
	*pte_of((f->cr2 - REGION) / PAGE_SIZE) |= PTE_P;
	faults++;
}

static void unmap_region(void)
{
	for (uint64_t p = 0; p < REGION_PAGES; p++)
		*pte_of(p) &= ~PTE_P;
	write_cr3(read_cr3());
}

static void op_fault(uint32_t n)
{
	split_region();
	idt_set_handler(X86_VEC_PF, on_fault);
	unmap_region();
	marker();
	for (uint32_t i = 0; i < n; i++) {
		uint64_t p = i % REGION_PAGES, va = REGION + p * PAGE_SIZE;
		if (p == 0 && i)
			unmap_region();
		if (read_page(va) != va)
			fail();
	}
	if (faults != n)
		fail();
}

static void touch(uint32_t n)
{
	uint64_t sum = 0, want = 0;

	marker();
	for (uint32_t i = 0; i < n; i++) {
		uint64_t va = REGION + (i % REGION_PAGES) * PAGE_SIZE;
		sum += read_page(va);
		want += va;
	}
	if (sum != want)
		fail();
}

static void op_touch4k(uint32_t n)
{
	split_region();
	touch(n);
}

static void op_touch2m(uint32_t n)
{
	touch(n);
}

static const struct {
	const char *name;
	void (*run)(uint32_t n);
} ops[] = {
	{ "cr3", op_cr3 }, { "invlpg", op_invlpg }, { "pte", op_pte },
	{ "fault", op_fault }, { "touch4k", op_touch4k }, { "touch2m", op_touch2m },
};

void guest_main(void)
{
	const char *cmd = boot_cmdline();
	uint32_t n = (uint32_t)cmdline_num(cmd, "n", 1000);
	size_t len;
	const char *op = cmdline_value(cmd, "op", &len);

	fill_region();
	for (unsigned i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strlen(ops[i].name) == len && !memcmp(ops[i].name, op, len)) {
			ops[i].run(n);
			return;
		}
	fail();
}
