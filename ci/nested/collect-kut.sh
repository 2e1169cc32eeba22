#!/usr/bin/env bash
# The kvm-unit-tests part of the nested job's result channel (KUT_DIR given,
# docs/kut.md): extracts the TAP of `uvmm kut` from between its markers into
# OUT_DIR/kut.tap, checks it is whole (plan = test points, a class each, the
# summary comment), and prints one line per entry and the summary. KUT's own
# verdicts on stock KVM are the reference for uvmm kut --compare, not a
# verdict on uvmm: they do not change the job's status; a broken stream does.
# Usage: ci/nested/collect-kut.sh CHANNEL_LOG OUT_DIR   (exit 0, or 2: Bail out!)
set -uo pipefail

log=${1:?usage: collect-kut.sh CHANNEL_LOG OUT_DIR}
out=${2:?usage: collect-kut.sh CHANNEL_LOG OUT_DIR}
bail() { echo "Bail out! nested: kvm-unit-tests: $*"; exit 2; }

clean=$(mktemp)
trap 'rm -f "$clean"' EXIT
tr -d '\r' <"$log" >"$clean"
grep -q '^=== NESTED KUT BEGIN$' "$clean" || bail "no KUT BEGIN marker: uvmm kut never started"
grep -q '^=== NESTED KUT END$' "$clean" || bail "no KUT END marker: the run was cut short"
awk '/^=== NESTED KUT END$/ && on { exit } on { print } /^=== NESTED KUT BEGIN$/ { on = 1 }' \
	"$clean" >"$out/kut.tap"
[ -s "$out/kut.tap" ] || bail "uvmm kut wrote no TAP (see the console log)"
awk '
NR == 1 && $0 != "TAP version 14" { print "ERROR: not TAP"; bad = 1 }
/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0 }
/^(not )?ok [0-9]+ - / { if (name != "" && cls == "") { print "ERROR: " name " has no class"; bad = 1 }
	name = $0; sub(/^(not )?ok [0-9]+ - /, "", name); sub(/ # (SKIP|TODO).*$/, "", name); cls = ""; n++ }
/^  class: / && name != "" && cls == "" { cls = $2; printf "kut %-8s %s\n", cls, name }
/^# [0-9]+ passed, / { summary = substr($0, 3) }
END {
	if (name != "" && cls == "") { print "ERROR: " name " has no class"; bad = 1 }
	if (plan == "" || n != plan) { print "ERROR: plan " plan " but " n " test points"; bad = 1 }
	if (summary == "") { print "ERROR: no summary comment"; bad = 1 }
	else print "kut: " summary
	exit bad
}' "$out/kut.tap" >"$out/kut.lines"
rc=$?
why=$(grep -m1 '^ERROR: ' "$out/kut.lines" | sed 's/^ERROR: //')
[ "$rc" -eq 0 ] || bail "malformed TAP in $out/kut.tap: $why"
cat "$out/kut.lines"
rm -f "$out/kut.lines"
echo "nested: kvm-unit-tests TAP in $out/kut.tap (compare: uvmm kut --compare LOCAL.tap $out/kut.tap)"
