# Benchmarks (included by the top Makefile): `make bench` runs `uvmm bench
# --check`, which prints the table, writes build/bench.json and fails when a
# target is missed. Not part of `make check`: timings on a shared host are
# noisy; tests/integration/test_bench_smoke.sh proves it works with tiny N.
# BENCH_FLAGS passes more options, e.g. BENCH_FLAGS="--n 20000 --reps 3".
# The eBPF core's costs (`uvmm bpf bench`) go first into bench.d/bpf.json,
# which `uvmm bench` embeds in bench.json as the member "bpf"; the
# hyperupcall benchmark (`uvmm bench hupcall`) likewise into bench.d/hupcall.json.
BENCH_FLAGS ?=

.PHONY: bench
bench: vmm guests
	@mkdir -p $(BUILD)/bench.d
	$(BUILD)/uvmm bpf bench --json $(BUILD)/bench.d/bpf.json
	$(BUILD)/uvmm bench hupcall --check --json $(BUILD)/bench.d/hupcall.json
	$(BUILD)/uvmm bench --check $(BENCH_FLAGS)
