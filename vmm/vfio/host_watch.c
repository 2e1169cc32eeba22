/* Reading the host's files: everything with pread/read on fds opened at attach
 * (the seccomp sandbox allows no open later). */
#include "vfio/host_watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define INTERRUPTS_MAX (256 * 1024)

static uint64_t iommu_kind(void)
{
	DIR *d = opendir("/sys/class/iommu");
	struct dirent *e;
	uint64_t k = UVMM_HOST_IOMMU_NONE;

	if (!d)
		return k;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "dmar", 4))
			k = UVMM_HOST_IOMMU_VTD;
		else if (!strncmp(e->d_name, "ivhd", 4))
			k = UVMM_HOST_IOMMU_AMD;
	closedir(d);
	return k;
}

static int read_interrupts(const struct host_watch *w, struct host_irq_counts *c)
{
	static char buf[INTERRUPTS_MAX];
	ssize_t n, got = 0;

	if (w->irq_fd < 0)
		return -1;
	/* A seq file: read from offset 0 until EOF. */
	if (lseek(w->irq_fd, 0, SEEK_SET) < 0)
		return -1;
	while (got < (ssize_t)sizeof(buf) - 1 && (n = read(w->irq_fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	return host_log_interrupts(buf, w->bdf, c);
}

/* Every record /dev/kmsg has now: "prio,seq,ts,flags;message\n". */
static void drain_kmsg(struct host_watch *w)
{
	char rec[2048];
	ssize_t n;

	if (w->kmsg_fd < 0)
		return;
	for (;;) {
		n = read(w->kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE) { /* overwritten before we read it */
			w->lost++;
			continue;
		}
		if (n <= 0)
			return;
		rec[n] = 0;
		char *msg = strchr(rec, ';');
		host_log_message(msg ? msg + 1 : rec, w->bdf, &w->log);
	}
}

void host_watch_open(struct host_watch *w, const char *bdf, int cfg_fd, unsigned msi_off)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->bdf, sizeof(w->bdf), "%s", bdf);
	w->cfg_fd = cfg_fd;
	w->msi_off = msi_off;
	w->iommu = iommu_kind();
	w->irq_fd = open("/proc/interrupts", O_RDONLY | O_CLOEXEC);
	w->kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->kmsg_fd >= 0 && lseek(w->kmsg_fd, 0, SEEK_END) < 0) {
		close(w->kmsg_fd);
		w->kmsg_fd = -1;
	}
	if (read_interrupts(w, &w->base) < 0 && w->irq_fd >= 0) {
		close(w->irq_fd);
		w->irq_fd = -1;
	}
}

/* MSI address and data from the device's own config space (64-bit capable
 * or not: control bit 7). */
static int read_msi(const struct host_watch *w, uint64_t *addr, uint64_t *data)
{
	uint32_t hdr, lo, hi = 0, dat = 0;
	unsigned o = w->msi_off;

	if (w->cfg_fd < 0 || !o || pread(w->cfg_fd, &hdr, 4, o) != 4 || pread(w->cfg_fd, &lo, 4, o + 4) != 4)
		return -1;
	if (hdr & (1u << 23)) {
		if (pread(w->cfg_fd, &hi, 4, o + 8) != 4 || pread(w->cfg_fd, &dat, 2, o + 12) != 2)
			return -1;
	} else if (pread(w->cfg_fd, &dat, 2, o + 8) != 2) {
		return -1;
	}
	*addr = (uint64_t)hi << 32 | lo;
	*data = dat & 0xffff;
	return 0;
}

void host_watch_read(struct host_watch *w, struct uvmm_iommu_host *out)
{
	struct host_irq_counts now;

	memset(out, 0, sizeof(*out));
	out->iommu = w->iommu;
	if (read_msi(w, &out->msi_addr, &out->msi_data) == 0)
		out->valid |= UVMM_HOST_MSI;
	if (read_interrupts(w, &now) == 0) {
		out->valid |= UVMM_HOST_IRQS;
		out->dev_irqs = now.dev - w->base.dev;
		out->spurious = now.spurious - w->base.spurious;
		out->errors = now.errors - w->base.errors;
	}
	if (w->kmsg_fd >= 0) {
		drain_kmsg(w);
		out->valid |= UVMM_HOST_LOG;
		out->dma_faults = w->log.dma_faults;
		out->ir_faults = w->log.ir_faults;
		out->unhandled = w->log.unhandled;
		out->last_reason = w->log.last_reason;
		out->last_addr = w->log.last_addr;
		out->log_lost = w->lost;
	}
}

void host_watch_close(struct host_watch *w)
{
	if (w->irq_fd >= 0)
		close(w->irq_fd);
	if (w->kmsg_fd >= 0)
		close(w->kmsg_fd);
	w->irq_fd = w->kmsg_fd = -1;
}
