/* Popek-Goldberg audit: LAR, LSL, VERR, VERW at CPL 3 (pg_lar.h). */
#define PG_CPL 3
#include "pg_lar.h"
