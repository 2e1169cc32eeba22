/* The guest's PVH command line and its blank-separated key=value words
 * (64-bit guests started through the PVH entry; "" otherwise). */
#ifndef UVMM_CMDLINE_H
#define UVMM_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

const char *boot_cmdline(void);
/* The value of "key=" in cmd, up to the next blank, with its length; NULL
 * when absent. */
const char *cmdline_value(const char *cmd, const char *key, size_t *len);
/* Decimal or 0x-hex value of key; def when absent. */
uint64_t cmdline_num(const char *cmd, const char *key, uint64_t def);

#endif
