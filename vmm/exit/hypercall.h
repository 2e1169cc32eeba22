/* Decoder for uvmm's guest->VMM hypercall ABI (guest/include/uvmm/abi.h):
 * validates the port access, copies the argument block and its buffers once. */
#ifndef UVMM_EXIT_HYPERCALL_H
#define UVMM_EXIT_HYPERCALL_H

#include <stdint.h>

#include "event.h"
#include "hcall_abi.h"
#include "machine/guest_mem.h"
#include "uvmm/abi.h"

/* Where decoded strings live until the next hypercall on this vCPU: the VMM
 * acts only on this copy, never on guest RAM that another vCPU may rewrite. */
struct hc_scratch {
	char buf[UVMM_HC_EXPECT_MAX + UVMM_HC_CONSOLE_MAX + 4 * UVMM_HC_STRING_MAX];
	uint32_t used;
	char err[192]; /* why the last call was rejected */
	/* The last call's argument block as copied (fields that are no exit
	 * argument, such as the exception frame, are read from here). */
	uint64_t block[16];
	uint32_t block_len;
};

/* 1 when port is one of the hypercall ports. */
static inline int hypercall_port(uint64_t port)
{
	return port >= UVMM_HC_PORT_BASE && port < UVMM_HC_PORT_BASE + UVMM_HC_PORT_COUNT;
}

/* Decodes a port access to a hypercall port into ev (kind EV_HCALL, addr =
 * number, args, status). Only a single 32-bit OUT is a call; anything else is
 * rejected with UVMM_HC_EINVAL. Returns ev->status; a rejection leaves a
 * one-line reason in s->err. */
int hypercall_decode(const struct guest_mem *m, uint64_t port, unsigned size,
		     uint32_t count, int is_write, uint32_t gpa,
		     struct hc_scratch *s, struct exit_event *ev);

#endif
