/* Names for guest addresses in failure reports: "function+offset
 * (file:line)" from the image's ELF symbol table and DWARF line table,
 * parsed from the image bytes (bounded; an image without them is fine). */
#ifndef UVMM_LOADER_SYMBOLS_H
#define UVMM_LOADER_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct symbols;

/* Parses img[0..len) (kept by the caller for the table's lifetime: names
 * point into it). Returns NULL only when out of memory or not an ELF file,
 * with a one-line reason. */
struct symbols *symbols_load(const uint8_t *img, size_t len, char *err, size_t errlen);
void symbols_free(struct symbols *s);

/* Writes "guest_main+0x12 (guest/tests/hello.c:9)", "guest_main+0x12",
 * "0x1000de (hello.c:9)" or "0x1000de" into buf. Returns the length it
 * needed (like snprintf). s may be NULL. */
size_t symbols_describe(const struct symbols *s, uint64_t addr, char *buf, size_t size);

/* The function containing addr and the offset into it; NULL when none. */
const char *symbols_function(const struct symbols *s, uint64_t addr, uint64_t *offset);

/* The address of the symbol called name. Returns 0 or -1. */
int symbols_address(const struct symbols *s, const char *name, uint64_t *addr);

/* How many function symbols and line ranges were found (tests, reports). */
size_t symbols_count(const struct symbols *s);
size_t symbols_line_count(const struct symbols *s);

#endif
