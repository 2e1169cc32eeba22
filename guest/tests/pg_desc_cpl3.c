/* Popek-Goldberg audit: SGDT, SIDT, SLDT, STR, SMSW at CPL 3 (pg_desc.h). */
#define PG_CPL 3
#include "pg_desc.h"
