#!/usr/bin/env bash
# Turns the nested VM's result channel into the job's verdict: extracts the
# environment line, the TAP stream and the JUnit file from between their
# markers, checks the TAP is complete (END marker, plan = number of test
# points, numbered in order, one class each, summary comment agrees), prints
# one line per test and the summary line, and exits like `uvmm test` would.
# Anything missing or inconsistent is "Bail out!" and exit 2, never a pass.
# Usage: ci/nested/collect.sh CHANNEL_LOG OUT_DIR
#   writes OUT_DIR/suite.tap, OUT_DIR/suite.xml, OUT_DIR/env.txt, OUT_DIR/suite.json
set -uo pipefail

log=${1:?usage: collect.sh CHANNEL_LOG OUT_DIR}
out=${2:?usage: collect.sh CHANNEL_LOG OUT_DIR}
mkdir -p "$out"
rm -f "$out/suite.tap" "$out/suite.xml" "$out/env.txt" "$out/suite.json"

bail() { echo "Bail out! nested: $*"; exit 2; }

[ -f "$log" ] || bail "no result channel ($log): the VM never started"
clean=$(mktemp)
trap 'rm -f "$clean"' EXIT
tr -d '\r' <"$log" >"$clean"

# section BEGIN_RE END_RE: the lines strictly between the two markers.
section() {
	awk -v b="$1" -v e="$2" '$0 ~ e && on { exit } on { print } $0 ~ b { on = 1 }' "$clean"
}

fail_line=$(grep -m1 '^=== NESTED FAIL ' "$clean" | sed 's/^=== NESTED FAIL //')
[ -z "$fail_line" ] || bail "inside the VM: $fail_line"
grep -m1 '^=== NESTED ENV ' "$clean" | sed 's/^=== NESTED ENV //' >"$out/env.txt"
[ -s "$out/env.txt" ] || bail "no environment line: the VM's /init did not get to the suite"
grep -q '^=== NESTED TAP BEGIN$' "$clean" || bail "no TAP BEGIN marker: the suite never started"
section '^=== NESTED TAP BEGIN$' '^=== NESTED TAP END' >"$out/suite.tap"
end=$(grep -m1 '^=== NESTED TAP END rc=[0-9]*$' "$clean")
[ -n "$end" ] || bail "TAP stream truncated: no END marker after $(grep -c '^\(not \)\?ok ' "$out/suite.tap") test points (inner crash or hang?)"
rc=${end##*rc=}

# Check the stream and count classes; prints "ERROR: why" or per-test lines
# then "COUNTS p f s x xp t e" and "SUMMARY text".
verdict=$(awk '
function fin_point() {
	if (!cur) return
	c = cls
	if (c == "") c = notok ? (todo ? "XFAIL" : "FAIL") : (skip ? "SKIP" : "PASS")
	if (!(c in known)) { print "ERROR: test " cur " has unknown class " c; bad = 1 }
	if ((notok && (c == "PASS" || c == "SKIP")) || (!notok && c != "PASS" && c != "SKIP")) {
		print "ERROR: test " cur " (" name ") is " (notok ? "not ok" : "ok") " but class " c; bad = 1
	}
	count[c]++
	printf "%-8s %s\n", c, name
	cur = 0
}
BEGIN {
	split("PASS FAIL SKIP XFAIL XPASS TIMEOUT ERROR", k, " ")
	for (i in k) known[k[i]] = 1
}
NR == 1 && $0 != "TAP version 14" { print "ERROR: first line is not \"TAP version 14\""; bad = 1 }
/^1\.\.[0-9]+$/ { if (plan != "") { print "ERROR: two plans"; bad = 1 } plan = substr($0, 4) + 0; next }
/^(not )?ok [0-9]+( |$)/ {
	fin_point()
	notok = ($1 == "not")
	num = notok ? $3 : $2
	if (plan == "") { print "ERROR: test point before the plan"; bad = 1 }
	if (num != npoints + 1) { print "ERROR: test point " num " out of order (expected " npoints + 1 ")"; bad = 1 }
	npoints++
	cur = num
	name = $0
	sub(/^(not )?ok [0-9]+ - /, "", name)
	skip = (name ~ / # SKIP/); todo = (name ~ / # TODO/)
	sub(/ # (SKIP|TODO).*$/, "", name)
	cls = ""
	next
}
/^  class: / && cur { cls = $2; next }
/^# [0-9]+ passed, / { summary = substr($0, 3) }
END {
	fin_point()
	if (plan == "") { print "ERROR: no plan"; bad = 1 }
	else if (npoints != plan) { print "ERROR: plan 1.." plan " but " npoints " test points"; bad = 1 }
	if (summary == "") { print "ERROR: no summary comment"; bad = 1 }
	mine = sprintf("%d passed, %d failed, %d skipped, %d xfail, %d xpass, %d timeout, %d error",
		count["PASS"], count["FAIL"], count["SKIP"], count["XFAIL"], count["XPASS"],
		count["TIMEOUT"], count["ERROR"])
	if (summary != "" && summary != mine) { print "ERROR: summary \"" summary "\" disagrees with the test points (" mine ")"; bad = 1 }
	print "COUNTS " count["PASS"]+0, count["FAIL"]+0, count["SKIP"]+0, count["XFAIL"]+0, count["XPASS"]+0, count["TIMEOUT"]+0, count["ERROR"]+0
	print "SUMMARY " mine
	exit bad
}' "$out/suite.tap")
awk_rc=$?
why=$(grep -m1 '^ERROR: ' <<<"$verdict" | sed 's/^ERROR: //')
[ "$awk_rc" -eq 0 ] || bail "malformed TAP: $why"
grep -v -e '^COUNTS ' -e '^SUMMARY ' <<<"$verdict"
read -r _ _ f _ _ xp t e < <(grep '^COUNTS ' <<<"$verdict")
bad=$((f + xp + t + e))

# The inner runner's exit code must agree with its own report.
if [ "$bad" -gt 0 ] && [ "$rc" -ne 1 ]; then bail "inner uvmm test exited $rc with $bad failing tests"; fi
if [ "$bad" -eq 0 ] && [ "$rc" -ne 0 ]; then bail "inner uvmm test exited $rc but every test passed: harness error"; fi

grep -q '^=== NESTED JUNIT END$' "$clean" || bail "JUnit report truncated or missing"
section '^=== NESTED JUNIT BEGIN$' '^=== NESTED JUNIT END$' >"$out/suite.xml"
grep -q '</testsuites>' "$out/suite.xml" || bail "JUnit report incomplete (no </testsuites>)"

# The results file is optional (an older inner uvmm has none), but never cut.
if grep -q '^=== NESTED JSON BEGIN$' "$clean"; then
	grep -q '^=== NESTED JSON END$' "$clean" || bail "results file (JSON) truncated"
	section '^=== NESTED JSON BEGIN$' '^=== NESTED JSON END$' >"$out/suite.json"
fi
grep -q '^=== NESTED DONE$' "$clean" || bail "no DONE marker after the reports"
sed -n 's/^SUMMARY //p' <<<"$verdict"
exit "$rc"
