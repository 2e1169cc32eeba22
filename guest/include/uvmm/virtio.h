/* A virtio 1.x (modern) PCI driver: structure discovery through the vendor
 * capabilities, device initialization and split virtqueues. 64-bit only. */
#ifndef UVMM_GUEST_VIRTIO_H
#define UVMM_GUEST_VIRTIO_H

#include <stdint.h>

#define VIRTIO_PCI_VENDOR 0x1af4
/* Modern-only devices have device id 0x1040 + the virtio device type. */
#define VIRTIO_PCI_MODERN_ID(type) (0x1040u + (type))
#define VIRTIO_TYPE_RNG 4

/* struct virtio_pci_cap (virtio 1.x 4.1.4): after the standard cap header
 * (vndr, next, len, cfg_type at +3) come bar at +4, offset at +8, length at
 * +12; the notify capability adds notify_off_multiplier at +16. */
#define VIRTIO_PCI_CAP_BAR 4
#define VIRTIO_PCI_CAP_OFFSET 8
#define VIRTIO_PCI_CAP_LENGTH 12
#define VIRTIO_PCI_CAP_NOTIFY_MULT 16
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5

/* struct virtio_pci_common_cfg: offsets and (in the accessors) widths. */
#define VIRTIO_COMMON_DFSELECT 0x00     /* le32 */
#define VIRTIO_COMMON_DF 0x04           /* le32, read-only */
#define VIRTIO_COMMON_GFSELECT 0x08     /* le32 */
#define VIRTIO_COMMON_GF 0x0c           /* le32 */
#define VIRTIO_COMMON_MSIX 0x10         /* le16: config_msix_vector */
#define VIRTIO_COMMON_NUMQ 0x12         /* le16, read-only */
#define VIRTIO_COMMON_STATUS 0x14       /* u8 */
#define VIRTIO_COMMON_CFGGEN 0x15       /* u8, read-only */
#define VIRTIO_COMMON_Q_SELECT 0x16     /* le16 */
#define VIRTIO_COMMON_Q_SIZE 0x18       /* le16 */
#define VIRTIO_COMMON_Q_MSIX 0x1a       /* le16 */
#define VIRTIO_COMMON_Q_ENABLE 0x1c     /* le16 */
#define VIRTIO_COMMON_Q_NOFF 0x1e       /* le16, read-only */
#define VIRTIO_COMMON_Q_DESC 0x20       /* le64, as two le32 halves */
#define VIRTIO_COMMON_Q_DRIVER 0x28     /* le64: the available ring */
#define VIRTIO_COMMON_Q_DEVICE 0x30     /* le64: the used ring */
#define VIRTIO_COMMON_CFG_LEN 0x38

#define VIRTIO_STATUS_ACKNOWLEDGE 0x01u
#define VIRTIO_STATUS_DRIVER 0x02u
#define VIRTIO_STATUS_DRIVER_OK 0x04u
#define VIRTIO_STATUS_FEATURES_OK 0x08u
#define VIRTIO_STATUS_NEEDS_RESET 0x40u
#define VIRTIO_STATUS_FAILED 0x80u

#define VIRTIO_F_VERSION_1 (1ull << 32)
#define VIRTIO_F_ACCESS_PLATFORM (1ull << 33)
#define VIRTIO_MSI_NO_VECTOR 0xffffu

/* Split virtqueue (virtio 1.x 2.6), little-endian like x86. */
#define VIRTQ_DESC_F_NEXT 0x1u
#define VIRTQ_DESC_F_WRITE 0x2u /* device-writable buffer */
#define VIRTQ_MAX_SIZE 256u     /* so each ring part fits its 4 KiB page */
#define VIRTQ_RING_BYTES 0x3000u

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[VIRTQ_MAX_SIZE];
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[VIRTQ_MAX_SIZE];
};

/* One function's virtio structures, as guest-physical addresses (0: absent). */
struct virtio_pci {
	int slot;
	uintptr_t common, notify, isr, device;
	uint32_t notify_mult;  /* notify_off_multiplier */
	uint32_t device_len;
	uint64_t bar_addr[6];  /* memory BARs the capabilities named (0: not read) */
	uint64_t features;     /* accepted by the driver and the device */
	uint8_t status;        /* the device status as last written */
};

struct virtq {
	unsigned index;
	unsigned size;
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uintptr_t notify;      /* this queue's notification address */
	uint16_t next_avail;   /* the available index the driver publishes next */
	uint16_t last_used;    /* used elements consumed so far */
};

/* Finds the first VIRTIO_PCI_VENDOR:device on bus 0, walks its capability
 * list for the common, notify, ISR and device structures (the first of each
 * type, as the spec asks), reads the BARs they are in and turns on memory
 * decoding and bus mastering. Returns 0, or -1 when there is no such device
 * or it lacks a usable common or notify structure. */
int virtio_pci_probe(struct virtio_pci *v, uint16_t device);

/* Reset, ACKNOWLEDGE, DRIVER, feature negotiation and FEATURES_OK (3.1.1
 * steps 1-6): accepts what the device offers of required | optional. Returns
 * 0; -1 (with FAILED set) when the device lacks a required feature or does
 * not keep FEATURES_OK. */
int virtio_start(struct virtio_pci *v, uint64_t required, uint64_t optional);
/* Sets config_msix_vector; returns what the device reads back
 * (VIRTIO_MSI_NO_VECTOR when it refused the entry). */
uint16_t virtio_config_vector(struct virtio_pci *v, uint16_t entry);
/* Sets up and enables queue index with its descriptor table, available and
 * used rings in the three 4 KiB pages at ring_gpa (zeroed here; the device
 * reaches them by DMA at IOVA = GPA), its interrupt on MSI-X entry
 * msix_entry. Returns 0; -1 when the queue does not exist or the device
 * refused the vector. */
int virtq_setup(struct virtio_pci *v, struct virtq *q, unsigned index, uint64_t ring_gpa,
		uint16_t msix_entry);
void virtio_driver_ok(struct virtio_pci *v);

/* Makes one device-writable buffer available; returns its descriptor id. At
 * most size buffers may be outstanding. */
unsigned virtq_add_inbuf(struct virtq *q, uint64_t gpa, uint32_t len);
/* Notifies the device of queue q (one 2-byte write of the queue index). */
void virtq_kick(const struct virtq *q);
/* The used index as the device last published it. */
uint16_t virtq_used_idx(const struct virtq *q);
/* Takes the next used element: 1 with its id and written length, 0 if none. */
int virtq_pop_used(struct virtq *q, uint32_t *id, uint32_t *len);

#endif
