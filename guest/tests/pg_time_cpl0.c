/* Popek-Goldberg audit: CPUID, RDTSC, RDTSCP, RDPMC at CPL 0 (pg_time.h). */
#define PG_CPL 0
#include "pg_time.h"
