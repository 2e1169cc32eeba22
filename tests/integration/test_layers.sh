#!/usr/bin/env bash
# The layering check (tests/check-layers.sh) passes on the tree and catches
# each kind of violation planted in a copy of it.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
CHECK=tests/check-layers.sh

expect_run "vmm/ follows tests/layers.txt, no module cycle, no terminal output outside cli/" \
	0 'layers ok' -- bash "$CHECK" vmm

plant() { rm -rf "$TMP/vmm"; cp -r vmm "$TMP/vmm"; }

plant
sed -i '1i #include "exit/vcpu_loop.h"' "$TMP/vmm/devices/bus.c"
expect_run "a device including the run loop is refused" \
	1 'devices/bus.c: includes "exit/vcpu_loop.h": devices/ may not include exit/' -- bash "$CHECK" "$TMP/vmm"

plant
sed -i '1i #include "session/session.h"' "$TMP/vmm/check/expect_match.c"
expect_run "the checker including the session is refused" \
	1 'check/expect_match.c: includes "session/session.h": check/ may not include session/' -- \
	bash "$CHECK" "$TMP/vmm"

plant
# console.h <- serial.h already; the reverse edge closes a loop.
sed -i '1i #include "devices/serial.h"' "$TMP/vmm/devices/console.c"
expect_run "a module include cycle is refused" \
	1 'module include cycle' -- bash "$CHECK" "$TMP/vmm"

plant
sed -i 's|^int vm_config_check(|static void noisy(void) { fprintf(stderr, "x\\n"); }\nint vm_config_check(|' \
	"$TMP/vmm/machine/vm.c"
expect_run "terminal output outside cli/ is refused" \
	1 'machine/vm.c:[0-9]+: writes to the terminal' -- bash "$CHECK" "$TMP/vmm"

plant
mkdir -p "$TMP/vmm/newthing" && echo '#include "cli/cli.h"' > "$TMP/vmm/newthing/x.c"
expect_run "a folder without a row in the rules is refused" \
	1 "newthing/x.c: folder 'newthing' has no row" -- bash "$CHECK" "$TMP/vmm"

finish
