/* For hyperupcall programs (NAME.bpf.c, built with clang -target bpf -O2):
 * the section each event's program goes in, the contexts (uvmm/abi.h) and
 * the helpers uvmm offers. Programs are loop-free: unroll loops with
 * `#pragma clang loop unroll(full)`; no global data, no local calls. */
#ifndef UVMM_HUPCALL_BPF_H
#define UVMM_HUPCALL_BPF_H

#include <stdint.h>

#include "abi.h"

/* HUPCALL_PROG(exit) long f(const struct uvmm_hupcall_exit_ctx *ctx,
 * void *region, uint64_t len): the program is section "hupcall/exit". */
#define HUPCALL_PROG(event) __attribute__((section("hupcall/" #event), used))

/* Helpers: a call to the function pointer is `call ID` (no relocation). */
#define HU_HELPER static __attribute__((unused))
HU_HELPER uint64_t (*const hu_now_ns)(void) = (void *)UVMM_HU_NOW_NS;
HU_HELPER uint64_t (*const hu_hash)(const void *buf, uint64_t len) = (void *)UVMM_HU_HASH;
/* reclaim only: [gpa, gpa+len) (whole 4 KiB pages) is free. */
HU_HELPER long (*const hu_discard)(uint64_t gpa, uint64_t len) = (void *)UVMM_HU_DISCARD;
/* reclaim only: page i of the 64 pages from gpa is free when bit i is set. */
HU_HELPER long (*const hu_discard_mask)(uint64_t gpa, uint64_t mask) = (void *)UVMM_HU_DISCARD_MASK;

#endif
