/* Runs a parsed conformance test: assemble (and compare with -- raw), skip
 * for an unimplemented group, verify, run over the test's memory, compare. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf_asm.h"
#include "bpf/bpf_conf_run.h"
#include "bpf/bpf_ops.h"
#include "util/clock.h"

/* Slots an assembled test may have; the verifier then applies its limit. */
#define MAX_SLOTS (4 * EBPF_MAX_INSNS)

static int ktime_get_ns(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)env;
	(void)c;
	*r0 = now_ns();
	return 0;
}

const struct ebpf_helper ebpf_conf_helpers[] = {
	{ .id = 5, .name = "ktime_get_ns", .fn = ktime_get_ns },
};
const unsigned ebpf_conf_nhelpers = sizeof(ebpf_conf_helpers) / sizeof(ebpf_conf_helpers[0]);

__attribute__((format(printf, 3, 4)))
static void verdict(struct ebpf_conf_outcome *o, enum ebpf_conf_verdict v, const char *fmt, ...)
{
	va_list ap;

	o->verdict = v;
	va_start(ap, fmt);
	vsnprintf(o->msg, sizeof(o->msg), fmt, ap);
	va_end(ap);
}

/* An expected error passes when what went wrong says it. */
static void failed_with(const struct ebpf_conf_file *f, struct ebpf_conf_outcome *o, const char *what,
			const char *msg)
{
	if (!f->error)
		verdict(o, EBPF_CONF_FAIL, "%s: %s", what, msg);
	else if (strstr(msg, f->error))
		verdict(o, EBPF_CONF_PASS, "%s", "");
	else
		verdict(o, EBPF_CONF_FAIL, "%s: '%s', expected an error containing '%s'", what, msg, f->error);
}

static int program(const struct ebpf_conf_file *f, struct ebpf_insn *buf, const struct ebpf_insn **insns,
		   size_t *n, struct ebpf_conf_outcome *o)
{
	char err[256];
	size_t nasm = 0;

	if (f->asm_text && ebpf_asm(f->asm_text, f->asm_line, buf, MAX_SLOTS, &nasm, err, sizeof(err)) < 0) {
		if (f->error && strstr(err, f->error))
			verdict(o, EBPF_CONF_PASS, "%s", "");
		else
			verdict(o, EBPF_CONF_BAD, "asm: %s", err);
		return -1;
	}
	if (f->asm_text && f->raw) {
		for (size_t k = 0; k < nasm || k < f->nraw; k++)
			if (k >= nasm || k >= f->nraw || ebpf_insn_word(&buf[k]) != ebpf_insn_word(&f->raw[k])) {
				verdict(o, EBPF_CONF_BAD, "-- asm and -- raw differ at slot %zu", k);
				return -1;
			}
	}
	*insns = f->raw ? f->raw : buf;
	*n = f->raw ? f->nraw : nasm;
	return 0;
}

static void run(const struct ebpf_conf_file *f, const struct ebpf_prog *p, struct ebpf_conf_outcome *o)
{
	uint8_t *mem = f->mem_len ? malloc(f->mem_len) : NULL;
	struct ebpf_env env = { .ctx = mem, .ctx_len = f->mem_len, .ctx_perm = EBPF_READ | EBPF_WRITE,
				.r = { EBPF_CTX_ADDR, f->mem_len } };
	struct ebpf_result res;
	char msg[256];

	if (f->mem_len && !mem) {
		verdict(o, EBPF_CONF_FAIL, "out of memory");
		return;
	}
	if (mem)
		memcpy(mem, f->mem, f->mem_len);
	ebpf_run(p, &env, &res);
	o->insns = res.insns;
	ebpf_result_format(&res, msg, sizeof(msg));
	if (res.status != EBPF_OK)
		failed_with(f, o, "run", msg);
	else if (f->error)
		verdict(o, EBPF_CONF_FAIL, "returned r0 = 0x%llx, expected an error containing '%s'",
			(unsigned long long)res.r0, f->error);
	else if (res.r0 != f->result)
		verdict(o, EBPF_CONF_FAIL, "r0 = 0x%llx, expected 0x%llx", (unsigned long long)res.r0,
			(unsigned long long)f->result);
	else
		verdict(o, EBPF_CONF_PASS, "%s", "");
	free(mem);
}

void ebpf_conf_run(const struct ebpf_conf_file *f, struct ebpf_conf_outcome *o)
{
	struct ebpf_load_opts opts = { .helpers = ebpf_conf_helpers, .nhelpers = ebpf_conf_nhelpers };
	struct ebpf_insn *buf = malloc(MAX_SLOTS * sizeof(*buf));
	const struct ebpf_insn *insns;
	struct ebpf_refusal why;
	struct ebpf_prog *p;
	unsigned missing;
	char names[96];
	size_t n;

	memset(o, 0, sizeof(*o));
	if (!buf) {
		verdict(o, EBPF_CONF_FAIL, "out of memory");
		return;
	}
	if (program(f, buf, &insns, &n, o) < 0)
		goto out;
	missing = ebpf_groups_used(insns, n) & ~EBPF_GROUPS_SUPPORTED;
	if (missing && !f->error) {
		verdict(o, EBPF_CONF_SKIP, "group %s is not implemented by uvmm",
			ebpf_groups_format(missing, names, sizeof(names)));
		goto out;
	}
	p = ebpf_prog_load(insns, n, &opts, &why);
	if (!p) {
		failed_with(f, o, "refused", why.msg);
		goto out;
	}
	run(f, p, o);
	ebpf_prog_free(p);
out:
	free(buf);
}
