#include "util/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errmsg.h"

FILE *output_open(const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;
	int fd;

	/* O_NONBLOCK: opening a FIFO without a reader fails (ENXIO) instead of
	 * waiting for one forever; cleared again for the writes. */
	do
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0644);
	while (fd < 0 && errno == EINTR);
	if (fd < 0 && errno == ENXIO) {
		errmsg(err, errlen, "%s is a FIFO that nobody reads", path);
		return NULL;
	}
	if (fd < 0) {
		errmsg(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || fcntl(fd, F_SETFL, 0) < 0) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		errmsg(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

/* The canonical name of a path whose last part need not exist. */
static int canonical(const char *path, char *out, size_t len)
{
	char dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];

	if (strlen(path) >= PATH_MAX)
		return -1;
	if (realpath(path, real)) {
		snprintf(out, len, "%s", real);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	if (!realpath(dirname(dir), real))
		return -1;
	return (size_t)snprintf(out, len, "%s/%s", real, basename(base)) < len ? 0 : -1;
}

int same_file(const char *a, const char *b)
{
	char ca[2 * PATH_MAX], cb[2 * PATH_MAX];
	struct stat sa, sb;

	if (!strcmp(a, "-") || !strcmp(b, "-"))
		return !strcmp(a, b);
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (canonical(a, ca, sizeof(ca)) < 0 || canonical(b, cb, sizeof(cb)) < 0)
		return !strcmp(a, b);
	return !strcmp(ca, cb);
}

int distinct_files(const char *const *paths, const char *const *names, size_t n, char *err,
		   size_t errlen)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (paths[i] && paths[j] && same_file(paths[i], paths[j]))
				return errmsg(err, errlen, "%s and %s are the same file (%s)", names[i],
					      names[j], paths[j]);
	return 0;
}
