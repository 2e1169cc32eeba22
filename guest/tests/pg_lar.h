/* Popek-Goldberg family 3: what a program learns of the descriptor tables
 * (SDM Vol. 2A LAR, LSL, VERR/VERW; Vol. 3A 5.5-5.8). None is privileged.
 * LAR and LSL load the access rights (AND 0x00FxFF00) or the limit of any
 * descriptor visible at max(CPL, RPL) and set ZF, else clear ZF and leave the
 * destination alone; VERR/VERW say whether a segment is readable/writable
 * from there. The test models those rules over the runtime's GDT. */
#include "pg_audit.h"

PG_CASE("lar");
PG_CASE("lsl");
PG_CASE("verr");
PG_CASE("verw");

#define PRELOAD 0x1111222233334444ull

/* The runtime's GDT (uvmm/usermode.h): kernel code, data, 32-bit code, user
 * data, user code, TSS; with and without RPL 3, null, and past the limit. */
static const uint16_t sels[] = { 0x00, 0x03, 0x08, 0x0b, 0x10, 0x13, 0x18, 0x20,
				 0x23, 0x28, 0x2b, 0x30, 0x33, 0x40 };
#define NSEL (sizeof(sels) / sizeof(sels[0]))

enum { LAR, LSL, VERR, VERW, NOPS };

static struct {
	uint64_t val[NOPS][NSEL];
	uint8_t zf[NOPS][NSEL];
} obs;

static void probe(void)
{
	for (unsigned i = 0; i < NSEL; i++) {
		unsigned long v = PRELOAD;
		obs.zf[LAR][i] = (uint8_t)lar(sels[i], &v);
		obs.val[LAR][i] = v;
		v = PRELOAD;
		obs.zf[LSL][i] = (uint8_t)lsl(sels[i], &v);
		obs.val[LSL][i] = v;
		obs.zf[VERR][i] = (uint8_t)verr(sels[i]);
		obs.zf[VERW][i] = (uint8_t)verw(sels[i]);
	}
}

/* ---- the SDM's rules, as a model of the runtime's GDT ---- */

static struct desc_ptr gdt;

static uint64_t desc_of(uint16_t sel)
{
	return *(const uint64_t *)(gdt.base + (sel & ~7u));
}

/* Whether op accepts sel from max(CPL, RPL); sets *want to LAR's or LSL's value. */
static int model(int op, uint16_t sel, uint64_t *want)
{
	unsigned idx = sel & ~7u, rpl = sel & 3, eff = rpl > PG_CPL ? rpl : PG_CPL;
	uint64_t d;
	unsigned type, s, dpl, g, code, conforming, readable, writable, ok;
	uint64_t limit;

	if (idx == 0 || idx + 7 > gdt.limit)
		return 0;
	d = desc_of(sel);
	type = (d >> 40) & 0xf;
	s = (d >> 44) & 1;
	dpl = (d >> 45) & 3;
	g = (d >> 55) & 1;
	code = s && (type & 8);
	conforming = code && (type & 4);
	readable = s && (!code || (type & 2));
	writable = s && !code && (type & 2);
	ok = conforming || dpl >= eff;
	switch (op) {
	case LAR:
		ok = ok && (s || type == 2 || type == 9 || type == 0xb || type == 0xc);
		*want = (d >> 32) & 0x00f0ff00;
		return ok;
	case LSL:
		ok = ok && (s || type == 2 || type == 9 || type == 0xb);
		limit = (d & 0xffff) | ((d >> 32) & 0xf0000);
		*want = g ? limit << 12 | 0xfff : limit;
		return ok;
	case VERR:
		return readable && ok;
	default:
		return writable && dpl >= eff;
	}
}

static void judge_op(const char *name, int op)
{
	char seen[UVMM_HC_STRING_MAX] = "", *p = seen;
	int ok = 1;

	for (unsigned i = 0; i < NSEL; i++) {
		uint64_t want = PRELOAD, got = obs.val[op][i];
		int vis = model(op, sels[i], &want);
		/* The accessed bit may change between probe and judge. */
		uint64_t mask = op == LAR ? 0x00f0fe00ull : ~0ull;
		int good = obs.zf[op][i] == vis &&
			   (op >= VERR || (vis ? (got & mask) == (want & mask) : got == PRELOAD));
		ok &= good;
		if (!good && p < seen + sizeof(seen) - 40)
			p += snprintf(p, seen + sizeof(seen) - p, "0x%x: zf %d val 0x%llx (SDM zf %d 0x%llx); ",
				      sels[i], obs.zf[op][i], (unsigned long long)got, vis,
				      (unsigned long long)(vis ? want : PRELOAD));
	}
	pg_report(name, ok, "at CPL %d over %u selectors: %s", PG_CPL, (unsigned)NSEL,
		  ok ? "as the SDM's rules over the GDT say" : seen);
}

void guest_main(void)
{
	pg_setup();
	sgdt(&gdt);
	pg_run(probe, 0);
	judge_op("lar", LAR);
	judge_op("lsl", LSL);
	judge_op("verr", VERR);
	judge_op("verw", VERW);
}
