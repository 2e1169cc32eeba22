/* Popek-Goldberg audit: LAR, LSL, VERR, VERW at CPL 0 (pg_lar.h). */
#define PG_CPL 0
#include "pg_lar.h"
