#!/usr/bin/env bash
# The same images boot under QEMU (-kernel: PVH) with isa-debug-exit and COM1,
# and get the same verdict as under uvmm. QEMU exits with (status << 1) | 1.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

QEMU=$(command -v qemu-system-x86_64 || true)
if [ -z "$QEMU" ]; then
	skip "QEMU cross-check" "qemu-system-x86_64 not installed"; finish; exit
fi

# verdict_of_qemu STATUS: the uvmm verdict name for a QEMU exit status.
verdict_of_qemu() {
	case $1 in
	1) echo PASS ;;
	155) echo SKIP ;;           # (77 << 1) | 1
	*) echo GUEST_FAIL ;;
	esac
}

for name in hello selftest_fail; do
	img=$GUESTS/$name.elf
	out=$(timeout 30 "$QEMU" -M microvm -accel tcg -nodefaults -nographic -no-reboot \
		-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$img" 2>&1)
	q=$(verdict_of_qemu $?)
	u=$("$UVMM" run "$img" 2>&1 | sed -n 's/^uvmm: .*: \([A-Z_]*\) (.*/\1/p' | tail -1)
	if [ "$q" = "$u" ]; then ok "$name: QEMU and uvmm agree ($q)"; else not_ok "$name: QEMU says $q, uvmm says $u"; printf '%s\n' "$out" | tail -5; fi
done
out=$(timeout 30 "$QEMU" -M microvm -accel tcg -nodefaults -nographic -no-reboot \
	-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$GUESTS/hello.elf" 2>&1)
if grep -q "Hello, world!" <<<"$out"; then ok "hello prints on QEMU's COM1"; else not_ok "hello output under QEMU"; fi

finish
