#!/usr/bin/env bash
# Runs the suite for LAVA (ci/lava/uvmm.yaml) and reports each test with
# lava-test-case. Settings (environment): SHARD ("K/N" or empty), PLATFORM,
# JOBS, OUT (report directory), UVMM (default build/uvmm), and
# UVMM_TEST_ARGS (more `uvmm test` arguments, e.g. a manifest, for tests).
# Exits 0 once everything is reported: LAVA judges the test cases.
set -uo pipefail
UVMM=${UVMM:-build/uvmm}
OUT=${OUT:-lava-results}
mkdir -p "$OUT"

args=(test --json "$OUT/results.json" --ktap "$OUT/suite.ktap" --tap "$OUT/suite.tap"
	--junit "$OUT/suite.xml" --progress plain)
[ -n "${SHARD:-}" ] && args+=(--shard "$SHARD")
[ -n "${PLATFORM:-}" ] && args+=(--platform "$PLATFORM")
[ -n "${JOBS:-}" ] && args+=(-j "$JOBS")
# shellcheck disable=SC2206 # words on purpose
[ -n "${UVMM_TEST_ARGS:-}" ] && args+=(${UVMM_TEST_ARGS})

"$UVMM" "${args[@]}"
rc=$?

# The class of each test, from the results file (names are the manifest's
# [A-Za-z0-9_.-], as lava-test-case wants them).
lava_result() {
	case $1 in
	PASS) echo pass ;;
	SKIP | XFAIL) echo skip ;;
	*) echo fail ;;
	esac
}
if [ -s "$OUT/results.json" ]; then
	while IFS=$'\t' read -r cls secs _platform suite name; do
		case_name=$name
		[ "$suite" = uvmm ] || case_name=$suite.$name
		lava-test-case "$case_name" --result "$(lava_result "$cls")" --measurement "$secs" --units seconds
	done < <("$UVMM" report list "$OUT/results.json")
fi
# One case for the run itself: 0 all passed, 1 a failing test, else the
# harness broke (no results, an interruption: the file says which).
case $rc in
0) lava-test-case uvmm-suite --result pass ;;
1) lava-test-case uvmm-suite --result fail ;;
*) lava-test-case uvmm-suite --result unknown ;;
esac
exit 0
