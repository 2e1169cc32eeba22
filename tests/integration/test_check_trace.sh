#!/usr/bin/env bash
# uvmm check-trace EXPECT TRACE (docs/uvmm.md) and the manifest's
# expect_only key (docs/runner.md): a trace uvmm wrote passes against itself
# for every suite guest that passes (run-time expectations, string I/O and
# 16 KiB hypercall strings included); each way a trace can differ or be
# malformed gets its exit code; and expect_only replaces an image's own
# expectations where expect only adds to them.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "check-trace" "no usable /dev/kvm"
	finish; exit
fi
U=$BUILD/uvmm
passed=0 bad=
for img in "$GUESTS"/*.elf; do
	name=$(basename "$img" .elf)
	"$U" run --quiet --trace "$TMP/$name.trace" "$img" >/dev/null 2>&1 || continue
	passed=$((passed + 1))
	"$U" check-trace "$TMP/$name.trace" "$TMP/$name.trace" >"$TMP/$name.check" 2>&1 || bad="$bad $name"
done
if [ -z "$bad" ] && [ "$passed" -gt 40 ]; then ok "the trace of each of $passed passing guests checks against itself"
else not_ok "traces that do not check against themselves:$bad"; fi

t=$TMP/hello.trace e=$TMP/e
expect_run "a trace against itself: PASS, exit 0" 0 'PASS \([0-9]+ exits\)' -- "$U" check-trace "$t" "$t"
sed '0,/pio.out 0x3f8:1 = "/s//pio.out 0x3f8:1 = "X/' "$t" >"$TMP/changed"
expect_run "a changed value: MISMATCH, exit 2, expected vs actual and the trace line" 2 \
	'is .*changed:2' -- "$U" check-trace "$t" "$TMP/changed"
expect_run "... with the usual report" 2 'expected: pio.out 0x3f8:1 = 0x' -- "$U" check-trace "$t" "$TMP/changed"
head -n -1 "$t" >"$TMP/short"
expect_run "a trace that stops early: missing exit, exit 2" 2 'missing exit' -- "$U" check-trace "$t" "$TMP/short"
printf 'pio.out 0x80:1 = 0x100\n' >"$e"
expect_run "bad expectation syntax: exit 5 with FILE:LINE:COL" 5 "$e:1:[0-9]+: " -- "$U" check-trace "$e" "$t"
expect_run "an unreadable EXPECT: exit 5" 5 'No such file' -- "$U" check-trace "$TMP/none" "$t"
expect_run "an unreadable TRACE: exit 4" 4 'No such file' -- "$U" check-trace "$t" "$TMP/none"
for line in 'repeat 2 {|  hlt|}' 'pio.out 0x80:1 = *' 'any' 'ignore console' 'hcall report pass *' \
	'pio.out 0x80:1 = 0x100'; do
	tr '|' '\n' <<<"$line" >"$TMP/bt"
	expect_run "not a trace: '$line' -> exit 4" 4 "$TMP/bt:[0-9]+:[0-9]+: " -- "$U" check-trace "$t" "$TMP/bt"
done
printf 'pio.out 0xf4:4 = 0x0\nhlt\n' >"$TMP/after"
printf 'pio.out 0xf4:4 = 0x0\n' >"$TMP/end.expect"
expect_run "an exit after the debug-exit port ended the run: exit 4" 4 'after the run ended' -- \
	"$U" check-trace "$TMP/end.expect" "$TMP/after"
printf 'hcall report fail "x"\npio.out 0xf4:4 = 0x0\n' >"$TMP/fail"
expect_run "a failed report in a matching trace: GUEST_FAIL, exit 1, as uvmm run" 1 'GUEST_FAIL' -- \
	"$U" check-trace "$TMP/fail" "$TMP/fail"
printf 'pio.out 0xf4:4 = 0x3\n' >"$TMP/st"
expect_run "status 3 at the debug-exit port: GUEST_FAIL, exit 1" 1 'GUEST_FAIL' -- "$U" check-trace "$TMP/st" "$TMP/st"
expect_run "usage: two arguments" 7 'needs EXPECT and TRACE' -- "$U" check-trace "$t"
if [ -s "$TMP/hostile_expect_abuse.trace" ] && [ "$(awk '{ if (length > m) m = length } END { print m }' \
	"$TMP/hostile_expect_abuse.trace")" -gt 16384 ]; then
	ok "a trace line longer than 16 KiB is written whole (hostile_expect_abuse reads back above)"
else not_ok "no trace line over 16 KiB in hostile_expect_abuse's trace"; fi

# expect_only: the teacher's file is all that is checked.
grep -v '^#' "$t" >"$TMP/key"
printf 'pio.out 0x80:1 = 0x1\n' >"$TMP/wrong"
cat >"$TMP/m" <<EOM
[only_right]
image = hello.elf
expect_only = $TMP/key
[only_wrong]
image = hello.elf
expect_only = $TMP/wrong
[added]
image = hello.elf
expect = $TMP/key
EOM
"$U" test --manifest "$TMP/m" --guest-dir "$GUESTS" --deviations "$GUESTS/deviations.txt" \
	--log-dir "$TMP/logs" --tap "$TMP/m.tap" >/dev/null 2>&1
for want in 'ok 1 - only_right' 'not ok 2 - only_wrong' 'not ok 3 - added'; do
	if grep -q "^$want$" "$TMP/m.tap"; then ok "manifest: $want"
	else not_ok "manifest: no '$want'"; grep -E '^(not )?ok' "$TMP/m.tap" | sed 's/^/    /'; fi
done
finish
