# The differential tester (included by the top Makefile): tests/bpf/bpf_diff.c
# -> build/tools/bpf_diff, linked with the eBPF core only. `make bpf-diff`
# runs BPF_DIFF_N random programs (default 100000) through the kernel's eBPF
# and uvmm's and prints the RFC edge cases where the kernel's verifier
# differs; `make check` runs a short smoke (tests/integration/test_bpf_diff.sh).
BPF_DIFF := $(BUILD)/tools/bpf_diff
BPF_DIFF_N ?= 100000
BPF_DIFF_SEED ?= 1
BPF_DIFF_OBJS := $(filter $(BUILD)/obj/vmm/bpf/% $(BUILD)/obj/vmm/util/%,$(VMM_OBJS))

.PHONY: bpf-diff
all: $(BPF_DIFF)

$(BPF_DIFF): tests/bpf/bpf_diff.c $(BPF_DIFF_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(VMM_CFLAGS) $(VMM_LDFLAGS) -o $@ $^

bpf-diff: $(BPF_DIFF)
	$(BPF_DIFF) -n $(BPF_DIFF_N) -s $(BPF_DIFF_SEED)
	$(BPF_DIFF) -e
