/* uvmm's hypercalls as one table: the decoder reads blocks with it and the
 * expectation language names and types arguments with it. A new hypercall is
 * one row here, its block in uvmm/abi.h, and its handler. */
#ifndef UVMM_HCALL_ABI_H
#define UVMM_HCALL_ABI_H

#include <stdint.h>

#include "event.h"
#include "uvmm/abi.h"

/* Argument types, as the expectation language writes them: a string, a
 * number in hex, a decimal number, a result word (pass/fail/skip). */
enum hc_arg_type { HC_END = 0, HC_STR = 's', HC_NUM = 'n', HC_DEC = 'd', HC_RESULT = 'r' };

struct hc_arg {
	char type;          /* enum hc_arg_type */
	const char *name;   /* for failure reports: "argument 2 (line)" */
	uint8_t field;      /* the 64-bit field of the block: the value, or the string's GPA */
	uint8_t len_field;  /* HC_STR: the field holding its length */
	uint8_t cond_field; /* present only when this field ... */
	uint64_t cond_mask; /* ... has a bit of this mask set (0: always present) */
	uint32_t max;       /* HC_STR: longest accepted; else largest value (0: any) */
};

struct hc_desc {
	const char *name;
	uint32_t block_size;   /* bytes: the struct uvmm_hc_* of the call */
	unsigned classes;      /* ev_class bits an exit of this call has beyond EVC_HCALL */
	int unchecked;         /* never offered to the checker (debug print, skip): the
				* trace keeps it as a comment */
	struct hc_arg args[EV_MAX_ARGS + 1]; /* HC_END-terminated */
};

/* The row of hypercall nr, or NULL for an unused number. */
const struct hc_desc *hc_desc(uint64_t nr);
/* The number of the hypercall called name, or -1. */
int hc_by_name(const char *name);
/* How many arguments a call has at most, and at least (the unconditional ones). */
unsigned hc_max_args(const struct hc_desc *d);
unsigned hc_min_args(const struct hc_desc *d);

/* Result words of report hypercalls, indexed by enum uvmm_result. */
extern const char *const hc_result_words[3];
/* The same word for a human reader, a failure in capitals ("FAIL"). */
const char *hc_result_label(uint64_t result);

#endif
