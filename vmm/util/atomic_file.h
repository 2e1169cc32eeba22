/* Report files that are whole or absent: written to a temporary file beside
 * the target and renamed over it, never truncated in place. */
#ifndef UVMM_UTIL_ATOMIC_FILE_H
#define UVMM_UTIL_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

struct atomic_file {
	FILE *f;            /* write here */
	char *path;         /* the target as given */
	char *target;       /* what is renamed over: path, or where its symlink points */
	char *tmp;          /* NULL: f writes the target in place */
	int borrowed;       /* f is the caller's "-" stream: never closed here */
};

/* Opens path for writing. "-" writes dash (the caller's standard output).
 * A regular file, a symlink to one, or a path that does not exist yet gets a
 * temporary file created with mkstemp in the same directory (".NAME.XXXXXX",
 * mode 0666 less the umask), renamed over the target by atomic_file_commit.
 * Anything else that exists (a terminal, a FIFO, a serial line, /dev/null) is
 * opened and written in place: renaming over it would be wrong. Returns 0, or
 * -1 with "PATH: reason". */
int atomic_file_open(struct atomic_file *af, const char *path, FILE *dash, char *err,
		     size_t errlen);

/* Flushes and closes, then renames the temporary over the target. Returns 0,
 * or -1 with the reason (the temporary is removed, the target untouched). */
int atomic_file_commit(struct atomic_file *af, char *err, size_t errlen);

/* Closes and removes the temporary; the target is left as it was. Safe on a
 * zeroed or already finished af. */
void atomic_file_abort(struct atomic_file *af);

#endif
