/* Declares a guest's expected VM exits and run options as ELF notes (name
 * "uvmm") that uvmm reads from the image's PT_NOTE segment before it runs. */
#ifndef UVMM_EXPECT_H
#define UVMM_EXPECT_H

#include <stdint.h>

#include "abi.h"

/* The section-name tail makes GCC emit `.section .note.uvmm,"a",@note` and
 * comment out its own flags: the note must be SHT_NOTE for readelf and ld.
 * End notes have their own section, which the linker places after all
 * EXPECT notes (linker/layout.ld): a test's own before the runtime's. */
#define UVMM_NOTE_SECTION ".note.uvmm,\"a\",@note #"
#define UVMM_END_NOTE_SECTION ".note.uvmm_end,\"a\",@note #"

#define UVMM_CAT_(a, b) a##b
#define UVMM_CAT(a, b) UVMM_CAT_(a, b)

/* One standard ELF note: namesz, descsz, type, "uvmm\0" padded to 8, then the
 * text padded to 4 (no NUL: it is not part of descsz). text must be a string literal. */
#define UVMM_NOTE(type_, text) UVMM_NOTE_IN(UVMM_NOTE_SECTION, type_, text)
#define UVMM_NOTE_IN(section_, type_, text)                                          \
	__attribute__((section(section_), used, aligned(4)))                         \
	static const struct {                                                        \
		uint32_t namesz, descsz, type;                                       \
		char name[8];                                                        \
		char desc[(sizeof(text) + 2) / 4 * 4];                           \
	} UVMM_CAT(uvmm_note_, __COUNTER__) = {                                      \
		5, sizeof(text) - 1, (type_), UVMM_NOTE_NAME, text                   \
	}

/* Several EXPECT()s in a file are concatenated in source order (the guest is
 * built with -fno-toplevel-reorder); each one ends with a newline. */
#define EXPECT(text) UVMM_NOTE(UVMM_NOTE_EXPECT, text "\n")

/* The exits that end the run, matched after every EXPECT (and --expect file).
 * The runtime's default is a clean exit: EXPECT_END("pio.out 0xf4:4 = 0x0").
 * A test that ends otherwise says how (EXPECT_END("shutdown")), or that
 * nothing more is expected (EXPECT_NO_END()). At most one per test. */
#define EXPECT_END(text) UVMM_NOTE_IN(UVMM_END_NOTE_SECTION, UVMM_NOTE_EXPECT_END, text "\n")
#define EXPECT_NO_END() UVMM_NOTE_IN(UVMM_END_NOTE_SECTION, UVMM_NOTE_EXPECT_END, "\n")

/* Space-separated key=value run options: mode=pvh|long|prot32|real, mem=16M,
 * timeout=SECONDS, irqchip=0|1. */
#define UVMM_OPTIONS(text) UVMM_NOTE(UVMM_NOTE_OPTIONS, text " ")

#endif
