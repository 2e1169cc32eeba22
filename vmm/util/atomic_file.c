#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errmsg.h"
#include "util/output.h"

static void release(struct atomic_file *af)
{
	free(af->path);
	free(af->target);
	free(af->tmp);
	memset(af, 0, sizeof(*af));
}

/* A FIFO nobody reads is refused by output_open, not waited on forever. */
static int open_in_place(struct atomic_file *af, const char *path, char *err, size_t errlen)
{
	af->f = output_open(path, err, errlen);
	if (!af->f) {
		release(af);
		return -1;
	}
	return 0;
}

int atomic_file_open(struct atomic_file *af, const char *path, FILE *dash, char *err,
		     size_t errlen)
{
	struct stat st;
	const char *slash;
	mode_t mask;
	int fd, e;

	memset(af, 0, sizeof(*af));
	if (!strcmp(path, "-")) {
		af->f = dash;
		af->borrowed = 1;
		return 0;
	}
	af->path = strdup(path);
	if (!af->path)
		return errmsg(err, errlen, "%s: out of memory", path);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		af->target = realpath(path, NULL); /* NULL when dangling: replace the link */
	if (!af->target)
		af->target = strdup(path);
	if (!af->target) {
		release(af);
		return errmsg(err, errlen, "%s: out of memory", path);
	}
	if (stat(af->target, &st) == 0 && !S_ISREG(st.st_mode))
		return open_in_place(af, path, err, errlen);
	slash = strrchr(af->target, '/');
	if (asprintf(&af->tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - af->target + 1) : 0,
		     af->target, slash ? slash + 1 : af->target) < 0) {
		af->tmp = NULL;
		release(af);
		return errmsg(err, errlen, "%s: out of memory", path);
	}
	fd = mkostemp(af->tmp, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		release(af);
		return errmsg(err, errlen, "%s: cannot create a temporary file beside it: %s", path,
			      strerror(e));
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || !(af->f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		unlink(af->tmp);
		release(af);
		return errmsg(err, errlen, "%s: %s", path, strerror(e));
	}
	setvbuf(af->f, NULL, _IOFBF, 1 << 16); /* merged files run to 100 MB */
	return 0;
}

int atomic_file_commit(struct atomic_file *af, char *err, size_t errlen)
{
	int bad, e = 0;

	if (af->borrowed) {
		bad = fflush(af->f) != 0 || ferror(af->f);
		memset(af, 0, sizeof(*af));
		return bad ? errmsg(err, errlen, "writing to standard output failed") : 0;
	}
	if (!af->f)
		return errmsg(err, errlen, "report file not open");
	bad = ferror(af->f);
	if (fclose(af->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	af->f = NULL;
	if (!bad && af->tmp && rename(af->tmp, af->target) < 0) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		if (af->tmp)
			unlink(af->tmp);
		errmsg(err, errlen, "%s: writing failed%s%s", af->path, e ? ": " : "",
		       e ? strerror(e) : "");
		release(af);
		return -1;
	}
	release(af);
	return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->borrowed) {
		memset(af, 0, sizeof(*af));
		return;
	}
	if (af->f)
		fclose(af->f);
	if (af->tmp)
		unlink(af->tmp);
	release(af);
}
