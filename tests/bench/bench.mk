# Benchmarks (included by the top Makefile): `make bench` runs the MMU
# operations (`uvmm bench --mmu`) here and, where QEMU is, on stock kvm_amd
# with nested and with shadow paging (ci/nested/bench-mmu.sh), then `uvmm bench
# --check`, which prints the table, writes build/bench.json with the MMU
# results embedded (build/bench.d/*.json) and fails when a target is missed.
# Not part of `make check`: timings on a shared host are noisy;
# tests/integration/test_bench_smoke.sh proves it works with tiny N.
# BENCH_FLAGS passes more options, e.g. BENCH_FLAGS="--n 20000 --reps 3";
# BENCH_MMU_FLAGS those of --mmu; BENCH_NESTED=0 skips the nested runs.
# KUT_DIR=DIR also measures kvm-unit-tests under uvmm kut against KUT's own
# runner on QEMU TCG (docs/kut.md; that part alone takes minutes).
# The eBPF core's costs (`uvmm bpf bench`) go first into bench.d/bpf.json,
# which `uvmm bench` embeds in bench.json as the member "bpf"; the
# hyperupcall benchmark (`uvmm bench hupcall`) likewise into bench.d/hupcall.json.
BENCH_FLAGS ?=
BENCH_MMU_FLAGS ?=
BENCH_NESTED ?= 1

.PHONY: bench
bench: vmm guests
	@mkdir -p $(BUILD)/bench.d
	$(BUILD)/uvmm bpf bench --json $(BUILD)/bench.d/bpf.json
	$(BUILD)/uvmm bench --mmu --json $(BUILD)/bench.d/mmu_local.json $(BENCH_MMU_FLAGS)
ifeq ($(BENCH_NESTED),1)
	@bash ci/nested/bench-mmu.sh $(BUILD)/bench.d
endif
	$(BUILD)/uvmm bench hupcall --check --json $(BUILD)/bench.d/hupcall.json
	$(BUILD)/uvmm bench --check $(BENCH_FLAGS) $(if $(KUT_DIR),--kut "$(KUT_DIR)")
