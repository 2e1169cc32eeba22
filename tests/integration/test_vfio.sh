#!/usr/bin/env bash
# VFIO passthrough (docs/vfio.md). Here: the VFIO tests SKIP with a reason on a
# host without a usable device, and `uvmm run --vfio` on such a host is a clean
# HOST_ERROR. In the nested QEMU job (stock kvm_amd, intel-iommu, edu on
# vfio-pci): every VFIO test passes, and each VFIO image runs VFIO_REPEAT
# times (e.g. 20; opt-in: unset, the nested part is skipped, since
# test_nested.sh already runs the VFIO tests in the full suite) in one process
# with no leaked fds, DMA mappings or bindings. Prints ok/not ok lines.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
REPEAT=${VFIO_REPEAT:-0}
T=$TMP

make -s guests "$UVMM" >/dev/null 2>&1 || { echo "not ok 1 - build"; exit 1; }
# The VFIO tests of the manifest (edu and virtio-rng ones).
NVFIO=$("$UVMM" test --list 'vfio_*' | wc -l)

# --- this host ---------------------------------------------------------------
if ls /sys/kernel/iommu_groups/* >/dev/null 2>&1 && [ -e /dev/vfio/vfio ]; then
	skip "local SKIP reasons" "this host has an IOMMU and VFIO"
else
	"$UVMM" test 'vfio_*' >"$T/local.txt" 2>&1
	if [ "$(grep -c '^SKIP *vfio_' "$T/local.txt")" -eq "$NVFIO" ] &&
		! grep '^SKIP *vfio_' "$T/local.txt" | grep -qv 'no PCI device\|no IOMMU\|not viable\|vfio-pci'; then
		ok "$NVFIO VFIO tests SKIP here with the reason ($(grep -m1 '^SKIP *vfio_' "$T/local.txt" | sed 's/.*exits *//'))"
	else
		not_ok "VFIO tests do not all SKIP with a reason"; sed 's/^/# /' "$T/local.txt" | tail -10
	fi
	"$UVMM" run --quiet --vfio 0000:00:1f.7 build/guest/vfio_edu_probe.elf >"$T/run.txt" 2>&1
	rc=$?
	if [ "$rc" -eq 6 ] && grep -q 'uvmm: vfio: ' "$T/run.txt"; then
		ok "uvmm run --vfio without the device: HOST_ERROR ($(grep -m1 'uvmm: vfio: ' "$T/run.txt"))"
	else
		not_ok "uvmm run --vfio without the device: status $rc"; sed 's/^/# /' "$T/run.txt"
	fi
fi
"$UVMM" run --quiet --vfio-mode bogus build/guest/hello.elf >"$T/bad.txt" 2>&1
if [ $? -eq 7 ] && grep -q "bad value 'bogus' for vfio_mode" "$T/bad.txt"; then
	ok "--vfio-mode bogus is a usage error"
else
	not_ok "--vfio-mode bogus"; sed 's/^/# /' "$T/bad.txt"
fi

# --- the nested job ------------------------------------------------------------
if [ "$REPEAT" = 0 ] || ! command -v qemu-system-x86_64 >/dev/null; then
	skip "nested VFIO repeat run" "set VFIO_REPEAT=20 (needs QEMU; the suite's VFIO tests run in test_nested.sh)"
	finish; exit
fi
NESTED_TESTS='vfio_*' NESTED_APPEND="nested_vfio_repeat=$REPEAT" NESTED_TIMEOUT_SUITE=600 \
	bash ci/nested/run.sh >"$T/nested.txt" 2>&1
rc=$?
con=build/nested/console.log
if [ "$rc" -eq 0 ] && grep -q "^$NVFIO passed, 0 failed" "$T/nested.txt"; then
	ok "nested: the $NVFIO VFIO tests pass ($(grep -m1 '^nested: stage suite' "$T/nested.txt" | awk '{print $4, $5}'))"
else
	not_ok "nested VFIO suite (status $rc)"; tail -15 "$T/nested.txt" | sed 's/^/# /'
fi
reps=$(grep -c "^NESTED: VFIO-REPEAT vfio_.* n=$REPEAT rc=0 " "$con")
if [ "$reps" -eq "$NVFIO" ]; then
	ok "nested: each VFIO image $REPEAT times in one process, every run clean ($(grep -m1 'VFIO-REPEAT vfio_edu_dma' "$con" | sed 's/.*uvmm: //'))"
else
	not_ok "nested repeat: $reps of $NVFIO images clean"; grep 'VFIO-REPEAT' "$con" | sed 's/^/# /'
fi
done_line=$(grep -m1 '^NESTED: VFIO-REPEAT done' "$con")
before=$(sed -n 's/.*files_before=\([0-9]*\).*/\1/p' <<<"$done_line")
after=$(sed -n 's/.*files_after=\([0-9]*\).*/\1/p' <<<"$done_line")
if [ -n "$before" ] && [ "$after" = 0 ] && [ "$before" = 0 ] && grep -q ' driver=vfio-pci' <<<"$done_line" &&
	grep -q 'rng_driver=vfio-pci' <<<"$done_line"; then
	ok "nested: no file open on /dev/vfio before or after, edu and virtio-rng still on vfio-pci after $((REPEAT * NVFIO)) runs"
else
	not_ok "nested: leak or binding after the repeats: '$done_line'"
fi
if grep -q 'DMAR.*fault addr 0xf800000' "$con"; then
	ok "nested: the isolation test's DMA to 0xf800000 was blocked by the IOMMU (DMAR fault logged)"
else
	not_ok "nested: no DMAR fault for 0xf800000 in $con"
fi
finish
