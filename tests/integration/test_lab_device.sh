#!/usr/bin/env bash
# The lab device API (vmm/lab/lab_device.h): a lab build with a device that
# claims the whole lab window and answers 0x5a there still passes the whole
# conformance suite (no suite test touches the window), the window is empty
# in uvmm itself, the API refuses claims outside the window, overlapping
# ones and ones made after init, guest memory is reached only through the
# checked copy, and a failing init stops the run as a host error.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "lab device API" "no usable /dev/kvm"
	finish; exit
fi
w=$TMP/window
if env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory lab-build LAB_DIR=tests/labs/window \
	LAB_SRC=tests/labs/window LAB_OUT="$w" LAB_N=0 >"$TMP/build.log" 2>&1; then
	ok "a lab build links tests/labs/window/device/fill.c into uvmm-lab0 without a core edit"
else
	not_ok "lab build of the window device"; tail -20 "$TMP/build.log" | sed 's/^/    /'
	finish; exit
fi
lab=$w/uvmm-lab0 peek=$w/guests/peek.elf

expect_run "the device answers in both ends of the lab window" 0 'PASS' -- \
	"$lab" run --expect-only tests/labs/window/peek.expect "$peek"
out=$("$lab" run --expect-only tests/labs/window/peek.expect "$peek" 2>&1)
for refusal in 'pio 0x3f8\+8 is outside the lab window' 'pio 0x2ff\+2 is outside the lab window' \
	'mmio 0xd0000000\+4096 is outside the lab window' 'mmio 0xd0100000\+0 is outside' \
	'map_ram 0xd0000000\+4096: outside the lab window' 'pio 0x2e4\+4 overlaps a range already claimed' \
	'map_ram 0xd0100000\+4096 overlaps mmio range' 'ranges can only be claimed in the init hook' \
	'guest byte at 0x200000: read' 'guest byte at 0xc0000000: outside RAM'; do
	if grep -Eq "$refusal" <<<"$out"; then ok "lab API: $refusal"
	else not_ok "lab API: no '$refusal' in the log"; fi
done
if grep -q 'BUG:' <<<"$out"; then not_ok "the API accepted what it must refuse:"; grep BUG: <<<"$out" | sed 's/^/    /'
else ok "nothing the API must refuse was accepted"; fi

# uvmm itself: the same accesses find nothing there.
sed -e 's/= 0x5a5a5a5a5a5a5a5a$/= 0xffffffffffffffff/' -e 's/= 0x5a5a5a5a$/= 0xffffffff/' \
	-e 's/= 0x5a$/= 0xff/' tests/labs/window/peek.expect >"$TMP/empty.expect"
expect_run "in uvmm itself the lab window is empty (all-ones)" 0 'PASS' -- \
	"$BUILD/uvmm" run --expect-only "$TMP/empty.expect" "$peek"
expect_run "so a suite test that read the window would fail with it filled" 2 'does not match' -- \
	"$lab" run --expect-only "$TMP/empty.expect" "$peek"
expect_run "a lab device whose init fails stops the run as a host error" 6 \
	'lab device window-fill: init failed' -- env LAB_TEST_FAIL_INIT=1 "$lab" run --no-check "$peek"

suite() { "$1" test -j2 --manifest "$GUESTS/suite.manifest" --deviations "$GUESTS/deviations.txt" \
	--guest-dir "$GUESTS" --log-dir "$TMP/logs-$2" 2>&1 | tail -1; }
stock=$(suite "$BUILD/uvmm" stock)
with=$(suite "$lab" lab)
if [ "$with" = "$stock" ] && grep -q ' 0 failed,.* 0 xpass, 0 timeout, 0 error' <<<"$with"; then
	ok "the whole suite passes as well with the window filled as without ($with)"
else
	not_ok "suite with the window filled: '$with', without: '$stock'"
	grep -l 'FAIL\|MISMATCH' "$TMP"/logs-lab/*.log 2>/dev/null | head | sed 's/^/    /'
fi
finish
