/* The signal path may only use async-signal-safe calls, so the sysfs paths and
 * texts it writes are prepared when the device is bound. */
#include "vfio_bind.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errmsg.h"

#define SYS_PCI "/sys/bus/pci"

static struct {
	volatile sig_atomic_t armed;
	char unbind[PATH_MAX];
	char override[PATH_MAX];
	char bdf[VFIO_BDF_LEN];
	struct sigaction old_int, old_term;
} restore;

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	size_t len = strlen(text);

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* Unbind from vfio-pci, clear the override, let the kernel find the driver. */
static void restore_now(void)
{
	write_file(restore.unbind, restore.bdf);
	write_file(restore.override, "\n");
	write_file(SYS_PCI "/drivers_probe", restore.bdf);
}

/* vfio-pci's unbind waits until every user has closed the device, and the
 * process is about to die anyway: close everything but stdio first. */
static void close_all_fds(void)
{
	if (syscall(SYS_close_range, 3u, ~0u, 0u) < 0)
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
}

static void on_signal(int sig)
{
	if (restore.armed) {
		restore.armed = 0;
		close_all_fds();
		restore_now();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void arm(const struct vfio_binding *b)
{
	struct sigaction sa;

	snprintf(restore.unbind, sizeof(restore.unbind), SYS_PCI "/drivers/vfio-pci/unbind");
	snprintf(restore.override, sizeof(restore.override), SYS_PCI "/devices/%s/driver_override", b->bdf);
	memcpy(restore.bdf, b->bdf, sizeof(restore.bdf));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &restore.old_int);
	sigaction(SIGTERM, &sa, &restore.old_term);
	restore.armed = 1;
}

static void disarm(void)
{
	if (!restore.armed)
		return;
	restore.armed = 0;
	sigaction(SIGINT, &restore.old_int, NULL);
	sigaction(SIGTERM, &restore.old_term, NULL);
}

int vfio_bind(struct vfio_binding *b, const char *bdf, char *err, size_t errlen)
{
	char path[PATH_MAX], drv[64];

	memset(b, 0, sizeof(*b));
	snprintf(b->bdf, sizeof(b->bdf), "%s", bdf);
	if (vfio_host_driver("", bdf, b->orig_driver, sizeof(b->orig_driver)) < 0)
		return errmsg(err, errlen, "no PCI device %s", bdf);
	if (!strcmp(b->orig_driver, "vfio-pci"))
		return 0;
	snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver_override", bdf);
	if (write_file(path, "vfio-pci") < 0)
		return errmsg(err, errlen, "cannot write %s: %s (binding needs root)", path, strerror(errno));
	b->changed = 1;
	arm(b);
	if (b->orig_driver[0]) {
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver/unbind", bdf);
		if (write_file(path, bdf) < 0) {
			errmsg(err, errlen, "unbinding %s from %s: %s", bdf, b->orig_driver, strerror(errno));
			goto undo;
		}
	}
	if (write_file(SYS_PCI "/drivers_probe", bdf) < 0 ||
	    vfio_host_driver("", bdf, drv, sizeof(drv)) < 0 || strcmp(drv, "vfio-pci")) {
		errmsg(err, errlen, "%s did not bind to vfio-pci (is the vfio-pci module loaded?)", bdf);
		goto undo;
	}
	return 0;
undo:
	vfio_unbind(b, NULL, 0);
	return -1;
}

int vfio_unbind(struct vfio_binding *b, char *err, size_t errlen)
{
	char drv[64];

	if (!b->changed)
		return 0;
	disarm();
	snprintf(restore.unbind, sizeof(restore.unbind), SYS_PCI "/devices/%s/driver/unbind", b->bdf);
	snprintf(restore.override, sizeof(restore.override), SYS_PCI "/devices/%s/driver_override", b->bdf);
	memcpy(restore.bdf, b->bdf, sizeof(restore.bdf));
	restore_now();
	b->changed = 0;
	if (vfio_host_driver("", b->bdf, drv, sizeof(drv)) == 0 && strcmp(drv, b->orig_driver) && err)
		return errmsg(err, errlen, "%s is now bound to '%s', not back to '%s'", b->bdf, drv,
			      b->orig_driver);
	return 0;
}
