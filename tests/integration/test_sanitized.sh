#!/usr/bin/env bash
# The VMM and its unit tests built with ASan + UBSan (SANITIZE=1, build/san)
# run the whole conformance suite with every report written, and every unit
# test: a use-after-free or an undefined behaviour anywhere fails here.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
SAN=build/san

if ! env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory SANITIZE=1 all >"$TMP/build.log" 2>&1; then
	not_ok "SANITIZE=1 build"; tail -20 "$TMP/build.log" | sed 's/^/    /'; finish; exit 1
fi
ok "SANITIZE=1 build"
bad=""
for t in "$SAN"/tests/test_*; do
	[ -x "$t" ] && [ "${t%.d}" = "$t" ] || continue
	"$t" >"$TMP/unit.log" 2>&1 || bad="$bad ${t##*/}"
done
if [ -z "$bad" ]; then ok "every unit test is clean under ASan and UBSan"
else not_ok "unit tests under ASan/UBSan:$bad"; fi
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
expect_run "the suite under ASan and UBSan, with TAP and JUnit written" 0 ' 0 failed, ' -- \
	"$SAN/uvmm" test --log-dir "$TMP/logs" --tap "$TMP/s.tap" --junit "$TMP/s.xml"
if grep -rlE 'ERROR: AddressSanitizer|runtime error:' "$TMP/logs" >/dev/null 2>&1; then
	not_ok "no sanitizer report in any test log"; grep -rlE 'AddressSanitizer|runtime error:' "$TMP/logs" | head
else
	ok "no sanitizer report in any test log"
fi
finish
