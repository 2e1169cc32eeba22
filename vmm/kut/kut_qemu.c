/* A CPU model sets uvmm's starting point: uvmm always starts from what KVM
 * offers (KVM_GET_SUPPORTED_CPUID, what QEMU's max and host give), so max,
 * host and the generic 64-bit models are taken as that; the named models
 * of real CPUs remove features uvmm does not model, and skip. +feature must
 * be offered by KVM (a requirement: unmet means SKIP); -feature clears it. */
#include "kut/kut_qemu.h"

#include <stdio.h>
#include <string.h>

#include "machine/cpu_features.h"
#include "util/errmsg.h"
#include "util/num.h"

#define SKIP(m, ...) (snprintf((m)->skip, sizeof((m)->skip), __VA_ARGS__), 0)

static const char *const base_models[] = { "max", "host", "qemu64", "kvm64", "base" };
/* -cpu properties that change nothing uvmm does: KVM's table already has
 * the host's physical address width; it offers non-migratable features
 * too; and uvmm refuses any feature KVM lacks (QEMU's enforce). */
static const char *const noop_props[] = { "host-phys-bits", "host-phys-bits=on", "migratable=no",
					  "migratable=off", "migratable=on", "migratable=yes",
					  "enforce", "check" };

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static void add_edit(struct kut_machine *m, const char *item)
{
	size_t n = strlen(m->cpu);

	snprintf(m->cpu + n, sizeof(m->cpu) - n, "%s%s", n ? "," : "", item);
}

/* One -cpu property: +f, -f, f, f=on/off, vendor=, family=, model=, stepping=. */
static int cpu_prop(struct kut_machine *m, char *prop)
{
	char *eq = strchr(prop, '='), item[96];
	const struct cpu_feature *f;
	int set = 1;

	if (in_list(prop, noop_props, sizeof(noop_props) / sizeof(noop_props[0])))
		return 0;
	if (eq && (!strncmp(prop, "vendor=", 7) || !strncmp(prop, "family=", 7) ||
		   !strncmp(prop, "model=", 6) || !strncmp(prop, "stepping=", 9))) {
		add_edit(m, prop);
		return 0;
	}
	if (eq) {
		*eq = 0;
		if (!strcmp(eq + 1, "off") || !strcmp(eq + 1, "false"))
			set = 0;
		else if (strcmp(eq + 1, "on") && strcmp(eq + 1, "true"))
			return SKIP(m, "needs QEMU CPU property %.40s=%.40s", prop, eq + 1);
	} else if (*prop == '+' || *prop == '-') {
		set = *prop++ == '+';
	}
	f = cpu_feature_find(prop);
	if (!f)
		return SKIP(m, "needs QEMU CPU property %.60s", prop);
	snprintf(item, sizeof(item), "%c%s", set ? '+' : '-', f->name);
	add_edit(m, item);
	if (set && m->nrequires < KUT_MAX_REQUIRES)
		m->requires[m->nrequires++] = f->name;
	return 0;
}

static int cpu_option(struct kut_machine *m, const char *value)
{
	char buf[512], *save = NULL, *model;

	if (strlen(value) >= sizeof(buf))
		return SKIP(m, "-cpu option too long");
	memcpy(buf, value, strlen(value) + 1);
	model = strtok_r(buf, ",", &save);
	if (!model || !in_list(model, base_models, sizeof(base_models) / sizeof(base_models[0])))
		return SKIP(m, "needs QEMU CPU model %.60s", model ? model : "(none)");
	m->cpu[0] = 0;
	m->nrequires = 0;
	for (char *p = strtok_r(NULL, ",", &save); p && !m->skip[0]; p = strtok_r(NULL, ",", &save))
		cpu_prop(m, p);
	return 0;
}

/* -m N[suffix] or -m size=N[suffix][,...]: MiB unless a suffix says otherwise. */
static int mem_option(struct kut_machine *m, const char *value, char *err, size_t errlen)
{
	char buf[64], msg[160];
	size_t n;

	if (!strncmp(value, "size=", 5))
		value += 5;
	n = strcspn(value, ",");
	if (n == 0 || n + 2 > sizeof(buf))
		return errmsg(err, errlen, "bad value '%.40s' for -m", value);
	memcpy(buf, value, n);
	buf[n] = 0;
	if (buf[n - 1] >= '0' && buf[n - 1] <= '9') {
		buf[n] = 'M';
		buf[n + 1] = 0;
	} else if (buf[n - 1] == 'T' || buf[n - 1] == 't') {
		return SKIP(m, "needs %.40s of guest RAM", buf);
	}
	if (num_size("-m", buf, 1, UINT64_MAX, 1, &m->mem, msg, sizeof(msg)) < 0)
		return errmsg(err, errlen, "bad value '%.40s' for -m: MiB, or a size with a K, M "
			      "or G suffix", value);
	return 0;
}

static int smp_option(struct kut_machine *m, const char *value, char *err, size_t errlen)
{
	char buf[32], msg[160];
	uint64_t n;
	size_t k;

	if (!strncmp(value, "cpus=", 5))
		value += 5;
	k = strcspn(value, ",");
	if (value[k])
		return SKIP(m, "needs QEMU option -smp %.40s (a CPU topology)", value);
	if (k >= sizeof(buf))
		return errmsg(err, errlen, "bad value for -smp");
	memcpy(buf, value, k + 1);
	if (num_u64("-smp", buf, 1, 4096, &n, msg, sizeof(msg)) < 0)
		return errmsg(err, errlen, "%s", msg);
	m->smp = (unsigned)n;
	return 0;
}

/* -machine: only what uvmm's machine is anyway (no PIT, KVM). */
static int machine_option(struct kut_machine *m, const char *value)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", value);
	for (char *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (strcmp(p, "pit=off") && strcmp(p, "accel=kvm"))
			return SKIP(m, "needs QEMU option -machine %.60s", p);
	return 0;
}

int kut_qemu_params(const struct kut_words *w, struct kut_machine *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < w->n && !m->skip[0]; i++) {
		const char *o = w->w[i], *v = i + 1 < w->n ? w->w[i + 1] : NULL;
		int takes_value = !strcmp(o, "-cpu") || !strcmp(o, "-m") || !strcmp(o, "-smp") ||
				  !strcmp(o, "-machine") || !strcmp(o, "-M") || !strcmp(o, "-append") ||
				  !strcmp(o, "-accel");
		int r = 0;

		if (!strcmp(o, "-enable-kvm"))
			continue;
		if (!takes_value)
			return SKIP(m, "needs QEMU option %.40s%s%.60s", o, v && *v != '-' ? " " : "",
				    v && *v != '-' ? v : "");
		if (!v)
			return errmsg(err, errlen, "QEMU option %s needs a value", o);
		i++;
		if (!strcmp(o, "-cpu"))
			r = cpu_option(m, v);
		else if (!strcmp(o, "-m"))
			r = mem_option(m, v, err, errlen);
		else if (!strcmp(o, "-smp"))
			r = smp_option(m, v, err, errlen);
		else if (!strcmp(o, "-append"))
			snprintf(m->append, sizeof(m->append), "%s", v);
		else if (!strcmp(o, "-accel"))
			r = strcmp(v, "kvm") ? SKIP(m, "needs QEMU option -accel %.40s", v) : 0;
		else
			r = machine_option(m, v);
		if (r < 0)
			return -1;
	}
	return 0;
}
