/* The description is generated from the register table, so the 'g' packet
 * and the XML cannot disagree about order or sizes. */
#include "gdb/tdesc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct bit {
	const char *name;
	unsigned bit;
};

struct flags_type {
	const char *id;
	const struct bit *bits;
	unsigned n;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct bit eflags_bits[] = {
	{ "CF", 0 }, { "", 1 }, { "PF", 2 }, { "AF", 4 }, { "ZF", 6 }, { "SF", 7 }, { "TF", 8 },
	{ "IF", 9 }, { "DF", 10 }, { "OF", 11 }, { "NT", 14 }, { "RF", 16 }, { "VM", 17 },
	{ "AC", 18 }, { "VIF", 19 }, { "VIP", 20 }, { "ID", 21 },
};
static const struct bit mxcsr_bits[] = {
	{ "IE", 0 }, { "DE", 1 }, { "ZE", 2 }, { "OE", 3 }, { "UE", 4 }, { "PE", 5 }, { "DAZ", 6 },
	{ "IM", 7 }, { "DM", 8 }, { "ZM", 9 }, { "OM", 10 }, { "UM", 11 }, { "PM", 12 }, { "FZ", 15 },
};
static const struct bit cr0_bits[] = {
	{ "PE", 0 }, { "MP", 1 }, { "EM", 2 }, { "TS", 3 }, { "ET", 4 }, { "NE", 5 }, { "WP", 16 },
	{ "AM", 18 }, { "NW", 29 }, { "CD", 30 }, { "PG", 31 },
};
static const struct bit cr4_bits[] = {
	{ "VME", 0 }, { "PVI", 1 }, { "TSD", 2 }, { "DE", 3 }, { "PSE", 4 }, { "PAE", 5 },
	{ "MCE", 6 }, { "PGE", 7 }, { "PCE", 8 }, { "OSFXSR", 9 }, { "OSXMMEXCPT", 10 },
	{ "UMIP", 11 }, { "LA57", 12 }, { "VMXE", 13 }, { "SMXE", 14 }, { "FSGSBASE", 16 },
	{ "PCIDE", 17 }, { "OSXSAVE", 18 }, { "SMEP", 20 }, { "SMAP", 21 }, { "PKE", 22 },
};
static const struct bit efer_bits[] = {
	{ "SCE", 0 }, { "LME", 8 }, { "LMA", 10 }, { "NXE", 11 }, { "SVME", 12 },
	{ "LMSLE", 13 }, { "FFXSR", 14 }, { "TCE", 15 },
};

static const struct flags_type flag_types[] = {
	{ "i386_eflags", eflags_bits, N(eflags_bits) },
	{ "i386_mxcsr", mxcsr_bits, N(mxcsr_bits) },
	{ "x86_cr0", cr0_bits, N(cr0_bits) },
	{ "x86_cr4", cr4_bits, N(cr4_bits) },
	{ "x86_efer", efer_bits, N(efer_bits) },
};

static const char *const feature_names[GF_COUNT] = {
	[GF_CORE] = "org.gnu.gdb.i386.core",
	[GF_SSE] = "org.gnu.gdb.i386.sse",
	[GF_SEGMENTS] = "org.gnu.gdb.i386.segments",
	[GF_SYS] = "org.uvmm.gdb.x86.sys",
};

/* The 128-bit view of an xmm register, as gdb's own sse feature has it. */
static const char vec128_types[] =
	"<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
	"<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
	"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
	"<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
	"<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
	"<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
	"<union id=\"vec128\">\n"
	"<field name=\"v4_float\" type=\"v4f\"/>\n"
	"<field name=\"v2_double\" type=\"v2d\"/>\n"
	"<field name=\"v16_int8\" type=\"v16i8\"/>\n"
	"<field name=\"v8_int16\" type=\"v8i16\"/>\n"
	"<field name=\"v4_int32\" type=\"v4i32\"/>\n"
	"<field name=\"v2_int64\" type=\"v2i64\"/>\n"
	"<field name=\"uint128\" type=\"uint128\"/>\n"
	"</union>\n";

struct out {
	char *buf;
	size_t size, len;
	int full;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->full = 1;
	else
		o->len += (size_t)n;
}

static const struct flags_type *flags_of(const char *type)
{
	for (size_t i = 0; i < N(flag_types); i++)
		if (!strcmp(flag_types[i].id, type))
			return &flag_types[i];
	return NULL;
}

/* Each flags type once per document, sized like the first register using it. */
static void put_types(struct out *o, const struct gdb_regset *rs, unsigned feature)
{
	unsigned done = 0;

	for (unsigned i = 0; i < rs->n; i++) {
		const struct gdb_reg *r = &rs->regs[i];
		const struct flags_type *f = r->feature == feature ? flags_of(r->type) : NULL;
		unsigned bit = f ? 1u << (f - flag_types) : 0;

		if (!f || (done & bit))
			continue;
		done |= bit;
		put(o, "<flags id=\"%s\" size=\"%u\">\n", f->id, r->bits / 8);
		for (unsigned b = 0; b < f->n; b++)
			if (f->bits[b].bit < r->bits)
				put(o, "<field name=\"%s\" start=\"%u\" end=\"%u\"/>\n", f->bits[b].name,
				    f->bits[b].bit, f->bits[b].bit);
		put(o, "</flags>\n");
	}
	if (feature == GF_SSE)
		put(o, "%s", vec128_types);
}

static int uses_feature(const struct gdb_regset *rs, unsigned feature)
{
	for (unsigned i = 0; i < rs->n; i++)
		if (rs->regs[i].feature == feature)
			return 1;
	return 0;
}

size_t gdb_tdesc_build(enum gdb_layout l, const char *arch, char *buf, size_t size)
{
	const struct gdb_regset *rs = gdb_regset(l);
	struct out o = { buf, size, 0, size == 0 };

	put(&o, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
		"<target version=\"1.0\">\n<architecture>%s</architecture>\n"
		"<osabi>none</osabi>\n", arch);
	for (unsigned f = 0; f < GF_COUNT; f++) {
		/* An empty standard feature makes gdb look for registers it lacks. */
		if (!uses_feature(rs, f))
			continue;
		put(&o, "<feature name=\"%s\">\n", feature_names[f]);
		put_types(&o, rs, f);
		for (unsigned i = 0; i < rs->n; i++) {
			const struct gdb_reg *r = &rs->regs[i];

			if (r->feature != f)
				continue;
			put(&o, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"", r->name,
			    r->bits, r->type, i);
			if (r->group)
				put(&o, " group=\"%s\"", r->group);
			put(&o, "/>\n");
		}
		put(&o, "</feature>\n");
	}
	put(&o, "</target>\n");
	return o.full ? 0 : o.len;
}
