#!/usr/bin/env bash
# `uvmm bench` works end to end with a tiny N (numbers not judged here: they
# are noisy): it runs every exit kind in every mode, prints the table and the
# targets, and writes a valid JSON file. The benchmark guest's exits are
# really checked: its trace shows them matched by the run-time `repeat N`.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

IMG=$GUESTS/bench_exits.elf
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "uvmm bench smoke" "no usable /dev/kvm"; finish; exit
fi

expect_run "bench runs with tiny N and prints the table and targets" 0 \
	"pio_out .* us .*x" -- \
	"$UVMM" bench --n 300 --reps 1 --no-suite --no-qemu --report-files 20 --json "$TMP/bench.json"
out=$("$UVMM" bench --n 300 --reps 1 --no-suite --no-qemu --report-files 0 --json "$TMP/b2.json" 2>&1)
for k in pio_out pio_in mmio_write mmio_read hcall msr_read hlt; do
	if grep -Eq "^  $k +[0-9.]+ us +[0-9.]+ us +[0-9.]+ us" <<<"$out"; then ok "table row for $k"
	else not_ok "table row for $k"; fi
done
if grep -Eq "(ok  |MISS|n/a ) VMM memory beyond guest RAM" <<<"$out"; then ok "targets listed"
else not_ok "targets listed"; fi

if command -v python3 >/dev/null; then
	expect_run "bench.json is valid JSON with every kind and mode" 0 "^ok$" -- python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
kinds = ["pio_out", "pio_in", "mmio_write", "mmio_read", "hcall", "msr_read", "hlt"]
for k in kinds:
    for m in ["checked", "unchecked", "raw"]:
        assert d["exits"][k][m + "_ns"] > 0, (k, m)
        assert len(d["exits"][k][m + "_samples_ns"]) == 1
assert d["cold_start_ms"]["uvmm_first_exit"] > 0 and d["cold_start_ms"]["raw_first_exit"] > 0
assert d["memory_kib"]["vm_rss"] > d["memory_kib"]["guest_ram_rss"] > 0
assert d["suite"]["jn_s"] is None and d["failures"] == 0
assert {t["status"] for t in d["targets"]} <= {"ok", "MISS", "n/a"}
rf = d["results_files"]
assert rf["files"] == 20 and rf["tests_per_file"] == 100 and rf["merge_s"] > 0 and rf["html_s"] > 0
assert rf["input_bytes"] > 20 * 100 * 100 and rf["page_bytes"] > 0
print("ok")' "$TMP/bench.json"
else
	skip "bench.json is valid JSON" "python3 not installed"
fi

expect_run "bench rejects --reps 0" 7 "usage: uvmm bench" -- "$UVMM" bench --reps 0
expect_run "bench guest: 500 OUTs checked against repeat 500" 0 "PASS \(502 exits" -- \
	"$UVMM" run --quiet --trace "$TMP/t" --cmdline "kind=pio_out n=500" "$IMG"
c=$(grep -c '^# (expected at run time) pio.out 0x80:1 = 0x1$' "$TMP/t")
if [ "$c" -eq 500 ]; then ok "trace shows 500 exits matched by the run-time repeat"
else not_ok "trace shows $c exits matched by the run-time repeat, wanted 500"; fi
finish
