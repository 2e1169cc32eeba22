/* The driver is restored through sysfs files opened when the device is bound:
 * the signal path may only make async-signal-safe calls, and the teardown
 * runs under the seccomp sandbox, which allows no open(). */
#include "vfio/vfio_bind.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/errmsg.h"
#include "util/confined.h"

#define SYS_PCI "/sys/bus/pci"
#define FD_SCAN_MAX 4096

static struct {
	volatile sig_atomic_t armed;
	int unbind, override, probe; /* vfio-pci's unbind, driver_override, drivers_probe */
	char bdf[VFIO_BDF_LEN];
	struct sigaction old_int, old_term;
} restore = { .unbind = -1, .override = -1, .probe = -1 };

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

static void write_fd(int fd, const char *text)
{
	ssize_t n = fd >= 0 ? write(fd, text, strlen(text)) : -1;

	(void)n;
}

/* Unbind from vfio-pci, clear the override, let the kernel find the driver. */
static void restore_now(void)
{
	write_fd(restore.unbind, restore.bdf);
	write_fd(restore.override, "\n");
	write_fd(restore.probe, restore.bdf);
}

static void close_restore_fds(void)
{
	int *fds[] = { &restore.unbind, &restore.override, &restore.probe };

	for (unsigned i = 0; i < 3; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

/* vfio-pci's unbind waits until every user has closed the device, and the
 * process is about to die anyway: close everything but stdio and the three
 * sysfs files first. */
static void close_all_fds(void)
{
	for (int fd = 3; fd < FD_SCAN_MAX; fd++)
		if (fd != restore.unbind && fd != restore.override && fd != restore.probe)
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

static int arm(const struct vfio_binding *b)
{
	char path[PATH_MAX];
	struct sigaction sa;

	snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver_override", b->bdf);
	restore.override = open(path, O_WRONLY | O_CLOEXEC);
	restore.unbind = open(SYS_PCI "/drivers/vfio-pci/unbind", O_WRONLY | O_CLOEXEC);
	restore.probe = open(SYS_PCI "/drivers_probe", O_WRONLY | O_CLOEXEC);
	memcpy(restore.bdf, b->bdf, sizeof(restore.bdf));
	if (restore.override < 0 || restore.unbind < 0 || restore.probe < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &restore.old_int);
	sigaction(SIGTERM, &sa, &restore.old_term);
	restore.armed = 1;
	return 0;
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
	if (arm(b) < 0) {
		errmsg(err, errlen, "cannot open vfio-pci's sysfs files (is the vfio-pci module loaded?): %s",
		       strerror(errno));
		goto undo;
	}
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
	if (restore.unbind >= 0) {
		restore_now();
	} else {
		/* arm() failed half way: the override is all there is to undo. */
		char path[PATH_MAX];
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver_override", b->bdf);
		write_file(path, "\n");
		write_file(SYS_PCI "/drivers_probe", b->bdf);
	}
	close_restore_fds();
	b->changed = 0;
	/* Reading the driver link back needs a path: not under the sandbox. */
	if (!process_confined() && vfio_host_driver("", b->bdf, drv, sizeof(drv)) == 0 &&
	    strcmp(drv, b->orig_driver) && err)
		return errmsg(err, errlen, "%s is now bound to '%s', not back to '%s'", b->bdf, drv,
			      b->orig_driver);
	return 0;
}
