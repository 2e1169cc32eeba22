#!/usr/bin/env bash
# Tests of the nested QEMU job (ci/nested/, docs/nested.md): the TAP collector
# must turn every incomplete or inconsistent result stream into "Bail out!",
# and the real job must run the suite on a stock KVM module inside QEMU with
# nothing failed. Its stage times go to build/bench.d/nested.json (make bench
# reports them); no test here asserts on wall-clock time.
# Prints one ok/not ok line per check; exits 0 when all pass.
# NESTED_SKIP_RUN=1 checks only the collector (no QEMU boot).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
COLLECT=ci/nested/collect.sh
OUT=build/nested
. tests/integration/lib.sh
T=$TMP

# point N NAME CLASS: one TAP test point with its YAML block.
point() {
	local ok=ok
	case $3 in PASS | SKIP) ;; *) ok="not ok" ;; esac
	printf '%s %d - %s\n  ---\n  class: %s\n  ...\n' "$ok" "$1" "$2" "$3"
}

# channel FILE RC CLASS...: a complete result channel with one test per class.
channel() {
	local f=$1 rc=$2 i=0 c p=0 fl=0 s=0 x=0 xp=0 t=0 e=0
	shift 2
	{
		echo "=== NESTED ENV kernel=6.1.0-0-amd64 kvm=kvm_amd"
		echo "=== NESTED TAP BEGIN"
		echo "TAP version 14"
		echo "# kvm_implementation: kvm_amd (/sys/module/kvm_amd present)"
		echo "1..$#"
		for c in "$@"; do
			i=$((i + 1)); point "$i" "t$i" "$c"
			case $c in PASS) p=$((p + 1)) ;; FAIL) fl=$((fl + 1)) ;; SKIP) s=$((s + 1)) ;;
			XFAIL) x=$((x + 1)) ;; XPASS) xp=$((xp + 1)) ;; TIMEOUT) t=$((t + 1)) ;; ERROR) e=$((e + 1)) ;; esac
		done
		echo "# $p passed, $fl failed, $s skipped, $x xfail, $xp xpass, $t timeout, $e error"
		echo "=== NESTED TAP END rc=$rc"
		echo "=== NESTED JUNIT BEGIN"
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<testsuites name="uvmm"></testsuites>'
		echo "=== NESTED JUNIT END"
		echo "=== NESTED DONE"
	} >"$f"
}

# collect_case WHAT CODE PATTERN FILE: the collector exits CODE and prints PATTERN.
collect_case() {
	local what=$1 code=$2 pattern=$3 file=$4 out rc
	out=$(bash "$COLLECT" "$file" "$T/out" 2>&1); rc=$?
	if [ "$rc" -eq "$code" ] && grep -Eq -- "$pattern" <<<"$out"; then
		ok "$what"
	else
		not_ok "$what (exit $rc, wanted $code and /$pattern/)"
		sed 's/^/    /' <<<"$out" | tail -8
	fi
}

# --- the collector, on made-up streams --------------------------------------
channel "$T/good" 0 PASS SKIP PASS
collect_case "collector: a complete passing stream gives the summary line and exit 0" 0 \
	'^2 passed, 0 failed, 1 skipped, 0 xfail, 0 xpass, 0 timeout, 0 error$' "$T/good"
channel "$T/red" 1 PASS FAIL XFAIL TIMEOUT
collect_case "collector: FAIL and TIMEOUT propagate as exit 1" 1 \
	'^1 passed, 1 failed, 0 skipped, 1 xfail, 0 xpass, 1 timeout, 0 error$' "$T/red"
sed '/^ok 2 /,$d' "$T/good" >"$T/truncated"
collect_case "a truncated TAP stream is a Bail out" 2 '^Bail out! .*truncated' "$T/truncated"
sed '/^ok 3 /,/^  \.\.\.$/d' "$T/good" >"$T/short"
collect_case "collector: fewer test points than the plan is a Bail out" 2 '^Bail out! .*plan 1\.\.3 but 2' "$T/short"
sed 's/^# 2 passed/# 3 passed/' "$T/good" >"$T/summary"
collect_case "collector: a summary that disagrees with the test points is a Bail out" 2 '^Bail out! .*disagrees' "$T/summary"
sed 's/rc=0/rc=1/' "$T/good" >"$T/rc"
collect_case "collector: an inner exit code that contradicts the results is a Bail out" 2 '^Bail out! .*exited 1' "$T/rc"
sed '/JUNIT END/,$d' "$T/good" >"$T/nojunit"
collect_case "collector: a cut JUnit report is a Bail out" 2 '^Bail out! .*JUnit' "$T/nojunit"
printf '=== NESTED FAIL insmod kvm_amd\n' >"$T/fail"
collect_case "collector: an inner setup failure is a Bail out naming it" 2 '^Bail out! .*insmod kvm_amd' "$T/fail"
: >"$T/empty"
collect_case "collector: an empty channel (inner crash before /init) is a Bail out" 2 '^Bail out! ' "$T/empty"
sed 's/^ok 3 /ok 4 /' "$T/good" >"$T/order"
collect_case "collector: test points out of order are a Bail out" 2 '^Bail out! .*out of order' "$T/order"
sed 's/^=== NESTED DONE$/=== NESTED JSON BEGIN\n{"format": "uvmm-results"}\n=== NESTED JSON END\n&/' "$T/good" >"$T/json"
collect_case "collector: the results file is extracted" 0 '^2 passed' "$T/json"
if [ "$(cat "$T/out/suite.json" 2>/dev/null)" = '{"format": "uvmm-results"}' ]; then
	ok "collector: suite.json holds what was between the JSON markers"
else
	not_ok "collector: suite.json holds what was between the JSON markers"
fi
sed '/^=== NESTED JSON END$/d' "$T/json" >"$T/json-cut"
collect_case "collector: a cut results file is a Bail out" 2 '^Bail out! .*JSON' "$T/json-cut"

# --- the real job ---------------------------------------------------------------
if [ "${NESTED_SKIP_RUN:-0}" = 1 ]; then
	skip "nested job" "NESTED_SKIP_RUN=1"
	finish; exit
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip "nested job" "qemu-system-x86_64 not installed (ci/deps.sh)"
	finish; exit
fi

out=$(bash ci/nested/run.sh 2>&1); rc=$?
printf '%s\n' "$out" | grep -E '^nested: |^Bail out!' | sed 's/^/# /'
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -1)
if grep -q '^Bail out!' <<<"$out" || [ -z "$summary" ]; then
	not_ok "nested job ran to its summary line (exit $rc)"
	sed 's/^/    /' <<<"$out" | tail -25
	echo "1..$n"; exit 1
fi
ok "nested job ran to its summary line: $summary"

env=$(cat "$OUT/env.txt" 2>/dev/null)
impl=$(sed -n 's/^# kvm_implementation: \([a-z_]*\).*/\1/p' "$OUT/suite.tap")
if grep -Eq 'kvm=kvm_(amd|intel) ' <<<"$env" && [[ $impl =~ ^kvm_(amd|intel)$ ]]; then
	ok "nested suite ran on stock $impl ($env)"
else
	not_ok "nested suite ran on a stock KVM module (env '$env', runner says '$impl')"
fi
if grep -q 'driver=vfio-pci group=' <<<"$env" && grep -q 'intremap=on' <<<"$env"; then
	ok "edu is bound to vfio-pci behind an IOMMU with interrupt remapping"
else
	not_ok "edu bound to vfio-pci with interrupt remapping (env '$env')"
fi

read -r _ f _ _ xp to er < <(sed -E 's/[^0-9]+/ /g' <<<"$summary")
if [ "$rc" -eq 0 ] && [ "$((f + xp + to + er))" -eq 0 ]; then
	ok "nested suite: 0 failed"
else
	not_ok "nested suite: 0 failed (exit $rc: $summary)"
	grep -E '^(FAIL|XPASS|TIMEOUT|ERROR) ' <<<"$out" | sed 's/^/    /'
fi

plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$OUT/suite.tap")
if python3 - "$OUT/suite.xml" "$plan" <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
sys.exit(0 if root.tag == "testsuites" and root.get("tests") == sys.argv[2] else 1)
EOF
then ok "$OUT/suite.xml is well-formed JUnit with the $plan tests of the TAP plan"
else not_ok "$OUT/suite.xml is well-formed JUnit with $plan tests"; fi

if python3 - build/bench.d/nested.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["complete"] and all(s["seconds"] is not None for s in d["stages"]) else 1)
EOF
then ok "the stage times are in build/bench.d/nested.json for make bench"
else not_ok "the stage times are in build/bench.d/nested.json"; fi

# The real stream, cut in the middle of the TAP, must not pass.
half=$(($(wc -l <"$OUT/channel.log") / 2))
head -n "$half" "$OUT/channel.log" >"$T/real-cut"
collect_case "the real result stream cut at line $half is a Bail out" 2 '^Bail out! ' "$T/real-cut"

finish
