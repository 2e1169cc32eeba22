/* mkbad: writes the corpus of malformed guest images (one defect per file) and
 * expected.txt ("NAME<TAB>substring of uvmm's one-line reason") into argv[1].
 *
 * Every ELF entry comes from tests/unit/elf_bad_cases.h, the same catalogue the
 * loader's unit tests check, so the corpus and the unit tests cannot drift.
 * Besides NAME.elf files the corpus has: flat-*.bin (for flat loading),
 * dir.elf (a directory), and missing.elf, which is listed in expected.txt but
 * deliberately not created. `uvmm run` must exit 4 on each.
 * Build: cc -std=c11 -Itests/unit -Iguest/include -o mkbad tests/images/mkbad.c */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_bad_cases.h"

struct extra_file {
	const char *name;
	enum { EXTRA_EMPTY, EXTRA_SPARSE_HUGE, EXTRA_DIR, EXTRA_MISSING } kind;
	const char *expect;
};

/* Files that are bad for reasons outside the ELF catalogue. */
static const struct extra_file extras[] = {
	{ "flat-empty.bin", EXTRA_EMPTY, "flat image is empty" },
	{ "flat-too-large.bin", EXTRA_SPARSE_HUGE, "more than the 256 MiB limit" },
	{ "dir.elf", EXTRA_DIR, "is a directory, not a regular file" },
	{ "missing.elf", EXTRA_MISSING, "No such file or directory" },
};

static int write_bytes(const char *path, const uint8_t *buf, size_t len, off_t size)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	/* A sparse tail: a huge file that costs no disk space. */
	if (size > (off_t)len && ftruncate(fd, size) != 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int make_extra(const char *dir, const struct extra_file *x)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, x->name);
	switch (x->kind) {
	case EXTRA_EMPTY:
		return write_bytes(path, NULL, 0, 0);
	case EXTRA_SPARSE_HUGE:
		return write_bytes(path, NULL, 0, (off_t)(256 << 20) + 1);
	case EXTRA_DIR:
		return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
	case EXTRA_MISSING:
		return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	char path[4096];
	FILE *list;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[1], 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "mkbad: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/expected.txt", argv[1]);
	list = fopen(path, "w");
	if (!list) {
		fprintf(stderr, "mkbad: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < BAD_CASE_COUNT; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct eb_image img;
		int rc;

		snprintf(path, sizeof(path), "%s/%s.elf", argv[1], c->name);
		if (bad_case_build(c, &img) != 0) {
			fprintf(stderr, "mkbad: out of memory\n");
			return 1;
		}
		rc = write_bytes(path, img.buf, img.len, 0);
		eb_free(&img);
		if (rc != 0) {
			fprintf(stderr, "mkbad: %s: %s\n", path, strerror(errno));
			return 1;
		}
		fprintf(list, "%s.elf\t%s\n", c->name, c->expect);
	}
	for (size_t i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		if (make_extra(argv[1], &extras[i]) != 0) {
			fprintf(stderr, "mkbad: %s/%s: %s\n", argv[1], extras[i].name, strerror(errno));
			return 1;
		}
		fprintf(list, "%s\t%s\n", extras[i].name, extras[i].expect);
	}
	if (fclose(list) != 0) {
		fprintf(stderr, "mkbad: expected.txt: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
