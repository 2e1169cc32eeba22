#!/usr/bin/env bash
# A short differential run of uvmm's eBPF interpreter against the kernel's
# (tests/bpf/bpf_diff.c; `make bpf-diff` is the long one): every program
# must agree, and a result corrupted on purpose must be caught. Skipped
# where bpf(2) cannot load XDP programs (not root, no BPF in the kernel).
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
DIFF=$BUILD/tools/bpf_diff

if [ ! -x "$DIFF" ]; then
	not_ok "bpf_diff is not built ($DIFF)"; finish; exit
fi
out=$("$DIFF" -n 2000 -s "${BPF_DIFF_SEED:-1}" 2>&1); rc=$?
if [ "$rc" -eq 77 ]; then
	skip "differential test against the kernel's eBPF" "$(head -1 <<<"$out")"
	finish; exit
fi
line=$(grep '^bpf-diff: ' <<<"$out")
if [ "$rc" -eq 0 ]; then
	ok "kernel and uvmm agree: ${line#bpf-diff: }"
else
	not_ok "kernel and uvmm disagree: ${line#bpf-diff: }"; grep -A60 -m1 '^not ok\|^# program' <<<"$out" | sed 's/^/    /'
fi
expect_run "a corrupted uvmm result is reported as a disagreement" 1 \
	'^not ok - program 5: disagreement: .* packet differs first at byte 128' -- "$DIFF" -n 10 -p 5
finish
