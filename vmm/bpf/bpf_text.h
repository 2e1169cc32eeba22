/* Text helpers the assembler and the .data reader share: both read lines
 * that users write, with spaces anywhere. */
#ifndef UVMM_BPF_BPF_TEXT_H
#define UVMM_BPF_BPF_TEXT_H

#include <ctype.h>
#include <string.h>

/* s without leading and trailing white space (the tail is cut in place). */
static inline char *ebpf_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

#endif
