/* One bpf_conformance test through uvmm's own assembler, verifier and
 * interpreter, with that suite's conventions (r1 = memory, r2 = its length). */
#ifndef UVMM_BPF_BPF_CONF_RUN_H
#define UVMM_BPF_BPF_CONF_RUN_H

#include <stdint.h>

#include "bpf/bpf.h"
#include "bpf/bpf_conf.h"

/* The helpers a conformance program may call: Linux's ids, as the suite's
 * authoritative runtime (the kernel) has them. */
extern const struct ebpf_helper ebpf_conf_helpers[];
extern const unsigned ebpf_conf_nhelpers;

enum ebpf_conf_verdict {
	EBPF_CONF_PASS,
	EBPF_CONF_FAIL,   /* wrong r0, unexpected refusal or run error, or the wrong one */
	EBPF_CONF_SKIP,   /* the program needs a group uvmm does not implement (named in msg) */
	EBPF_CONF_BAD,    /* the test itself is malformed (asm that does not assemble) */
};

struct ebpf_conf_outcome {
	enum ebpf_conf_verdict verdict;
	char msg[384];    /* one line: why it failed or skipped; empty on pass */
	uint64_t insns;   /* instructions the run executed */
};

/* -- error passes when assembly, verification or the run fails with a
 * message containing its text; -- result when the run returns that r0. The
 * memory is a private copy, writable, and is the program's context. */
void ebpf_conf_run(const struct ebpf_conf_file *f, struct ebpf_conf_outcome *o);

#endif
