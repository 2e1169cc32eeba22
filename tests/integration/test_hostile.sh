#!/usr/bin/env bash
# Hostile inputs and hostile guests that cannot be suite tests (docs/hostile.md):
# the checked-in bad-image corpus, an endless loop (TIMEOUT), a console flood
# (bounded output, flat memory), the seccomp sandbox killing a forbidden
# syscall, and 1000 VM runs in one process without fd or memory growth.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

# --- the checked-in corpus: exit 4, one BAD_IMAGE line, the reason ------------
corpus=tests/images/corpus
check_corpus() { # LIST: NAME<TAB>[OPTIONS<TAB>]REASON
	local list=$1 cols=$2 name opts why out rc lines bad=0 count=0
	while IFS=$'\t' read -r name opts why; do
		if [ "$cols" = 2 ]; then why=$opts; opts=; case $name in flat-*) opts="--flat 0x100000" ;; esac; fi
		[ "$opts" = - ] && opts=
		# shellcheck disable=SC2086
		out=$("$UVMM" run "$corpus/$name" $opts 2>&1); rc=$?
		lines=$(grep -c '^uvmm: .*BAD_IMAGE' <<<"$out")
		count=$((count + 1))
		if [ "$rc" -ne 4 ] || ! grep -qF -- "$why" <<<"$out" || [ "$lines" -ne 1 ]; then
			bad=1; echo "    $name: exit $rc, wanted 4 and '$why'"; sed 's/^/      /' <<<"$out" | head -3
		fi
	done < "$corpus/$list"
	[ $bad -eq 0 ] && [ $count -gt 0 ] && echo "    $count files"
	return $bad
}
if check_corpus expected.txt 2; then ok "mkbad corpus: every file is BAD_IMAGE with its reason"; else not_ok "mkbad corpus"; fi
if check_corpus crafted.txt 3; then ok "crafted corpus (flat, memsz, boot area, phnum): BAD_IMAGE with its reason"; else not_ok "crafted corpus"; fi

# --- an endless loop cannot PASS: TIMEOUT at the limit, with the registers ----
# (The verdict says which limit stopped it; no check here measures time.)
expect_run "endless loop with IF=0 is TIMEOUT after --timeout 1" 3 "timeout after 1 s" -- \
	"$UVMM" run "$GUESTS/hostile_spin.elf" --timeout 1

# --- console flood: 10.06 MiB written, 1 MiB passed on, memory flat -----------
rss_of() { sed -n 's/.*run \([0-9]*\): [0-9]* fds, VmRSS \([0-9]*\) kB/\2/p' "$1" | tail -1; }
"$UVMM" run "$GUESTS/hello.elf" --repeat 2 >/dev/null 2>"$TMP/hello.err"
"$UVMM" run "$GUESTS/hostile_console_flood.elf" --repeat 2 >"$TMP/flood.out" 2>"$TMP/flood.err"; rc=$?
size=$(stat -c %s "$TMP/flood.out")
base=$(rss_of "$TMP/hello.err") flood=$(rss_of "$TMP/flood.err")
echo "    console: $size bytes for 2 runs; VmRSS after hello ${base} kB, after the flood ${flood} kB"
if [ "$rc" -eq 0 ] && [ "$size" -le $((2 * (1048576 + 200))) ] && \
   [ "$(grep -c 'console output limit reached' "$TMP/flood.out")" -eq 2 ]; then
	ok "console flood: 1 MiB per run passed on, the rest dropped with a note"
else
	not_ok "console flood (exit $rc, $size bytes)"; tail -3 "$TMP/flood.err"
fi
if [ -n "$base" ] && [ -n "$flood" ] && [ $((flood - base)) -lt 4096 ]; then
	ok "console flood: VmRSS stays flat (+$((flood - base)) kB over hello)"
else
	not_ok "console flood: VmRSS ${flood} kB vs ${base} kB"
fi

# --- bounded resources (docs/hostile.md): whatever the guest does, uvmm holds
# at most guest RAM + 96 MiB and writes at most 2 MiB of log per run ---------
# peak RSS in KiB of a command (its children's ru_maxrss), then its status.
peak() { python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)' "$@"; }
read -r kb rc < <(peak "$UVMM" run "$GUESTS/hostile_expect_flood.elf" --quiet)
expect_run "an expect-hypercall flood ends as BAD_EXPECT at the 16 MiB cap" 5 \
	"run-time expectations exceed 16 MiB of compiled code in this run" -- \
	"$UVMM" run "$GUESTS/hostile_expect_flood.elf" --quiet
echo "    expect flood: peak RSS ${kb} kB (16 MiB guest RAM), exit $rc"
if [ "$kb" -lt $(((16 + 96) * 1024)) ]; then ok "expect flood: uvmm stays below guest RAM + 96 MiB (${kb} kB)"
else not_ok "expect flood: peak RSS ${kb} kB"; fi
"$UVMM" run "$GUESTS/hostile_log_flood.elf" --quiet >/dev/null 2>"$TMP/logflood.err"; rc=$?
size=$(stat -c %s "$TMP/logflood.err")
echo "    log flood: ${size} bytes of log for 10000 rejected or reported calls"
if [ "$rc" -eq 0 ] && [ "$size" -lt $((256 * 1024 + 4096)) ] &&
	grep -q 'guest-triggered messages were dropped' "$TMP/logflood.err"; then
	ok "log flood: guest-triggered messages stop at 256 KiB, with the count of the rest"
else
	not_ok "log flood (exit $rc, $size bytes)"
fi
# The host, not the guest, failing a request is HOST_ERROR with the errno:
# too little address space for the guest's 64 MiB memslot.
expect_run "a memslot the host cannot back is HOST_ERROR, not the guest's failure" 6 \
	"hypercall 6 \(memslot\): the host failed it: no host memory for a 65536 KiB memslot: Cannot allocate memory" -- \
	bash -c "ulimit -v 70000; exec '$UVMM' run '$GUESTS/hostile_memslot.elf' --quiet"

# --- the sandbox: a forbidden syscall after setup is SIGSYS with a report -----
expect_run "a forbidden syscall after setup kills uvmm run with SIGSYS" 159 \
	"killed by the seccomp sandbox \(SIGSYS\): syscall 41" -- \
	env UVMM_TEST_SANDBOX_VIOLATE=1 "$UVMM" run "$GUESTS/hello.elf"
expect_run "--no-sandbox: the same hook does nothing" 0 "PASS" -- \
	env UVMM_TEST_SANDBOX_VIOLATE=1 "$UVMM" run --no-sandbox "$GUESTS/hello.elf"
expect_run "in the runner the test is ERROR, killed by SIGSYS" 1 "ERROR +hello .*killed by the seccomp sandbox \(SIGSYS\)" -- \
	env UVMM_TEST_SANDBOX_VIOLATE=1 "$UVMM" test hello --log-dir "$TMP/logs"
if grep -q 'killed by the seccomp sandbox (SIGSYS): syscall 41' "$TMP/logs/hello.log" 2>/dev/null; then
	ok "the runner's log says which syscall the sandbox refused"
else
	not_ok "runner log lacks the sandbox report"; cat "$TMP/logs/hello.log" 2>/dev/null | head -5
fi
expect_run "every hostile guest passes under the sandbox" 0 "0 failed" -- \
	"$UVMM" test 'hostile_hc_*' hostile_ap_triple hostile_memslot --log-dir "$TMP/logs2"

# --- 1000 runs in one process: no fd or memory growth ------------------------
N=${UVMM_REPEAT_RUNS:-1000}
# Under SANITIZE=1 ASan's quarantine keeps freed memory on purpose: turn it
# off so VmRSS measures uvmm (LeakSanitizer still checks at exit).
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=0:thread_local_quarantine_size_kb=0}
"$UVMM" run --quiet --repeat "$N" "$GUESTS/hello.elf" 2>"$TMP/rep.err"; rc=$?
r10=$(grep -E 'run 10:' "$TMP/rep.err") rN=$(grep -E "run $N:" "$TMP/rep.err")
fd10=$(sed -n 's/.*: \([0-9]*\) fds.*/\1/p' <<<"$r10") fdN=$(sed -n 's/.*: \([0-9]*\) fds.*/\1/p' <<<"$rN")
rss10=$(sed -n 's/.*VmRSS \([0-9]*\) kB/\1/p' <<<"$r10") rssN=$(sed -n 's/.*VmRSS \([0-9]*\) kB/\1/p' <<<"$rN")
echo "    run 10: $fd10 fds, $rss10 kB; run $N: $fdN fds, $rssN kB"
if [ "$rc" -eq 0 ] && [ -n "$fdN" ] && [ "$fd10" = "$fdN" ] && [ $((rssN - rss10)) -le 256 ]; then
	ok "$N runs in one process: fds and VmRSS flat from run 10 to run $N"
else
	not_ok "$N runs: exit $rc, fds $fd10 -> $fdN, VmRSS $rss10 -> $rssN kB"; tail -3 "$TMP/rep.err"
fi
"$UVMM" run --quiet --repeat 100 "$GUESTS/hostile_memslot.elf" 2>"$TMP/rep2.err"; rc=$?
if [ "$rc" -eq 0 ] && [ "$(sed -n 's/.*run 10: \([0-9]*\) fds.*/\1/p' "$TMP/rep2.err")" = \
     "$(sed -n 's/.*run 100: \([0-9]*\) fds.*/\1/p' "$TMP/rep2.err")" ]; then
	ok "100 runs of the memslot churn guest: fds flat"
else
	not_ok "memslot churn repeat"; tail -3 "$TMP/rep2.err"
fi

finish
