/* kvm-unit-tests' unittests.cfg as uvmm kut reads it: a valid file with every
 * key, FILE:LINE errors for every malformed one, entry selection (names,
 * groups, nodefault), shell words and the QEMU options uvmm can express. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kut/kut_cfg.h"
#include "kut/kut_plan.h"
#include "kut/kut_qemu.h"
#include "kut/kut_words.h"

static const char good[] =
	"##############\n"
	"# x86 specifics\n"
	"#[init]\n"
	"#file = init.flat\n"
	"\n"
	"[x2apic]\n"
	"file = apic.flat\n"
	"smp = 2\n"
	"qemu_params = -cpu qemu64,+x2apic,+tsc-deadline\n"
	"arch = x86_64\n"
	"timeout = 30\n"
	"groups = apic\n"
	"\n"
	"  [vmexit_cpuid]  \n"
	"file=vmexit.flat\n"
	"test_args = 'cpuid'\n"
	"groups = vmexit nodefault\n"
	"[old]\n"
	"file = msr.flat\n"
	"extra_params = -append 'a b' \\\n"
	"[multi]\n"
	"file = x.flat\n"
	"qemu_params = \"\"\"-m 2048\n"
	"   -cpu max\"\"\"\n"
	"accel = kvm\n"
	"check = /sys/x=Y /proc/y=0\n"
	"machine = pc\n"
	"disabled_if = [[ \"$TARGET\" != qemu ]]\n"
	"kvmtool_params = --whatever\n"
	"timeout = 2m\n";

static void parses_every_key(void **state)
{
	struct kut_cfg c;
	char err[256] = "";
	const struct kut_entry *e;

	(void)state;
	if (kut_cfg_parse(&c, good, strlen(good), "cfg", err, sizeof(err)) != 0) {
		print_error("%s\n", err);
		fail();
	}
	assert_int_equal(c.n, 4);
	e = &c.e[0];
	assert_string_equal(e->name, "x2apic");
	assert_int_equal(e->line, 6);
	assert_string_equal(e->file, "apic.flat");
	assert_int_equal(e->smp, 2);
	assert_string_equal(e->qemu_params, "-cpu qemu64,+x2apic,+tsc-deadline");
	assert_string_equal(e->arch, "x86_64");
	assert_true(e->has_timeout && e->timeout == 30);
	assert_int_equal(e->ngroups, 1);
	assert_string_equal(e->groups[0], "apic");
	e = &c.e[1];
	assert_string_equal(e->name, "vmexit_cpuid");
	assert_string_equal(e->test_args, "'cpuid'"); /* kept as written: shell words later */
	assert_int_equal(e->smp, 1);
	assert_false(e->has_timeout);
	assert_true(kut_entry_in_group(e, "nodefault"));
	assert_false(kut_entry_in_group(e, "apic"));
	assert_string_equal(c.e[2].qemu_params, "-append 'a b' \\"); /* extra_params: the old name */
	e = &c.e[3];
	assert_string_equal(e->qemu_params, "-m 2048\n   -cpu max");
	assert_string_equal(e->accel, "kvm");
	assert_string_equal(e->check, "/sys/x=Y /proc/y=0");
	assert_string_equal(e->machine, "pc");
	assert_string_equal(e->disabled_if, "[[ \"$TARGET\" != qemu ]]");
	assert_true(e->timeout == 120);
	kut_cfg_free(&c);
}

static const struct {
	const char *text, *error;
} bad[] = {
	{ "file = a.flat\n", "cfg:1: 'file' before the first [entry]" },
	{ "[a]\nfile = a.flat\nsmpp = 2\n", "cfg:3: unknown key 'smpp'" },
	{ "[a]\nfile = a.flat\n[b]\nsmp = 2\n", "cfg:3: entry [b] has no 'file'" },
	{ "[a]\nsmp = 2\n", "cfg:1: entry [a] has no 'file'" },
	{ "[a]\nfile = a.flat\n[a]\nfile = b.flat\n", "cfg:3: duplicate entry [a] (first at line 1)" },
	{ "[a]\nfile = a.flat\nfile = b.flat\n", "cfg:3: 'file' given twice in [a]" },
	{ "[a]\nfile = a\nqemu_params = -m 1\nextra_params = -m 2\n",
	  "cfg:4: 'extra_params' given twice in [a]" },
	{ "[a b]\nfile = a.flat\n", "cfg:1: bad entry name '[a b]'" },
	{ "[a\nfile = a.flat\n", "cfg:1: a section header ends with ']'" },
	{ "[a]\nfile a.flat\n", "cfg:2: expected '[name]' or 'key = value', got 'file a.flat'" },
	{ "[a]\nfile =\n", "cfg:2: file needs a value" },
	{ "[a]\nfile = a\nsmp = two\n", "cfg:3: bad value 'two' for smp" },
	{ "[a]\nfile = a\nsmp = 0\n", "cfg:3: bad value '0' for smp" },
	{ "[a]\nfile = a\ntimeout = soon\n", "cfg:3: bad value 'soon' for timeout" },
	{ "[a]\nfile = a\ntimeout = 10x\n", "cfg:3: bad value '10x' for timeout" },
	{ "[a]\nfile = a\ngroups = ok b@d\n", "cfg:3: bad group name 'b@d'" },
	{ "[a]\nfile = a\ntest_args = 'open\n", "cfg:3: test_args: unterminated '" },
	{ "[a]\nfile = a\nqemu_params = -append \"x\n", "cfg:3: qemu_params: unterminated \"" },
	{ "[a]\nfile = a\ntest_args = `date\n", "cfg:3: test_args: unterminated `" },
	{ "[a]\nfile = a\nqemu_params = \"\"\"-m 1\n-cpu max\n", "cfg:3: a value opened with \"\"\" is never closed" },
	{ "[a]\nfile = a\n\0\n", "cfg:3: NUL byte in the file" },
};

static void every_error_has_its_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kut_cfg c;
		char err[256] = "";
		size_t len = strlen(bad[i].text);

		if (strstr(bad[i].error, "NUL"))
			len = 18; /* "[a]\nfile = a\n\0\n": the NUL is in the text */
		if (kut_cfg_parse(&c, bad[i].text, len, "cfg", err, sizeof(err)) != -1 ||
		    strncmp(err, bad[i].error, strlen(bad[i].error))) {
			print_error("case %zu: got '%s', want '%s'\n", i, err, bad[i].error);
			fail();
		}
		kut_cfg_free(&c);
	}
}

static void durations_as_timeout_reads_them(void **state)
{
	double s;

	(void)state;
	assert_int_equal(kut_parse_duration("90", &s), 0);
	assert_true(s == 90);
	assert_int_equal(kut_parse_duration("1.5m", &s), 0);
	assert_true(s == 90);
	assert_int_equal(kut_parse_duration("2h", &s), 0);
	assert_true(s == 7200);
	assert_int_equal(kut_parse_duration("1d", &s), 0);
	assert_true(s == 86400);
	assert_int_equal(kut_parse_duration("0", &s), 0); /* timeout(1): no limit */
	assert_int_equal(kut_parse_duration("", &s), -1);
	assert_int_equal(kut_parse_duration("-5", &s), -1);
	assert_int_equal(kut_parse_duration("5ms", &s), -1);
	assert_int_equal(kut_parse_duration("1e3", &s), -1);
}

static void selection_follows_kut(void **state)
{
	static const char text[] = "[a]\nfile = a\ngroups = g\n[b]\nfile = b\n"
				   "[c]\nfile = c\ngroups = g nodefault\n[d]\nfile = d\ngroups = nodefault\n";
	struct kut_cfg c;
	const struct kut_entry *out[4];
	char *names[] = { "c", "x*" }, *glob[] = { "[ab]" };
	char err[256];
	size_t n;

	(void)state;
	assert_int_equal(kut_cfg_parse(&c, text, strlen(text), "cfg", err, sizeof(err)), 0);
	/* everything but nodefault */
	assert_int_equal(kut_plan_select(&c, NULL, 0, NULL, out, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[0]->name, "a");
	assert_string_equal(out[1]->name, "b");
	/* a group: its entries, still without nodefault ones */
	assert_int_equal(kut_plan_select(&c, NULL, 0, "g", out, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->name, "a");
	/* -g nodefault asks for them */
	assert_int_equal(kut_plan_select(&c, NULL, 0, "nodefault", out, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	/* a name selects a nodefault entry; a glob works; a name matching nothing is an error */
	assert_int_equal(kut_plan_select(&c, names, 1, NULL, out, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->name, "c");
	assert_int_equal(kut_plan_select(&c, glob, 1, NULL, out, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(kut_plan_select(&c, names, 2, NULL, out, &n, err, sizeof(err)), -1);
	assert_string_equal(err, "no entry matches 'x*' (see uvmm kut --list)");
	assert_int_equal(kut_plan_select(&c, NULL, 0, "none", out, &n, err, sizeof(err)), -1);
	assert_string_equal(err, "no entry is in group 'none'");
	kut_cfg_free(&c);
}

static char *fake_subst(void *ctx, const char *cmd, char *err, size_t errlen)
{
	(void)ctx;
	if (!strcmp(cmd, "false")) {
		snprintf(err, errlen, "`false` failed");
		return NULL;
	}
	return strdup(!strcmp(cmd, "date +%s") ? "1700000000\n" : "two words\n\n");
}

/* text -> the words joined by '|', or "ERR: reason". */
static const char *words(const char *text, kut_subst_fn subst)
{
	static char out[256];
	struct kut_words w;
	char err[128];

	if (kut_words_split(text, subst, NULL, &w, err, sizeof(err)) < 0) {
		snprintf(out, sizeof(out), "ERR: %s", err);
	} else {
		out[0] = 0;
		for (size_t i = 0; i < w.n; i++)
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "", w.w[i]);
	}
	kut_words_free(&w);
	return out;
}

static void shell_words(void **state)
{
	(void)state;
	assert_string_equal(words("  a b\t c ", NULL), "a|b|c");
	assert_string_equal(words("'cpuid'", NULL), "cpuid");
	assert_string_equal(words("\"-a -b* c\"", NULL), "-a -b* c");
	assert_string_equal(words("x'y z'\"w\"", NULL), "xy zw");
	assert_string_equal(words("''", NULL), "");
	assert_string_equal(words("a\\ b \\'c", NULL), "a b|'c");
	assert_string_equal(words("\"q\\\"uote \\\\ \\$\"", NULL), "q\"uote \\ $");
	assert_string_equal(words("'a \"b\" c'", NULL), "a \"b\" c");
	assert_string_equal(words("10000000 `date +%s`", fake_subst), "10000000|1700000000");
	assert_string_equal(words("`other`", fake_subst), "two|words");
	assert_string_equal(words("\"`other`\"", fake_subst), "two words");
	assert_string_equal(words("`false`", fake_subst), "ERR: `false` failed");
	assert_string_equal(words("`date`", NULL), "ERR: needs a command substitution (`...`)");
	assert_string_equal(words("$MAX_SMP", NULL),
			    "ERR: uses '$', a shell expansion whose value is KUT's runner's");
	assert_string_equal(words("\"$X\"", NULL),
			    "ERR: uses '$', a shell expansion whose value is KUT's runner's");
	assert_string_equal(words("a; b", NULL), "ERR: uses the shell operator ';'");
	assert_string_equal(words("'open", NULL), "ERR: unterminated '");
	assert_int_equal(kut_words_check("$MAX_SMP; x", NULL, 0), 0); /* not a syntax error */
}

/* qemu_params -> "mem smp cpu=... req=a,b append=... skip=..." */
static const char *machine(const char *text)
{
	static char out[2048];
	struct kut_words w;
	struct kut_machine m;
	char err[128];

	if (kut_words_split(text, NULL, NULL, &w, err, sizeof(err)) < 0 ||
	    kut_qemu_params(&w, &m, err, sizeof(err)) < 0) {
		snprintf(out, sizeof(out), "ERR: %s", err);
		kut_words_free(&w);
		return out;
	}
	kut_words_free(&w);
	if (m.skip[0]) {
		snprintf(out, sizeof(out), "skip=%s", m.skip);
		return out;
	}
	snprintf(out, sizeof(out), "mem=%llu smp=%u cpu=%s req=", (unsigned long long)(m.mem >> 20),
		 m.smp, m.cpu);
	for (unsigned i = 0; i < m.nrequires; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "," : "", m.requires[i]);
	snprintf(out + strlen(out), sizeof(out) - strlen(out), " append=%s", m.append);
	return out;
}

static void qemu_options(void **state)
{
	(void)state;
	assert_string_equal(machine(""), "mem=0 smp=0 cpu= req= append=");
	assert_string_equal(machine("-cpu qemu64,+x2apic,+tsc-deadline"),
			    "mem=0 smp=0 cpu=+x2apic,+tsc-deadline req=x2apic,tsc-deadline append=");
	assert_string_equal(machine("-cpu qemu64,-x2apic,tsc_deadline=on,pcid=off"),
			    "mem=0 smp=0 cpu=-x2apic,+tsc-deadline,-pcid req=tsc-deadline append=");
	assert_string_equal(machine("-cpu max,vendor=GenuineIntel"),
			    "mem=0 smp=0 cpu=vendor=GenuineIntel req= append=");
	assert_string_equal(machine("-cpu max,host-phys-bits,+vmx -m 2560"),
			    "mem=2560 smp=0 cpu=+vmx req=vmx append=");
	assert_string_equal(machine("-cpu host,migratable=no"), "mem=0 smp=0 cpu= req= append=");
	assert_string_equal(machine("-enable-kvm -m 4g -smp 3 -machine pit=off"),
			    "mem=4096 smp=3 cpu= req= append=");
	assert_string_equal(machine("-m size=512M,maxmem=1G -append 'a b'"),
			    "mem=512 smp=0 cpu= req= append=a b");
	assert_string_equal(machine("-cpu Opteron_G1,vendor=AuthenticAMD"),
			    "skip=needs QEMU CPU model Opteron_G1");
	assert_string_equal(machine("-cpu IvyBridge,phys-bits=36"), "skip=needs QEMU CPU model IvyBridge");
	assert_string_equal(machine("-cpu max,phys-bits=36"), "skip=needs QEMU CPU property phys-bits=36");
	assert_string_equal(machine("-cpu host,hv_passthrough"),
			    "skip=needs QEMU CPU property hv_passthrough");
	assert_string_equal(machine("-cpu max,+vmx,-vmx-mbec"), "skip=needs QEMU CPU property vmx-mbec");
	assert_string_equal(machine("-machine vmport=on -cpu max"),
			    "skip=needs QEMU option -machine vmport=on");
	assert_string_equal(machine("-M q35,kernel-irqchip=split -device intel-iommu"),
			    "skip=needs QEMU option -machine q35");
	assert_string_equal(machine("-device hyperv-testdev"),
			    "skip=needs QEMU option -device hyperv-testdev");
	assert_string_equal(machine("-overcommit cpu-pm=on"),
			    "skip=needs QEMU option -overcommit cpu-pm=on");
	assert_string_equal(machine("-smp 2,sockets=2"),
			    "skip=needs QEMU option -smp 2,sockets=2 (a CPU topology)");
	assert_string_equal(machine("-m 1T"), "skip=needs 1T of guest RAM");
	assert_string_equal(machine("-m lots"), "ERR: bad value 'lots' for -m: MiB, or a size with "
			    "a K, M or G suffix");
	assert_string_equal(machine("-cpu"), "ERR: QEMU option -cpu needs a value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_every_key),
		cmocka_unit_test(every_error_has_its_line),
		cmocka_unit_test(durations_as_timeout_reads_them),
		cmocka_unit_test(selection_follows_kut),
		cmocka_unit_test(shell_words),
		cmocka_unit_test(qemu_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
