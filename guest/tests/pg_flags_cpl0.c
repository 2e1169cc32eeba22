/* Popek-Goldberg audit: PUSHF/POPF, CLI/STI at CPL 0 (pg_flags.h). */
#define PG_CPL 0
#include "pg_flags.h"
