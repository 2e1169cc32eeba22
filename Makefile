# uvmm: build the VMM, the guest images, and run the tests.
# `make run` and `make check` first make sure the Debian packages are there.

CC      ?= gcc
BUILD   := build

# Every build starts by checking the Debian packages (ci/deps.sh installs the
# missing ones as root, or prints the one apt-get line and fails), so a fresh
# machine never meets a compiler error for a missing header.
ifeq ($(filter deps clean,$(MAKECMDGOALS)),)
ifneq ($(shell bash ci/deps.sh >&2; echo $$?),0)
$(error missing Debian packages: see the apt-get line above)
endif
endif
SANITIZE ?=

VMM_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wshadow -Wmissing-include-dirs \
	-Wstrict-prototypes -Wmissing-prototypes -Ivmm -Iguest/include -MMD -MP
VMM_LDLIBS := -lpthread -lseccomp
ifeq ($(SANITIZE),1)
VMM_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
VMM_LDFLAGS += -fsanitize=address,undefined
BUILD := build/san
else
# Static: no dynamic loader or shared-library pages in the VMM's resident set
# (2.65 -> 1.80 MiB, docs/bench.md), and the same binary runs in the nested
# job's initramfs, which has no libc.
VMM_STATIC := -static
endif

VMM_SRCS := $(wildcard vmm/*.c vmm/*/*.c)
VMM_OBJS := $(VMM_SRCS:%.c=$(BUILD)/obj/%.o)
VMM_LIB_OBJS := $(filter-out $(BUILD)/obj/vmm/main.o,$(VMM_OBJS))

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all vmm guests unit-tests check run deps unit integration qemu-check suite clean
all: vmm guests unit-tests

vmm: $(BUILD)/uvmm

# V=1 shows the full commands.
ifneq ($(V),1)
Q := @
endif

$(BUILD)/uvmm: $(VMM_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(VMM_LDFLAGS) $(VMM_STATIC) -o $@ $^ $(VMM_LDLIBS)

$(BUILD)/obj/vmm/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(VMM_CFLAGS) -c -o $@ $<

# `git describe` baked into the binary (vmm/util/version.c, the results file):
# the header is rewritten only when the description changes, so an unchanged
# tree rebuilds nothing. Outside a git checkout it says "unknown".
GIT_DESCRIBE := $(shell git describe --always --dirty --tags 2>/dev/null | tr -cd 'A-Za-z0-9._+-')
.PHONY: FORCE
$(BUILD)/gen/uvmm_git.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define UVMM_GIT_DESCRIBE "$(or $(GIT_DESCRIBE),unknown)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/obj/vmm/util/version.o: $(BUILD)/gen/uvmm_git.h
$(BUILD)/obj/vmm/util/version.o: VMM_CFLAGS += -I$(BUILD)/gen

unit-tests: $(UNIT_BINS)

$(BUILD)/tests/%: tests/unit/%.c $(VMM_LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(VMM_CFLAGS) $(VMM_LDFLAGS) -o $@ $^ -lcmocka $(VMM_LDLIBS)

# Guest runtime, boot stubs and guest images (always built without sanitizers).
include guest/guest.mk

# The suite's data files travel with the images, so `uvmm test` finds them
# next to itself wherever build/ is copied (e.g. into the nested QEMU job).
SUITE_DATA := build/guest/suite.manifest build/guest/deviations.txt build/guest/kut-deviations.txt
guests: $(SUITE_DATA)
# A sanitized uvmm lives in build/san but runs the same guests: `uvmm test`
# looks for them next to itself.
ifeq ($(SANITIZE),1)
all: $(BUILD)/guest
$(BUILD)/guest:
	@mkdir -p $(BUILD)
	ln -sfn ../guest $@
endif
build/guest/%: guest/%
	@mkdir -p $(dir $@)
	cp $< $@

# The nested QEMU job (stock Debian kernel, kvm_amd, intel-iommu, edu).
-include ci/nested.mk
# UEFI images, QEMU + OVMF runs, the USB image (docs/bare-metal.md).
-include guest/efi/efi.mk
# Benchmarks (make bench), fuzzing (make fuzz-smoke), eBPF differential test (make bpf-diff).
-include tests/bench/bench.mk
-include tests/fuzz/fuzz.mk
# The course labs: make lab, grade, lab-submit, lab-handout (docs/teaching.md).
-include labs/labs.mk
-include tests/bpf/bpf.mk

# kvm-unit-tests from the user's own build (docs/kut.md): KUT_DIR=DIR make kut-check.
.PHONY: kut-check
kut-check: vmm guests
	@if [ -z "$(KUT_DIR)" ]; then \
		echo "kut-check: skipped: set KUT_DIR to a kvm-unit-tests build (docs/kut.md)"; \
	else $(BUILD)/uvmm kut --tap $(BUILD)/kut.tap --junit $(BUILD)/kut.xml "$(KUT_DIR)"; fi

deps:
	@bash ci/deps.sh

# The main job: the conformance suite on this machine's KVM, or, without a
# usable /dev/kvm, on a stock KVM inside QEMU (the nested job).
run: deps
	@$(MAKE) --no-print-directory all
	@if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then build/uvmm test; \
	else echo "uvmm: no usable /dev/kvm here: running the suite in the nested QEMU job"; \
	$(MAKE) --no-print-directory nested-check; fi

# Every test: unit, integration, the suite, QEMU cross-check. The last line is
# "N passed, N failed".
check: deps
	@$(MAKE) --no-print-directory all efi
	@bash tests/run-all.sh $(BUILD)

clean:
	rm -rf build

-include $(VMM_OBJS:.o=.d)
