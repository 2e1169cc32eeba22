/* QEMU runs for the suite. The verdict comes from what a QEMU user sees:
 * isa-debug-exit's status ((v << 1) | 1), the console result protocol, and
 * the time limit; no exit is checked (QEMU reports none). A crashed UEFI
 * application leaves OVMF spinning, so every boot has a hard limit, and the
 * report says whether the test had started (the runtime's start line) when
 * it hung. */
#include "xplat/qemu_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "loader/image_file.h"
#include "run/run_options.h"
#include "session/exitcode.h"
#include "util/errmsg.h"
#include "util/path.h"
#include "uvmm/abi.h"
#include "xplat/console_proto.h"
#include "xplat/pe_check.h"
#include "xplat/qemu_spawn.h"

#define EFI_START_MARKER "uvmm-efi: start "
#define PVH_MEM "128M"
#define EFI_MEM "256M" /* OVMF leaves too little of 128 MiB (kvm-unit-tests' finding) */
#define MAX_ARGS 48

static const char *const boot_names[] = { [QEMU_BOOT_PVH] = "qemu-pvh", [QEMU_BOOT_EFI] = "qemu-efi" };

int qemu_boot_by_name(const char *name, enum qemu_boot *boot)
{
	for (int i = 0; i < 2; i++)
		if (!strcmp(name, boot_names[i])) {
			*boot = (enum qemu_boot)i;
			return 0;
		}
	return -1;
}

const char *qemu_boot_name(enum qemu_boot boot)
{
	return boot_names[boot];
}

struct qemu_job {
	char *argv[MAX_ARGS];
	unsigned argc;
	char smp[16], vars[600], esp[600];
	int lock_fd;      /* holds the worker directory (-1: none) */
};

#define MAX_WORKER_DIRS 64

static int path_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A worker directory no other QEMU uses: this run's worker's own, unless
 * another uvmm test (run at the same time on the same tree) holds it, then
 * the next free one. The lock lives as long as this child. */
static int take_worker_dir(const struct qemu_backend *q, unsigned worker, char *dir, size_t size,
			   int *lock_fd, char *err, size_t errlen)
{
	for (unsigned k = worker; k < worker + MAX_WORKER_DIRS; k++) {
		char lock[700];
		int fd;

		if (path_fmt(dir, size, "%s/w%u", q->work_dir, k) < 0 ||
		    path_fmt(lock, sizeof(lock), "%s/lock", dir) < 0)
			return errmsg(err, errlen, "the work directory's path is too long: %s",
				      q->work_dir);
		if (mkdir_p(dir) < 0)
			return errmsg(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
			return errmsg(err, errlen, "cannot open %s: %s", lock, strerror(errno));
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*lock_fd = fd;
			return 0;
		}
		close(fd);
	}
	return errmsg(err, errlen, "all %d worker directories in %s are in use", MAX_WORKER_DIRS,
		      q->work_dir);
}

static void arg(struct qemu_job *j, const char *a)
{
	if (j->argc < MAX_ARGS - 1)
		j->argv[j->argc++] = (char *)a;
	j->argv[j->argc] = NULL;
}

/* snprintf that fails when the path does not fit. */
__attribute__((format(printf, 3, 4))) static int path_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int copy_file(const char *src, const char *dst, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	FILE *f;
	int bad;

	char tmp[720];

	/* Through a new name: a child killed mid-copy leaves no half file. */
	if (path_fmt(tmp, sizeof(tmp), "%s.new", dst) < 0)
		return errmsg(err, errlen, "path too long: %s", dst);
	if (image_read_file(src, &buf, &len, err, errlen) < 0)
		return -1;
	if (!(f = fopen(tmp, "we"))) {
		free(buf);
		return errmsg(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
	}
	bad = fwrite(buf, 1, len, f) != len;
	bad |= fclose(f) != 0;
	free(buf);
	if (bad || rename(tmp, dst) < 0)
		return errmsg(err, errlen, "writing %s failed", dst);
	return 0;
}

/* build/efi/NAME.efi for the test whose ELF image is .../NAME.elf. */
static char *efi_image_of(const struct qemu_backend *q, const char *elf)
{
	char *copy = strdup(elf), *base, *dot, *path = NULL;

	if (!copy)
		return NULL;
	base = basename(copy);
	if ((dot = strrchr(base, '.')))
		*dot = 0;
	if (asprintf(&path, "%s/%s.efi", q->efi_dir, base) < 0)
		path = NULL;
	free(copy);
	return path;
}

/* The worker's firmware variables (copied once: later boots reuse them) and
 * an ESP holding the test as EFI/BOOT/BOOTX64.EFI, the removable-media path. */
static int prepare_efi(const struct qemu_backend *q, const struct exec_job *job, struct qemu_job *j,
		       char *err, size_t errlen)
{
	char dir[600], boot[600], image[700], why[256];
	char *efi = efi_image_of(q, job->req.image);
	uint8_t *buf;
	size_t len;
	int r;

	if (!efi)
		return errmsg(err, errlen, "out of memory");
	r = image_read_file(efi, &buf, &len, err, errlen);
	if (r == 0) {
		r = pe_check(buf, len, NULL, why, sizeof(why));
		free(buf);
		if (r < 0)
			errmsg(err, errlen, "%s: %s", efi, why);
	}
	if (r < 0) {
		free(efi);
		return -1;
	}
	if (take_worker_dir(q, job->worker, dir, sizeof(dir), &j->lock_fd, err, errlen) < 0)
		r = -1;
	else if (path_fmt(j->vars, sizeof(j->vars), "%s/vars.fd", dir) < 0 ||
	    path_fmt(j->esp, sizeof(j->esp), "%s/esp", dir) < 0 ||
	    path_fmt(boot, sizeof(boot), "%s/EFI/BOOT", j->esp) < 0 ||
	    path_fmt(image, sizeof(image), "%s/BOOTX64.EFI", boot) < 0)
		r = errmsg(err, errlen, "the work directory's path is too long: %s", q->work_dir);
	else if (mkdir_p(boot) < 0)
		r = errmsg(err, errlen, "cannot create %s: %s", boot, strerror(errno));
	else if (access(j->vars, F_OK) < 0)
		r = copy_file(q->ovmf_vars, j->vars, err, errlen);
	if (r == 0)
		r = copy_file(efi, image, err, errlen);
	free(efi);
	return r;
}

static void build_argv(const struct qemu_backend *q, const struct exec_job *job,
		       const struct run_options *ro, struct qemu_job *j, char *code, size_t codelen,
		       char *vars, size_t varslen, char *esp, size_t esplen)
{
	snprintf(j->smp, sizeof(j->smp), "%u", ro->nvcpus);
	arg(j, q->qemu);
	for (const char *const *a = (const char *const[]){ "-accel", "tcg", "-nodefaults",
			"-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
			"-device", "isa-debug-exit,iobase=0xf4,iosize=4", NULL }; *a; a++)
		arg(j, *a);
	arg(j, "-cpu");
	arg(j, q->cpu);
	arg(j, "-smp");
	arg(j, j->smp);
	arg(j, "-m");
	if (q->boot == QEMU_BOOT_PVH) {
		arg(j, PVH_MEM);
		arg(j, "-M");
		arg(j, "microvm");
		arg(j, "-kernel");
		arg(j, job->req.image);
		return;
	}
	snprintf(code, codelen, "if=pflash,format=raw,unit=0,readonly=on,file=%s", q->ovmf_code);
	snprintf(vars, varslen, "if=pflash,format=raw,unit=1,file=%s", j->vars);
	snprintf(esp, esplen, "format=raw,file=fat:rw:%s", j->esp);
	arg(j, EFI_MEM);
	for (const char *const *a = (const char *const[]){ "-M", "pc", "-net", "none", "-drive",
			code, "-drive", vars, "-drive", esp, NULL }; *a; a++)
		arg(j, *a);
}

/* QEMU's own complaint, if it made one: the first line of its error output that is
 * not a warning, in buf; NULL when there is none. */
static const char *qemu_error(const struct spawn_result *s, char *buf, size_t len)
{
	for (const char *p = s->err; *p;) {
		size_t n = strcspn(p, "\n");

		snprintf(buf, len, "%.*s", (int)n, p);
		if (n && !strstr(buf, "warning"))
			return buf;
		p += n + (p[n] == '\n');
	}
	return NULL;
}

static void hang_description(const struct qemu_backend *q, const struct console_result *c,
			     char *out, size_t len)
{
	const char *where = q->boot == QEMU_BOOT_EFI && !c->started
			    ? "still in the firmware, the test never started"
			    : "the test hung";

	if (c->last_line[0])
		snprintf(out, len, "%s; last console line: %s", where, c->last_line);
	else
		snprintf(out, len, "%s; no console output", where);
}

/* The run_result a uvmm run with the same outcome would have given. */
static void verdict(const struct qemu_backend *q, const struct spawn_result *s,
		    const struct console_result *c, FILE *log, struct run_result *res)
{
	char line[256];
	const char *qerr = qemu_error(s, line, sizeof(line));
	unsigned status;

	res->nreports = c->nreports;
	memcpy(res->reports, c->reports, sizeof(c->reports[0]) * c->nreports);
	res->nvalues = c->nvalues;
	memcpy(res->values, c->values, sizeof(c->values[0]) * c->nvalues);
	snprintf(res->fail_detail, sizeof(res->fail_detail), "%s", c->failure);
	if (s->timed_out) {
		res->code = UVMM_EXIT_TIMEOUT;
		res->end = END_TIMEOUT;
		hang_description(q, c, res->last_exit, sizeof(res->last_exit));
		return;
	}
	if (!s->exited || (qerr && s->status == 1)) {
		fprintf(log, "uvmm: QEMU failed: %.200s\n", qerr ? qerr : "killed by a signal");
		res->code = UVMM_EXIT_HOST_ERROR;
		return;
	}
	if (!(s->status & 1)) {
		/* -no-reboot: a reset (triple fault) or power-off ends QEMU with 0. */
		fprintf(log, "uvmm: QEMU exited with status %d: the machine reset or stopped "
			"without a verdict\n", s->status);
		res->code = UVMM_EXIT_GUEST_CRASH;
		res->end = END_SHUTDOWN;
		return;
	}
	status = (unsigned)s->status >> 1;
	if (q->boot == QEMU_BOOT_EFI && (!c->exited || c->exit_status != status)) {
		fprintf(log, "uvmm: QEMU's exit status %u is not the test's (no \"uvmm-efi: exit\" "
			"line saying so)\n", status);
		res->code = UVMM_EXIT_HOST_ERROR;
		return;
	}
	res->end = END_GUEST_EXIT;
	res->exit_status = status;
	if (status == UVMM_EXIT_SKIP_STATUS && !c->failed) {
		struct session_report *r = &res->reports[res->nreports < SESSION_MAX_REPORTS
							 ? res->nreports++ : res->nreports - 1];
		*r = (struct session_report){ .result = UVMM_RESULT_SKIP };
		snprintf(r->name, sizeof(r->name), "skipped");
		snprintf(r->reason, sizeof(r->reason), "%s", c->skip_reason);
		res->code = UVMM_EXIT_SKIP;
	} else {
		res->code = status == 0 && !c->failed ? UVMM_EXIT_PASS : UVMM_EXIT_GUEST_FAIL;
	}
}

static void qemu_run(const struct exec_job *job, FILE *log, struct run_result *res)
{
	const struct qemu_backend *q = job->run_arg;
	char code[700], vars[700], esp[700], err[512] = "";
	struct console_result *c = calloc(1, sizeof(*c));
	struct qemu_job j = { .argc = 0, .lock_fd = -1 };
	struct spawn_result s;
	struct run_options ro;
	enum run_options_source from;
	uint8_t *img = NULL;
	size_t len = 0;

	memset(res, 0, sizeof(*res));
	res->code = UVMM_EXIT_BAD_IMAGE;
	if (!c) {
		res->code = UVMM_EXIT_HOST_ERROR;
		return;
	}
	/* cpus and the time limit come from the same place as on uvmm. */
	if (image_read_file(job->req.image, &img, &len, err, sizeof(err)) < 0 ||
	    run_options_resolve(&ro, img, len, job->req.overrides, job->req.noverrides, &from, err,
				sizeof(err)) < 0 ||
	    (q->boot == QEMU_BOOT_EFI && prepare_efi(q, job, &j, err, sizeof(err)) < 0)) {
		fprintf(log, "uvmm: bad image: %s\n", err);
		free(img);
		free(c);
		return;
	}
	free(img);
	build_argv(q, job, &ro, &j, code, sizeof(code), vars, sizeof(vars), esp, sizeof(esp));
	fprintf(log, "uvmm: running");
	for (unsigned i = 0; i < j.argc; i++)
		fprintf(log, " %s", j.argv[i]);
	fputc('\n', log);
	spawn_run(j.argv, ro.timeout, q->boot == QEMU_BOOT_EFI ? EFI_START_MARKER : NULL, log, &s);
	if (!s.launched) {
		fprintf(log, "uvmm: cannot start %s: %s\n", q->qemu, strerror(errno));
		res->code = UVMM_EXIT_HOST_ERROR;
	} else {
		console_parse(s.out, s.out_len, c);
		verdict(q, &s, c, log, res);
		res->seconds = s.seconds;
		if (s.marker_at >= 0)
			res->boot_seconds = s.marker_at;
		fprintf(log, "\nuvmm: QEMU ran %.2f s", s.seconds);
		if (s.marker_at >= 0)
			fprintf(log, " (firmware %.2f s, test %.2f s)", s.marker_at,
				s.seconds - s.marker_at);
		fputc('\n', log);
	}
	spawn_result_free(&s);
	if (j.lock_fd >= 0)
		close(j.lock_fd);
	free(c);
}

static size_t qemu_env(const void *arg, struct env_line *out, size_t max)
{
	const struct qemu_backend *q = arg;
	const char *kv[][2] = {
		{ "platform", qemu_boot_name(q->boot) },
		{ "kvm_implementation", QEMU_IMPL " (QEMU's TCG emulates the CPU, no KVM)" },
		{ "qemu", q->version },
		{ "machine", q->boot == QEMU_BOOT_EFI ? "pc, OVMF, " EFI_MEM : "microvm, PVH -kernel, " PVH_MEM },
		{ "cpu", q->cpu },
		{ "firmware", q->boot == QEMU_BOOT_EFI ? q->ovmf_code : "none (PVH)" },
	};
	size_t n = 0;

	for (; n < sizeof(kv) / sizeof(kv[0]) && n < max; n++) {
		snprintf(out[n].key, sizeof(out[n].key), "%s", kv[n][0]);
		snprintf(out[n].value, sizeof(out[n].value), "%s", kv[n][1]);
	}
	return n;
}

int qemu_backend_init(struct qemu_backend *q, struct suite_backend *b, char *err, size_t errlen)
{
	char *argv[] = { NULL, "--version", NULL };
	struct spawn_result s;
	char *nl;

	if (!q->qemu)
		q->qemu = "qemu-system-x86_64";
	if (!q->cpu)
		q->cpu = "max";
	if (!q->ovmf_code)
		q->ovmf_code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
	if (!q->ovmf_vars)
		q->ovmf_vars = "/usr/share/OVMF/OVMF_VARS_4M.fd";
	argv[0] = (char *)q->qemu;
	spawn_run(argv, 30, NULL, NULL, &s);
	if (!s.launched || !s.exited || s.status != 0) {
		errmsg(err, errlen, "%s --version failed: %.200s", q->qemu,
		       s.err[0] ? s.err : "it did not run (is qemu-system-x86 installed?)");
		spawn_result_free(&s);
		return -1;
	}
	snprintf(q->version, sizeof(q->version), "%s", s.out ? s.out : "");
	if ((nl = strchr(q->version, '\n')))
		*nl = 0;
	spawn_result_free(&s);
	if (q->boot == QEMU_BOOT_EFI) {
		if (!q->efi_dir || !q->work_dir)
			return errmsg(err, errlen, "the UEFI boot needs the image and work directories");
		if (access(q->ovmf_code, R_OK) < 0 || access(q->ovmf_vars, R_OK) < 0)
			return errmsg(err, errlen, "no OVMF firmware at %s and %s (Debian package ovmf)",
				      q->ovmf_code, q->ovmf_vars);
		if (access(q->efi_dir, R_OK) < 0)
			return errmsg(err, errlen, "no UEFI images in %s: run make efi", q->efi_dir);
	}
	*b = (struct suite_backend){ .impl = QEMU_IMPL, .run = qemu_run, .arg = q, .env = qemu_env };
	return 0;
}
