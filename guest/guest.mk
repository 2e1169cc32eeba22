# Guest side of the build (included by the top Makefile): the freestanding
# runtime in three flavours (lib64 full; lib32/lib16 a subset), the nasm boot
# stubs, and one ELF image per test: guest/KIND/NAME.c -> build/guest/NAME.elf.
# Always under build/guest, whatever $(BUILD) is (no sanitizers in guests).

GUEST_OUT  := build/guest
GUEST_CC   := gcc
GUEST_LD   := ld
GUEST_AR   := ar
GUEST_NASM := nasm

# -Wmissing-include-dirs: a mistyped -I is an error, not an include path
# that silently finds nothing.
GUEST_CFLAGS := -std=c11 -ffreestanding -nostdlib -mno-red-zone -fno-pic \
	-fno-stack-protector -fno-toplevel-reorder -O2 -g -Wall -Wextra -Werror \
	-Wmissing-include-dirs -mgeneral-regs-only -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fcf-protection=none -fno-pie -Iguest/include -MMD -MP
GUEST_CFLAGS64 := $(GUEST_CFLAGS) -m64 -mcmodel=small
GUEST_CFLAGS32 := $(GUEST_CFLAGS) -m32 -march=i686
# -m16 is 32-bit code with size prefixes, for real mode with segment bases 0.
GUEST_CFLAGS16 := $(GUEST_CFLAGS) -m16 -march=i686
# gnu-efi's recipe: PIC (relocated by crt0), 16-bit wchar_t for CHAR16, the
# MS ABI for firmware calls (../shared/notes/boot.md).
GUEST_CFLAGSefi := $(filter-out -fno-pic -fno-pie,$(GUEST_CFLAGS)) -m64 -fpic -fshort-wchar \
	-maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -DUVMM_NO_HYPERCALLS
GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--build-id=none -Llinker

# Hyperupcalls (docs/hyperupcalls.md): guest/KIND/NAME.bpf.c is an eBPF object
# for the test NAME.c, which embeds it with HUPCALL_OBJECT(): the object's
# path reaches the test as UVMM_HUPCALL_OBJ. -mcpu=v3: 32-bit ALU and jumps.
GUEST_BPF_CC := clang
GUEST_BPF_CFLAGS := -target bpf -O2 -mcpu=v3 -ffreestanding -fno-stack-protector -Wall -Wextra \
	-Werror -Wmissing-include-dirs -Iguest/include -MMD -MP

# Per mode: ld emulation, nasm object format, boot stub, linker script.
GUEST_LDEMU64 := elf_x86_64
GUEST_LDEMU32 := elf_i386
GUEST_LDEMU16 := elf_i386
GUEST_NASMFMT64 := elf64
GUEST_NASMFMT32 := elf32
GUEST_NASMFMT16 := elf32
GUEST_BOOT64 := pvh
GUEST_BOOT32 := prot32
GUEST_BOOT16 := real16
# mb: 32-bit code entered through multiboot v1, linked at 4 MiB like
# kvm-unit-tests' images (the kut guests: docs/kut.md).
GUEST_CFLAGSmb := $(GUEST_CFLAGS32)
GUEST_LDEMUmb := elf_i386
GUEST_NASMFMTmb := elf32
GUEST_BOOTmb := multiboot

# Runtime sources: the subset every mode gets, then the 64-bit-only parts.
GUEST_LIB_COMMON := string printf console com1 hypercall exit report assert start debug result_lines record_none
GUEST_LIB64_SRCS := $(GUEST_LIB_COMMON) idt paging
# Interrupt controllers and SMP start-up (AP trampoline in boot/ap_tramp.asm).
GUEST_LIB64_SRCS += lapic ioapic smp
# PCI enumeration, the edu and virtio drivers (VFIO passthrough tests, docs/vfio.md).
GUEST_LIB64_SRCS += pci edu virtio
# The IOMMU control hypercall (map, unmap, host view; docs/vfio.md).
GUEST_LIB64_SRCS += iommu
# The PVH command line (benchmark guests take their parameters there).
GUEST_LIB64_SRCS += cmdline
# A report with a formatted reason (uvmm/reportf.h).
GUEST_LIB64_SRCS += reportf
# Ring 3 entry and return (GDT with user segments, TSS, a DPL-3 gate).
GUEST_LIB64_SRCS += usermode
# KVM's own vmcall/vmmcall, by CPU vendor.
GUEST_LIB64_SRCS += kvm_hc
# Hyperupcall registration and the embedded eBPF objects (docs/hyperupcalls.md).
GUEST_LIB64_SRCS += hupcall
GUEST_LIB32_SRCS := $(GUEST_LIB_COMMON) div64
GUEST_LIB16_SRCS := $(GUEST_LIB_COMMON) div64
GUEST_LIBmb_SRCS := $(GUEST_LIB32_SRCS)
# Assembly parts of the runtime, per mode.
GUEST_LIB64_ASM := guest/lib/idt_entry.asm boot/ap_tramp.asm
# The UEFI flavour (`make efi`, guest/efi/efi.mk): the 64-bit runtime built
# position-independent for gnu-efi, without hypercalls, and with the platform
# layer in guest/efi instead of COM1 output, the exit port, the boot stub's
# C entry and the no-op recorder. No boot stub: gnu-efi's crt0 enters.
GUEST_LIBefi_SRCS := $(filter-out com1 exit start record_none,$(GUEST_LIB64_SRCS)) \
	efi_main efi_paging efi_console efi_record efi_exit
GUEST_LIBefi_ASM := $(GUEST_LIB64_ASM)

# Image kinds: folder under guest/ and CPU mode. tests* are the suite's;
# selftests fail, hang or crash on purpose (harness tests), hostile attack
# the VMM, bench is for `uvmm bench`, badnotes carry OPTIONS notes uvmm must
# refuse, kut follow kvm-unit-tests' boot and result protocol (docs/kut.md). Every
# image lands in build/guest/.
GUEST_KINDS := tests:64 selftests:64 hostile:64 bench:64 tests32:32 tests16:16 badnotes:64 kut:mb

guest_kind = $(word 1,$(subst :, ,$(1)))
guest_mode = $(word 2,$(subst :, ,$(1)))

.PHONY: guests guest-libs
guest-libs: $(GUEST_OUT)/lib64/libuvmm.a $(GUEST_OUT)/lib32/libuvmm.a $(GUEST_OUT)/lib16/libuvmm.a \
	$(GUEST_OUT)/libmb/libuvmm.a

# One runtime flavour: objects, archive.
define guest_lib
GUEST_LIB$(1)_OBJS := $$(GUEST_LIB$(1)_SRCS:%=$(GUEST_OUT)/lib$(1)/%.o) \
	$$(foreach a,$$(GUEST_LIB$(1)_ASM),$(GUEST_OUT)/lib$(1)/$$(basename $$(notdir $$(a))).o)
$(GUEST_OUT)/lib$(1)/%.o: guest/lib/%.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<"
	$$(Q)$$(GUEST_CC) $$(GUEST_CFLAGS$(1)) -c -o $$@ $$<
$(GUEST_OUT)/lib$(1)/libuvmm.a: $$(GUEST_LIB$(1)_OBJS)
	@rm -f $$@
	@echo "  AR      $$@"
	$$(Q)$$(GUEST_AR) rcs $$@ $$^
ifneq ($$(GUEST_BOOT$(1)),)
$(GUEST_OUT)/boot/$$(GUEST_BOOT$(1)).o: boot/$$(GUEST_BOOT$(1)).asm boot/common.inc
	@mkdir -p $$(dir $$@)
	@echo "  NASM    $$<"
	$$(Q)$$(GUEST_NASM) -f $$(GUEST_NASMFMT$(1)) -g -Iboot/ -o $$@ $$<
endif
endef
$(foreach m,64 32 16 mb efi,$(eval $(call guest_lib,$(m))))

# The 64-bit runtime's assembly, for both flavours that have it.
define guest_lib_asm
$(GUEST_OUT)/lib$(1)/idt_entry.o: guest/lib/idt_entry.asm
$(GUEST_OUT)/lib$(1)/ap_tramp.o: boot/ap_tramp.asm
$(GUEST_OUT)/lib$(1)/idt_entry.o $(GUEST_OUT)/lib$(1)/ap_tramp.o:
	@mkdir -p $$(dir $$@)
	@echo "  NASM    $$<"
	$$(Q)$$(GUEST_NASM) -f elf64 -g -o $$@ $$<
endef
$(foreach m,64 efi,$(eval $(call guest_lib_asm,$(m))))

# One image kind: guest/KIND/NAME.c -> build/guest/obj/KIND/NAME.o -> build/guest/NAME.elf,
# linked boot stub first, then the test, then the runtime archive (pulled in on demand).
define guest_kind_rules
GUEST_ELFS_$(1) := $$(patsubst guest/$(1)/%.c,$(GUEST_OUT)/%.elf,\
	$$(filter-out %.bpf.c,$$(wildcard guest/$(1)/*.c)))
GUEST_ELFS += $$(GUEST_ELFS_$(1))
$(GUEST_OUT)/obj/$(1)/%.o: guest/$(1)/%.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<"
	$$(Q)$$(GUEST_CC) $$(GUEST_CFLAGS$(2)) \
		-DUVMM_HUPCALL_OBJ=\"$(GUEST_OUT)/obj/$(1)/$$*.bpf.o\" -c -o $$@ $$<
# A test with an eBPF companion embeds its object: build that first.
$(GUEST_OUT)/obj/$(1)/%.bpf.o: guest/$(1)/%.bpf.c
	@mkdir -p $$(dir $$@)
	@echo "  BPFCC   $$<"
	$$(Q)$$(GUEST_BPF_CC) $$(GUEST_BPF_CFLAGS) -c -o $$@ $$<
$$(patsubst guest/$(1)/%.bpf.c,$(GUEST_OUT)/obj/$(1)/%.o,$$(wildcard guest/$(1)/*.bpf.c)): \
	$(GUEST_OUT)/obj/$(1)/%.o: $(GUEST_OUT)/obj/$(1)/%.bpf.o
$$(GUEST_ELFS_$(1)): $(GUEST_OUT)/%.elf: $(GUEST_OUT)/boot/$$(GUEST_BOOT$(2)).o \
		$(GUEST_OUT)/obj/$(1)/%.o $(GUEST_OUT)/lib$(2)/libuvmm.a \
		linker/guest$(2).ld linker/layout.ld
	@echo "  LD      $$@"
	$$(Q)$$(GUEST_LD) -m $$(GUEST_LDEMU$(2)) $$(GUEST_LDFLAGS) -T linker/guest$(2).ld -o $$@ \
		$$(filter %.o %.a,$$^)
endef
GUEST_ELFS :=
$(foreach k,$(GUEST_KINDS),$(eval $(call guest_kind_rules,$(call guest_kind,$(k)),$(call guest_mode,$(k)))))

# All images share one directory: two tests with one name would overwrite each other.
GUEST_NAMES := $(notdir $(GUEST_ELFS))
GUEST_DUPES := $(strip $(foreach n,$(sort $(GUEST_NAMES)),\
	$(if $(word 2,$(filter $(n),$(GUEST_NAMES))),$(n:.elf=))))
ifneq ($(GUEST_DUPES),)
$(error guest image name used by more than one folder of guest/: $(GUEST_DUPES))
endif

guests: guest-libs $(GUEST_ELFS)

-include $(wildcard $(GUEST_OUT)/*/*.d $(GUEST_OUT)/obj/*/*.d)
