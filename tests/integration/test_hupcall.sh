#!/usr/bin/env bash
# Hyperupcalls from outside (docs/hyperupcalls.md): a fail verdict nobody
# expected is a MISMATCH (or GUEST_FAIL without a checker), never ignored;
# refusals and stopped runs are logged with the instruction and the rule; a
# trace with hupcall events replays as expectations; the hypercall ABI row;
# hostile registrations leave fds and VmRSS flat over many runs.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

expect_run "an unexpected fail verdict is a MISMATCH, even with ignore hupcall" 2 \
	"actual:   hupcall exit 0 = 0x3" -- \
	"$UVMM" run "$GUESTS/selftest_hupcall_verdict.elf"
expect_run "without a checker, a fail verdict is GUEST_FAIL" 1 \
	"the guest's exit hyperupcall failed the run at event #3 \(vcpu 0\): verdict 0x3" -- \
	"$UVMM" run --no-check "$GUESTS/selftest_hupcall_verdict.elf"
expect_run "an expected fail verdict is the guard test passing" 0 \
	"failed the run at event #9 \(vcpu 0\): verdict 0x2" -- "$UVMM" run "$GUESTS/hupcall_guard_idt.elf"

out=$("$UVMM" run "$GUESTS/hostile_hupcall_verify.elf" 2>&1); rc=$?
want=("rejected: exit program: insn 0 (ja): loop: jumps back to insn 0; this program must be loop-free"
      "rejected: exit program: insn 0 (call): helper: helper 99 is not in this program's helper table"
      "rejected: exit program: program: length: 4097 instruction slots, the limit is 4096"
      "rejected: region 0xffffffffffffffff + 16 is outside guest RAM"
      "rejected: event irq_target already has a program (unregister it first)")
missing=
for w in "${want[@]}"; do grep -qF -- "$w" <<<"$out" || missing+=" [$w]"; done
if [ "$rc" -eq 0 ] && [ -z "$missing" ]; then
	ok "refused registrations: uvmm logs the instruction, the rule and the reason"
else
	not_ok "refused registrations logged (exit $rc, missing:$missing)"
fi

out=$("$UVMM" run "$GUESTS/hostile_hupcall_runtime.elf" 2>&1); rc=$?
if [ "$rc" -eq 0 ] && grep -qF "uvmm: hupcall exit: run 1 stopped: insn 2: out of bounds: read of 8 bytes at 0xff80000000000240 is outside every region; the program is unregistered" <<<"$out" &&
   grep -qF "uvmm: hupcall reclaim: run 1 stopped: insn 2: helper failed: discard 0x400800 + 0x1000: not whole 4 KiB pages" <<<"$out"; then
	ok "stopped runs: uvmm logs the instruction and the access, the program is unregistered"
else
	not_ok "stopped runs logged (exit $rc)"; sed 's/^/    /' <<<"$out" | tail -5
fi

# A trace with hyperupcall events is expectations again: it replays alone.
for img in hupcall_guard_idt hupcall_trace hupcall_timer_upcall; do
	"$UVMM" run --trace "$TMP/$img.trace" "$GUESTS/$img.elf" >/dev/null 2>&1
	if grep -q '^hupcall ' "$TMP/$img.trace" &&
	   "$UVMM" run --expect-only "$TMP/$img.trace" "$GUESTS/$img.elf" >/dev/null 2>&1; then
		ok "$img: its trace (with hupcall lines) replays with --expect-only"
	else
		not_ok "$img: trace replay"; head -5 "$TMP/$img.trace" | sed 's/^/    /'
	fi
done
# ...and a trace that is changed in one hupcall line does not.
sed '0,/^hupcall exit 0 = 0x0/s//hupcall exit 0 = 0x1/' "$TMP/hupcall_guard_idt.trace" > "$TMP/bad.trace"
expect_run "a trace with one hupcall verdict changed fails the replay" 2 "wrong value \(value differs\)" -- \
	"$UVMM" run --expect-only "$TMP/bad.trace" "$GUESTS/hupcall_guard_idt.elf"

# The VMM's memory stays bounded whatever the guest registers: many runs of
# the hostile registration guests in one process, fds and VmRSS flat.
flat() { # NAME RUNS: fds equal and VmRSS within 256 kB from run 10 to run RUNS
	local name=$1 runs=$2 r10 rN
	"$UVMM" run --quiet --repeat "$runs" "$GUESTS/$name.elf" 2>"$TMP/$name.rep"; local rc=$?
	r10=$(grep -E 'repeat: run 10:' "$TMP/$name.rep") rN=$(grep -E "repeat: run $runs:" "$TMP/$name.rep")
	local fd10 fdN kb10 kbN
	fd10=$(sed -n 's/.*run 10: \([0-9]*\) fds.*/\1/p' <<<"$r10")
	fdN=$(sed -n "s/.*run $runs: \\([0-9]*\\) fds.*/\\1/p" <<<"$rN")
	kb10=$(sed -n 's/.*VmRSS \([0-9]*\) kB/\1/p' <<<"$r10")
	kbN=$(sed -n 's/.*VmRSS \([0-9]*\) kB/\1/p' <<<"$rN")
	echo "    $name: run 10: $fd10 fds, $kb10 kB; run $runs: $fdN fds, $kbN kB"
	if [ "$rc" -eq 0 ] && [ -n "$fdN" ] && [ "$fd10" = "$fdN" ] && [ $((kbN - kb10)) -le 256 ]; then
		ok "$runs runs of $name in one process: fds and VmRSS flat"
	else
		not_ok "$runs runs of $name: exit $rc, fds $fd10 -> $fdN, VmRSS $kb10 -> $kbN kB"
	fi
}
flat hostile_hupcall_verify 30
flat hostile_hupcall_race 30

finish
