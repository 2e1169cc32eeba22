/* Popek-Goldberg audit: PUSHF/POPF, CLI/STI at CPL 3 (pg_flags.h). */
#define PG_CPL 3
#include "pg_flags.h"
