/* Lab 2, given: the harness that runs one instruction at CPL 0 or CPL 3
 * (with CR4.UMIP clear or set), catches what the CPU raises, and reports the
 * class the student's table gives for it (labs/02-trap-emulate/README.md).
 *
 * A snippet is the instruction followed by `ud2`. Whatever ends it comes back
 * to the harness through one exception handler: `ud2` at the snippet's end is
 * the normal way back (from CPL 3 as from CPL 0), any other exception is the
 * instruction trapping. This return path needs no INT n gate, so it works
 * where `int $0x80` from CPL 3 does not (this machine's kvm_pvm: guest/
 * deviations.txt, int_cpl3). It uses the runtime's ring-3 entry
 * (uvmm/usermode.h) and its return point, usermode_return, which restores the
 * kernel stack saved in usermode_kernel_rsp (guest/lib/usermode.c).
 *
 * One run is one case, named on the PVH command line (`uvmm run --cmdline
 * case=sgdt.u`): INSN.k (CPL 0), INSN.u (CPL 3) or INSN.um (CPL 3, UMIP on).
 * The harness sends `hcall report pass CASE CLASS` with the student's answer;
 * the teacher's answer key for the case (expect/CASE.expect) holds the exits
 * the instruction makes and the right class. */
#ifndef LAB_PG_H
#define LAB_PG_H

#include <uvmm/boot.h>
#include <uvmm/guest.h>
#include <uvmm/usermode.h>

/* One row of the student's table. */
struct pg_insn {
	const char *name;        /* e.g. "sgdt" */
	void (*snippet)(void);   /* PG_SNIPPET(name, "...") */
	void (*ret)(void);       /* its ud2 */
	const char *answer[3];   /* CPL 0, CPL 3, CPL 3 with UMIP: "silent", "exit" or "trap #GP" ... */
};

/* A snippet: the instruction(s) in asm, then the ud2 that returns. Data it
 * stores must be in the image (pg_scratch), which usermode_init made
 * reachable from CPL 3. */
#define PG_SNIPPET(id, insn)                                               \
	void pg_snip_##id(void);                                           \
	void pg_ret_##id(void);                                            \
	__asm__(".text\n.globl pg_snip_" #id "\npg_snip_" #id ":\n\t" insn \
		"\n.globl pg_ret_" #id "\npg_ret_" #id ":\n\tud2\n")
#define PG_ROW(id, a_k, a_u, a_um) { #id, pg_snip_##id, pg_ret_##id, { a_k, a_u, a_um } }

/* Scratch memory for snippets' operands (16-byte aligned). */
extern uint8_t pg_scratch[64];

/* Written by the student: sets (on = 1) or clears (on = 0) CR4.UMIP. The
 * harness calls it only where the CPU, as KVM offers it, has UMIP (CPUID
 * leaf 7, ECX bit 2) and checks CR4 afterwards. */
void pg_set_umip(int on);

/* Runs the case named on the command line against table[0..n). */
void pg_main(const struct pg_insn *table, unsigned n);

/* ---- the harness ------------------------------------------------------ */

#define PG_CR4_UMIP (1ul << 11)
#define PG_CPUID7_ECX_UMIP (1u << 2)
#define PG_KERNEL_CS 0x08
#define PG_KERNEL_DS 0x10

uint8_t pg_scratch[64] __attribute__((aligned(16)));

/* guest/lib/usermode.c: IRETQ to CPL 3; the way back; the kernel RSP. */
void usermode_enter(uint64_t rip, uint64_t rsp, uint64_t rax);
void usermode_return(void);
extern uint64_t usermode_kernel_rsp;

/* The same save and return at CPL 0: callee-saved registers, RSP in
 * usermode_kernel_rsp, then a jump to the snippet. */
void pg_enter_k(uint64_t rip);
__asm__(".text\n.globl pg_enter_k\npg_enter_k:\n"
	"\tpush %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n"
	"\tmov %rsp, usermode_kernel_rsp(%rip)\n"
	"\tjmp *%rdi\n");

static struct {
	uint64_t ret;      /* address of the snippet's ud2 */
	int trapped;       /* another exception came first */
	uint64_t vector, error_code, rip;
} pg_seen;

static const char *const pg_vector_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "?", "#TS", "#NP",
	"#SS", "#GP", "#PF", "?", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

static void pg_handler(struct exc_frame *f)
{
	if (f->rip != pg_seen.ret || f->vector != X86_VEC_UD) {
		pg_seen.trapped = 1;
		pg_seen.vector = f->vector;
		pg_seen.error_code = f->error_code;
		pg_seen.rip = f->rip;
	}
	/* Back to the kernel where pg_enter_k/usermode_enter left it. */
	f->rip = (uint64_t)(uintptr_t)usermode_return;
	f->cs = PG_KERNEL_CS;
	f->ss = PG_KERNEL_DS;
	f->rsp = usermode_kernel_rsp;
	f->rflags = 0x2;
}

static size_t pg_wordlen(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != ' ')
		n++;
	return n;
}

/* The value of key= on the PVH command line (hvm_start_info.cmdline_paddr). */
static const char *pg_cmdline_value(const char *key, size_t *len)
{
	const char *cmd;
	size_t klen = strlen(key);

	if (!uvmm_boot_start_info)
		return NULL;
	cmd = (const char *)(uintptr_t)*(const uint64_t *)(uintptr_t)(uvmm_boot_start_info + 24);
	for (const char *p = cmd; p && *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			const char *v = p + klen + 1;
			*len = pg_wordlen(v);
			return v;
		}
		p += pg_wordlen(p);
	}
	return NULL;
}

static const char *pg_observed(void)
{
	static char text[32];

	if (!pg_seen.trapped)
		return "no trap";
	snprintf(text, sizeof(text), "trap %s", pg_seen.vector < 32 && pg_vector_names[pg_seen.vector]
		 ? pg_vector_names[pg_seen.vector] : "?");
	return text;
}

/* Runs one instruction in mode 0 (CPL 0), 1 (CPL 3) or 2 (CPL 3, UMIP on).
 * Returns NULL, or why the case could not run. */
static const char *pg_run(const struct pg_insn *row, unsigned mode)
{
	/* Ring 3's GDT, TSS and user pages (one CR3 reload: costly under
	 * shadow paging), only where a case goes there. */
	if (mode > 0)
		usermode_init();
	if (mode == 2) {
		/* The grader runs UMIP cases only where its probe saw UMIP. */
		if (!(cpuid(7, 0).ecx & PG_CPUID7_ECX_UMIP))
			return "this CPU (as KVM offers it) has no UMIP";
		pg_set_umip(1);
		if (!(read_cr4() & PG_CR4_UMIP))
			return "pg_set_umip(1) left CR4.UMIP clear";
	}
	for (unsigned v = 0; v < 32; v++)
		idt_set_handler(v, pg_handler);
	pg_seen.ret = (uint64_t)(uintptr_t)row->ret;
	if (mode == 0)
		pg_enter_k((uint64_t)(uintptr_t)row->snippet);
	else
		usermode_enter((uint64_t)(uintptr_t)row->snippet, user_stack_top(), 0);
	for (unsigned v = 0; v < 32; v++)
		idt_set_handler(v, NULL);
	if (mode == 2) {
		pg_set_umip(0);
		if (read_cr4() & PG_CR4_UMIP)
			return "pg_set_umip(0) left CR4.UMIP set";
	}
	return NULL;
}

/* "silent", "exit" or "trap " and an exception's name (#GP, #UD, ...). */
static int pg_is_answer(const char *a)
{
	if (!strcmp(a, "silent") || !strcmp(a, "exit"))
		return 1;
	for (unsigned v = 0; v < 32; v++)
		if (pg_vector_names[v] && pg_vector_names[v][0] == '#' && !strncmp(a, "trap ", 5) &&
		    !strcmp(a + 5, pg_vector_names[v]))
			return 1;
	return 0;
}

void pg_main(const struct pg_insn *table, unsigned n)
{
	static const char *const modes[] = { "k", "u", "um" };
	char want[48], name[48];
	const char *arg, *answer, *why;
	size_t len = 0;
	int says_trap;

	arg = pg_cmdline_value("case", &len);
	if (!arg || len >= sizeof(want)) {
		test_report("classify", UVMM_RESULT_FAIL, "no case=INSN.MODE on the command line");
		return;
	}
	memcpy(want, arg, len);
	want[len] = 0;
	for (unsigned i = 0; i < n; i++) {
		for (unsigned mode = 0; mode < 3; mode++) {
			snprintf(name, sizeof(name), "%s.%s", table[i].name, modes[mode]);
			if (strcmp(name, want))
				continue;
			why = pg_run(&table[i], mode);
			if (why) {
				test_report(name, UVMM_RESULT_FAIL, why);
				return;
			}
			/* The harness sees traps; exits only the VMM sees (the trace). */
			answer = table[i].answer[mode];
			if (!pg_is_answer(answer)) {
				test_report(name, UVMM_RESULT_FAIL, "not an answer: silent, exit or trap #XX");
				return;
			}
			says_trap = strncmp(answer, "trap", 4) == 0;
			if (says_trap != pg_seen.trapped || (says_trap && strcmp(answer, pg_observed())))
				test_report(name, UVMM_RESULT_FAIL, pg_observed());
			else
				test_report(name, UVMM_RESULT_PASS, answer);
			return;
		}
	}
	test_report(want, UVMM_RESULT_FAIL, "no such case in the table");
}

#endif
