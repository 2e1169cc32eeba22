/* DWARF .debug_line (versions 2 to 5, 32- and 64-bit DWARF): runs every
 * unit's line-number program and keeps address ranges with their file and
 * line, for "file:line" in failure reports. Bounded: a bad unit is skipped,
 * and the tables stop growing at DWARF_LINE_MAX_RANGES. */
#ifndef UVMM_LOADER_DWARF_LINE_H
#define UVMM_LOADER_DWARF_LINE_H

#include <stddef.h>
#include <stdint.h>

#define DWARF_LINE_MAX_RANGES (1u << 20)
#define DWARF_LINE_MAX_FILES (1u << 16)

struct dwarf_range {
	uint64_t start, end; /* [start, end) */
	uint32_t file;       /* index into files */
	uint32_t line;
};

struct dwarf_file {
	const char *dir;  /* a relative directory to print before name, or NULL */
	const char *name;
};

struct dwarf_lines {
	struct dwarf_range *ranges; /* sorted by start after dwarf_lines_load */
	size_t nranges, cap_ranges;
	struct dwarf_file *files;   /* strings inside the image (NUL-terminated there) */
	size_t nfiles, cap_files;
	unsigned bad_units;         /* units skipped as malformed */
};

/* The string sections DWARF 5 file names may point into (may be empty). */
struct dwarf_strings {
	const uint8_t *str, *line_str;
	size_t str_len, line_str_len;
};

/* Parses .debug_line in line[0..len). Returns 0 (possibly with bad_units),
 * or -1 when out of memory. */
int dwarf_lines_load(struct dwarf_lines *d, const uint8_t *line, size_t len,
		     const struct dwarf_strings *strs);
void dwarf_lines_free(struct dwarf_lines *d);

/* The range holding addr, or NULL. */
const struct dwarf_range *dwarf_lines_find(const struct dwarf_lines *d, uint64_t addr);

#endif
