/* bpf_conformance's test files (.data): the `-- asm`, `-- raw`, `-- mem`,
 * `-- result` and `-- error` sections ('#' comments; `-- c` and `-- no register offset` ignored). */
#ifndef UVMM_BPF_BPF_CONF_H
#define UVMM_BPF_BPF_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "bpf/bpf_insn.h"

struct ebpf_conf_file {
	char *asm_text;          /* the -- asm section as written (NULL: none) */
	unsigned asm_line;       /* the file line its first line is on */
	struct ebpf_insn *raw;   /* the -- raw words (NULL: none) */
	size_t nraw;
	uint8_t *mem;            /* the -- mem bytes (NULL: none) */
	size_t mem_len;
	int has_result;
	uint64_t result;         /* -- result: the expected r0 */
	char *error;             /* -- error: text the refusal or run error must contain (NULL: none) */
};

/* Parses one file's text. A file has a program (asm and/or raw) and exactly
 * one of result and error. Errors are "name:line: reason". Returns 0 or -1;
 * ebpf_conf_free() is needed either way. */
int ebpf_conf_parse(const char *name, const char *text, size_t len, struct ebpf_conf_file *f,
		    char *err, size_t errlen);
void ebpf_conf_free(struct ebpf_conf_file *f);

#endif
