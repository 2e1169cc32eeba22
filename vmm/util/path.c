#include "util/path.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *path_join(const char *dir, const char *name)
{
	char *p;

	if (name[0] == '/')
		return strdup(name);
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return strdup(".");
	buf[n] = 0;
	return strdup(dirname(buf));
}

int mkdir_p(const char *dir)
{
	char *copy = strdup(dir);
	int r = 0;

	if (!copy)
		return -1;
	for (char *p = copy + 1; *p && r == 0; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			r = -1;
		*p = '/';
	}
	if (r == 0 && mkdir(copy, 0755) < 0 && errno != EEXIST)
		r = -1;
	free(copy);
	return r;
}
