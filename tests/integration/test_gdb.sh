#!/usr/bin/env bash
# The gdb stub end to end: Debian's gdb in batch mode against `uvmm run
# --gdb` on 64-, 32- and 16-bit guests, a 2-vCPU guest and guests that switch
# modes; gdb's own output is checked (breakpoint lines, values, watchpoints,
# threads, registers), and so is uvmm's verdict: debug exits never reach the
# checker, so a run stepped through gets the verdict of a straight one.
# Also --gdb-on-fault, --gdb-nowait, Ctrl-C, kill, a hostile client, and
# `uvmm test --gdb-on-fail`. Guests: guest/tests*/gdb_*.c (docs/debugging.md).
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "gdb stub" "no usable /dev/kvm"; finish; exit
fi
if ! command -v gdb >/dev/null 2>&1; then
	skip "gdb stub" "gdb not installed (ci/deps.sh installs it)"; finish; exit
fi

SOCK=$TMP/gdb.sock
line_of() { grep -n "$2" "$1" | head -1 | cut -d: -f1; }

# start NAME UVMM-ARGS...: uvmm in the background with its stub on $SOCK.
start() {
	local name=$1
	shift
	rm -f "$SOCK"
	"$UVMM" run "$@" >"$TMP/$name.uvmm" 2>&1 &
	UPID=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && return 0; sleep 0.05; done
	return 1
}

# attach NAME ELF GDB-COMMAND...: gdb -batch against $SOCK, then waits for
# uvmm. gdb's output: $TMP/NAME.gdb; uvmm's: $TMP/NAME.uvmm, status $URC.
attach() {
	local name=$1 elf=$2 args=()
	shift 2
	for c in "$@"; do args+=(-ex "$c"); done
	timeout 60 gdb -nx -batch -ex "target remote $SOCK" "${args[@]}" ${elf:+"$elf"} >"$TMP/$name.gdb" 2>&1
	wait "$UPID"; URC=$?
}

# has NAME gdb|uvmm REGEX: the output matches (extended regex).
has() { grep -Eq -- "$3" "$TMP/$1.$2"; }

# expect WHAT NAME gdb|uvmm REGEX...: every regex matches the output.
expect() {
	local what=$1 name=$2 which=$3 re
	shift 3
	for re in "$@"; do
		if ! has "$name" "$which" "$re"; then
			not_ok "$what (no /$re/ in $which output)"
			sed 's/^/    /' "$TMP/$name.$which" | tail -20
			return
		fi
	done
	ok "$what"
}

# verdict WHAT NAME CODE: uvmm's exit status.
verdict() {
	if [ "$URC" -eq "$3" ]; then ok "$1"; else not_ok "$1 (uvmm exit $URC, wanted $3)"; sed 's/^/    /' "$TMP/$2.uvmm" | tail -10; fi
}

no_data_bp() { has "$1" uvmm "does not deliver data breakpoints"; }

# --- 64-bit: stop at the first instruction, break, print, bt, watch, step --
T=guest/tests/gdb_target.c ELF=$GUESTS/gdb_target.elf
LT=$(line_of $T LINE_TICK) LC=$(line_of $T LINE_CALL) LA=$(line_of $T LINE_ADD)
"$UVMM" run "$ELF" --trace "$TMP/straight.trace" >/dev/null 2>&1; straight=$?
start t64 --gdb "unix:$SOCK" --trace "$TMP/stepped.trace" "$ELF"
attach t64 "$ELF" 'print $pc' "break gdb_target.c:$LT" continue continue 'print counter' bt \
	'x/s alias_page' 'watch counter' continue delete 'hbreak add' continue finish \
	'delete' "break gdb_target.c:$LT" continue step stepi 'x/i $pc' next next \
	'info registers' 'info threads' 'maint packet qUvmmNoSuchPacket' 'maint print xml-tdesc' delete detach
expect "gdb waits at the first guest instruction (PVH entry)" t64 gdb \
	'pvh_entry32 \(\) at boot/pvh.asm' '^\$1 = \(void \(\*\)\(\)\) 0x100000 <pvh_entry32>'
expect "uvmm prints the command to attach" t64 uvmm "waiting for gdb on $SOCK: gdb $ELF -ex 'target remote $SOCK'"
expect "a software breakpoint stops at its line" t64 gdb \
	"Breakpoint 1, tick \(round=round@entry=1\) at guest/tests/gdb_target.c:$LT" \
	"Breakpoint 1, tick \(round=round@entry=2\) at guest/tests/gdb_target.c:$LT"
expect "print reads a global through the page tables" t64 gdb '^\$2 = 1$'
expect "backtrace through the guest's frames" t64 gdb \
	"^#1  0x[0-9a-f]+ in guest_main \(\) at guest/tests/gdb_target.c:$LC" '^#2 .* in uvmm_c_entry \(\)'
expect "x on a virtual address follows the guest's page tables (alias -> other frame)" t64 gdb \
	'<alias_page>:[[:space:]]+"secret behind the alias"'
expect "watch stops on the write with old and new value" t64 gdb \
	'atchpoint 2: counter' 'Old value = 1' 'New value = 3'
expect "hbreak (a debug register) stops at the function" t64 gdb \
	"Breakpoint 3, add \(a=a@entry=3, b=b@entry=3\) at guest/tests/gdb_target.c:$LA"
expect "finish returns to the caller with the value" t64 gdb "^0x[0-9a-f]+ in tick \\(round=round@entry=3\\) at guest/tests/gdb_target.c:$LT" 'Value returned is \$[0-9]+ = 6'
expect "step enters the callee, next steps over" t64 gdb \
	"^add \(a=a@entry=6, b=b@entry=4\) at guest/tests/gdb_target.c:$LA" "^=> 0x[0-9a-f]+ <add\+[0-9]+>:"
expect "info registers: GPRs, rip, eflags, segments, fs_base/gs_base" t64 gdb \
	'^rax +0x' '^r15 +0x' '^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <' '^eflags +0x[0-9a-f]+ +\[' \
	'^cs +0x8 ' '^ss +0x10 ' '^fs_base +0x0' '^gs_base +0x0'
expect "info registers: control registers and EFER from the target description" t64 gdb \
	'^cr0 +0x80000011 +\[ PE ET PG \]' '^cr3 +0x[0-9a-f]+' '^cr4 +0x[0-9a-f]+ +\[ .*PAE' \
	'^efer +0x500 +\[ LME LMA \]'
expect "every vCPU is a thread, described" t64 gdb '^\* 1 +Thread 1 \(vcpu 0, 64-bit, 4-level paging\)'
expect "an unknown packet gets the empty reply" t64 gdb 'received: ""'
expect "the target description: x86-64, uvmm's control-register feature" t64 gdb \
	'<architecture>i386:x86-64</architecture>' 'name="org.uvmm.gdb.x86.sys"' 'name="efer"'
verdict "a run stepped through under gdb gets the straight run's verdict (PASS)" t64 "$straight"
if cmp -s "$TMP/straight.trace" "$TMP/stepped.trace"; then
	ok "breakpoints, steps and watchpoints never reach the trace (same trace as straight)"
else
	not_ok "the stepped run's trace differs"; diff "$TMP/straight.trace" "$TMP/stepped.trace" | head
fi

# rwatch/awatch need data breakpoints from KVM; without them they are refused cleanly.
start rw --gdb "unix:$SOCK" "$ELF"
attach rw "$ELF" "break gdb_target.c:$LT" continue 'rwatch bystander' continue continue \
	delete 'awatch reads' continue delete detach
if no_data_bp rw; then
	expect "without data breakpoints in KVM, rwatch is refused and the run goes on" rw gdb \
		'Could not insert hardware watchpoint'
	verdict "a refused rwatch leaves the verdict alone" rw 0
	skip "rwatch/awatch trigger" "this KVM ($(grep -o 'kvm_[a-z]*' /proc/modules 2>/dev/null | head -1)) delivers no data breakpoints"
else
	expect "rwatch stops on a read, awatch on an access" rw gdb \
		'Hardware read watchpoint 2: bystander' 'Value = 0' 'Hardware access \(read/write\) watchpoint 3: reads'
	verdict "rwatch/awatch leave the verdict alone" rw 0
fi

# set var writes guest memory (counter 1 -> 100 at round 2): the checker
# sees the guest act on it.
start setvar --gdb "unix:$SOCK" "$ELF"
attach setvar "$ELF" "break gdb_target.c:$LT" continue continue 'set var counter = 100' delete detach
verdict "set var changes guest memory: the next OUT mismatches" setvar 2
expect "... with the value gdb wrote" setvar uvmm 'actual: +pio.out 0x80:4 = 0x66'

# --- 32-bit protected mode -----------------------------------------------------
T=guest/tests32/gdb_target32.c ELF=$GUESTS/gdb_target32.elf L=$(line_of $T LINE_TICK32)
start t32 --gdb "unix:$SOCK" "$ELF"
attach t32 "$ELF" 'maint print xml-tdesc' "break gdb_target32.c:$L" continue continue 'print counter' \
	'info registers eip esp eflags cs cr0' 'watch counter' continue delete detach
expect "32-bit: an i386 target description" t32 gdb '<architecture>i386</architecture>' 'name="eip"'
expect "32-bit: breakpoint, value, registers" t32 gdb \
	"Breakpoint 1, tick \(round=round@entry=2\) at guest/tests32/gdb_target32.c:$L" '^\$1 = 1$' \
	'^eip +0x[0-9a-f]+ +0x[0-9a-f]+ <tick' '^cs +0x8 ' '^cr0 +0x11 +\[ PE ET \]'
expect "32-bit: watch with old and new value" t32 gdb 'Old value = 1' 'New value = 3'
verdict "32-bit: PASS under gdb" t32 0

# --- 16-bit real mode ------------------------------------------------------------
T=guest/tests16/gdb_target16.c ELF=$GUESTS/gdb_target16.elf L=$(line_of $T LINE_TICK16)
start t16 --gdb "unix:$SOCK" "$ELF"
attach t16 "$ELF" 'maint print xml-tdesc' "break gdb_target16.c:$L" continue continue 'print counter' \
	stepi 'info registers eip cs cr0' 'watch counter' continue delete detach
expect "16-bit: an i8086 target description" t16 gdb '<architecture>i8086</architecture>'
expect "16-bit: breakpoint in real mode, value, stepi, registers" t16 gdb \
	"Breakpoint 1, tick \(round=round@entry=2\) at guest/tests16/gdb_target16.c:$L" '^\$1 = 1$' \
	'^cs +0x0 ' '^cr0 +0x[0-9a-f]+ +\[ ET'
expect "16-bit: watch with old and new value" t16 gdb 'Old value = 1' 'New value = 3'
verdict "16-bit: PASS under gdb" t16 0
start t16b "$ELF" --gdb "unix:$SOCK"
attach t16b "" 'show architecture' detach
expect "16-bit: without an ELF gdb takes i8086 from the description" t16b gdb '\(currently "i8086"\)'

# --- two vCPUs: threads, per-thread registers, vCont with one thread stepping ---
T=guest/tests/gdb_smp.c ELF=$GUESTS/gdb_smp.elf L=$(line_of $T LINE_AP_STEP)
start smp --gdb "unix:$SOCK" "$ELF"
attach smp "$ELF" 'info threads' "break gdb_smp.c:$L" continue 'print $rsp' 'thread 1' 'print $rsp' \
	'print $pc' 'thread 2' 'set scheduler-locking step' stepi 'thread 1' 'print $pc' delete detach
expect "2 vCPUs: two threads; the AP waits for SIPI in real mode" smp gdb \
	'^\* 1 +Thread 1 \(vcpu 0, 32-bit' '^  2 +Thread 2 \(vcpu 1, real mode'
expect "2 vCPUs: a breakpoint stops the thread that hit it" smp gdb \
	"Thread 2 hit Breakpoint 1, ap_step \(\) at guest/tests/gdb_smp.c:$L"
s2=$(grep -E '^\$1 = ' "$TMP/smp.gdb" | awk '{print $NF}') s1=$(grep -E '^\$2 = ' "$TMP/smp.gdb" | awk '{print $NF}')
if [ -n "$s1" ] && [ -n "$s2" ] && [ "$s1" != "$s2" ]; then ok "2 vCPUs: per-thread registers (rsp $s1 vs $s2)"; else not_ok "2 vCPUs: per-thread rsp ($s1 vs $s2)"; fi
p1=$(grep -E '^\$3 = ' "$TMP/smp.gdb" | awk '{print $(NF-1)}') p2=$(grep -E '^\$4 = ' "$TMP/smp.gdb" | awk '{print $(NF-1)}')
if [ -n "$p1" ] && [ "$p1" = "$p2" ]; then ok "2 vCPUs: vCont steps thread 2 alone (thread 1 stays at $p1)"; else not_ok "2 vCPUs: thread 1 moved ($p1 -> $p2)"; fi
verdict "2 vCPUs: PASS under gdb" smp 0

# --- guests that switch modes ----------------------------------------------------
ELF=$GUESTS/real_to_prot32.elf
A=$(objdump -d "$ELF" | awk '/mov +\$0xcafebabe,%eax/ {sub(":", "", $1); print $1; exit}')
start r2p --gdb "unix:$SOCK" "$ELF"
attach r2p "$ELF" 'maint print xml-tdesc' "hbreak *0x$A" continue 'info registers eip cs cr0' stepi \
	'print $eip' delete detach
expect "real -> protected: starts i8086, stops in 32-bit code with CS 0x8 and PE" r2p gdb \
	'<architecture>i8086</architecture>' "^eip +0x$A " '^cs +0x8 ' '^cr0 +0x[0-9a-f]*1 +\[ PE'
verdict "real -> protected: PASS under gdb" r2p 0
ELF=$GUESTS/prot32_to_long.elf
A=$(objdump -d "$ELF" | awk '/ljmp +\$0x18,\$0x/ {sub(/.*\$0x18,\$0x/, ""); print; exit}')
start p2l --gdb "unix:$SOCK" "$ELF"
attach p2l "$ELF" "hbreak *0x$A" continue 'info registers eip cs efer cr0' 'x/wx $esp' stepi stepi \
	'print $eip' delete detach
expect "protected -> long: stops in 64-bit code (CS 0x18, LMA) and reads the stack through 4-level paging" p2l gdb \
	"^eip +0x$A " '^cs +0x18 ' '^efer +0x[0-9a-f]+ +\[ .*LMA' '^cr0 +0x8[0-9a-f]+ +\[ .*PG' '^0x[0-9a-f]+:[[:space:]]+0x[0-9a-f]+'
verdict "protected -> long: PASS under gdb" p2l 0

# --- --gdb-on-fault: stopped at the faulting instruction ------------------------
T=guest/tests/gdb_fault.c ELF=$GUESTS/gdb_fault.elf L=$(line_of $T LINE_FAULT)
"$UVMM" run "$ELF" >/dev/null 2>&1; straight=$?
start fault --gdb-on-fault --gdb "unix:$SOCK" --gdb-nowait "$ELF"
for _ in $(seq 100); do has fault uvmm 'attach with' && break; sleep 0.05; done
attach fault "$ELF" bt 'x/i $pc' 'print/x $rdi' 'print/x $cr2' continue
expect "an unexpected #PF stops for gdb and prints the command to attach" fault uvmm \
	"exception #PF on vcpu 0 at fault_here\+0x0 \(guest/tests/gdb_fault.c:$L\): stopped for gdb" \
	"attach with: gdb $ELF -ex 'target remote $SOCK'"
expect "gdb is at the faulting load, with the faulting context's registers and frames" fault gdb \
	"^#0  fault_here \(addr=addr@entry=4294967296\) at guest/tests/gdb_fault.c:$L" '^#[1-4]  0x[0-9a-f]+ in descend' \
	'^#5 .* in guest_main' '=> 0x[0-9a-f]+ <fault_here>:[[:space:]]+mov +\(%rdi\),%rax' '^\$1 = 0x100000000$'
verdict "after gdb continues, the run ends with the straight run's verdict" fault "$straight"
printf 'pio.out 0x80:1 = 0x1\n' >"$TMP/undeclared.expect"
start pm --gdb-on-fault --gdb "unix:$SOCK" --gdb-nowait --expect-only "$TMP/undeclared.expect" "$ELF"
for _ in $(seq 100); do has pm uvmm 'attach with' && break; sleep 0.05; done
attach pm "$ELF" bt 'info threads' continue
expect "a fault that ends the run: gdb inspects the final state, then hears the verdict" pm gdb \
	"^#0  fault_here .* at guest/tests/gdb_fault.c:$L" 'stopped for good' 'exited with code 02'
verdict "... and uvmm's verdict is MISMATCH" pm 2
start crash --gdb-on-fault --gdb "unix:$SOCK" --gdb-nowait "$GUESTS/selftest_crash.elf"
for _ in $(seq 100); do has crash uvmm 'attach with' && break; sleep 0.05; done
attach crash "$GUESTS/selftest_crash.elf" 'x/i $pc' continue
expect "a crash without an exception frame (triple fault or KVM failure) stops for gdb too" crash uvmm 'stopped for gdb'
expect "... at the instruction that crashed" crash gdb '=> 0x[0-9a-f]+ <guest_main\+[0-9]+>:[[:space:]]+int3'

# --- attach later, Ctrl-C, kill ------------------------------------------------
ELF=$GUESTS/selftest_hang.elf
start late --gdb "unix:$SOCK" --gdb-nowait --timeout 30 "$ELF"
sleep 0.5
attach late "$ELF" 'info threads' kill
expect "--gdb-nowait: gdb attaches to a running guest and finds it stopped where it was" late gdb \
	'Thread 1 \(vcpu 0, 64-bit.*guest_main \(\) at guest/selftests/selftest_hang.c'
verdict "kill from gdb ends the run without a verdict (GUEST_CRASH)" late 8
expect "... and says so" late uvmm 'the run was killed from gdb'
start intr --gdb "unix:$SOCK" --timeout 30 "$ELF"
timeout 60 gdb -nx -batch -ex "target remote $SOCK" -ex continue -ex 'print $pc' -ex kill "$ELF" >"$TMP/intr.gdb" 2>&1 &
GPID=$!
sleep 1.5
kill -INT "$GPID"
wait "$GPID"
wait "$UPID"
expect "Ctrl-C in gdb stops the guest (SIGINT)" intr gdb 'Program received signal SIGINT' \
	'^\$1 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <guest_main\+'

# --- a hostile client; the sandbox stays on --------------------------------------
start hostile --gdb "unix:$SOCK" --timeout 30 "$ELF"
if python3 tests/integration/gdb_hostile.py "$SOCK" >"$TMP/hostile.py" 2>&1; then
	ok "a hostile client (bad checksums, 40 KB packets, reads outside RAM, malformed fields, a mid-packet hang-up) is answered, never crashes uvmm"
else
	not_ok "hostile client"; grep -v '^ok' "$TMP/hostile.py" | head -20
fi
wait "$UPID"; URC=$?
verdict "... which ends with gdb's kill (GUEST_CRASH), not a crash of uvmm" hostile 8
if ! has hostile uvmm 'SIGSYS|host memory next to guest RAM'; then ok "the stub's socket needs no syscall outside the sandbox"; else not_ok "sandbox or canary"; cat "$TMP/hostile.uvmm"; fi
(UVMM_TEST_SANDBOX_VIOLATE=1 "$UVMM" run --gdb "unix:$SOCK" --gdb-nowait "$GUESTS/hello.elf" >"$TMP/viol.uvmm" 2>&1) 2>/dev/null
URC=$?
if [ "$URC" -ne 0 ] && has viol uvmm 'killed by the seccomp sandbox \(SIGSYS\): syscall 41'; then
	ok "with the stub on, the seccomp filter still kills socket()"
else
	not_ok "sandbox with the stub (exit $URC)"; cat "$TMP/viol.uvmm"
fi

# --- uvmm test --gdb-on-fail ---------------------------------------------------
: >"$TMP/none.deviations"
cat >"$TMP/m.manifest" <<EOF
[selftest_fail]
image = selftest_fail.elf
EOF
rm -f "$SOCK"
"$UVMM" test --manifest "$TMP/m.manifest" --guest-dir "$GUESTS" --log-dir "$TMP/logs" \
	--deviations "$TMP/none.deviations" --gdb-on-fail="unix:$SOCK" selftest_fail >"$TMP/rerun.uvmm" 2>&1 &
UPID=$!
for _ in $(seq 200); do [ -S "$SOCK" ] && break; sleep 0.05; done
attach rerun "$GUESTS/selftest_fail.elf" 'break guest_main' continue bt continue
expect "uvmm test --gdb-on-fail runs the failed test again under the stub" rerun uvmm \
	'selftest_fail failed: running it again under the gdb stub' 'selftest_fail under gdb: GUEST_FAIL'
expect "... where gdb breaks in it" rerun gdb 'Breakpoint 1, guest_main \(\) at guest/selftests/selftest_fail.c'

finish
