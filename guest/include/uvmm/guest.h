/* Everything a guest test usually needs, in one include. The 64-bit-only parts
 * (IDT, page tables) come along only in 64-bit builds. */
#ifndef UVMM_GUEST_H
#define UVMM_GUEST_H

#include "abi.h"
#include "boot.h"
#include "console.h"
#include "cpu.h"
#include "expect.h"
#include "hypercall.h"
#include "io.h"
#include "mmio.h"
#include "printf.h"
#include "string.h"
#include "test.h"
#include "value.h"
#ifdef __x86_64__
#include "idt.h"
#include "paging.h"
#endif

#endif
