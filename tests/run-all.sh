#!/usr/bin/env bash
# Runs every kind of test and ends with one line "N passed, N failed, N skipped".
# Usage: tests/run-all.sh [BUILD_DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
export BUILD
passed=0 failed=0 skipped=0
declare -a failures=()

section() { printf '\n== %s\n' "$*"; }

section "unit tests (cmocka)"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1); rc=$?
	p=$(grep -Eo '\[  PASSED  \] [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' || echo 0)
	f=$(grep -Eo '\[  FAILED  \] [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' | head -1 || echo 0)
	s=$(grep -Eo '\[  SKIPPED \] [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' | head -1 || echo 0)
	p=${p:-0} f=${f:-0} s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	printf '%-40s %3d passed, %d failed, %d skipped\n' "$(basename "$t")" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then failures+=("$(basename "$t")"); printf '%s\n' "$out" | grep -E 'FAIL|ERROR|error' | head -20; fi
done

section "integration tests"
for t in tests/integration/test_*.sh; do
	[ -f "$t" ] || continue
	out=$(bash "$t" 2>&1); rc=$?
	p=$(grep -c '^ok ' <<<"$out"); f=$(grep -c '^not ok ' <<<"$out")
	s=$(grep -c '^ok .*# SKIP' <<<"$out")
	p=$((p - s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	printf '%-40s %3d passed, %d failed, %d skipped\n' "$(basename "$t")" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then failures+=("$(basename "$t")"); grep -A8 '^not ok ' <<<"$out" | head -60; fi
done

section "conformance suite (uvmm test)"
out=$("$BUILD"/uvmm test --tap "$BUILD"/suite.tap --junit "$BUILD"/suite.xml --json "$BUILD"/suite.json 2>&1); rc=$?
printf '%s\n' "$out" | tail -n 80
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -1)
if [ -n "$line" ]; then
	read -r p f s x xp to er < <(sed -E 's/[^0-9]+/ /g' <<<"$line")
	passed=$((passed + p)) failed=$((failed + f + ${xp:-0} + ${to:-0} + ${er:-0}))
	skipped=$((skipped + ${s:-0} + ${x:-0}))
	[ "${x:-0}" -gt 0 ] && echo "(skipped includes ${x} XFAIL: known deviations of this KVM, see guest/deviations.txt)"
else
	failed=$((failed + 1)); failures+=("suite: no summary line (exit $rc)")
fi
[ "$rc" -ne 0 ] && [ -n "$line" ] && failures+=("suite (exit $rc)")

if [ ${#failures[@]} -gt 0 ]; then
	printf '\nfailed: %s\n' "${failures[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
