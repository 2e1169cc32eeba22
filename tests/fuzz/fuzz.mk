# libFuzzer targets (included by the top Makefile): tests/fuzz/fuzz_NAME.c ->
# build/fuzz/fuzz_NAME, linked with every VMM object built by clang with
# ASan + UBSan + fuzzer coverage. `make fuzz-smoke` runs each for
# FUZZ_SECONDS (default 10) on its seed corpus; docs/fuzzing.md says how to
# run them for long.

FUZZ_CC      ?= clang-14
FUZZ_BUILD   := build/fuzz
FUZZ_SECONDS ?= 10
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link -Ivmm -Iguest/include -MMD -MP
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJS := $(patsubst vmm/%.c,$(FUZZ_BUILD)/obj/%.o,\
	$(filter-out vmm/main.c,$(wildcard vmm/*.c vmm/*/*.c)))

.PHONY: fuzz-build fuzz-smoke
# Keep the objects: make would delete them as intermediates of the pattern rule.
.SECONDARY: $(FUZZ_LIB_OBJS)
fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

# The build's git describe (top Makefile) for util/version.c.
$(FUZZ_BUILD)/obj/util/version.o: $(BUILD)/gen/uvmm_git.h
$(FUZZ_BUILD)/obj/util/version.o: FUZZ_CFLAGS += -I$(BUILD)/gen

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJS)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -lpthread -lseccomp

fuzz-smoke: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/smoke.sh $(FUZZ_BUILD)

-include $(FUZZ_LIB_OBJS:.o=.d)
