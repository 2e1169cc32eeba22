#!/usr/bin/env bash
# Boots a `make efi-usb` image under QEMU + OVMF as a machine without
# isa-debug-exit would boot it from a USB stick: every test resets the machine
# into the sequencer, which powers off at the end. Then copies the stick's
# \uvmm-results.tap out (mtools). The image itself is not changed: it runs on
# a copy, with a fresh OVMF variable store, on 2 CPUs (smp_boot, smp_ipi).
# Usage: usb-run.sh IMAGE OUT.tap [SECONDS]   (default limit: 40 s per test + 60)
set -euo pipefail
img=$1 out=$2
qemu=${QEMU:-qemu-system-x86_64}
code=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
vars=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
export MTOOLS_SKIP_CHECK=1
fs_offset=$(( 2048 * 512 ))                 # guest/efi/mkusb.sh: the partition at 1 MiB

n=$(mtype -i "$img@@$fs_offset" ::/EFI/UVMM/TESTS.TXT | grep -cvE '^(#|wait |$)' || true)
limit=${3:-$(( n * 40 + 60 ))}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$img" "$work/usb.img"
cp "$vars" "$work/vars.fd"
start=$(date +%s)
rc=0
timeout "$limit" "$qemu" -M pc -accel tcg -cpu max -smp 2 -m 256 -nodefaults -display none \
	-monitor none -serial "file:$work/serial.txt" -net none \
	-drive if=pflash,format=raw,unit=0,readonly=on,file="$code" \
	-drive if=pflash,format=raw,unit=1,file="$work/vars.fd" \
	-drive format=raw,file="$work/usb.img" || rc=$?
echo "usb-run: $n tests, QEMU ran $(( $(date +%s) - start )) s (status $rc)"
if [ "$rc" -eq 124 ]; then
	echo "usb-run: still running after $limit s; the console ends with:" >&2
	tr -d '\r' < "$work/serial.txt" | grep -a 'uvmm' | tail -5 >&2
	exit 1
fi
mcopy -n -i "$work/usb.img@@$fs_offset" ::/uvmm-results.tap "$out"
cp "$work/serial.txt" "$out.console"
