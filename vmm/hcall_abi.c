#include "hcall_abi.h"

#include <stddef.h>
#include <string.h>

#define ARG(t, n, f) { t, n, f, 0, 0, 0, 0 }
#define NUM_MAX(n, f, m) { HC_NUM, n, f, 0, 0, 0, m }
#define ARG_IF(t, n, f, cf, mask) { t, n, f, 0, cf, mask, 0 }
#define STR(n, f, lf, m) { HC_STR, n, f, lf, 0, 0, m }
#define STR_IF(n, f, lf, m, cf, mask) { HC_STR, n, f, lf, cf, mask, m }

static const struct hc_desc hc_table[UVMM_HC_COUNT] = {
	[UVMM_HC_CONSOLE] = { "console", sizeof(struct uvmm_hc_console), EVC_CONSOLE, 0,
			      { STR("text", 0, 1, UVMM_HC_CONSOLE_MAX) } },
	[UVMM_HC_EXIT] = { "exit", sizeof(struct uvmm_hc_exit), 0, 0, { ARG(HC_NUM, "status", 0) } },
	[UVMM_HC_ASSERT] = { "assert", sizeof(struct uvmm_hc_assert), 0, 0,
			     { STR("file", 0, 1, UVMM_HC_STRING_MAX), ARG(HC_DEC, "line", 2),
			       STR("expr", 3, 4, UVMM_HC_STRING_MAX),
			       ARG_IF(HC_NUM, "lhs", 5, 7, UVMM_ASSERT_HAS_VALUES),
			       ARG_IF(HC_NUM, "rhs", 6, 7, UVMM_ASSERT_HAS_VALUES) } },
	[UVMM_HC_REPORT] = { "report", sizeof(struct uvmm_hc_report), EVC_REPORT, 0,
			     { { HC_RESULT, "result", 2, 0, 0, 0, UVMM_RESULT_SKIP },
			       STR("name", 0, 1, UVMM_HC_STRING_MAX),
			       STR_IF("reason", 3, 4, UVMM_HC_STRING_MAX, 4, ~0ull) } },
	[UVMM_HC_EXPECT] = { "expect", sizeof(struct uvmm_hc_expect), 0, 0,
			     { STR("text", 0, 1, UVMM_HC_EXPECT_MAX) } },
	[UVMM_HC_EXCEPTION] = { "exception", sizeof(struct uvmm_hc_exception), 0, 0,
				{ ARG(HC_NUM, "vector", 0), ARG(HC_NUM, "error", 1),
				  ARG(HC_NUM, "rip", 2), ARG(HC_NUM, "cr2", 3) } },
	[UVMM_HC_MEMSLOT] = { "memslot", sizeof(struct uvmm_hc_memslot), 0, 0,
			      { NUM_MAX("op", 0, UVMM_SLOT_REMOVE), ARG(HC_NUM, "slot", 1),
				ARG(HC_NUM, "gpa", 2), ARG(HC_NUM, "size", 3), ARG(HC_NUM, "flags", 4) } },
	[UVMM_HC_DIRTY_LOG] = { "dirty_log", sizeof(struct uvmm_hc_dirty_log), 0, 0,
				{ ARG(HC_NUM, "slot", 0), ARG(HC_NUM, "bitmap", 1),
				  ARG(HC_NUM, "len", 2) } },
	[UVMM_HC_IRQ] = { "irq", sizeof(struct uvmm_hc_irq), 0, 0, { ARG(HC_NUM, "vector", 0) } },
	[UVMM_HC_MSI] = { "msi", sizeof(struct uvmm_hc_msi), 0, 0,
			  { ARG(HC_NUM, "address", 0), ARG(HC_NUM, "data", 1) } },
	[UVMM_HC_IRQ_LINE] = { "irq_line", sizeof(struct uvmm_hc_irq_line), 0, 0,
			       { ARG(HC_NUM, "gsi", 0), ARG(HC_NUM, "level", 1) } },
	[UVMM_HC_DEBUG] = { "debug", sizeof(struct uvmm_hc_console), EVC_CONSOLE, 1,
			    { STR("text", 0, 1, UVMM_HC_CONSOLE_MAX) } },
	[UVMM_HC_SKIP] = { "skip", sizeof(struct uvmm_hc_skip), 0, 1,
			   { STR("reason", 0, 1, UVMM_HC_STRING_MAX) } },
	/* The block's out part is uvmm's to write: the decoder copies the input. */
	[UVMM_HC_HUPCALL] = { "hupcall", offsetof(struct uvmm_hc_hupcall, out), EVC_HUPCALL, 0,
			      { ARG(HC_NUM, "op", 0), ARG(HC_NUM, "event", 1), ARG(HC_NUM, "prog", 2),
				ARG(HC_NUM, "prog_len", 3), ARG(HC_NUM, "region", 4),
				ARG(HC_NUM, "region_len", 5), ARG(HC_NUM, "flags", 6),
				ARG(HC_NUM, "param", 7) } },
	[UVMM_HC_IOMMU] = { "iommu", sizeof(struct uvmm_hc_iommu), 0, 0,
			    { NUM_MAX("op", 0, UVMM_IOMMU_HOST), ARG(HC_NUM, "iova", 1),
			      ARG(HC_NUM, "gpa", 2), ARG(HC_NUM, "size", 3), ARG(HC_NUM, "flags", 4),
			      ARG(HC_NUM, "out", 5) } },
};

const char *const hc_result_words[3] = UVMM_RESULT_WORDS;

const char *hc_result_label(uint64_t result)
{
	return result == UVMM_RESULT_FAIL ? "FAIL" : result < 3 ? hc_result_words[result] : "?";
}

const struct hc_desc *hc_desc(uint64_t nr)
{
	return nr < UVMM_HC_COUNT && hc_table[nr].name ? &hc_table[nr] : NULL;
}

int hc_by_name(const char *name)
{
	for (unsigned i = 0; i < UVMM_HC_COUNT; i++)
		if (hc_table[i].name && strcmp(hc_table[i].name, name) == 0)
			return (int)i;
	return -1;
}

unsigned hc_max_args(const struct hc_desc *d)
{
	unsigned n = 0;

	while (d->args[n].type != HC_END)
		n++;
	return n;
}

unsigned hc_min_args(const struct hc_desc *d)
{
	unsigned n = 0;

	for (const struct hc_arg *a = d->args; a->type != HC_END; a++)
		n += a->cond_mask == 0;
	return n;
}
