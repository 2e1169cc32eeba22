#!/usr/bin/env bash
# Runs every libFuzzer target for FUZZ_SECONDS on a scratch copy of its seed
# corpus (tests/fuzz/corpus/NAME/ is never written). One line per target:
# "fuzz NAME: N runs, cov C, ok" or the crash and the reproducer path.
# Usage: tests/fuzz/smoke.sh [BUILD_DIR]   (exit 1 if any target crashed)
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build/fuzz}
SECS=${FUZZ_SECONDS:-10}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for bin in "$BUILD"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	mkdir -p "$WORK/$name" "$BUILD/crashes"
	seeds=tests/fuzz/corpus/$name
	out=$("$bin" -max_total_time="$SECS" -seed=1 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$BUILD/crashes/$name-" "$WORK/$name" "$seeds" 2>&1); rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' <<<"$out")
	cov=$(grep -Eo 'cov: [0-9]+' <<<"$out" | tail -1 | grep -Eo '[0-9]+')
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: ${runs:-?} runs in ${SECS} s, cov ${cov:-?}, ok"
	else
		status=1
		echo "fuzz $name: CRASH (exit $rc) after ${runs:-?} runs"
		grep -E 'ERROR:|SUMMARY:|runtime error|Test unit written' <<<"$out" | head -8 | sed 's/^/    /'
	fi
done
exit $status
