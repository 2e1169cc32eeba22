/* `uvmm run IMAGE [options]`: one guest, verdict as the exit code. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hcall_abi.h"
#include "cli/cli.h"
#include "session/exitcode.h"
#include "run/run_guest.h"
#include "run/run_repeat.h"
#include "util/text_escape.h"


static void print_summary(const struct run_request *req, const struct run_result *res)
{
	for (unsigned i = 0; i < res->nreports; i++) {
		const struct session_report *r = &res->reports[i];
		/* Names and reasons are the guest's bytes: escaped, one line each. */
		fprintf(req->log, "uvmm:   %-4s ", hc_result_label((uint64_t)r->result));
		fput_escaped(req->log, r->name, strlen(r->name));
		if (r->reason[0]) {
			fputs(": ", req->log);
			fput_escaped(req->log, r->reason, strlen(r->reason));
		}
		fputc('\n', req->log);
	}
	fprintf(req->log, "uvmm: %s: %s (%llu exits, %.1f ms)\n", req->image,
		uvmm_exit_code_name(res->code), (unsigned long long)res->nexits, res->seconds * 1e3);
}

static int add_override(struct run_request *req, char *buf, size_t size, const char *key,
			const char *value)
{
	if (req->noverrides == RUN_MAX_OVERRIDES)
		return -1;
	snprintf(buf, size, "%s=%s", key, value);
	req->overrides[req->noverrides++] = buf;
	return 0;
}

int cli_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mem", required_argument, 0, 'm' },      { "mode", required_argument, 0, 'M' },
		{ "timeout", required_argument, 0, 't' },  { "irqchip", no_argument, 0, 'i' },
		{ "cpus", required_argument, 0, 'c' },     { "flat", required_argument, 0, 'f' },
		{ "expect", required_argument, 0, 'e' },   { "no-check", no_argument, 0, 'n' },
		{ "expect-only", required_argument, 0, 'E' },
		{ "trace", required_argument, 0, 'T' },    { "kvm", required_argument, 0, 'k' },
		{ "cmdline", required_argument, 0, 'C' },  { "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },           { "no-sandbox", no_argument, 0, 'S' },
		{ "repeat", required_argument, 0, 'R' },
		{ "vfio", required_argument, 0, 'v' },     { "vfio-mode", required_argument, 0, 'b' },
		{ "vfio-irq", required_argument, 0, 'I' }, { "vfio-api", required_argument, 0, 'a' },
		{ "gdb", required_argument, 0, 'g' },      { "gdb-nowait", no_argument, 0, 'W' },
		{ "gdb-on-fault", no_argument, 0, 'F' },
		{ 0, 0, 0, 0 },
	};
	static const char *const keys[128] = {
		['m'] = "mem", ['M'] = "mode", ['t'] = "timeout", ['c'] = "cpus",
		['v'] = "vfio", ['b'] = "vfio_mode", ['I'] = "vfio_irq", ['a'] = "vfio_api",
	};
	char bufs[RUN_MAX_OVERRIDES][256];
	struct run_request req = { .console = stdout, .out = stdout, .log = stderr };
	struct run_result *res;
	char *end;
	unsigned long repeat = 0;
	int c, code;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': case 'M': case 't': case 'c': case 'v': case 'b': case 'I': case 'a':
			add_override(&req, bufs[req.noverrides], sizeof(bufs[0]), keys[c], optarg);
			break;
		case 'i':
			add_override(&req, bufs[req.noverrides], sizeof(bufs[0]), "irqchip", "1");
			break;
		case 'f':
			req.flat = 1;
			req.flat_addr = strtoull(optarg, &end, 0);
			if (*end || end == optarg) {
				fprintf(stderr, "uvmm: --flat needs a load address, got '%s'\n", optarg);
				return UVMM_EXIT_USAGE;
			}
			break;
		case 'e': req.expect_file = optarg; break;
		case 'E':
			req.expect_file = optarg;
			req.expect_only = 1;
			break;
		case 'n': req.no_check = 1; break;
		case 'T': req.trace_file = optarg; break;
		case 'k': req.kvm_path = optarg; break;
		case 'C': req.cmdline = optarg; break;
		case 'q': req.console = NULL; break;
		case 'S': req.no_sandbox = 1; break;
		case 'g': req.gdb_addr = optarg; break;
		case 'W': req.gdb_nowait = 1; break;
		case 'F': req.gdb_on_fault = 1; break;
		case 'R':
			repeat = strtoul(optarg, &end, 0);
			if (*end || end == optarg || repeat == 0) {
				fprintf(stderr, "uvmm: --repeat needs a count of at least 1, got '%s'\n", optarg);
				return UVMM_EXIT_USAGE;
			}
			break;
		case 'h': cli_usage(stdout); return UVMM_EXIT_PASS;
		default:
			fprintf(stderr, "uvmm: bad option for 'run' (see uvmm --help)\n");
			return UVMM_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "uvmm: 'run' needs exactly one guest image (see uvmm --help)\n");
		return UVMM_EXIT_USAGE;
	}
	if (req.gdb_nowait && !req.gdb_addr) {
		fprintf(stderr, "uvmm: --gdb-nowait needs --gdb ADDR\n");
		return UVMM_EXIT_USAGE;
	}
	if (repeat && (req.gdb_addr || req.gdb_on_fault)) {
		fprintf(stderr, "uvmm: --repeat and the gdb stub do not go together\n");
		return UVMM_EXIT_USAGE;
	}
	req.image = argv[optind];
	res = malloc(sizeof(*res));
	if (!res) {
		fprintf(stderr, "uvmm: out of memory\n");
		return UVMM_EXIT_HOST_ERROR;
	}
	code = repeat ? run_repeat(&req, res, repeat) : run_guest(&req, res);
	print_summary(&req, res);
	free(res);
	return code;
}
