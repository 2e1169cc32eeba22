#!/usr/bin/env bash
# `uvmm bench hupcall` works end to end with one tiny repetition (numbers are
# not judged here: they go to make bench): every mode runs, the table and the
# target are printed, the JSON holds every mode, and both discard paths gave
# the 64 MiB back (resident pages measured by uvmm).
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "uvmm bench hupcall smoke" "no usable /dev/kvm"; finish; exit
fi

# The balloon's answer must come within uvmm's 1 s upcall timeout; on a
# loaded host its 32 calls can take longer, and the run then fails by name
# ("not the whole pool in one run") instead of giving a number. That is the
# only failure accepted here: no assertion on wall-clock time.
"$UVMM" bench hupcall --reps 1 --n 10 --json "$TMP/hu.json" >"$TMP/hu.out" 2>&1; rc=$?
late=$(grep -c "balloon: .* not the whole pool in one run" "$TMP/hu.out")
other=$(grep "run failed\|not the whole pool" "$TMP/hu.out" | grep -vc "^uvmm bench hupcall: balloon: ")
if grep -q "round trip / hyperupcall" "$TMP/hu.out" && { [ "$rc" -eq 0 ] || { [ "$rc" -eq 6 ] && [ "$late" -ge 1 ] && [ "$other" -eq 0 ]; }; }; then
	ok "bench hupcall runs and prints the target$([ "$late" -gt 0 ] && echo " (balloon late: $late)")"
else
	not_ok "bench hupcall: exit $rc"; sed 's/^/    /' "$TMP/hu.out" | head -20
fi
if command -v python3 >/dev/null; then
	expect_run "hupcall.json has every mode and both discards released 64 MiB" 0 "^ok$" -- python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
late = int(sys.argv[2]) > 0
for m in ["program", "upcall_hlt", "upcall_spin", "reclaim"] + ([] if late else ["balloon"]):
    assert d["modes"][m]["ns"] > 0 and d["modes"][m]["cycles"] > 0, m
for m in ["reclaim"] + ([] if late else ["balloon"]):
    assert d["modes"][m]["pages"] == 16384, m
    assert d["modes"][m]["released_mib"] > 60, m
assert d["failures"] == (1 if late else 0) and d["targets"][0]["status"] in ("ok", "MISS")
print("ok")' "$TMP/hu.json" "$late"
else
	skip "hupcall.json is valid JSON" "python3 not installed"
fi
expect_run "bench hupcall rejects --n 5" 7 "bad value '5' for --n" -- "$UVMM" bench hupcall --n 5
expect_run "bench hupcall rejects a stray argument" 7 "usage: uvmm bench hupcall" -- \
	"$UVMM" bench hupcall extra
expect_run "a guest that fails is a failed run (host error), not a number" 6 "run failed" -- \
	"$UVMM" bench hupcall --reps 1 --n 10 --image "$GUESTS/bench_exits.elf"
finish
