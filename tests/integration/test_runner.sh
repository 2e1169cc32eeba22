#!/usr/bin/env bash
# Integration tests of `uvmm test` (the conformance runner) against real guests:
# PASS, a failing guest, deviations (XFAIL/XPASS), requirement SKIPs, a hang
# (TIMEOUT), a crashing and a wedged test process (ERROR / runner TIMEOUT)
# without harm to the others, the TAP and JUnit files, and the exit codes.
# Prints one ok/not ok line per check; exits 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
UVMM=$BUILD/uvmm
GUESTS=$PWD/build/guest
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # check DESCRIPTION COMMAND...
	local d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

if [ ! -x "$UVMM" ] || [ ! -f "$GUESTS/hello.elf" ]; then
	echo "1..1"
	skip "runner integration" "needs $UVMM and $GUESTS/hello.elf (make all)"
	exit 0
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "1..1"
	skip "runner integration" "needs /dev/kvm"
	exit 0
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo 'pio.out 0x1234:1 = 0x99   # never happens: makes hello fail' > "$T/wrong.expect"

cat > "$T/suite.manifest" <<EOT
# a small suite for the runner's own tests
[good]
image = hello.elf
groups = basic
timeout = 5

[bad]
image = hello.elf
groups = basic broken
expect = $T/wrong.expect

[crash]
image = hello.elf
groups = hooks

[good2]
image = hello.elf
groups = basic

[absent]
image = hello.elf
requires = file:/nonexistent/uvmm-runner-test

[elsewhere]
image = hello.elf
requires = impl:some_other_kvm
EOT
: > "$T/none.txt"
run() { # run NAME ARGS...: output in $T/NAME.out, status in $T/NAME.rc
	local name=$1; shift
	"$UVMM" test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" --log-dir "$T/logs" \
		--impl testimpl "$@" > "$T/$name.out" 2> "$T/$name.err"
	echo $? > "$T/$name.rc"
}
rc() { cat "$T/$1.rc"; }
has() { grep -Eq -- "$2" "$T/$1.out"; }
last_line() { tail -n 1 "$T/$1.out"; }
xml_ok() { python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" 2>/dev/null; }

# --list
run list --list --deviations "$T/none.txt"
check "--list prints every test with its groups" \
	grep -Eq '^bad +basic broken$' "$T/list.out"
check "--list exits 0" [ "$(rc list)" = 0 ]
run listg --list --deviations "$T/none.txt" 'group:broken' 'goo*'
check "globs select by name and group:NAME, in manifest order" \
	[ "$(awk '{print $1}' "$T/listg.out" | tr '\n' ' ')" = "good bad good2 " ]

# passing tests only
run pass --deviations "$T/none.txt" good good2 absent elsewhere
check "passing and skipped tests exit 0" [ "$(rc pass)" = 0 ]
check "summary line" [ "$(last_line pass)" = "2 passed, 0 failed, 2 skipped, 0 xfail, 0 xpass, 0 timeout, 0 error" ]
check "unmet file: requirement is a SKIP with its reason" \
	has pass '^SKIP +absent .*requires /nonexistent/uvmm-runner-test, which does not exist'
check "unmet impl: requirement is a SKIP" \
	has pass '^SKIP +elsewhere .*requires the KVM implementation some_other_kvm, this is testimpl'
check "environment header names the implementation" has pass 'kvm_implementation: testimpl \(--impl\)'
check "per-test log holds the guest console" grep -q 'Hello, world!' "$T/logs/good.log"

# One logging rule: what a test's process writes to the terminal lands in its
# log, never on the runner's terminal (and its first "uvmm:" line is the hint).
UVMM_TEST_STRAY=good run stray --deviations "$T/none.txt" good
check "a test process's stdout and stderr go to its log" \
	grep -q 'stray stderr line of good' "$T/logs/good.log"
check "... not to the runner's terminal" \
	bash -c "! grep -q 'stray' '$T/stray.out' '$T/stray.err'"

# Guest bytes never reach the operator raw: a guest that prints uvmm-like
# lines, terminal escapes, TAP and XML syntax, and reports a failure whose
# name and reason carry the same, changes no verdict and no report's structure.
cat > "$T/forge.manifest" <<'EOT'
[forge]
image = selftest_forge.elf
[hint]
image = selftest_forge_hint.elf
EOT
"$UVMM" test --manifest "$T/forge.manifest" --guest-dir "$GUESTS" --log-dir "$T/logs" \
	--deviations "$T/none.txt" --tap "$T/forge.tap" --junit "$T/forge.xml" >"$T/forge.out" 2>&1
check "a forging guest is FAIL with its own words escaped" \
	grep -Eq '^FAIL +forge .*GUEST_FAIL: uvmm: PASS\\x1b\[31m # SKIP: \]\]></failure>\\x0d\\x0a\\x1b\[2Jok 3$' "$T/forge.out"
check "... and no raw escape, carriage return or NUL reaches the runner's output" \
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(any(b in d for b in (b"\x1b", b"\r", b"\x00")))' "$T/forge.out"
check "a guest's uvmm-like console line is not taken as uvmm's reason" \
	grep -Eq '^FAIL +hint .*MISMATCH: exit #[0-9]+ at rip 0x[0-9a-f]+ does not match <note>:2:1: wrong value' "$T/forge.out"
check "in the log every console line is marked as the guest's" \
	grep -q '^guest| uvmm: everything is fine' "$T/logs/hint.log"
check "the TAP stream keeps its structure: two top-level points, both not ok" python3 - "$T/forge.tap" <<'EOP'
import re, sys
lines = open(sys.argv[1], encoding="ascii").read().split("\n")
top = [l for l in lines if re.match(r"(not )?ok \d+ ", l)]
plan = [l for l in lines if re.match(r"1\.\.\d+$", l)]
sys.exit(0 if plan == ["1..2"] and len(top) == 2 and all(l.startswith("not ok") for l in top)
         and not any(re.search(r"[^\\]# SKIP", l) for l in top) else 1)
EOP
check "the JUnit report is well-formed XML with the guest's reason as text" python3 - "$T/forge.xml" <<'EOP'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall(".//testcase")
sys.exit(0 if len([c for c in cases if c.get("name") in ("forge", "hint")]) == 2 else 1)
EOP

# a failing guest, a crashing test process, TAP and JUnit
UVMM_TEST_CRASH=crash run mixed --deviations "$T/none.txt" -j 3 --tap "$T/out.tap" --junit "$T/out.xml"
check "a failing guest makes the runner fail (exit 1)" [ "$(rc mixed)" = 1 ]
check "the failing guest is FAIL with the mismatch" has mixed '^FAIL +bad .*MISMATCH'
check "a failure prints its log path" has mixed "log: $T/logs/bad.log"
check "the log holds expected vs actual" grep -q 'expected: pio.out 0x1234:1 = 0x99' "$T/logs/bad.log"
check "a crashing test process is ERROR" has mixed '^ERROR +crash .*signal 11'
check "the crash harms no other test" \
	[ "$(grep -Ec '^PASS +(good|good2) ' "$T/mixed.out")" = 2 ]
check "verdicts are in manifest order" \
	[ "$(grep -Eo '^(PASS|FAIL|ERROR|SKIP) +[a-z0-9]+' "$T/mixed.out" | awk '{print $2}' | tr '\n' ' ')" = "good bad crash good2 absent elsewhere " ]
check "summary counts" [ "$(last_line mixed)" = "2 passed, 1 failed, 2 skipped, 0 xfail, 0 xpass, 0 timeout, 1 error" ]
check "TAP: version, plan and one point per test" \
	bash -c "head -1 '$T/out.tap' | grep -qx 'TAP version 14' && grep -qx '1..6' '$T/out.tap' && [ \$(grep -Ec '^(not )?ok [0-9]+ - ' '$T/out.tap') = 6 ]"
check "TAP: FAIL, ERROR and SKIP points" \
	bash -c "grep -qx 'not ok 2 - bad' '$T/out.tap' && grep -qx 'not ok 3 - crash' '$T/out.tap' && grep -q '^ok 5 - absent # SKIP requires' '$T/out.tap'"
check "TAP: YAML block with the class" grep -qx '  class: ERROR' "$T/out.tap"
check "JUnit is well-formed XML" xml_ok "$T/out.xml"
check "JUnit counts" grep -q '<testsuite name="uvmm" tests="6" failures="1" errors="1" skipped="2"' "$T/out.xml"
check "JUnit failure and error elements" \
	bash -c "grep -q '<failure message=\"MISMATCH' '$T/out.xml' && grep -q '<error message=\"the test process was killed by signal 11' '$T/out.xml'"

# deviations: FAIL -> XFAIL (suite passes), PASS -> XPASS (suite fails)
printf 'bad testimpl the port does not exist here\ngood otherimpl only elsewhere\n' > "$T/dev1.txt"
run xfail --deviations "$T/dev1.txt" good bad
check "a listed FAIL is XFAIL and the suite passes" \
	bash -c "[ $(rc xfail) = 0 ] && grep -Eq '^XFAIL +bad .*known deviation: the port does not exist here' '$T/xfail.out'"
check "a deviation of another implementation does not apply" has xfail '^PASS +good '
printf 'good testimpl fixed since\n' > "$T/dev2.txt"
run xpass --deviations "$T/dev2.txt" good
check "a listed PASS is XPASS and the suite fails" \
	bash -c "[ $(rc xpass) = 1 ] && grep -Eq '^XPASS +good ' '$T/xpass.out'"

# the runner's hard limit kills a wedged test process
cat > "$T/wedge.manifest" <<EOT
[wedged]
image = hello.elf
timeout = 1
[fine]
image = hello.elf
EOT
start=$(date +%s)
UVMM_TEST_WEDGE=wedged "$UVMM" test --manifest "$T/wedge.manifest" --guest-dir "$GUESTS" \
	--log-dir "$T/logs" --deviations "$T/none.txt" > "$T/wedge.out" 2>&1
wrc=$? took=$(( $(date +%s) - start ))
check "a wedged test process is killed by the runner (TIMEOUT)" \
	grep -Eq '^TIMEOUT +wedged .*killed by the runner after 6 s' "$T/wedge.out"
# A lower bound only: a loaded machine can make it later, never earlier.
check "the runner waited the hard limit, timeout + 5 s, before killing (took ${took} s)" [ "$took" -ge 5 ]
check "the other test still passes, the suite fails" \
	bash -c "[ $wrc = 1 ] && grep -Eq '^PASS +fine ' '$T/wedge.out'"

# a hanging guest: the child's watchdog reports TIMEOUT within the limit.
# The selftest_hang guest (an ELF spinning after one exit) and a flat `jmp .`.
printf '\xeb\xfe' > "$T/spin.bin"
printf '[spin]\nimage = %s\nflat = 0x1000\ntimeout = 1\n' "$T/spin.bin" > "$T/hang.manifest"
printf '[hang]\nimage = selftest_hang.elf\ntimeout = 1\n' >> "$T/hang.manifest"
start=$(date +%s)
"$UVMM" test --manifest "$T/hang.manifest" --guest-dir "$GUESTS" --log-dir "$T/logs" \
	--deviations "$T/none.txt" --tap "$T/hang.tap" > "$T/hang.out" 2>&1
hrc=$? took=$(( $(date +%s) - start ))
check "a hanging guest is TIMEOUT" bash -c "[ $hrc = 1 ] && grep -Eq '^TIMEOUT +spin .*no verdict within the time limit' '$T/hang.out'"
check "selftest_hang is TIMEOUT" grep -Eq '^TIMEOUT +hang .*no verdict within the time limit' "$T/hang.out"
check "the TIMEOUT names the last exit and RIP" grep -Eq 'pio.out 0x80:1 = 0x1' "$T/hang.out"
check "the hang is stopped by its own 1 s limit, not the runner's" \
	bash -c "grep -q 'uvmm: timeout after 1 s' '$T/logs/hang.log' && ! grep -q 'killed by the runner' '$T/hang.out'"
check "the hang's log shows where the vCPU was" grep -q 'rip 0000000000001000' "$T/logs/spin.log"
check "TAP names the class of the hang" grep -qx '  class: TIMEOUT' "$T/hang.tap"

# a known hang with TIMEOUT=SEC is confirmed within SEC, not the test's 1 s
printf 'hang testimpl TIMEOUT=0.2 spins after one exit\n' > "$T/hangdev.txt"
printf '[hang]\nimage = selftest_hang.elf\ntimeout = 1\n' > "$T/hang2.manifest"
"$UVMM" test --manifest "$T/hang2.manifest" --guest-dir "$GUESTS" --log-dir "$T/logs" \
	--deviations "$T/hangdev.txt" --impl testimpl > "$T/hang2.out" 2>&1
h2rc=$?
check "TIMEOUT=0.2 in a deviation confirms the hang with a 0.2 s limit (XFAIL)" \
	bash -c "[ $h2rc = 0 ] && grep -Eq '^XFAIL +hang ' '$T/hang2.out' && grep -q 'uvmm: timeout after 0.2 s' '$T/logs/hang.log'"

# data and usage errors
printf '[x]\nimage = hello.elf\ncolour = red\n' > "$T/badm.manifest"
"$UVMM" test --manifest "$T/badm.manifest" --deviations "$T/none.txt" > /dev/null 2> "$T/badm.err"
brc=$?
check "a manifest error exits 5 with FILE:LINE" \
	bash -c "[ $brc = 5 ] && grep -q 'badm.manifest:3: unknown key .colour.' '$T/badm.err'"
printf 'bad\n' > "$T/badd.txt"
run badd --deviations "$T/badd.txt"
check "a deviations error exits 5 with FILE:LINE" \
	bash -c "[ $(rc badd) = 5 ] && grep -q 'badd.txt:1: ' '$T/badd.err'"
run nomatch --deviations "$T/none.txt" no-such-test
check "a pattern that matches nothing is a usage error (7)" [ "$(rc nomatch)" = 7 ]
run badopt --deviations "$T/none.txt" --bogus
check "an unknown option is a usage error (7)" [ "$(rc badopt)" = 7 ]
run badj --deviations "$T/none.txt" -j 0
check "-j 0 is a usage error (7)" [ "$(rc badj)" = 7 ]

echo "1..$n"
[ "$failed" -eq 0 ]
