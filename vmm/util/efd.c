#include "util/efd.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

int efd_open(int *fd)
{
	*fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return *fd < 0 ? -1 : 0;
}

int efd_drain(int fd, uint64_t *count)
{
	uint64_t n = 0;

	if (count)
		*count = 0;
	if (fd < 0)
		return 0;
	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return errno == EAGAIN ? 0 : -1;
	if (count)
		*count = n;
	return 0;
}

int efd_signal(int fd)
{
	uint64_t one = 1;

	return write(fd, &one, sizeof(one)) == sizeof(one) ? 0 : -1;
}

int efd_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

void efd_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}
