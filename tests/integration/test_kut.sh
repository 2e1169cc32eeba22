#!/usr/bin/env bash
# Integration tests of `uvmm kut` and `uvmm run --kut` against guest/kut's
# kut_proto.elf, a guest that follows kvm-unit-tests' protocol, with the
# unittests.cfg in tests/kut/: every entry's verdict (tests/kut/expected.txt:
# passes, SKIP reasons, a SUMMARY that lies, a failure behind status 0, an
# abort, a hang), selection, deviations of entries and subtests, every
# malformed cfg, TAP and JUnit, --compare, and exit checking of a KUT run.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
IMG=$PWD/$GUESTS/kut_proto.elf

if [ ! -x "$UVMM" ] || [ ! -f "$IMG" ]; then
	skip "uvmm kut" "needs $UVMM and $IMG (make all)"; finish; exit
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "uvmm kut" "needs /dev/kvm"; finish; exit
fi

# A KUT_DIR as a build leaves it: x86/unittests.cfg next to the binaries, errata.txt on top.
K=$TMP/kut
mkdir -p "$K/x86"
cp tests/kut/unittests.cfg "$K/x86/"
cp tests/kut/errata.txt "$K/"
ln -s "$IMG" "$K/x86/kut_proto.elf"
: >"$TMP/none.txt"
kut() { "$UVMM" kut --log-dir "$TMP/logs" --deviations "$TMP/none.txt" "$@"; }

out=$(kut -j2 --tap "$TMP/a.tap" --junit "$TMP/a.xml" --json "$TMP/a.json" --ktap "$TMP/a.ktap" "$K" 2>&1); rc=$?
[ "$rc" -eq 1 ] && ok "uvmm kut exits 1 when an entry fails" || not_ok "uvmm kut exit $rc, wanted 1"
while IFS=$'\t' read -r entry cls msg; do
	case $entry in '#'* | '') continue ;; esac
	line=$(grep -E "^$cls +$entry " <<<"$out")
	if [ -n "$line" ] && { [ -z "$msg" ] || grep -qF -- "$msg" <<<"$line"; }; then
		ok "$entry: $cls${msg:+ ($msg)}"
	else
		not_ok "$entry: wanted $cls '$msg', got: $(grep -E " $entry " <<<"$out" | head -1)"
	fi
done <tests/kut/expected.txt
grep -q "only_on_request" <<<"$out" && not_ok "a nodefault entry ran unasked" ||
	ok "a nodefault entry runs only when asked for"
grep -q '^5 passed, 6 failed, 6 skipped, 0 xfail, 0 xpass, 1 timeout, 0 error$' <<<"$out" &&
	ok "the summary line counts every entry" || not_ok "summary: $(tail -1 <<<"$out")"

# TAP: the report lines as subtests (XFAIL/KFAIL as TODO), the classes.
grep -q '^# Subtest: xfail$' "$TMP/a.tap" &&
	grep -q '^    not ok 2 - an expected failure # TODO an expected failure (XFAIL)$' "$TMP/a.tap" &&
	grep -q '^    ok 4 - a skip # SKIP$' "$TMP/a.tap" && grep -q '^    not ok 2 - this fails$' "$TMP/a.tap" &&
	ok "TAP has each report line as a subtest" || not_ok "TAP subtests"
[ "$(grep -c '^\(not \)\?ok [0-9]* - ' "$TMP/a.tap")" -eq 18 ] && grep -q '^1\.\.18$' "$TMP/a.tap" &&
	ok "TAP has one test point per entry" || not_ok "TAP points"
# JUnit: one testcase per entry and one per report line, well-formed.
if python3 - "$TMP/a.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
cases = s.findall("testcase")
assert int(s.get("tests")) == len(cases), (s.get("tests"), len(cases))
names = {(c.get("classname"), c.get("name")) for c in cases}
assert ("uvmm.fail", "this fails") in names and ("uvmm.xfail", "a known failure") in names, names
fail = [c for c in cases if c.get("classname") == "uvmm.fail" and c.get("name") == "this fails"][0]
assert fail.find("failure") is not None
PY
then ok "JUnit: a testcase per entry and per report line"; else not_ok "JUnit report"; fi

# Selection.
expect_run "-g GROUP runs that group" 0 '^2 passed, 0 failed' -- kut -g proto "$K"
expect_run "a named nodefault entry runs" 0 '^PASS +only_on_request' -- kut "$K" only_on_request
expect_run "a name matching nothing is a usage error" 7 "no entry matches 'nope'" -- kut "$K" nope
expect_run "--list shows entries and SKIP reasons" 0 'needs_model .*\(SKIP: needs QEMU CPU model Opteron_G1\)' -- kut --list "$K"
expect_run "an errata file that is missing is an error" 5 'nonexistent-errata' -- \
	kut --errata "$TMP/nonexistent-errata" "$K" boot

# Deviations, of an entry and of one subtest; a hang only by a TIMEOUT entry.
cat >"$TMP/dev.txt" <<EOT
abort        kvm_test  aborts here, passes there
fail:this_fails kvm_test one subtest fails here
xfail:a_pass kvm_test  listed, but passes
hang         kvm_test  TIMEOUT=0.5 spins here
EOT
out=$("$UVMM" kut --log-dir "$TMP/logs" --deviations "$TMP/dev.txt" --impl kvm_test "$K" abort fail xfail hang 2>&1)
grep -qE '^XFAIL +abort .*known deviation: aborts here' <<<"$out" && ok "an entry deviation makes FAIL XFAIL" ||
	not_ok "entry deviation: $(grep ' abort ' <<<"$out")"
grep -qE '^XFAIL +fail .*known deviation of 1 subtest: one subtest fails here' <<<"$out" &&
	ok "a subtest deviation covering every failing line makes FAIL XFAIL" || not_ok "subtest deviation: $(grep ' fail ' <<<"$out")"
grep -qE "^XPASS +xfail .*subtest 'a pass' passed" <<<"$out" && ok "a listed subtest that passes is XPASS" ||
	not_ok "subtest XPASS: $(grep ' xfail ' <<<"$out")"
grep -qE '^XFAIL +hang ' <<<"$out" && ok "a TIMEOUT deviation covers the hang" || not_ok "hang: $(grep ' hang ' <<<"$out")"
out=$("$UVMM" kut --log-dir "$TMP/logs" --deviations "$TMP/dev.txt" --impl other "$K" fail 2>&1)
grep -qE '^FAIL +fail ' <<<"$out" && ok "deviations of another implementation do not apply" || not_ok "impl: $out"

# Malformed cfgs: FILE:LINE errors, exit 5, nothing run.
bad() { # bad WHAT CFG-TEXT PATTERN
	mkdir -p "$TMP/bad/x86"
	printf '%b' "$2" >"$TMP/bad/x86/unittests.cfg"
	expect_run "malformed cfg: $1" 5 "$3" -- kut "$TMP/bad"
}
bad "an entry without file" '[a]\nsmp = 1\n' 'unittests.cfg:1: entry \[a\] has no .file.'
bad "an unknown key" '[a]\nfile = kut_proto.elf\nqemu_parms = -m 1\n' "unittests.cfg:3: unknown key 'qemu_parms'"
bad "a key before the first entry" 'file = x.flat\n[a]\nfile = x\n' "unittests.cfg:1: 'file' before the first \[entry\]"
bad "a duplicate entry" '[a]\nfile = x\n[a]\nfile = y\n' 'unittests.cfg:3: duplicate entry \[a\] \(first at line 1\)'
bad "an unterminated quote" "[a]\nfile = x\ntest_args = 'oops\n" "unittests.cfg:3: test_args: unterminated '"
bad "a bad smp" '[a]\nfile = x\nsmp = many\n' "unittests.cfg:3: bad value 'many' for smp"
bad "a bad -m" '[a]\nfile = x\nqemu_params = -m lots\n' "qemu_params: bad value 'lots' for -m"
rm -f "$TMP/bad/x86/unittests.cfg"
expect_run "a directory without unittests.cfg" 5 'has no x86/unittests.cfg or unittests.cfg' -- kut "$TMP/bad"
expect_run "no KUT_DIR" 7 'which kvm-unit-tests build' -- kut
# KUT_DIR/unittests.cfg (no x86/) works too.
mkdir -p "$TMP/flat"
printf '[s5]\nfile = kut_proto.elf\ntest_args = status 0\n' >"$TMP/flat/unittests.cfg"
ln -s "$IMG" "$TMP/flat/kut_proto.elf"
expect_run "KUT_DIR/unittests.cfg with the binaries beside it" 0 '^PASS +s5 ' -- kut "$TMP/flat"

# The results file: the schema's checker accepts it, and it counts what the summary counts.
if "$UVMM" report list "$TMP/a.json" >"$TMP/list.txt" 2>&1 &&
	python3 - "$TMP/a.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["platforms"][0]
assert p["runs"][0]["suite"] == "kut", p["runs"][0]
tests = p["tests"]
assert len(tests) == 18, len(tests)
by = {t["name"]: t for t in tests}
assert by["fail"]["class"] == "FAIL", by["fail"]
assert any(s["name"] == "this fails" for s in by["fail"]["subtests"]), by["fail"]["subtests"]
PY
then ok "--json writes a results file uvmm report reads, one test per entry with its lines"
else not_ok "--json: $(head -3 "$TMP/list.txt")"; fi
grep -q '^KTAP version 1$' "$TMP/a.ktap" && grep -q '^1\.\.18$' "$TMP/a.ktap" &&
	ok "--ktap writes KTAP v1, one point per entry" || not_ok "KTAP: $(head -3 "$TMP/a.ktap")"
expect_run "two reports into one file are refused" 7 'are the same file' -- \
	kut --tap "$TMP/same" --json "$TMP/same" "$K"
expect_run "-j is a checked number" 7 "bad value '0' for -j" -- kut -j 0 "$K"
expect_run "--timeout is a checked number" 7 '--timeout' -- kut --timeout 0 "$K"
# A signal mid-run: the reports are still whole, and say the run was cut short.
"$UVMM" kut --log-dir "$TMP/logs" --deviations "$TMP/none.txt" -j1 --timeout 60 --json "$TMP/int.json" "$K" hang >/dev/null 2>&1 &
pid=$!
sleep 1.5; kill -TERM $pid; wait $pid; rc=$?
[ "$rc" -eq 143 ] && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['platforms'][0]['runs'][0]['interrupted']['signal'] == 'SIGTERM'" "$TMP/int.json" 2>/dev/null &&
	ok "SIGTERM: uvmm kut dies of it, the results file whole and marked interrupted" ||
	not_ok "SIGTERM: rc $rc, $(head -c 200 "$TMP/int.json" 2>&1)"

# --compare: the same entries with other verdicts, and whether deviations are backed.
kut --tap "$TMP/b.tap" "$K" skip fail abort >/dev/null 2>&1
sed -i 's/^# kvm_implementation: [^ ]*/# kvm_implementation: kvm_other/' "$TMP/b.tap"
printf 'fail kvm_pvm fails here\nboot kvm_pvm a claim\n' >"$TMP/cmpdev.txt"
sed -i 's/^# kvm_implementation: [^ ]*/# kvm_implementation: kvm_pvm/' "$TMP/a.tap"
expect_run "--compare lists the entries that differ" 1 '^boot +PASS +- ' -- \
	"$UVMM" kut --compare "$TMP/a.tap" "$TMP/b.tap" --deviations "$TMP/cmpdev.txt"
expect_run "--compare says which deviations the other run does not back" 1 \
	'deviation fail on kvm_pvm: NOT BACKED \(FAIL on kvm_other\)' -- \
	"$UVMM" kut --compare "$TMP/a.tap" "$TMP/b.tap" --deviations "$TMP/cmpdev.txt"
expect_run "--compare without deviations only tabulates" 0 'entries differ' -- \
	"$UVMM" kut --compare "$TMP/a.tap" "$TMP/b.tap"
echo "garbage" >"$TMP/bad.tap"
expect_run "--compare refuses what is not a TAP report" 5 'not a TAP report' -- \
	"$UVMM" kut --compare "$TMP/bad.tap" "$TMP/b.tap"

# uvmm run --kut: KUT's statuses as uvmm run's, exit checking when asked.
expect_run "run --kut: a pass" 0 'PASS: argv splits' -- "$UVMM" run --kut --smp 2 --append 'boot alpha beta gamma' --errata tests/kut/errata.txt "$IMG"
expect_run "run --kut: exit status 38 is SKIP" 77 'SKIP' -- "$UVMM" run --kut --append skip "$IMG"
expect_run "run --kut: exit status 1 is GUEST_FAIL" 1 'GUEST_FAIL' -- "$UVMM" run --kut --append fail "$IMG"
expect_run "run --kut: a CPU feature KVM cannot offer is SKIP" 77 'cannot offer the CPU feature skinit' -- \
	"$UVMM" run --kut --cpu +skinit --append boot "$IMG"
expect_run "run without --kut has no fw_cfg: NR_CPUS and fw_cfg disagree" 1 'FAIL: NR_CPUS' -- \
	"$UVMM" run --mode multiboot --irqchip --mem 128M --no-check --append 'boot alpha beta gamma' --initrd tests/kut/errata.txt "$IMG"
expect_run "run --kut --trace records every exit" 0 '' -- "$UVMM" run --kut --append xfail --trace "$TMP/s0.trace" "$IMG"
grep -q '^pio.out 0xf4:4 = 0x0$' "$TMP/s0.trace" && grep -q '^pio.in 0x3fd:1' "$TMP/s0.trace" &&
	ok "the trace has the LSR polls and the exit" || not_ok "trace: $(tail -3 "$TMP/s0.trace")"
expect_run "run --kut --expect-only with the trace passes" 0 'PASS' -- \
	"$UVMM" run --kut --append xfail --expect-only "$TMP/s0.trace" "$IMG"
sed 's/^pio.out 0xf4:4 = 0x0$/pio.out 0xf4:4 = 0x1/' "$TMP/s0.trace" >"$TMP/s1.trace"
expect_run "run --kut --expect-only catches a different exit" 2 'MISMATCH' -- \
	"$UVMM" run --kut --append xfail --expect-only "$TMP/s1.trace" "$IMG"
expect_run "run: --append and --cmdline together are refused" 7 '--cmdline and --append' -- \
	"$UVMM" run --kut --append x --cmdline y "$IMG"
finish
