/* Popek-Goldberg family 1: the stores of system registers, SGDT, SIDT, SLDT,
 * STR and SMSW (SDM Vol. 2). None is privileged: without CR4.UMIP each runs at
 * any CPL and stores the kernel's register (the sensitive-but-unprivileged
 * case a trap-and-emulate VMM cannot intercept). The test loads its own GDT
 * (with an LDT descriptor at 0x40) and IDT copy first, so what each must
 * return is known. Operand forms in 64-bit mode: SGDT/SIDT store 2 + 8 bytes;
 * SLDT/STR to a 32- or 64-bit register zero-extend the selector, to memory
 * write 2 bytes; SMSW r16 writes CR0[15:0] into the low 16 bits only, r32
 * stores CR0[31:0] zero-extended, r64 all of CR0, m16 2 bytes. */
#include "pg_audit.h"

PG_CASE("sgdt");
PG_CASE("sidt");
PG_CASE("sldt");
PG_CASE("str");
PG_CASE("smsw-r16");
PG_CASE("smsw-r32");
PG_CASE("smsw-r64");
PG_CASE("smsw-m16");

#define LDT_SEL 0x40
#define TSS_SEL 0x30
#define PRELOAD 0x1111222233334444ull
#define GUARD 0xa5

static uint64_t pg_gdt[10] __attribute__((aligned(16)));
static uint64_t pg_ldt[2];
static uint8_t pg_idt[4096] __attribute__((aligned(16)));

static struct {
	struct {
		struct desc_ptr d;
		uint8_t guard;
	} __attribute__((packed)) gdt, idt;
	uint64_t ldt_r32, ldt_r64, ldt_m, tr_r32, tr_r64, tr_m;
	uint64_t msw_r16, msw_r32, msw_r64, msw_m;
	struct pg_fault f[8];
} obs;

static void probe(void)
{
	unsigned n;
	uint64_t v;

	obs.gdt.guard = obs.idt.guard = GUARD;
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "sgdt %0" TRAP_END : "=m"(obs.gdt.d) : : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f[0]);
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "sidt %0" TRAP_END : "=m"(obs.idt.d) : : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f[1]);

	n = trap_seen.count;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "sldt %k0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.ldt_r32 = v;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "sldt %q0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.ldt_r64 = v;
	obs.ldt_m = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "sldt (%0)" TRAP_END : : "r"(&obs.ldt_m) : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f[2]);

	n = trap_seen.count;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "str %k0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.tr_r32 = v;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "str %q0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.tr_r64 = v;
	obs.tr_m = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "str (%0)" TRAP_END : : "r"(&obs.tr_m) : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f[3]);

	n = trap_seen.count;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "smsw %w0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.msw_r16 = v;
	pg_fault_since(n, &obs.f[4]);
	n = trap_seen.count;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "smsw %k0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.msw_r32 = v;
	pg_fault_since(n, &obs.f[5]);
	n = trap_seen.count;
	v = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "smsw %q0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	obs.msw_r64 = v;
	pg_fault_since(n, &obs.f[6]);
	n = trap_seen.count;
	obs.msw_m = PRELOAD;
	__asm__ volatile(TRAP_BEGIN "smsw (%0)" TRAP_END : : "r"(&obs.msw_m) : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f[7]);
}

/* The runtime's GDT copied, plus an LDT descriptor (16 bytes in 64-bit mode,
 * type 2, DPL 0) at LDT_SEL; the IDT copied. Loaded with LGDT, LLDT, LIDT. */
static void load_known_tables(void)
{
	struct desc_ptr cur, g = { sizeof(pg_gdt) - 1, (uintptr_t)pg_gdt },
			     i = { sizeof(pg_idt) - 1, (uintptr_t)pg_idt };
	uint64_t base = (uintptr_t)pg_ldt, limit = sizeof(pg_ldt) - 1;

	sgdt(&cur);
	GUEST_ASSERT_LE(cur.limit + 1u, LDT_SEL);
	memcpy(pg_gdt, (const void *)cur.base, cur.limit + 1u);
	pg_gdt[LDT_SEL / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x82ull << 40 |
			      ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	pg_gdt[LDT_SEL / 8 + 1] = base >> 32;
	lgdt(&g);
	__asm__ volatile("lldt %w0" : : "r"(LDT_SEL) : "memory");
	sidt(&cur);
	memcpy(pg_idt, (const void *)cur.base, sizeof(pg_idt));
	lidt(&i);
}

static void judge(void)
{
	uint64_t cr0 = read_cr0();
	char b[8][24];
	const uint64_t hi48 = PRELOAD & ~0xffffull;

	for (int k = 0; k < 8; k++)
		pg_fault_text(&obs.f[k], b[k], sizeof(b[k]));
	pg_report("sgdt", !obs.f[0].faulted && obs.gdt.d.limit == sizeof(pg_gdt) - 1 &&
			  obs.gdt.d.base == (uintptr_t)pg_gdt && obs.gdt.guard == GUARD,
		  "%s, stored limit 0x%x base 0x%llx guard 0x%x; SDM: runs at any CPL without UMIP, "
		  "stores what LGDT loaded (0x%x, 0x%llx) in 10 bytes", b[0], obs.gdt.d.limit,
		  (unsigned long long)obs.gdt.d.base, obs.gdt.guard, (unsigned)sizeof(pg_gdt) - 1,
		  (unsigned long long)(uintptr_t)pg_gdt);
	pg_report("sidt", !obs.f[1].faulted && obs.idt.d.limit == sizeof(pg_idt) - 1 &&
			  obs.idt.d.base == (uintptr_t)pg_idt && obs.idt.guard == GUARD,
		  "%s, stored limit 0x%x base 0x%llx guard 0x%x; SDM: stores what LIDT loaded "
		  "(0x%x, 0x%llx) in 10 bytes", b[1], obs.idt.d.limit, (unsigned long long)obs.idt.d.base,
		  obs.idt.guard, (unsigned)sizeof(pg_idt) - 1, (unsigned long long)(uintptr_t)pg_idt);
	pg_report("sldt", !obs.f[2].faulted && obs.ldt_r32 == LDT_SEL && obs.ldt_r64 == LDT_SEL &&
			  obs.ldt_m == (hi48 | LDT_SEL),
		  "%s, r32 0x%llx r64 0x%llx m16 0x%llx; SDM: 0x%x zero-extended into registers, "
		  "2 bytes to memory", b[2], (unsigned long long)obs.ldt_r32,
		  (unsigned long long)obs.ldt_r64, (unsigned long long)obs.ldt_m, LDT_SEL);
	pg_report("str", !obs.f[3].faulted && obs.tr_r32 == TSS_SEL && obs.tr_r64 == TSS_SEL &&
			 obs.tr_m == (hi48 | TSS_SEL),
		  "%s, r32 0x%llx r64 0x%llx m16 0x%llx; SDM: 0x%x zero-extended into registers, "
		  "2 bytes to memory", b[3], (unsigned long long)obs.tr_r32,
		  (unsigned long long)obs.tr_r64, (unsigned long long)obs.tr_m, TSS_SEL);
	pg_report("smsw-r16", !obs.f[4].faulted && obs.msw_r16 == (hi48 | (cr0 & 0xffff)),
		  "%s, register 0x%llx; SDM: CR0[15:0] = 0x%llx in the low 16 bits, the rest kept",
		  b[4], (unsigned long long)obs.msw_r16, (unsigned long long)(cr0 & 0xffff));
	pg_report("smsw-r32", !obs.f[5].faulted && obs.msw_r32 == (cr0 & 0xffffffffull),
		  "%s, register 0x%llx; SDM (64-bit mode): CR0[31:0] = 0x%llx zero-extended", b[5],
		  (unsigned long long)obs.msw_r32, (unsigned long long)(cr0 & 0xffffffffull));
	pg_report("smsw-r64", !obs.f[6].faulted && obs.msw_r64 == cr0,
		  "%s, register 0x%llx; SDM: CR0 = 0x%llx", b[6], (unsigned long long)obs.msw_r64,
		  (unsigned long long)cr0);
	pg_report("smsw-m16", !obs.f[7].faulted && obs.msw_m == (hi48 | (cr0 & 0xffff)),
		  "%s, memory 0x%llx; SDM: 2 bytes, CR0[15:0] = 0x%llx", b[7],
		  (unsigned long long)obs.msw_m, (unsigned long long)(cr0 & 0xffff));
}

void guest_main(void)
{
	pg_setup();
	GUEST_ASSERT_EQ(read_cr4() & X86_CR4_UMIP, 0);
	load_known_tables();
	pg_run(probe, 0);
	judge();
}
