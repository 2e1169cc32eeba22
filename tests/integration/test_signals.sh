#!/usr/bin/env bash
# Issue 13 rule 5, "reports are whole or clearly marked partial": SIGINT,
# SIGTERM, SIGHUP and SIGPIPE arrive in the middle of a run with two wedged
# tests. Checked each time: uvmm dies of that signal, none of its test
# processes (or their process groups) survives, and the TAP, KTAP, JUnit and
# JSON files are complete documents that say the run was interrupted and
# after which test. Also: a signal ignored at start stays ignored (nohup), a
# SIGKILLed runner leaves the old report in place (never 0 bytes) and no
# test process behind, and a report on a device is written in place.
# Prints one ok/not ok line per check; exits 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
GUESTS=$PWD/build/guest
T=$TMP


if [ ! -x "$UVMM" ] || [ ! -f "$GUESTS/hello.elf" ]; then
	skip "signals" "needs $UVMM and $GUESTS/hello.elf (make all)"; finish; exit
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "signals" "needs /dev/kvm"; finish; exit
fi

# timeout = 86400 (the longest): the wedged tests run for as long as the test lasts.
cat > "$T/suite.manifest" <<'EOT'
[quick]
image = hello.elf
[wedge1]
image = hello.elf
timeout = 86400
[wedge2]
image = hello.elf
timeout = 86400
[later]
image = hello.elf
EOT
: > "$T/none.txt"
# A shell starts background commands with SIGINT ignored; `dfl` gives the
# runner the default dispositions a terminal user's uvmm has.
# (It execs: only in the background, where $! is then uvmm itself.)
dfl() { exec python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"; }

# start NAME [uvmm options]: the run in the background; pid in $pid.
start() {
	local name=$1; shift
	rm -rf "$T/$name"; mkdir -p "$T/$name"
	UVMM_TEST_WEDGE='wedge*' dfl "$UVMM" test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" \
		--log-dir "$T/$name/logs" --deviations "$T/none.txt" -j 3 --progress plain \
		--tap "$T/$name/r.tap" --ktap "$T/$name/r.ktap" --junit "$T/$name/r.xml" \
		--json "$T/$name/r.json" "$@" > "$T/$name/out" 2> "$T/$name/err" &
	pid=$!
}
# until_running NAME: quick has its verdict and both wedged tests run.
until_running() {
	for _ in $(seq 1 200); do
		grep -Eq '^PASS +quick ' "$T/$1/out" 2>/dev/null &&
			[ "$(pgrep -P "$pid" | wc -l)" -ge 2 ] && sleep 0.3 && return 0
		sleep 0.05
	done
	return 1
}
# wait_exit: uvmm's exit status in $status (999 when it did not end in 10 s).
wait_exit() {
	for _ in $(seq 1 200); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid"; status=$?; return; }
		sleep 0.05
	done
	status=999; kill -KILL "$pid"; wait "$pid" 2>/dev/null
}
# alive PID: the process exists and is not a zombie (an orphan that died is
# a zombie until this machine's init reaps it).
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null); [ -n "$st" ] && [ "${st#Z}" = "$st" ]; }
# none_left PIDS: none of them alive, and nothing alive in their groups.
none_left() {
	local p q
	for p in "$@"; do
		alive "$p" && return 1
		for q in $(pgrep -g "$p"); do alive "$q" && return 1; done
	done
	return 0
}
reports_marked() { # reports_marked NAME SIGNAL
	local d=$T/$1 sig=$2
	python3 - "$d" "$sig" <<'EOF'
import json, sys, xml.dom.minidom
d, sig = sys.argv[1], sys.argv[2]
why = f"interrupted by {sig} after test '"
tap = open(d + "/r.tap").read().splitlines()
assert tap[0] == "TAP version 14" and "1..4" in tap, "TAP plan"
assert tap[-1].startswith("Bail out! uvmm test " + why), tap[-1]
assert "stopped while running: wedge1, wedge2" in tap[-1] or "stopped while running: wedge2, wedge1" in tap[-1], tap[-1]
ktap = open(d + "/r.ktap").read().splitlines()
assert ktap[0] == "KTAP version 1" and ktap[-1].startswith("Bail out! uvmm test " + why), ktap[-1]
doc = xml.dom.minidom.parse(d + "/r.xml")
errors = [e for e in doc.getElementsByTagName("error") if e.getAttribute("type") == "INTERRUPTED"]
assert len(errors) == 1 and why in errors[0].getAttribute("message"), "JUnit <error>"
res = json.load(open(d + "/r.json"))
run = res["platforms"][0]["runs"][0]
assert res["complete"] is False and run["complete"] is False
assert run["interrupted"]["signal"] == sig, run["interrupted"]
assert sorted(run["interrupted"]["running"]) == ["wedge1", "wedge2"]
assert run["interrupted"]["after"] in ("quick", "later")
names = [t["name"] for t in res["platforms"][0]["tests"]]
assert "quick" in names and "wedge1" not in names, names
EOF
}
no_temp_files() { [ -z "$(find "$T/$1" -maxdepth 1 -name '.r.*')" ]; }

for sig in INT TERM HUP; do
	start "$sig"
	if ! until_running "$sig"; then
		not_ok "SIG$sig: the run never got both wedged tests going"; kill -KILL "$pid"; continue
	fi
	kids=$(pgrep -P "$pid" | tr '\n' ' ')
	kill "-$sig" "$pid"
	wait_exit
	signo=$(kill -l "$sig")
	check "SIG$sig: uvmm stops and dies of SIG$sig (status $status)" [ "$status" = $((128 + signo)) ]
	# shellcheck disable=SC2086
	check "SIG$sig: no test process survives, none of their groups either ($kids)" none_left $kids
	check "SIG$sig: TAP/KTAP end with Bail out!, JUnit has an <error>, JSON 'interrupted', naming the last test" \
		reports_marked "$sig" "SIG$sig"
	check "SIG$sig: no temporary report file is left" no_temp_files "$sig"
	check "SIG$sig: the terminal is told too" grep -q "uvmm test: interrupted by SIG$sig after test" "$T/$sig/err"
done

# SIGPIPE: the reader of standard output goes away in the middle of the run
# (a forced status line writes every 250 ms, so uvmm writes into the pipe).
rm -rf "$T/PIPE"; mkdir -p "$T/PIPE"; mkfifo "$T/PIPE/fifo"
UVMM_TEST_WEDGE='wedge*' dfl "$UVMM" test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" \
	--log-dir "$T/PIPE/logs" --deviations "$T/none.txt" -j 3 --progress line \
	--tap "$T/PIPE/r.tap" --ktap "$T/PIPE/r.ktap" --junit "$T/PIPE/r.xml" --json "$T/PIPE/r.json" \
	> "$T/PIPE/fifo" 2> "$T/PIPE/err" &
pid=$!
exec 3< "$T/PIPE/fifo"
for _ in $(seq 1 200); do [ "$(pgrep -P "$pid" | wc -l)" -ge 2 ] && break; sleep 0.05; done
sleep 0.5
kids=$(pgrep -P "$pid" | tr '\n' ' ')
exec 3<&-
wait_exit
check "SIGPIPE: uvmm stops and dies of SIGPIPE (status $status)" [ "$status" = 141 ]
# shellcheck disable=SC2086
check "SIGPIPE: no test process survives ($kids)" none_left $kids
check "SIGPIPE: the reports are whole and say so" reports_marked PIPE SIGPIPE

# A signal ignored when uvmm starts (nohup) stays ignored.
rm -rf "$T/NOHUP"; mkdir -p "$T/NOHUP"
UVMM_TEST_WEDGE='wedge*' python3 -c 'import os, signal, sys
signal.signal(signal.SIGHUP, signal.SIG_IGN)
os.execvp(sys.argv[1], sys.argv[1:])' "$UVMM" test --manifest "$T/suite.manifest" \
	--guest-dir "$GUESTS" --log-dir "$T/NOHUP/logs" --deviations "$T/none.txt" -j 3 \
	--progress plain --tap "$T/NOHUP/r.tap" > "$T/NOHUP/out" 2>&1 &
pid=$!
until_running NOHUP
kill -HUP "$pid"; sleep 0.5
check "a SIGHUP ignored at start (nohup) stays ignored: the run goes on" alive "$pid"
kill -TERM "$pid"; wait_exit

# SIGKILL cannot be handled: the old report stays whole (the new one only
# ever existed as a temporary file) and the test processes die with uvmm.
start KILL
echo "the previous run's report" > "$T/KILL/r.tap"
until_running KILL
kids=$(pgrep -P "$pid" | tr '\n' ' ')
kill -KILL "$pid"; wait "$pid" 2>/dev/null
sleep 0.5
check "SIGKILL: the report file is not truncated (never 0 bytes)" \
	grep -qx "the previous run's report" "$T/KILL/r.tap"
# shellcheck disable=SC2086
check "SIGKILL: the test processes die with the runner (PR_SET_PDEATHSIG; $kids)" none_left $kids

# A report on something that is not a regular file is written in place.
"$UVMM" test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" --log-dir "$T/dev/logs" \
	--deviations "$T/none.txt" --tap /dev/null quick > /dev/null 2>&1
check "--tap /dev/null writes to the device, never renames over it" [ -c /dev/null ]
# A whole run: complete files, no Bail out!, no temporary files.
mkdir -p "$T/whole"
"$UVMM" test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" --log-dir "$T/whole/logs" \
	--deviations "$T/none.txt" --tap "$T/whole/r.tap" --json "$T/whole/r.json" quick later > /dev/null 2>&1
check "an uninterrupted run's reports are complete" bash -c "
	! grep -q 'Bail out' '$T/whole/r.tap' && grep -q '^# 2 passed' '$T/whole/r.tap' &&
	python3 -c 'import json; assert json.load(open(\"$T/whole/r.json\"))[\"complete\"]'"
check "an uninterrupted run leaves no temporary file" no_temp_files whole
finish
