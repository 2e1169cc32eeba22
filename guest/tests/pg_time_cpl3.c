/* Popek-Goldberg audit: CPUID, RDTSC, RDTSCP, RDPMC at CPL 3 (pg_time.h). */
#define PG_CPL 3
#include "pg_time.h"
