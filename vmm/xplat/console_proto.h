/* The guest runtime's console result protocol (guest/include/uvmm/
 * result_lines.h), read back from a QEMU or UEFI run's COM1 output: the
 * reports, values and first failure a uvmm session would have collected. */
#ifndef UVMM_XPLAT_CONSOLE_PROTO_H
#define UVMM_XPLAT_CONSOLE_PROTO_H

#include <stddef.h>

#include "session/session.h"

struct console_result {
	unsigned nreports;
	struct session_report reports[SESSION_MAX_REPORTS];
	unsigned nvalues;
	struct named_value values[SESSION_MAX_VALUES];
	char failure[SESSION_DETAIL_MAX];   /* first assertion, unhandled exception or failed report */
	int failed;                         /* any of those */
	int skipped;                        /* "skip: REASON" */
	char skip_reason[SESSION_NAME_MAX];
	int started;                        /* UEFI: "uvmm-efi: start NAME" (the test has the CPU) */
	int exited;                         /* UEFI: "uvmm-efi: exit N" */
	unsigned exit_status;
	char last_line[160];                /* the last non-empty line, printable ASCII */
};

/* Parses buf[0..len). Lines end in "\n" (a "\r" before it and terminal
 * escape sequences are dropped); anything that is not a protocol line is
 * the test's or the firmware's own output and is skipped. */
void console_parse(const char *buf, size_t len, struct console_result *r);

#endif
