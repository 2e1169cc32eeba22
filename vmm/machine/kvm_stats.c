/* Layout (Documentation/virt/kvm/api.rst, KVM_GET_STATS_FD): a header, then
 * num_desc descriptors of sizeof(struct kvm_stats_desc) + name_size bytes
 * each, then the u64 values; each descriptor says where its value is. */
#include "machine/kvm_stats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "util/errmsg.h"

int kvm_stats_open(struct kvm_stats *s, int vcpu_fd, char *err, size_t errlen)
{
	struct kvm_stats_header h;
	size_t dsize;
	uint8_t *buf;

	memset(s, 0, sizeof(*s));
	s->fd = ioctl(vcpu_fd, KVM_GET_STATS_FD, NULL);
	if (s->fd < 0)
		return errmsg(err, errlen, "KVM_GET_STATS_FD: %s", strerror(errno));
	if (pread(s->fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || h.name_size == 0 || h.name_size > 4096) {
		kvm_stats_close(s);
		return errmsg(err, errlen, "KVM statistics: bad header");
	}
	dsize = sizeof(struct kvm_stats_desc) + h.name_size;
	buf = malloc(dsize);
	if (!buf) {
		kvm_stats_close(s);
		return errmsg(err, errlen, "out of memory");
	}
	s->data_offset = h.data_offset;
	for (uint32_t i = 0; i < h.num_desc && s->n < KVM_STATS_MAX; i++) {
		const struct kvm_stats_desc *d = (const struct kvm_stats_desc *)buf;
		if (pread(s->fd, buf, dsize, (off_t)(h.desc_offset + i * dsize)) != (ssize_t)dsize)
			break;
		/* Only plain counters: one u64, cumulative or instant. */
		if (d->size != 1 || (d->flags & KVM_STATS_TYPE_MASK) > KVM_STATS_TYPE_INSTANT)
			continue;
		snprintf(s->desc[s->n].name, sizeof(s->desc[s->n].name), "%.*s", (int)h.name_size, d->name);
		s->desc[s->n].offset = d->offset;
		s->n++;
	}
	free(buf);
	return 0;
}

int kvm_stats_read(const struct kvm_stats *s, const char *name, uint64_t *value)
{
	for (unsigned i = 0; s->fd >= 0 && i < s->n; i++)
		if (!strcmp(s->desc[i].name, name))
			return pread(s->fd, value, sizeof(*value), (off_t)(s->data_offset + s->desc[i].offset)) ==
					       (ssize_t)sizeof(*value) ? 0 : -1;
	return -1;
}

void kvm_stats_close(struct kvm_stats *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
