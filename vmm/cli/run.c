/* `uvmm run IMAGE [options]`: one guest, verdict as the exit code. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hcall_abi.h"
#include "cli/cli.h"
#include "session/exitcode.h"
#include "run/run_guest.h"
#include "run/run_repeat.h"
#include "kut/kut_request.h"
#include "loader/boot.h"
#include "loader/multiboot.h"
#include "util/num.h"
#include "util/output.h"
#include "util/text_escape.h"

/* What --kut and --append build for a run. */
struct kut_opts {
	char cmdline[MULTIBOOT_CMDLINE_MAX];
	struct sbuf env;
};

/* --kut: KUT's machine first, so that the user's own options win; the
 * command line with the program name first; the environment module unless
 * --initrd gives one; exits are only checked when expectations are given. */
static int apply_kut(struct run_request *req, const struct cli_run *cr, struct kut_opts *k)
{
	const char *user[RUN_MAX_OVERRIDES];
	unsigned n = req->noverrides;
	struct run_options ro;
	enum run_options_source from;
	char err[256];

	memcpy(user, req->overrides, n * sizeof(user[0]));
	req->noverrides = 0;
	if (cr->append || cr->kut) {
		if (req->cmdline) {
			fprintf(stderr, "uvmm: --cmdline and --append/--kut both set the command line\n");
			return -1;
		}
		if (kut_cmdline(k->cmdline, sizeof(k->cmdline), req->image, cr->append, err,
				sizeof(err)) < 0) {
			fprintf(stderr, "uvmm: --append: %s\n", err);
			return -1;
		}
		req->cmdline = k->cmdline;
	}
	if (!cr->kut) {
		if (cr->errata)
			fprintf(stderr, "uvmm: --errata needs --kut\n");
		for (unsigned i = 0; i < n; i++)
			req->overrides[req->noverrides++] = user[i];
		return cr->errata ? -1 : 0;
	}
	for (unsigned i = 0; i < kut_run_noverrides; i++)
		req->overrides[req->noverrides++] = kut_run_overrides[i];
	for (unsigned i = 0; i < kut_run_ndefaults; i++)
		req->overrides[req->noverrides++] = kut_run_defaults[i];
	for (unsigned i = 0; i < n; i++)
		req->overrides[req->noverrides++] = user[i];
	if (!req->expect_file)
		req->no_check = 1;
	/* A KUT run reports as it goes: its lines, not a pipe's 4 KiB, at a time. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (req->initrd)
		return 0;
	/* A bad option is run_guest's to report; the environment needs none then. */
	if (run_options_resolve(&ro, NULL, 0, req->overrides, req->noverrides, &from, err,
				sizeof(err)) < 0)
		return 0;
	if (kut_environment(&k->env, ro.nvcpus, ro.mem_size, cr->errata, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s\n", err);
		return -1;
	}
	req->initrd_text = sb_str(&k->env);
	req->initrd_len = k->env.len;
	return 0;
}


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

/* One more key=value for the run: nothing is dropped or cut silently. */
static int add_override(struct run_request *req, char bufs[][256], const char *key,
			const char *value)
{
	char *buf = bufs[req->noverrides];

	if (req->noverrides == RUN_MAX_OVERRIDES) {
		fprintf(stderr, "uvmm: too many run options (at most %d)\n", RUN_MAX_OVERRIDES);
		return -1;
	}
	if ((size_t)snprintf(buf, 256, "%s=%s", key, value) >= 256) {
		fprintf(stderr, "uvmm: the value of --%s is too long (%zu bytes, at most %d)\n", key,
			strlen(value), 254 - (int)strlen(key));
		return -1;
	}
	req->overrides[req->noverrides++] = buf;
	return 0;
}

int cli_run_parse(struct cli_run *cr, int argc, char **argv)
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
		{ "vfio-rebind", no_argument, 0, 'B' },
		{ "kut", no_argument, 0, 'K' },          { "smp", required_argument, 0, 'c' },
		{ "append", required_argument, 0, 'A' },  { "initrd", required_argument, 0, 'r' },
		{ "cpu", required_argument, 0, 'P' },     { "errata", required_argument, 0, 'X' },
		{ 0, 0, 0, 0 },
	};
	static const char *const keys[128] = {
		['m'] = "mem", ['M'] = "mode", ['t'] = "timeout", ['c'] = "cpus",
		['v'] = "vfio", ['b'] = "vfio_mode", ['I'] = "vfio_irq", ['a'] = "vfio_api",
		['P'] = "cpu",
	};
	struct run_request *req = &cr->req;
	char err[256];
	int c;

	memset(cr, 0, sizeof(*cr));
	*req = (struct run_request){ .console = stdout, .out = stdout, .log = stderr };

	optind = 0; /* glibc: 0 also resets getopt's state left by an earlier parse */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': case 'M': case 't': case 'c': case 'v': case 'b': case 'I': case 'a':
		case 'P':
			if (add_override(req, cr->bufs, keys[c], optarg) < 0)
				return -1;
			break;
		case 'i':
			if (add_override(req, cr->bufs, "irqchip", "1") < 0)
				return -1;
			break;
		case 'B':
			if (add_override(req, cr->bufs, "vfio_rebind", "1") < 0)
				return -1;
			break;
		case 'K': cr->kut = 1; break;
		case 'A': cr->append = optarg; break;
		case 'r': req->initrd = optarg; break;
		case 'X': cr->errata = optarg; break;
		case 'f':
			req->flat = 1;
			/* Whether the image fits there is the loader's call (BAD_IMAGE). */
			if (num_u64("--flat", optarg, 0, UINT64_MAX, &req->flat_addr, err, sizeof(err)) < 0) {
				fprintf(stderr, "uvmm: %s\n", err);
				return -1;
			}
			break;
		case 'e': req->expect_file = optarg; break;
		case 'E':
			req->expect_file = optarg;
			req->expect_only = 1;
			break;
		case 'n': req->no_check = 1; break;
		case 'T': req->trace_file = optarg; break;
		case 'k': req->kvm_path = optarg; break;
		case 'C':
			if (strlen(optarg) >= BOOT_CMDLINE_MAX) {
				fprintf(stderr, "uvmm: --cmdline is %zu bytes, at most %d\n", strlen(optarg),
					BOOT_CMDLINE_MAX - 1);
				return -1;
			}
			req->cmdline = optarg;
			break;
		case 'q': req->console = NULL; break;
		case 'S': req->no_sandbox = 1; break;
		case 'R':
			if (num_u64("--repeat", optarg, 1, RUN_REPEAT_MAX, &cr->repeat, err, sizeof(err)) < 0) {
				fprintf(stderr, "uvmm: %s\n", err);
				return -1;
			}
			break;
		case 'h': cli_usage(stdout); return 1;
		default:
			fprintf(stderr, "uvmm: bad option for 'run' (see uvmm --help)\n");
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "uvmm: 'run' needs exactly one guest image (see uvmm --help)\n");
		return -1;
	}
	req->image = argv[optind];
	{
		const char *paths[] = { req->image, req->expect_file, req->trace_file };
		const char *names[] = { "the image", "the expectation file", "--trace" };

		if (distinct_files(paths, names, 3, err, sizeof(err)) < 0) {
			fprintf(stderr, "uvmm: %s\n", err);
			return -1;
		}
	}
	if (req->trace_file && !strcmp(req->trace_file, "-") && req->console) {
		fprintf(stderr, "uvmm: --trace - writes to stdout, where the guest console goes too: "
			"add --quiet, or trace to a file\n");
		return -1;
	}
	return 0;
}

int cli_run(int argc, char **argv)
{
	static struct cli_run cr; /* the request's option buffers: not on the stack */
	struct kut_opts kut = { .env = { .dyn = 1 } };
	struct run_result *res;
	int r = cli_run_parse(&cr, argc, argv), code;

	if (r)
		return r > 0 ? UVMM_EXIT_PASS : UVMM_EXIT_USAGE;
	if (cr.req.noverrides + (cr.kut ? kut_run_noverrides + kut_run_ndefaults : 0) >
	    RUN_MAX_OVERRIDES) {
		fprintf(stderr, "uvmm: too many run options (at most %d)\n", RUN_MAX_OVERRIDES);
		return UVMM_EXIT_USAGE;
	}
	if (apply_kut(&cr.req, &cr, &kut) < 0) {
		free(kut.env.buf);
		return UVMM_EXIT_USAGE;
	}
	res = malloc(sizeof(*res));
	if (!res) {
		fprintf(stderr, "uvmm: out of memory\n");
		free(kut.env.buf);
		return UVMM_EXIT_HOST_ERROR;
	}
	code = cr.repeat ? run_repeat(&cr.req, res, cr.repeat) : run_guest(&cr.req, res);
	print_summary(&cr.req, res);
	free(res);
	free(kut.env.buf);
	return code;
}
