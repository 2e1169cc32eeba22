/* Reading an input file whole into memory, bounded, with a one-line reason
 * when it cannot be (missing, a directory or device, too large). */
#ifndef UVMM_LOADER_IMAGE_FILE_H
#define UVMM_LOADER_IMAGE_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole file (bounded at 256 MiB) into *buf (malloc'd). Returns 0 or
 * -1 with err. */
int image_read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen);

#endif
