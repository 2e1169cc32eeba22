#!/usr/bin/env bash
# The MMU benchmark on stock KVM (make bench, docs/bench.md): the nested job
# twice with `uvmm bench --mmu` inside, once with kvm_amd's nested paging
# (npt=1) and once with shadow paging (npt=0) on the same kernel, each
# result copied to DIR/mmu_nested_npt.json and DIR/mmu_nested_shadow.json for
# `uvmm bench` to embed in build/bench.json. Without QEMU it says so and
# does nothing. NESTED_MMU_BENCH_ARGS: the inner options (default "--n 400
# --reps 3": under TCG a shadow-paging page fault costs milliseconds).
# Usage: ci/nested/bench-mmu.sh DIR
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
dir=${1:?usage: bench-mmu.sh DIR}
mkdir -p "$dir"
if ! command -v "${NESTED_QEMU:-qemu-system-x86_64}" >/dev/null; then
	echo "nested bench: no QEMU: the nested MMU numbers are not measured"
	exit 0
fi
rc=0
for mode in npt shadow; do
	out=build/nested/bench-$mode
	args=
	[ "$mode" = shadow ] && args=npt=0
	rm -f "$dir/mmu_nested_$mode.json"
	echo "nested bench: kvm_amd ${args:-npt=1} ..."
	NESTED_OUT=$out NESTED_TESTS=hello NESTED_BENCH=mmu NESTED_KVM_ARGS=$args \
		NESTED_BENCH_ARGS=${NESTED_MMU_BENCH_ARGS:---n 400 --reps 3} \
		bash ci/nested/run.sh >"$out.log" 2>&1
	if [ -s "$out/bench-mmu.json" ]; then
		cp "$out/bench-mmu.json" "$dir/mmu_nested_$mode.json"
		sed -n '/^MMU operations/,/^$/p' "$out/console.log" | tr -d '\r'
	else
		echo "nested bench: $mode: no results ($out.log, $out/console.log)"
		rc=1
	fi
done
exit "$rc"
