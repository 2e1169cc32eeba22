/* Reading an input file whole into memory, bounded, with a one-line reason
 * when it cannot be (missing, a directory or device, too large). */
#ifndef UVMM_LOADER_IMAGE_FILE_H
#define UVMM_LOADER_IMAGE_FILE_H

#include <stddef.h>
#include <stdint.h>

/* The largest input of each kind uvmm reads whole: what it holds in memory
 * for one is proportional to the file, so the bound is documented here. */
#define IMAGE_MAX_FILE (256ull << 20)   /* a guest image */
#define EXPECT_MAX_FILE (64ull << 20)   /* an --expect file (a long trace) */
#define TABLE_MAX_FILE (4ull << 20)     /* a manifest or deviations table */

/* Reads a whole regular file of at most max bytes into *buf (malloc'd).
 * Returns 0 or -1 with err (missing, not a regular file, too large). */
int input_read_file(const char *path, uint64_t max, uint8_t **buf, size_t *len, char *err,
		    size_t errlen);
/* input_read_file for a guest image (IMAGE_MAX_FILE). */
int image_read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen);

#endif
