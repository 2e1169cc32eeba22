#!/usr/bin/env bash
# `uvmm run` end to end on the real /dev/kvm: every built-in guest passes, the
# checker catches wrong, missing and extra exits, and every bad input gets its
# documented exit code and a one-line reason.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "uvmm run" "no usable /dev/kvm"; finish; exit
fi

# The first guests pass under `uvmm run` alone (the whole suite is the runner's job).
for name in hello pio mmio hlt hypercall exception real16 prot32; do
	img=$GUESTS/$name.elf
	opts=$(awk -v t="[$name]" '$0==t{f=1;next} /^\[/{f=0} f && /^(irqchip|cpus|mem) *=/{gsub(/ /,""); printf "--%s ", $0}' guest/suite.manifest |
		sed 's/--irqchip=1/--irqchip/; s/--irqchip=0//; s/--cpus=/--cpus /; s/--mem=/--mem /')
	# shellcheck disable=SC2086
	expect_run "guest $name passes" 0 "PASS" -- "$UVMM" run "$img" $opts
done

# The checker catches what it must: a wrong value, a missing exit, an extra exit.
hello=$GUESTS/hello.elf
"$UVMM" run "$hello" --trace "$TMP/hello.trace" >/dev/null 2>&1
expect_run "a trace replays as the golden expectation" 0 "PASS" -- "$UVMM" run "$hello" --expect-only "$TMP/hello.trace"
sed 's/"Hello, world!\\n"/"Jello, world!\\n"/' "$TMP/hello.trace" > "$TMP/wrong.expect"
expect_run "a wrong value is a MISMATCH with expected vs actual" 2 \
	"expected: pio.out 0x3f8:1 = 0x4a.*" -- "$UVMM" run "$hello" --expect-only "$TMP/wrong.expect"
expect_run "the mismatch report shows the actual value" 2 "actual: +pio.out 0x3f8:1 = 0x48" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/wrong.expect"
{ cat "$TMP/hello.trace"; echo "hlt"; } > "$TMP/missing.expect"
expect_run "an expected exit that never came is a MISMATCH" 2 "missing exit" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/missing.expect"
grep -v '^pio.out 0xf4' "$TMP/hello.trace" > "$TMP/extra.expect"
expect_run "an extra exit is a MISMATCH" 2 "unexpected exit after the last expectation" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/extra.expect"
expect_run "the mismatch report names the exit index and RIP" 2 "exit #[0-9]+ at rip 0x[0-9a-f]+" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/extra.expect"
expect_run "a mismatch dumps the registers" 2 "rax [0-9a-f]{16}" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/extra.expect"
: > "$TMP/empty.expect"
expect_run "an empty expectation rejects the first exit" 2 "unexpected exit" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/empty.expect"

# Guest verdicts.
expect_run "a failing guest assertion is GUEST_FAIL" 1 "assertion failed at .*selftest_fail.c:[0-9]+: one == 2 \(left 0x1, right 0x2\)" -- \
	"$UVMM" run "$GUESTS/selftest_fail.elf"
expect_run "an interrupt inside the STI shadow is named, not a hang" 1 "FAIL sti-shadow: interrupt 0x41 delivered inside the STI shadow" -- \
	"$UVMM" run "$GUESTS/selftest_sti_shadow.elf"
expect_run "a hanging guest is a TIMEOUT with its last exit and RIP" 3 "last exit #0 at rip 0x[0-9a-f]+ \(guest_main\+0x[0-9a-f]+ \([^)]+:[0-9]+\)\): pio.out 0x80:1 = 0x1" -- \
	timeout 10 "$UVMM" run "$GUESTS/selftest_hang.elf" --timeout 0.5
expect_run "guest_skip ends the run as SKIP with the reason, whatever was still expected" 77 \
	"skip skipped: no such device on this machine" -- "$UVMM" run "$GUESTS/selftest_skip.elf"
expect_run "a comparison assert shows its message and both values" 1 \
	"selftest_assert_msg.c:[0-9]+: used < limit: slot 7 is full \(left 0x5, right 0x3\)" -- \
	"$UVMM" run "$GUESTS/selftest_assert_msg.elf"
expect_run "... and names the check's place, not the runtime's assert function" 1 \
	"the failed check is in guest_main\+0x[0-9a-f]+ \(guest/selftests/selftest_assert_msg.c:[0-9]+\)" -- \
	"$UVMM" run "$GUESTS/selftest_assert_msg.elf"
expect_run "the implied end catches an undeclared exit status" 2 \
	"<end note>:1:1: wrong value.*expected: pio.out 0xf4:4 = 0x0.*actual:   pio.out 0xf4:4 = 0x3" -- \
	bash -c "'$UVMM' run '$GUESTS/selftest_wrong_end.elf' 2>&1 | tr '\n' ' '; exit \${PIPESTATUS[0]}"
expect_run "debug prints are never checked: a guest full of them passes" 0 "PASS" -- \
	"$UVMM" run "$GUESTS/guest_api.elf" --trace "$TMP/api.trace"
expect_run "the trace keeps debug prints as comments" 0 '^# \(never checked\) hcall debug "between two checked exits\\n"$' -- \
	cat "$TMP/api.trace"
expect_run "a trace with debug prints replays as the golden expectation" 0 "PASS" -- \
	"$UVMM" run "$GUESTS/guest_api.elf" --expect-only "$TMP/api.trace"
# Traces are never cut: the largest exits (a 16 KiB expect text full of bytes
# that need escapes, a page of string I/O, console floods) replay as written.
for g in hostile_expect_abuse hostile_rep_ins hostile_rep_outs hostile_console_flood hostile_report_flood; do
	"$UVMM" run "$GUESTS/$g.elf" --quiet --trace "$TMP/$g.trace" >/dev/null 2>&1
	expect_run "the trace of $g replays as its golden expectation" 0 "PASS" -- \
		"$UVMM" run "$GUESTS/$g.elf" --quiet --expect-only "$TMP/$g.trace"
done
expect_run "an undeclared crash is a MISMATCH" 2 "unexpected exit" -- "$UVMM" run "$GUESTS/selftest_crash.elf"
expect_run "an unchecked crash is a GUEST_CRASH" 8 "guest crashed" -- "$UVMM" run "$GUESTS/selftest_crash.elf" --no-check
expect_run "an unchecked rejected hypercall is a GUEST_CRASH" 8 \
	"hypercall 0 \(console\) rejected: argument block 0xfffff000 \+ 16 is outside guest RAM" -- \
	"$UVMM" run "$GUESTS/hypercall.elf" --no-check

# Bad input: each a one-line reason and its documented code.
expect_run "missing /dev/kvm is HOST_ERROR" 6 "cannot open /nonexistent/kvm: No such file" -- \
	"$UVMM" run "$hello" --kvm /nonexistent/kvm
expect_run "a missing image is BAD_IMAGE" 4 "No such file or directory" -- "$UVMM" run "$TMP/nope.elf"
expect_run "a non-ELF file is BAD_IMAGE" 4 "not an ELF file" -- "$UVMM" run README.md
printf 'pio.out 0x80:1 = 0x1\nbogus 1 2\n' > "$TMP/syntax.expect"
expect_run "an expectation syntax error is BAD_EXPECT with file:line:col" 5 "syntax.expect:2:1: " -- \
	"$UVMM" run "$hello" --expect "$TMP/syntax.expect"
expect_run "an unknown option is USAGE" 7 "bad option" -- "$UVMM" run "$hello" --bogus
expect_run "a bad --mem is USAGE" 7 "bad value '3x' for mem" -- "$UVMM" run "$hello" --mem 3x
expect_run "no image is USAGE" 7 "needs exactly one guest image" -- "$UVMM" run
expect_run "--help lists the exit codes" 0 "77 SKIP" -- "$UVMM" --help

# The bad-image corpus: every crafted file is refused with code 4 and its reason.
if cc -std=c11 -Itests/unit -Iguest/include -o "$TMP/mkbad" tests/images/mkbad.c 2>"$TMP/cc.err"; then
	"$TMP/mkbad" "$TMP/bad" >/dev/null
	bad_ok=1
	while IFS=$'\t' read -r name substr; do
		args=()
		case $name in flat-*) args=(--flat 0x100000) ;; esac
		out=$("$UVMM" run "$TMP/bad/$name" "${args[@]}" 2>&1); rc=$?
		lines=$(grep -c '^uvmm: .*BAD_IMAGE' <<<"$out")
		if [ "$rc" -ne 4 ] || ! grep -qF -- "$substr" <<<"$out" || [ "$lines" -ne 1 ]; then
			bad_ok=0; echo "    $name: exit $rc, wanted 4 and '$substr'"; printf '%s\n' "$out" | sed 's/^/      /' | head -3
		fi
	done < "$TMP/bad/expected.txt"
	if [ $bad_ok -eq 1 ]; then ok "every crafted bad image is BAD_IMAGE with its reason"; else not_ok "crafted bad images"; fi
else
	not_ok "mkbad builds"; cat "$TMP/cc.err"
fi

finish
