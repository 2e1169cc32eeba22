/* Observed values: what a test saw (an error code, a register), stated the
 * same way on every platform so `uvmm diff` can show where platforms differ. */
#ifndef UVMM_VALUE_H
#define UVMM_VALUE_H

#include <stdint.h>

/* States "NAME = value" for this run. Under uvmm it is the unchecked DEBUG
 * hypercall with the text "value NAME 0xV\n" (never checked against the
 * expectations, so adding one changes no verdict; uvmm carries it into its
 * reports); elsewhere the same line goes to the console. NAME: letters,
 * digits, '_', '.', '-', at most 63 bytes; the last value of a name counts. */
void report_value(const char *name, uint64_t value);

#endif
