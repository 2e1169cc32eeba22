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

expect_run "bench hupcall runs and prints the target" 0 "round trip / hyperupcall" -- \
	"$UVMM" bench hupcall --reps 1 --n 10 --json "$TMP/hu.json"
if command -v python3 >/dev/null; then
	expect_run "hupcall.json has every mode and both discards released 64 MiB" 0 "^ok$" -- python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for m in ["program", "upcall_hlt", "upcall_spin", "reclaim", "balloon"]:
    assert d["modes"][m]["ns"] > 0 and d["modes"][m]["cycles"] > 0, m
for m in ["reclaim", "balloon"]:
    assert d["modes"][m]["pages"] == 16384, m
    assert d["modes"][m]["released_mib"] > 60, m
assert d["failures"] == 0 and d["targets"][0]["status"] in ("ok", "MISS")
print("ok")' "$TMP/hu.json"
else
	skip "hupcall.json is valid JSON" "python3 not installed"
fi
expect_run "bench hupcall rejects --n 5" 7 "bad value '5' for --n" -- "$UVMM" bench hupcall --n 5
expect_run "bench hupcall rejects a stray argument" 7 "usage: uvmm bench hupcall" -- \
	"$UVMM" bench hupcall extra
expect_run "a guest that fails is a failed run (host error), not a number" 6 "run failed" -- \
	"$UVMM" bench hupcall --reps 1 --n 10 --image "$GUESTS/bench_exits.elf"
finish
