/* Popek-Goldberg audit: segment registers: MOV, PUSH at CPL 3 (pg_sreg.h). */
#define PG_CPL 3
#include "pg_sreg.h"
