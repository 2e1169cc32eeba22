#!/usr/bin/env bash
# Progress of `uvmm test` (issue 19): on a terminal one live status line
# (done/total, elapsed, failures so far, running tests) and only the verdicts
# that fail the suite; on a pipe or file plain verdict lines — never both.
# The terminal is a real pseudo-terminal (tests/tools/pty_run.py).
# Prints one ok/not ok line per check; exits 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
GUESTS=$PWD/build/guest
T=$TMP

if [ ! -x "$UVMM" ] || [ ! -f "$GUESTS/hello.elf" ]; then
	skip "progress" "needs $UVMM and $GUESTS/hello.elf (make all)"; finish; exit
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "progress" "needs /dev/kvm"; finish; exit
fi
echo 'pio.out 0x1234:1 = 0x99' > "$T/wrong.expect"
cat > "$T/suite.manifest" <<EOT
[one_with_a_rather_long_name_for_the_line]
image = hello.elf
[two]
image = hypercall.elf
[broken]
image = hello.elf
expect = $T/wrong.expect
[four]
image = hello.elf
[five]
image = hello.elf
EOT
: > "$T/none.txt"
args=(test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" --log-dir "$T/logs"
	--deviations "$T/none.txt" -j 2)

# --- a terminal, 60 columns wide -----------------------------------------------
TERM=xterm python3 tests/tools/pty_run.py 60 "$UVMM" "${args[@]}" > "$T/tty.json"
q() { python3 -c "import json, re, sys; d = json.load(open('$T/tty.json')); sys.exit(0 if ($1) else 1)"; }
check "on a terminal: the suite's status (1, a FAIL)" q 'd["status"] == 1'
check "a live status line: [done/total] elapsed, failures so far, running tests" \
	q 'any(re.fullmatch(r"\[[0-4]/5\] [0-9]+\.[0-9] s, [01] failed, running: .+", s) for s in d["status_lines"])'
check "the status line counts up to the failure" q 'any(s.startswith("[5/5]") or "1 failed" in s for s in d["status_lines"])'
check "the status line fits the terminal (width 60: at most 59)" q 'd["max_width"] <= 59'
check "a line cut to fit ends with ..." q 'any(s.endswith("...") for s in d["status_lines"])'
check "only the verdict that fails the suite is printed, no PASS lines" \
	q 'any(l.startswith("FAIL    broken") for l in d["screen"]) and not any(l.startswith("PASS") for l in d["screen"])'
check "at the end no status line is left on the screen" \
	q 'not any(re.match(r"\[[0-9]+/5\]", l) for l in d["screen"])'
check "no screen line mixes a status line and other text" \
	q 'not any(re.search(r".\[[0-9]+/5\] ", l) for l in d["screen"])'
check "the last line is the summary" \
	q 'd["screen"][-1] == "4 passed, 1 failed, 0 skipped, 0 xfail, 0 xpass, 0 timeout, 0 error"'

# --- not a terminal: plain lines only ---------------------------------------------
"$UVMM" "${args[@]}" > "$T/plain.out" 2>&1
check "on a pipe: no carriage return or terminal control at all" bash -c "! grep -q \$'[\r\033]' '$T/plain.out'"
check "on a pipe: one verdict line per test" [ "$(grep -Ec '^(PASS|FAIL) ' "$T/plain.out")" = 5 ]
TERM=xterm python3 tests/tools/pty_run.py 60 "$UVMM" "${args[@]}" --progress plain > "$T/tty.json"
check "--progress plain on a terminal: verdict lines, no status line" \
	q 'not d["status_lines"] and sum(l.startswith(("PASS", "FAIL")) for l in d["screen"]) == 5'
TERM=dumb python3 tests/tools/pty_run.py 60 "$UVMM" "${args[@]}" > "$T/tty.json"
check "TERM=dumb: plain lines" q 'not d["status_lines"] and "\r" not in d["raw"].replace("\r\n", "")'
"$UVMM" "${args[@]}" --progress line > "$T/forced.out" 2>&1
check "--progress line off a terminal: the status line, no PASS lines" \
	bash -c "grep -q \$'\r\033\\[K\\[' '$T/forced.out' && ! grep -Eq '^PASS ' '$T/forced.out'"
finish
