/* Popek-Goldberg audit: segment registers: MOV, PUSH at CPL 0 (pg_sreg.h). */
#define PG_CPL 0
#include "pg_sreg.h"
