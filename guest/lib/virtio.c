/* Every device register access is one MMIO access of the register's own width
 * (u8 status, le16 queue fields, le32 features), and the le64 ring addresses
 * are written as two le32 halves, low first, as the spec allows: trapped,
 * each is exactly one exit a test can declare. */
#include <uvmm/mmio.h>
#include <uvmm/pci.h>
#include <uvmm/string.h>
#include <uvmm/virtio.h>

/* Compiler barriers are enough on x86 for rings in write-back RAM: loads are
 * not reordered with loads, stores not with stores, and a store to uncached
 * MMIO (the notification) is not passed by earlier stores. They must still
 * be explicit, or the compiler may reorder the plain ring accesses. */
#define virtio_wmb() __asm__ volatile("" ::: "memory")
#define virtio_rmb() __asm__ volatile("" ::: "memory")

/* The device must read 0 after a reset write; QEMU resets synchronously, a
 * real device may take a few reads. */
#define RESET_POLLS 1000

struct cap_loc {
	int seen;
	uint32_t bar, off, len;
};

static uint64_t bar_base(struct virtio_pci *v, unsigned bar)
{
	if (!v->bar_addr[bar])
		v->bar_addr[bar] = pci_bar_addr((unsigned)v->slot, bar);
	return v->bar_addr[bar];
}

static uintptr_t locate(struct virtio_pci *v, const struct cap_loc *c)
{
	uint64_t base;

	if (!c->seen)
		return 0;
	base = bar_base(v, c->bar);
	return base ? (uintptr_t)(base + c->off) : 0;
}

int virtio_pci_probe(struct virtio_pci *v, uint16_t device)
{
	struct cap_loc loc[VIRTIO_PCI_CAP_DEVICE_CFG + 1];
	unsigned slot, ptr;

	memset(v, 0, sizeof(*v));
	memset(loc, 0, sizeof(loc));
	v->slot = pci_find(VIRTIO_PCI_VENDOR, device);
	if (v->slot < 0)
		return -1;
	slot = (unsigned)v->slot;
	ptr = pci_read32(slot, PCI_REG_CAP_PTR) & 0xfc;
	for (int hops = 0; ptr && hops < 48; hops++) {
		uint32_t hdr = pci_read32(slot, ptr), bar;
		unsigned type = hdr >> 24, cap_len = (hdr >> 16) & 0xff;

		/* The first structure of each type is the one to use; other
		 * types (PCI_CFG, future ones) are not needed here. */
		if ((hdr & 0xff) == PCI_CAP_VENDOR && type >= VIRTIO_PCI_CAP_COMMON_CFG &&
		    type <= VIRTIO_PCI_CAP_DEVICE_CFG && !loc[type].seen) {
			bar = pci_read32(slot, ptr + VIRTIO_PCI_CAP_BAR) & 0xff;
			/* Reserved BAR numbers mean "ignore this structure". */
			if (bar <= 5) {
				loc[type] = (struct cap_loc){
					.seen = 1,
					.bar = bar,
					.off = pci_read32(slot, ptr + VIRTIO_PCI_CAP_OFFSET),
					.len = pci_read32(slot, ptr + VIRTIO_PCI_CAP_LENGTH),
				};
				if (type == VIRTIO_PCI_CAP_NOTIFY_CFG) {
					if (cap_len >= VIRTIO_PCI_CAP_NOTIFY_MULT + 4)
						v->notify_mult = pci_read32(slot, ptr + VIRTIO_PCI_CAP_NOTIFY_MULT);
					else
						loc[type].seen = 0;
				}
			}
		}
		ptr = (hdr >> 8) & 0xfc;
	}
	if (loc[VIRTIO_PCI_CAP_COMMON_CFG].len < VIRTIO_COMMON_CFG_LEN ||
	    loc[VIRTIO_PCI_CAP_NOTIFY_CFG].len < 2)
		return -1;
	v->common = locate(v, &loc[VIRTIO_PCI_CAP_COMMON_CFG]);
	v->notify = locate(v, &loc[VIRTIO_PCI_CAP_NOTIFY_CFG]);
	v->isr = locate(v, &loc[VIRTIO_PCI_CAP_ISR_CFG]);
	v->device = locate(v, &loc[VIRTIO_PCI_CAP_DEVICE_CFG]);
	v->device_len = v->device ? loc[VIRTIO_PCI_CAP_DEVICE_CFG].len : 0;
	if (!v->common || !v->notify)
		return -1;
	pci_write32(slot, PCI_REG_COMMAND, PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	return 0;
}

static void set_status(struct virtio_pci *v, uint8_t bits)
{
	v->status |= bits;
	mmio_write8(v->common + VIRTIO_COMMON_STATUS, v->status);
}

static uint8_t get_status(const struct virtio_pci *v)
{
	return mmio_read8(v->common + VIRTIO_COMMON_STATUS);
}

static void fail(struct virtio_pci *v)
{
	set_status(v, VIRTIO_STATUS_FAILED);
}

static uint64_t device_features(const struct virtio_pci *v)
{
	uint64_t f;

	mmio_write32(v->common + VIRTIO_COMMON_DFSELECT, 0);
	f = mmio_read32(v->common + VIRTIO_COMMON_DF);
	mmio_write32(v->common + VIRTIO_COMMON_DFSELECT, 1);
	return f | (uint64_t)mmio_read32(v->common + VIRTIO_COMMON_DF) << 32;
}

static void driver_features(const struct virtio_pci *v, uint64_t f)
{
	mmio_write32(v->common + VIRTIO_COMMON_GFSELECT, 0);
	mmio_write32(v->common + VIRTIO_COMMON_GF, (uint32_t)f);
	mmio_write32(v->common + VIRTIO_COMMON_GFSELECT, 1);
	mmio_write32(v->common + VIRTIO_COMMON_GF, (uint32_t)(f >> 32));
}

int virtio_start(struct virtio_pci *v, uint64_t required, uint64_t optional)
{
	uint64_t offered;
	int polls = 0;

	v->status = 0;
	mmio_write8(v->common + VIRTIO_COMMON_STATUS, 0);
	while (get_status(v) != 0)
		if (++polls == RESET_POLLS)
			return -1;
	set_status(v, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(v, VIRTIO_STATUS_DRIVER);
	offered = device_features(v);
	if ((offered & required) != required) {
		fail(v);
		return -1;
	}
	v->features = offered & (required | optional);
	driver_features(v, v->features);
	set_status(v, VIRTIO_STATUS_FEATURES_OK);
	/* The device clears FEATURES_OK when it cannot work with the subset. */
	if (!(get_status(v) & VIRTIO_STATUS_FEATURES_OK)) {
		fail(v);
		return -1;
	}
	return 0;
}

uint16_t virtio_config_vector(struct virtio_pci *v, uint16_t entry)
{
	mmio_write16(v->common + VIRTIO_COMMON_MSIX, entry);
	return mmio_read16(v->common + VIRTIO_COMMON_MSIX);
}

static void write_addr(const struct virtio_pci *v, unsigned reg, uint64_t gpa)
{
	mmio_write32(v->common + reg, (uint32_t)gpa);
	mmio_write32(v->common + reg + 4, (uint32_t)(gpa >> 32));
}

int virtq_setup(struct virtio_pci *v, struct virtq *q, unsigned index, uint64_t ring_gpa,
		uint16_t msix_entry)
{
	uint16_t size, noff;

	mmio_write16(v->common + VIRTIO_COMMON_Q_SELECT, (uint16_t)index);
	size = mmio_read16(v->common + VIRTIO_COMMON_Q_SIZE);
	if (!size)
		return -1;
	/* The driver may shrink a queue; the fixed ring pages hold this many. */
	if (size > VIRTQ_MAX_SIZE) {
		size = VIRTQ_MAX_SIZE;
		mmio_write16(v->common + VIRTIO_COMMON_Q_SIZE, size);
	}
	mmio_write16(v->common + VIRTIO_COMMON_Q_MSIX, msix_entry);
	if (mmio_read16(v->common + VIRTIO_COMMON_Q_MSIX) != msix_entry)
		return -1;

	q->index = index;
	q->size = size;
	q->desc = (volatile struct virtq_desc *)(uintptr_t)ring_gpa;
	q->avail = (volatile struct virtq_avail *)(uintptr_t)(ring_gpa + 0x1000);
	q->used = (volatile struct virtq_used *)(uintptr_t)(ring_gpa + 0x2000);
	q->next_avail = 0;
	q->last_used = 0;
	memset((void *)(uintptr_t)ring_gpa, 0, VIRTQ_RING_BYTES);
	/* The rings must be in memory before the device may look at them. */
	virtio_wmb();

	write_addr(v, VIRTIO_COMMON_Q_DESC, ring_gpa);
	write_addr(v, VIRTIO_COMMON_Q_DRIVER, ring_gpa + 0x1000);
	write_addr(v, VIRTIO_COMMON_Q_DEVICE, ring_gpa + 0x2000);
	noff = mmio_read16(v->common + VIRTIO_COMMON_Q_NOFF);
	q->notify = v->notify + (uintptr_t)noff * v->notify_mult;
	mmio_write16(v->common + VIRTIO_COMMON_Q_ENABLE, 1);
	return 0;
}

void virtio_driver_ok(struct virtio_pci *v)
{
	set_status(v, VIRTIO_STATUS_DRIVER_OK);
}

unsigned virtq_add_inbuf(struct virtq *q, uint64_t gpa, uint32_t len)
{
	unsigned head = q->next_avail % q->size;

	q->desc[head].addr = gpa;
	q->desc[head].len = len;
	q->desc[head].flags = VIRTQ_DESC_F_WRITE;
	q->desc[head].next = 0;
	q->avail->ring[q->next_avail % q->size] = (uint16_t)head;
	/* The descriptor and ring entry before the index that publishes them. */
	virtio_wmb();
	q->next_avail++;
	q->avail->idx = q->next_avail;
	return head;
}

void virtq_kick(const struct virtq *q)
{
	/* The published index before the notification that makes the device
	 * read it. */
	virtio_wmb();
	mmio_write16(q->notify, (uint16_t)q->index);
}

uint16_t virtq_used_idx(const struct virtq *q)
{
	return q->used->idx;
}

int virtq_pop_used(struct virtq *q, uint32_t *id, uint32_t *len)
{
	unsigned slot;

	if (q->used->idx == q->last_used)
		return 0;
	/* The index before the element it covers. */
	virtio_rmb();
	slot = q->last_used % q->size;
	*id = q->used->ring[slot].id;
	*len = q->used->ring[slot].len;
	q->last_used++;
	return 1;
}
