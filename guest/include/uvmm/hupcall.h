/* Hyperupcalls from the guest's side: embed the eBPF object the build made
 * from this test's NAME.bpf.c, find a program in it, and register it with
 * uvmm for an event in one call (docs/hyperupcalls.md). 64-bit only. */
#ifndef UVMM_HUPCALL_H
#define UVMM_HUPCALL_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"

/* An eBPF ELF object inside the image. */
struct hupcall_object {
	const uint8_t *start, *end;
};

/* HUPCALL_OBJECT(name): `name` is the object clang made from this test's
 * companion NAME.bpf.c (guest/guest.mk builds it and passes its path as
 * UVMM_HUPCALL_OBJ). It lands in the image's .hupcall segment, after bss,
 * so a region from the image start to the end of bss never covers it. */
#define HUPCALL_OBJECT(name)                                                          \
	__asm__(".pushsection .hupcall,\"a\"\n.balign 8\n" #name "_bytes:\n"          \
		".incbin \"" UVMM_HUPCALL_OBJ "\"\n" #name "_bytes_end:\n.popsection");\
	extern const uint8_t name##_bytes[], name##_bytes_end[];                      \
	static const struct hupcall_object name = { name##_bytes, name##_bytes_end }

/* One program: its instructions (8-byte slots) in guest memory. */
struct hupcall_prog {
	const void *insns;
	uint64_t nslots;
};

/* Finds the executable section `section` (e.g. "hupcall/exit") of obj.
 * Returns 0, or -1 when obj is not an eBPF object, has no such section, or
 * the section needs relocations (global data, maps: uvmm has none). */
int hupcall_find(const struct hupcall_object *obj, const char *section, struct hupcall_prog *p);

/* Each call below returns UVMM_HC_OK or a negative UVMM_HC_E*; when out is not
 * NULL it gets uvmm's answer (for a refusal: msg, and for the verifier's,
 * the rule and instruction). */

/* Registers program p for event, with region [region, region+len) it may read
 * (and write, with flags UVMM_HUPCALL_WRITE, for exit and timer); param is
 * the period in microseconds for timer (and reclaim, 0: only on trigger). */
long hupcall_register(unsigned event, const struct hupcall_prog *p, const void *region,
		      uint64_t len, uint64_t flags, uint64_t param, struct uvmm_hupcall_out *out);

/* The one call a test usually makes: finds `section` in obj and registers
 * it; a missing section is UVMM_HC_EINVAL with the reason in out->msg. */
long hupcall_attach(const struct hupcall_object *obj, const char *section, unsigned event,
		    const void *region, uint64_t len, uint64_t flags, uint64_t param,
		    struct uvmm_hupcall_out *out);

/* An upcall instead of a program (timer, reclaim): every param microseconds
 * uvmm sends vector to vCPU 0 and waits for hupcall_answer(). */
long hupcall_register_upcall(unsigned event, unsigned vector, uint64_t param,
			     struct uvmm_hupcall_out *out);

long hupcall_unregister(unsigned event);
/* Raises event now (reclaim); out gets the run: r0, pages, resident pages. */
long hupcall_trigger(unsigned event, struct uvmm_hupcall_out *out);
/* The registration's state and its last run (runs, run_error, r0, pc, msg). */
long hupcall_status(unsigned event, struct uvmm_hupcall_out *out);
/* The answer to the upcall uvmm is waiting for. */
long hupcall_answer(uint64_t value);
/* Gives pages back: n page frame numbers (at most UVMM_HUPCALL_BALLOON_MAX). */
long hupcall_balloon(const uint64_t *pfns, uint64_t n, struct uvmm_hupcall_out *out);

/* What the HASH helper computes over [buf, buf+len), to compare with. */
uint64_t hupcall_hash(const void *buf, uint64_t len);

#endif
