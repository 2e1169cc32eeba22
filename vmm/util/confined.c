#include "util/confined.h"

/* One process runs at most one sandboxed VM and the filter is never removed,
 * so a process-wide flag is the truth. */
static int confined;

int process_confined(void)
{
	return confined;
}

void process_set_confined(void)
{
	confined = 1;
}
