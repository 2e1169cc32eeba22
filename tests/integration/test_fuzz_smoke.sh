#!/usr/bin/env bash
# `make fuzz-smoke`: every libFuzzer target (tests/fuzz/) for a short fixed
# time on its seed corpus; each must end without a crash (docs/fuzzing.md).
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if ! command -v "${FUZZ_CC:-clang-14}" >/dev/null; then
	skip "fuzz-smoke" "no ${FUZZ_CC:-clang-14} (ci/deps.sh installs it)"
	finish; exit
fi
out=$(make --no-print-directory fuzz-smoke FUZZ_SECONDS="${FUZZ_SECONDS:-10}" 2>&1); rc=$?
grep '^fuzz ' <<<"$out" | sed 's/^/    /'
targets=$(ls tests/fuzz/fuzz_*.c | wc -l)
done_ok=$(grep -c '^fuzz .*, ok$' <<<"$out")
if [ "$rc" -eq 0 ] && [ "$done_ok" -eq "$targets" ]; then
	ok "fuzz-smoke: $done_ok targets ran without a crash"
else
	not_ok "fuzz-smoke (exit $rc, $done_ok of $targets ok)"; tail -20 <<<"$out" | sed 's/^/    /'
fi
finish
