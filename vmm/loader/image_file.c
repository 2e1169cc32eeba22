/* Reading a guest image file into memory: regular files only, bounded size,
 * robust against short reads and signals. */
#include "loader/image_file.h"
#include "util/errmsg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct file_kind {
	mode_t type;
	const char *name;
};

static const struct file_kind kinds[] = {
	{ S_IFDIR, "a directory" },
	{ S_IFCHR, "a character device" },
	{ S_IFBLK, "a block device" },
	{ S_IFIFO, "a FIFO" },
	{ S_IFSOCK, "a socket" },
};

static const char *kind_name(mode_t mode)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((mode & S_IFMT) == kinds[i].type)
			return kinds[i].name;
	return "a special file";
}

static int read_all(int fd, uint8_t *buf, size_t len, const char *path, char *err, size_t errlen)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errmsg(err, errlen, "%s: %s", path, strerror(errno));
		if (n == 0)
			return errmsg(err, errlen, "%s: file shrank while being read (%zu of %zu bytes)",
				    path, got, len);
		got += (size_t)n;
	}
	return 0;
}

int image_read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen)
{
	return input_read_file(path, IMAGE_MAX_FILE, buf, len, err, errlen);
}

int input_read_file(const char *path, uint64_t max, uint8_t **buf, size_t *len, char *err,
		    size_t errlen)
{
	struct stat st;
	uint8_t *data;
	int fd;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not hang before fstat can refuse it. */
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errmsg(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	if (!S_ISREG(st.st_mode)) {
		errmsg(err, errlen, "%s: is %s, not a regular file", path, kind_name(st.st_mode));
		goto bad;
	}
	if ((unsigned long long)st.st_size > max) {
		errmsg(err, errlen, "%s: file is %lld bytes, more than the %llu MiB limit", path,
		       (long long)st.st_size, (unsigned long long)(max >> 20));
		goto bad;
	}
	data = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!data) {
		errmsg(err, errlen, "%s: out of memory for %lld bytes", path, (long long)st.st_size);
		goto bad;
	}
	if (read_all(fd, data, (size_t)st.st_size, path, err, errlen)) {
		free(data);
		goto bad;
	}
	close(fd);
	*buf = data;
	*len = (size_t)st.st_size;
	return 0;
bad:
	close(fd);
	return -1;
}
