/* Popek-Goldberg audit: SGDT, SIDT, SLDT, STR, SMSW at CPL 0 (pg_desc.h). */
#define PG_CPL 0
#include "pg_desc.h"
