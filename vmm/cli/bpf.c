/* `uvmm bpf test FILE.data...` (bpf_conformance files as TAP), `uvmm bpf dis
 * FILE` (disassembly) and `uvmm bpf bench` (the eBPF core's costs). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf.h"
#include "bpf/bpf_asm.h"
#include "bpf/bpf_bench.h"
#include "bpf/bpf_conf.h"
#include "bpf/bpf_conf_run.h"
#include "bpf/bpf_elf.h"
#include "cli/cli.h"
#include "session/exitcode.h"

#define MAX_FILE (16u << 20)
#define MAX_SECTIONS 64

static int usage(void)
{
	fprintf(stderr, "usage: uvmm bpf test FILE.data...   run bpf_conformance test files, TAP on stdout\n"
		"       uvmm bpf dis FILE            disassemble a .data file's program, an eBPF ELF object\n"
		"                                    or raw little-endian instructions\n"
		"       uvmm bpf bench [--reps N] [--json FILE]   verifier and interpreter costs\n"
		"See docs/bpf.md.\n");
	return UVMM_EXIT_USAGE;
}

/* The whole file, NUL-terminated, or NULL with the reason. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(MAX_FILE + 1);
	*len = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
	if (!buf || ferror(f) || *len > MAX_FILE) {
		snprintf(err, errlen, "%s: %s", path, !buf ? "out of memory" : ferror(f) ? "read error" :
			 "larger than 16 MiB");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[*len] = 0;
	return buf;
}

/* Each subcommand gets argv[0] = its own name. */
static int cmd_test(int argc, char **argv)
{
	unsigned passed = 0, failed = 0, skipped = 0, bad = 0;

	argc--;
	argv++;
	if (argc < 1)
		return usage();
	printf("TAP version 14\n1..%d\n", argc);
	for (int k = 0; k < argc; k++) {
		struct ebpf_conf_file f;
		struct ebpf_conf_outcome o;
		char err[384];
		size_t len;
		char *text = slurp(argv[k], &len, err, sizeof(err));

		if (!text || ebpf_conf_parse(argv[k], text, len, &f, err, sizeof(err)) < 0) {
			printf("not ok %d - %s: bad test file: %s\n", k + 1, argv[k], err);
			bad++;
			if (text)
				ebpf_conf_free(&f);
			free(text);
			continue;
		}
		ebpf_conf_run(&f, &o);
		switch (o.verdict) {
		case EBPF_CONF_PASS: printf("ok %d - %s\n", k + 1, argv[k]); passed++; break;
		case EBPF_CONF_SKIP: printf("ok %d - %s # SKIP %s\n", k + 1, argv[k], o.msg); skipped++; break;
		case EBPF_CONF_FAIL: printf("not ok %d - %s: %s\n", k + 1, argv[k], o.msg); failed++; break;
		case EBPF_CONF_BAD: printf("not ok %d - %s: bad test file: %s\n", k + 1, argv[k], o.msg); bad++; break;
		}
		ebpf_conf_free(&f);
		free(text);
	}
	printf("# %u passed, %u failed, %u skipped, %u bad test files\n", passed, failed, skipped, bad);
	return bad ? UVMM_EXIT_BAD_IMAGE : failed ? UVMM_EXIT_GUEST_FAIL : UVMM_EXIT_PASS;
}

/* section: the ELF section the bytes come from, or NULL. */
static int dis_slots(const char *path, const char *section, const uint8_t *bytes, size_t len)
{
	struct ebpf_insn *insns = malloc(len + 8);
	char err[160];
	size_t n;
	int rc = UVMM_EXIT_PASS;

	if (!insns || ebpf_decode(bytes, len, insns, len / 8 + 1, &n, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s%s%s: %s\n", path, section ? ": section " : "", section ? section : "",
			insns ? err : "out of memory");
		rc = UVMM_EXIT_BAD_IMAGE;
	} else if (ebpf_disasm(stdout, insns, n) < 0) {
		rc = UVMM_EXIT_HOST_ERROR;
	}
	free(insns);
	return rc;
}

static int dis_elf(const char *path, const uint8_t *img, size_t len)
{
	struct ebpf_elf_section s[MAX_SECTIONS];
	char err[160];
	unsigned n;
	int rc = UVMM_EXIT_PASS;

	if (ebpf_elf_sections(img, len, s, MAX_SECTIONS, &n, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s: %s\n", path, err);
		return UVMM_EXIT_BAD_IMAGE;
	}
	if (!n) {
		fprintf(stderr, "uvmm: %s: ELF: no executable section\n", path);
		return UVMM_EXIT_BAD_IMAGE;
	}
	for (unsigned k = 0; k < n && rc == UVMM_EXIT_PASS; k++) {
		printf("%s# section %s: %zu slots (relocations not applied)\n", k ? "\n" : "", s[k].name,
		       s[k].size / 8);
		rc = dis_slots(path, s[k].name, s[k].data, s[k].size);
	}
	return rc;
}

static int dis_data(const char *path, const char *text, size_t len)
{
	struct ebpf_conf_file f;
	struct ebpf_insn *buf = NULL;
	char err[384];
	size_t n = 0;
	int rc = UVMM_EXIT_PASS;

	if (ebpf_conf_parse(path, text, len, &f, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s\n", err);
		rc = UVMM_EXIT_BAD_IMAGE;
	} else if (f.raw) {
		rc = ebpf_disasm(stdout, f.raw, f.nraw) < 0 ? UVMM_EXIT_HOST_ERROR : UVMM_EXIT_PASS;
	} else if (!(buf = malloc(4 * EBPF_MAX_INSNS * sizeof(*buf))) ||
		   ebpf_asm(f.asm_text, f.asm_line, buf, 4 * EBPF_MAX_INSNS, &n, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s: %s\n", path, buf ? err : "out of memory");
		rc = UVMM_EXIT_BAD_IMAGE;
	} else {
		rc = ebpf_disasm(stdout, buf, n) < 0 ? UVMM_EXIT_HOST_ERROR : UVMM_EXIT_PASS;
	}
	free(buf);
	ebpf_conf_free(&f);
	return rc;
}

static int cmd_dis(int argc, char **argv)
{
	char err[256];
	size_t len, nlen;
	char *data;
	int rc;

	if (argc != 2)
		return usage();
	argv++;
	data = slurp(argv[0], &len, err, sizeof(err));
	if (!data) {
		fprintf(stderr, "uvmm: %s\n", err);
		return UVMM_EXIT_BAD_IMAGE;
	}
	nlen = strlen(argv[0]);
	if (ebpf_elf_is((const uint8_t *)data, len))
		rc = dis_elf(argv[0], (const uint8_t *)data, len);
	else if (nlen > 5 && !strcmp(argv[0] + nlen - 5, ".data"))
		rc = dis_data(argv[0], data, len);
	else
		rc = dis_slots(argv[0], NULL, (const uint8_t *)data, len);
	free(data);
	return rc;
}

static int write_json(const char *path, const struct ebpf_bench *b)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	fprintf(f, "{\"reps\": %u, \"verify_slots\": %u, \"verify_us\": %.3f, \"interp_ns_per_insn\": %.3f, "
		"\"interp_insns_per_run\": %llu, \"alu_ns_per_insn\": %.3f, \"run_overhead_ns\": %.1f}\n",
		b->reps, b->verify_slots, b->verify_us, b->interp_ns_per_insn,
		(unsigned long long)b->interp_insns, b->alu_ns_per_insn, b->run_overhead_ns);
	rc = ferror(f) ? -1 : 0;
	return fclose(f) || rc ? -1 : 0;
}

static int cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reps", required_argument, 0, 'r' }, { "json", required_argument, 0, 'j' }, { 0, 0, 0, 0 },
	};
	const char *json = NULL;
	struct ebpf_bench b;
	unsigned reps = 11;
	char err[256], *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r') {
			reps = (unsigned)strtoul(optarg, &end, 10);
			if (*end || !reps || reps > 1000)
				return usage();
		} else if (c == 'j') {
			json = optarg;
		} else {
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (ebpf_bench_run(&b, reps, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm bpf bench: %s\n", err);
		return UVMM_EXIT_HOST_ERROR;
	}
	printf("eBPF core, median of %u:\n"
	       "  verify a %u-slot program        %10.1f us\n"
	       "  interpreter, mixed loop         %10.2f ns/insn (%llu insns a run)\n"
	       "  interpreter, register-only loop %10.2f ns/insn\n"
	       "  one run of mov r0, 0; exit      %10.1f ns\n",
	       b.reps, b.verify_slots, b.verify_us, b.interp_ns_per_insn, (unsigned long long)b.interp_insns,
	       b.alu_ns_per_insn, b.run_overhead_ns);
	if (json && write_json(json, &b) < 0) {
		fprintf(stderr, "uvmm bpf bench: cannot write %s: %s\n", json, strerror(errno));
		return UVMM_EXIT_HOST_ERROR;
	}
	if (json)
		printf("wrote %s\n", json);
	return UVMM_EXIT_PASS;
}

int cli_bpf(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = { { "test", cmd_test }, { "dis", cmd_dis }, { "bench", cmd_bench } };

	if (argc < 2)
		return usage();
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (!strcmp(argv[1], cmds[k].name))
			return cmds[k].fn(argc - 1, argv + 1);
	return usage();
}
