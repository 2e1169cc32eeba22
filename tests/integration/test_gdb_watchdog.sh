#!/usr/bin/env bash
# The watchdog under the gdb stub limits the guest's running time: the time a
# debugger holds the guest (waiting for gdb at the first instruction, stopped
# at a breakpoint) does not count against --timeout, and the time it runs
# between stops still does. Each stop below is longer than the whole limit,
# so a watchdog that counted wall time would end the run as TIMEOUT while
# gdb holds it. No time is asserted: only verdicts and gdb's output.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "gdb watchdog" "no usable /dev/kvm"; finish; exit
fi
if ! command -v gdb >/dev/null 2>&1; then
	skip "gdb watchdog" "gdb not installed (ci/deps.sh installs it)"; finish; exit
fi

SOCK=$TMP/gdb.sock
LIMIT=1      # --timeout, seconds
HOLD=2.5     # each stop in gdb: longer than LIMIT

# run NAME ELF UVMM-ARGS -- GDB-COMMAND...: uvmm with its stub on $SOCK, gdb
# -batch against it; outputs $TMP/NAME.uvmm and $TMP/NAME.gdb, status $URC.
run() {
	local name=$1 elf=$2 uargs=() gargs=()
	shift 2
	while [ "$1" != -- ]; do uargs+=("$1"); shift; done
	shift
	for c in "$@"; do gargs+=(-ex "$c"); done
	rm -f "$SOCK"
	timeout 40 "$UVMM" run --gdb "unix:$SOCK" "${uargs[@]}" "$elf" >"$TMP/$name.uvmm" 2>&1 &
	local upid=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
	timeout 30 gdb -nx -batch -ex "target remote $SOCK" "${gargs[@]}" "$elf" >"$TMP/$name.gdb" 2>&1
	wait "$upid"; URC=$?
}

verdict() {
	if [ "$URC" -eq "$3" ]; then ok "$1"
	else not_ok "$1 (uvmm exit $URC, wanted $3)"; sed 's/^/    /' "$TMP/$2.uvmm" "$TMP/$2.gdb" | tail -20; fi
}

has() { grep -Eq -- "$3" "$TMP/$1.$2"; }

ELF=$GUESTS/gdb_target.elf
# Held at the first instruction for longer than the limit, then run to the end.
run first "$ELF" --timeout $LIMIT -- "shell sleep $HOLD" continue
verdict "held at the first instruction past --timeout, the run still PASSes" first 0
if has first gdb '\(Remote target\) exited normally'; then ok "... and gdb hears the guest's clean exit"
else not_ok "gdb did not hear the exit"; sed 's/^/    /' "$TMP/first.gdb" | tail -10; fi

# Stopped twice at a breakpoint, each time for longer than the limit.
run bp "$ELF" --timeout $LIMIT -- 'break tick' continue "shell sleep $HOLD" continue \
	"shell sleep $HOLD" delete continue
if has bp gdb 'Breakpoint 1, tick \(round=.*2\)'; then ok "gdb stopped at the breakpoint twice"
else not_ok "breakpoint stops"; sed 's/^/    /' "$TMP/bp.gdb" | tail -10; fi
verdict "stopped at breakpoints past --timeout, the run still PASSes" bp 0
if ! has bp uvmm 'timeout'; then ok "... and uvmm reports no timeout"
else not_ok "uvmm reported a timeout"; sed 's/^/    /' "$TMP/bp.uvmm" | tail -10; fi

# The limit still holds for the time the guest runs: a guest that spins
# forever under gdb's continue is stopped by the watchdog, and gdb hears it.
run spin "$GUESTS/selftest_hang.elf" --timeout $LIMIT -- "shell sleep $HOLD" continue
verdict "a guest that runs past --timeout under gdb is a TIMEOUT" spin 3
if has spin uvmm 'timeout after 1 s' && has spin gdb 'exited with code 03'; then
	ok "... with the watchdog's report, and gdb hears the TIMEOUT status"
else not_ok "no watchdog report"; sed 's/^/    /' "$TMP/spin.uvmm" | tail -10; fi

finish
