# Guest side of the build (included by the top Makefile): the freestanding
# runtime in three flavours (lib64 full; lib32/lib16 a subset), the nasm boot
# stubs, and one ELF image per test: guest/tests*/NAME.c -> build/guest/NAME.elf.
# Always under build/guest, whatever $(BUILD) is (no sanitizers in guests).

GUEST_OUT  := build/guest
GUEST_CC   := gcc
GUEST_LD   := ld
GUEST_AR   := ar
GUEST_NASM := nasm

GUEST_CFLAGS := -std=c11 -ffreestanding -nostdlib -mno-red-zone -fno-pic \
	-fno-stack-protector -fno-toplevel-reorder -O2 -g -Wall -Wextra -Werror \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fcf-protection=none -fno-pie -Iguest/include -MMD -MP
GUEST_CFLAGS64 := $(GUEST_CFLAGS) -m64 -mcmodel=small
GUEST_CFLAGS32 := $(GUEST_CFLAGS) -m32 -march=i686
# -m16 is 32-bit code with size prefixes, for real mode with segment bases 0.
GUEST_CFLAGS16 := $(GUEST_CFLAGS) -m16 -march=i686
GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--build-id=none -Llinker

# Runtime sources: the subset every mode gets, then the 64-bit-only parts.
GUEST_LIB_COMMON := string printf console hypercall exit report assert start
GUEST_LIB64_SRCS := $(GUEST_LIB_COMMON) idt paging
# Interrupt controllers and SMP start-up (AP trampoline in boot/ap_tramp.asm).
GUEST_LIB64_SRCS += lapic ioapic smp
# PCI enumeration, the edu and virtio drivers (VFIO passthrough tests, docs/vfio.md).
GUEST_LIB64_SRCS += pci edu virtio
# Ring 3 entry and return (GDT with user segments, TSS, a DPL-3 gate).
GUEST_LIB64_SRCS += usermode
# KVM's own vmcall/vmmcall, by CPU vendor.
GUEST_LIB64_SRCS += kvm_hc
GUEST_LIB_SMALL  := $(GUEST_LIB_COMMON) div64

GUEST_LIB64 := $(GUEST_OUT)/lib64/libuvmm.a
GUEST_LIB32 := $(GUEST_OUT)/lib32/libuvmm.a
GUEST_LIB16 := $(GUEST_OUT)/lib16/libuvmm.a

GUEST_LIB64_OBJS := $(GUEST_LIB64_SRCS:%=$(GUEST_OUT)/lib64/%.o) $(GUEST_OUT)/lib64/idt_entry.o
GUEST_LIB64_OBJS += $(GUEST_OUT)/lib64/ap_tramp.o
GUEST_LIB32_OBJS := $(GUEST_LIB_SMALL:%=$(GUEST_OUT)/lib32/%.o)
GUEST_LIB16_OBJS := $(GUEST_LIB_SMALL:%=$(GUEST_OUT)/lib16/%.o)

GUEST_SRCS64 := $(wildcard guest/tests/*.c)
# Harness self-tests: guests that fail, hang or crash on purpose (not in the suite).
GUEST_SELFTESTS := $(wildcard guest/selftests/*.c)
# Hostile guests: attacks on the VMM, each declaring the verdict it must get.
GUEST_HOSTILE := $(wildcard guest/hostile/*.c)
# Benchmark guests (make bench, uvmm bench): not in the suite either.
GUEST_BENCH := $(wildcard guest/bench/*.c)
GUEST_SRCS32 := $(wildcard guest/tests32/*.c)
GUEST_SRCS16 := $(wildcard guest/tests16/*.c)
GUEST_ELFS64 := $(GUEST_SRCS64:guest/tests/%.c=$(GUEST_OUT)/%.elf) \
	$(GUEST_SELFTESTS:guest/selftests/%.c=$(GUEST_OUT)/%.elf) \
	$(GUEST_BENCH:guest/bench/%.c=$(GUEST_OUT)/%.elf)
GUEST_ELFS64 += $(GUEST_HOSTILE:guest/hostile/%.c=$(GUEST_OUT)/%.elf)
GUEST_ELFS32 := $(GUEST_SRCS32:guest/tests32/%.c=$(GUEST_OUT)/%.elf)
GUEST_ELFS16 := $(GUEST_SRCS16:guest/tests16/%.c=$(GUEST_OUT)/%.elf)
GUEST_ELFS   := $(GUEST_ELFS64) $(GUEST_ELFS32) $(GUEST_ELFS16)

# All images share one directory: two tests with one name would overwrite each other.
GUEST_NAMES := $(notdir $(GUEST_ELFS))
GUEST_DUPES := $(strip $(foreach n,$(sort $(GUEST_NAMES)),\
	$(if $(word 2,$(filter $(n),$(GUEST_NAMES))),$(n:.elf=))))
ifneq ($(GUEST_DUPES),)
$(error guest image name used by more than one of guest/tests, tests32, tests16: $(GUEST_DUPES))
endif

.PHONY: guests guest-libs
guests: guest-libs $(GUEST_ELFS)
guest-libs: $(GUEST_LIB64) $(GUEST_LIB32) $(GUEST_LIB16)

$(GUEST_OUT)/lib64/%.o: guest/lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS64) -c -o $@ $<
$(GUEST_OUT)/lib32/%.o: guest/lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS32) -c -o $@ $<
$(GUEST_OUT)/lib16/%.o: guest/lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS16) -c -o $@ $<
$(GUEST_OUT)/lib64/idt_entry.o: guest/lib/idt_entry.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(GUEST_NASM) -f elf64 -g -o $@ $<
$(GUEST_OUT)/lib64/ap_tramp.o: boot/ap_tramp.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(GUEST_NASM) -f elf64 -g -o $@ $<

$(GUEST_OUT)/%/libuvmm.a:
	@rm -f $@
	@echo "  AR      $@"
	$(Q)$(GUEST_AR) rcs $@ $^
$(GUEST_LIB64): $(GUEST_LIB64_OBJS)
$(GUEST_LIB32): $(GUEST_LIB32_OBJS)
$(GUEST_LIB16): $(GUEST_LIB16_OBJS)

$(GUEST_OUT)/boot/pvh.o: boot/pvh.asm boot/common.inc
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(GUEST_NASM) -f elf64 -g -Iboot/ -o $@ $<
$(GUEST_OUT)/boot/prot32.o: boot/prot32.asm boot/common.inc
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(GUEST_NASM) -f elf32 -g -Iboot/ -o $@ $<
$(GUEST_OUT)/boot/real16.o: boot/real16.asm boot/common.inc
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(GUEST_NASM) -f elf32 -g -Iboot/ -o $@ $<

$(GUEST_OUT)/tests64/%.o: guest/tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS64) -c -o $@ $<
$(GUEST_OUT)/tests64/%.o: guest/selftests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS64) -c -o $@ $<
$(GUEST_OUT)/tests64/%.o: guest/bench/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS64) -c -o $@ $<
$(GUEST_OUT)/tests64/%.o: guest/hostile/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS64) -c -o $@ $<
$(GUEST_OUT)/tests32/%.o: guest/tests32/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS32) -c -o $@ $<
$(GUEST_OUT)/tests16/%.o: guest/tests16/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS16) -c -o $@ $<

# Boot stub first, then the test, then the runtime archive (pulled in on demand).
$(GUEST_ELFS64): $(GUEST_OUT)/%.elf: $(GUEST_OUT)/boot/pvh.o $(GUEST_OUT)/tests64/%.o \
		$(GUEST_LIB64) linker/guest64.ld linker/layout.ld
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) -m elf_x86_64 $(GUEST_LDFLAGS) -T linker/guest64.ld -o $@ $(filter %.o %.a,$^)
$(GUEST_ELFS32): $(GUEST_OUT)/%.elf: $(GUEST_OUT)/boot/prot32.o $(GUEST_OUT)/tests32/%.o \
		$(GUEST_LIB32) linker/guest32.ld linker/layout.ld
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) -m elf_i386 $(GUEST_LDFLAGS) -T linker/guest32.ld -o $@ $(filter %.o %.a,$^)
$(GUEST_ELFS16): $(GUEST_OUT)/%.elf: $(GUEST_OUT)/boot/real16.o $(GUEST_OUT)/tests16/%.o \
		$(GUEST_LIB16) linker/guest16.ld linker/layout.ld
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) -m elf_i386 $(GUEST_LDFLAGS) -T linker/guest16.ld -o $@ $(filter %.o %.a,$^)

-include $(wildcard $(GUEST_OUT)/*/*.d)
