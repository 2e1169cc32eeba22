/* The executable sections of an eBPF ELF object (clang -target bpf -c), so
 * that `uvmm bpf dis` can show what a C hyperupcall compiled to. */
#ifndef UVMM_BPF_BPF_ELF_H
#define UVMM_BPF_BPF_ELF_H

#include <stddef.h>
#include <stdint.h>

struct ebpf_elf_section {
	char name[64];
	const uint8_t *data;   /* inside the image */
	size_t size;
};

/* 1 when img starts with the ELF magic. */
int ebpf_elf_is(const uint8_t *img, size_t len);

/* The SHF_EXECINSTR PROGBITS sections of a little-endian ELF64 for EM_BPF,
 * in file order, at most max. Relocations are not applied. Returns 0 and
 * *n, or -1 with the reason (every offset is checked against len). */
int ebpf_elf_sections(const uint8_t *img, size_t len, struct ebpf_elf_section *out, unsigned max,
		      unsigned *n, char *err, size_t errlen);

#endif
