/* Whether a vCPU is halted (declared in vm.h). The statistics file is a
 * header, name-tagged descriptors and the data; the layout is KVM's
 * (Documentation/virt/kvm/api.rst, KVM_GET_STATS_FD). */
#include <stdint.h>

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "machine/vm.h"

#define STAT_NAME "blocking"

static int find_blocking(int fd, uint64_t *off)
{
	struct kvm_stats_header h;
	size_t dsize;
	char *descs;
	int found = -1;

	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || h.num_desc == 0 ||
	    h.num_desc > 4096 || h.name_size > 4096)
		return -1;
	dsize = sizeof(struct kvm_stats_desc) + h.name_size;
	descs = malloc(dsize * h.num_desc);
	if (!descs)
		return -1;
	if (pread(fd, descs, dsize * h.num_desc, h.desc_offset) == (ssize_t)(dsize * h.num_desc)) {
		for (uint32_t i = 0; i < h.num_desc && found < 0; i++) {
			const struct kvm_stats_desc *d = (const void *)(descs + i * dsize);

			if (d->size == 1 && strnlen(d->name, h.name_size) == strlen(STAT_NAME) &&
			    !memcmp(d->name, STAT_NAME, strlen(STAT_NAME))) {
				*off = (uint64_t)h.data_offset + d->offset;
				found = 0;
			}
		}
	}
	free(descs);
	return found;
}

void vcpu_stats_open(struct vcpu *v)
{
	int fd = ioctl(v->h.fd, KVM_GET_STATS_FD, NULL);

	v->stats_fd = -1;
	if (fd < 0)
		return;
	if (find_blocking(fd, &v->blocking_off) < 0) {
		close(fd);
		return;
	}
	v->stats_fd = fd;
}

void vcpu_stats_close(struct vcpu *v)
{
	if (v->stats_fd >= 0)
		close(v->stats_fd);
	v->stats_fd = -1;
}

int vcpu_halted(const struct vcpu *v)
{
	uint64_t val;

	if (v->stats_fd < 0 || pread(v->stats_fd, &val, sizeof(val), (off_t)v->blocking_off) != sizeof(val))
		return -1;
	return val != 0;
}
