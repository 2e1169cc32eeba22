/* The text of `uvmm --help`: commands, options and exit codes. */
#include <stdio.h>

#include "cli/cli.h"

void cli_usage(FILE *out)
{
	fprintf(out,
		"usage: uvmm run IMAGE [options]     run one guest, check every exit\n"
		"       uvmm test [TEST|GLOB...] [options]   run the conformance suite\n"
		"       uvmm bench [--n N] [--reps R] [--check]   measure exit cost, start-up, memory (docs/bench.md)\n"
		"       uvmm check-trace EXPECT TRACE   check a trace file against expectations, no VM\n"
		"       uvmm bpf test FILE.data... | dis FILE | bench   eBPF conformance tests, disassembly, costs (docs/bpf.md)\n"
		"       uvmm --help | --version\n"
		"\n"
		"run options:\n"
		"  --mem SIZE        guest RAM (default 16M; K/M/G suffixes; 2M..3G)\n"
		"  --mode MODE       start mode: pvh (default with a PVH note), long, prot32, real\n"
		"  --flat ADDR       IMAGE is a flat binary loaded at ADDR (default mode real)\n"
		"  --expect FILE     add the expectations in FILE after the image's own\n"
		"  --expect-only FILE  check against FILE instead of the image's expectations\n"
		"  --no-check        do not check exits (the guest's status decides)\n"
		"  --trace FILE      write every exit to FILE in expectation syntax ('-': stdout)\n"
		"  --timeout SEC     stop a guest that runs longer (default 10; 0: none)\n"
		"  --irqchip         in-kernel LAPIC/IOAPIC (HLT no longer exits)\n"
		"  --cpus N          vCPUs (default 1)\n"
		"  --cmdline STR     PVH command line\n"
		"  --kvm PATH        KVM device (default /dev/kvm)\n"
		"  --quiet           discard the guest console\n"
		"  --no-sandbox      no seccomp allowlist around the run (debugging)\n"
		"  --vfio BDF        pass a PCI device through (BDF, VVVV:DDDD or auto = edu 1234:11e8)\n"
		"  --vfio-mode M     its BARs: trap (every access an exit, default) or direct (mmapped)\n"
		"  --vfio-irq M      its MSI: irqfd (default) or observe (traced as irq.msi, injected)\n"
		"  --vfio-api A      auto, container or iommufd (docs/vfio.md)\n"
		"\n"
		"exit status:\n"
		"  0  PASS         guest reported success and every exit matched\n"
		"  1  GUEST_FAIL   guest reported failure (status, assertion, failed report)\n"
		"  2  MISMATCH     an exit differed from the expectations (or one never came)\n"
		"  3  TIMEOUT      the time limit passed\n"
		"  4  BAD_IMAGE    the image is malformed or unreadable\n"
		"  5  BAD_EXPECT   an expectation has a syntax error\n"
		"  6  HOST_ERROR   /dev/kvm or another host facility failed\n"
		"  7  USAGE        bad command line\n"
		"  8  GUEST_CRASH  unchecked guest ended without a verdict (triple fault, bad hypercall)\n"
		"  77 SKIP         guest reported the test does not apply (exit status 77)\n"
		"See docs/uvmm.md, docs/expectations.md and docs/hypercalls.md.\n");
}
