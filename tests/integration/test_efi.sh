#!/usr/bin/env bash
# The UEFI builds (make efi, docs/bare-metal.md): every image is a PE32+ EFI
# application with relocations and the checker refuses broken ones; a smoke
# subset boots under QEMU + OVMF and under the PVH -kernel boot, where a
# failing test fails, a hang is a TIMEOUT that names the test, a skip skips
# and a known deviation carries its observed value; the USB image's sequencer
# runs its tests across resets and leaves a TAP file on the image; uvmm diff
# puts exc_pf_rsvd where the platforms disagree. No wall-clock assertions.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
EFI=${EFI:-build/efi}
SMOKE=tests/integration/efi-smoke.manifest

if ! [ -f "$EFI/hello.efi" ] || ! command -v qemu-system-x86_64 >/dev/null ||
	! [ -r /usr/share/OVMF/OVMF_CODE_4M.fd ]; then
	skip "UEFI builds" "no $EFI/hello.efi (make efi), QEMU or OVMF"
	finish
	exit
fi

# --- structure -------------------------------------------------------------
expect_run "every UEFI image is a PE32+ EFI application with relocations" 0 "" -- \
	"$UVMM" pe-check "$EFI"/*.efi
cp "$EFI/hello.efi" "$TMP/sub3.efi"
off=$(( $(od -An -tu4 -j60 -N4 "$TMP/sub3.efi") + 4 + 20 + 68 ))   # e_lfanew, COFF, Subsystem
printf '\x03' | dd of="$TMP/sub3.efi" bs=1 seek=$off conv=notrunc status=none
expect_run "pe-check refuses subsystem 3 (a console program)" 4 "subsystem 3, not an EFI application" -- \
	"$UVMM" pe-check "$TMP/sub3.efi"
cp "$EFI/hello.efi" "$TMP/norel.efi"
reloc=$(( $(od -An -tu4 -j60 -N4 "$TMP/norel.efi") + 4 + 20 + 112 + 5 * 8 ))
printf '\0\0\0\0\0\0\0\0' | dd of="$TMP/norel.efi" bs=1 seek=$reloc conv=notrunc status=none
expect_run "pe-check refuses an image without base relocations" 4 "no base relocations" -- \
	"$UVMM" pe-check "$TMP/norel.efi"
expect_run "pe-check refuses an ELF" 4 "no DOS header" -- "$UVMM" pe-check "$GUESTS/hello.elf"

# The runner checks before it boots: a broken hello.efi is a BAD_IMAGE failure.
mkdir -p "$TMP/efi"
cp "$TMP/sub3.efi" "$TMP/efi/hello.efi"
expect_run "qemu-efi refuses to boot a broken image" 1 "FAIL +hello .*BAD_IMAGE" -- \
	"$UVMM" test --on qemu-efi --manifest "$SMOKE" --efi-dir "$TMP/efi" \
	--log-dir "$TMP/badlogs" hello -v

# --- the smoke subset under OVMF ---------------------------------------------
# The hang costs its whole limit: it runs alongside, with a shorter one.
"$UVMM" test --on qemu-efi --manifest "$SMOKE" --timeout 25 --log-dir "$TMP/hanglogs" \
	--tap "$TMP/hang.tap" selftest_hang >"$TMP/hang.out" 2>&1 &
hang=$!
out=$("$UVMM" test --on qemu-efi --manifest "$SMOKE" -j2 \
	--tap "$TMP/efi.tap" --log-dir "$TMP/efilogs" hello exc_pf_rsvd selftest_fail 2>&1); rc=$?
wait $hang
hang_rc=$?
[ "$rc" -eq 1 ] && ok "qemu-efi: the suite fails (exit 1) when a test fails" \
	|| not_ok "qemu-efi exit $rc, wanted 1"
check_line() { # WHAT REGEX: a line of $out
	if grep -Eq -- "$2" <<<"$out"; then ok "$1"; else not_ok "$1"; printf '%s\n' "$out" | tail -12; fi
}
check_line "qemu-efi: hello passes" '^PASS +hello '
check_line "qemu-efi: selftest_fail fails with its assertion" \
	'^FAIL +selftest_fail .*assertion failed: .*selftest_fail.c:12: one == 2 \(0x1 vs 0x2\)'
check_line "qemu-efi: exc_pf_rsvd is the known TCG deviation" '^XFAIL +exc_pf_rsvd .*known deviation'
check_line "qemu-efi: the header names the platform" '^  platform: qemu-efi'
if grep -A12 '^not ok [0-9]* - exc_pf_rsvd' "$TMP/efi.tap" | grep -q 'trap1.error: "0x8"'; then
	ok "qemu-efi: the TAP point carries the observed error code"
else not_ok "qemu-efi: no trap1.error value in the TAP point"; fi
grep -q 'boot_ms:' "$TMP/efi.tap" && ok "qemu-efi: TAP separates the firmware's boot time" \
	|| not_ok "qemu-efi: no boot_ms in the TAP report"
# Under a heavy load OVMF may not even hand over within the limit; the line
# says which of the two it was.
out=$(cat "$TMP/hang.out")
[ "$hang_rc" -eq 1 ] && ok "qemu-efi: a hang fails the suite (exit 1)" || not_ok "qemu-efi hang exit $hang_rc"
check_line "qemu-efi: selftest_hang is a TIMEOUT that says where it hung" \
	'^TIMEOUT +selftest_hang .*(the test hung; last console line: uvmm-efi: start selftest_hang|still in the firmware)'

# --- the same under the PVH boot ---------------------------------------------
out=$("$UVMM" test --on qemu-pvh --manifest "$SMOKE" -j2 --timeout 10 \
	--tap "$TMP/pvh.tap" --log-dir "$TMP/pvhlogs" cpuid hello exc_pf_rsvd selftest_fail selftest_skip \
	selftest_hang 2>&1)
check_line "qemu-pvh: a test that is not portable is left out, with its reason" \
	'cpuid is not portable: uvmm.s CPUID leaf'
check_line "qemu-pvh: hello passes" '^PASS +hello '
check_line "qemu-pvh: selftest_fail fails" '^FAIL +selftest_fail .*one == 2'
check_line "qemu-pvh: selftest_skip skips with its reason" '^SKIP +selftest_skip .*no such device'
check_line "qemu-pvh: selftest_hang is a TIMEOUT" '^TIMEOUT +selftest_hang .*the test hung'

# --- the USB image: the sequencer across resets ------------------------------
bash guest/efi/mkusb.sh "$TMP/usb.img" "$EFI/uvmm-seq.efi" 0 "$EFI/hello.efi" \
	"$EFI/selftest_fail.efi"
if bash guest/efi/usb-run.sh "$TMP/usb.img" "$TMP/usb.tap" >"$TMP/usb.out" 2>&1; then
	ok "the USB image boots under OVMF and leaves uvmm-results.tap"
else not_ok "USB image run: $(tail -3 "$TMP/usb.out")"; fi
for want in '^TAP version 14$' '^ok 1 - hello$' '^not ok 2 - selftest_fail$' \
	'message: "assertion failed: .*one == 2' '^1\.\.2$' '^# 1 passed, 1 failed, 0 skipped, 0 error$'; do
	grep -Eq -- "$want" "$TMP/usb.tap" 2>/dev/null && ok "USB results: /$want/" \
		|| { not_ok "USB results lack /$want/"; cat -A "$TMP/usb.tap" | head -30; }
done

# --- the differential matrix --------------------------------------------------
cols=(--col qemu-efi="$TMP/efi.tap" --col qemu-pvh="$TMP/pvh.tap" --col hardware="$TMP/usb.tap")
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	"$UVMM" test --manifest "$SMOKE" --log-dir "$TMP/kvmlogs" --tap "$TMP/kvm.tap" \
		hello exc_pf_rsvd >/dev/null 2>&1
	cols=(--col kvm="$TMP/kvm.tap" "${cols[@]}")
fi
out=$("$UVMM" diff --manifest "$SMOKE" --no-defaults "${cols[@]}" 2>&1)
section=$(sed -n '/^platforms disagree:/,/^platforms agree:/p' <<<"$out")
if grep -Eq '^  trap1.error +(0x9 +)?(0x8 +)+-' <<<"$section"; then
	ok "uvmm diff: exc_pf_rsvd disagrees, with trap1.error per platform"
else not_ok "uvmm diff: no trap1.error row under 'platforms disagree'"; printf '%s\n' "$out"; fi
grep -Eq '^selftest_fail +.*FAIL' <<<"$out" && ok "uvmm diff: the hardware column is read" \
	|| not_ok "uvmm diff: selftest_fail row"
grep -Eq '^cpuid' <<<"$out" && not_ok "uvmm diff lists a test that is not portable" \
	|| ok "uvmm diff lists portable tests only"
finish
