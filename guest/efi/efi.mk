# The UEFI build (included by the top Makefile): every test the manifest marks
# portable as a gnu-efi application build/efi/NAME.efi, the USB sequencer, and
# the targets that boot them under QEMU + OVMF (docs/bare-metal.md). The
# runtime flavour itself (libefi) is one row of guest/guest.mk's tables.

EFI_OUT := build/efi
EFI_INC := -I/usr/include/efi -I/usr/include/efi/x86_64
EFI_CRT0 := /usr/lib/crt0-efi-x86_64.o
EFI_LDS := /usr/lib/elf_x86_64_efi.lds
EFI_LDFLAGS := -shared -Bsymbolic -nostdlib -znocombreloc -T $(EFI_LDS) --build-id=none \
	-z noexecstack
# The sections a PE32+ application needs (gnu-efi's recipe).
EFI_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	-j '.rel.*' -j '.rela.*' -j .reloc
EFI_OBJCOPY := objcopy $(EFI_SECTIONS) --target efi-app-x86_64 --subsystem=10

# Portable suite tests, plus the self-tests that prove a UEFI run can fail,
# skip and hang (tests/integration/test_efi.sh).
EFI_PORTABLE := $(shell awk -f guest/efi/portable.awk guest/suite.manifest)
EFI_SELFTESTS := selftest_fail selftest_skip selftest_hang
EFI_TESTS := $(EFI_PORTABLE) $(EFI_SELFTESTS)
EFI_IMAGES := $(EFI_TESTS:%=$(EFI_OUT)/%.efi)
EFI_SEQ := $(EFI_OUT)/uvmm-seq.efi

.PHONY: efi efi-check efi-usb efi-usb-check pvh-check differential
efi: $(EFI_OUT)/.checked $(EFI_OUT)/portable.txt

# Every image is checked as a PE32+ EFI application with relocations.
$(EFI_OUT)/.checked: $(EFI_IMAGES) $(EFI_SEQ) $(BUILD)/uvmm
	$(Q)$(BUILD)/uvmm pe-check $(EFI_IMAGES) $(EFI_SEQ)
	@touch $@

# The portable tests under QEMU TCG: with OVMF (the UEFI builds) and with
# the PVH -kernel boot (the ELF images). Reports next to uvmm, where
# `uvmm diff` looks for them.
efi-check: efi vmm guests
	$(BUILD)/uvmm test --on qemu-efi -j2 --tap $(EFI_OUT)/suite.tap \
		--junit $(EFI_OUT)/suite.xml
pvh-check: vmm guests
	@mkdir -p $(BUILD)/qemu-pvh
	$(BUILD)/uvmm test --on qemu-pvh -j2 --tap $(BUILD)/qemu-pvh/suite.tap \
		--junit $(BUILD)/qemu-pvh/suite.xml

# The matrix: this KVM, stock KVM in the nested job, QEMU TCG with both boots.
# A platform's own failures do not stop the others from being compared.
differential: all efi
	-$(BUILD)/uvmm test -j2 --tap $(BUILD)/suite.tap --junit $(BUILD)/suite.xml
	-$(MAKE) --no-print-directory nested-check
	-$(MAKE) --no-print-directory pvh-check
	-$(MAKE) --no-print-directory efi-check
	$(BUILD)/uvmm diff

# The USB image: dd it to a stick, boot it; EFI/BOOT/BOOTX64.EFI runs every
# test and writes \uvmm-results.tap (docs/bare-metal.md).
EFI_USB_IMG ?= $(EFI_OUT)/uvmm-usb.img
EFI_USB_TESTS ?= $(EFI_PORTABLE)
EFI_USB_WAIT ?= 60
efi-usb: $(EFI_USB_IMG)
$(EFI_USB_IMG): $(EFI_SEQ) $(EFI_USB_TESTS:%=$(EFI_OUT)/%.efi) $(EFI_OUT)/.checked \
		guest/efi/mkusb.sh
	@echo "  USB     $@"
	$(Q)bash guest/efi/mkusb.sh $@ $(EFI_SEQ) $(EFI_USB_WAIT) $(EFI_USB_TESTS:%=$(EFI_OUT)/%.efi)
# Proves the image under QEMU + OVMF as a real machine would boot it (the
# same image, but the summary powers off at once instead of after a minute).
efi-usb-check: efi
	@$(MAKE) --no-print-directory efi-usb EFI_USB_IMG=$(EFI_OUT)/usb-check.img EFI_USB_WAIT=0
	bash guest/efi/usb-run.sh $(EFI_OUT)/usb-check.img $(EFI_OUT)/usb-results.tap
	@grep -E '^# [0-9]+ passed' $(EFI_OUT)/usb-results.tap

$(GUEST_OUT)/libefi/%.o: guest/efi/%.c guest/efi/efi_platform.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGSefi) $(EFI_INC) -c -o $@ $<

# A test compiled for UEFI: the same source as its ELF image.
$(EFI_OUT)/obj/%.o: guest/tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (efi)"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGSefi) -c -o $@ $<
$(EFI_OUT)/obj/%.o: guest/selftests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (efi)"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGSefi) -c -o $@ $<
$(EFI_OUT)/obj/%.name.o: guest/efi/efi_name.c guest/efi/efi_platform.h
	@mkdir -p $(dir $@)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGSefi) -DUVMM_EFI_NAME='"$*"' -c -o $@ $<

# usermode.c maps the image for CPL 3 from __image_start to __image_end.
$(EFI_OUT)/%.so: $(EFI_OUT)/obj/%.o $(EFI_OUT)/obj/%.name.o $(GUEST_OUT)/libefi/libuvmm.a
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) $(EFI_LDFLAGS) --defsym=__image_start=ImageBase --defsym=__image_end=_edata \
		-o $@ $(EFI_CRT0) $(filter %.o %.a,$^) -L/usr/lib -lgnuefi

# The sequencer is an ordinary boot-services application: gnu-efi's libefi.
$(EFI_OUT)/obj/uvmm-seq.o: guest/efi/efi_seq.c guest/efi/efi_platform.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGSefi) $(EFI_INC) -c -o $@ $<
$(EFI_OUT)/uvmm-seq.so: $(EFI_OUT)/obj/uvmm-seq.o
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) $(EFI_LDFLAGS) -o $@ $(EFI_CRT0) $< -L/usr/lib -lefi -lgnuefi

$(EFI_OUT)/%.efi: $(EFI_OUT)/%.so
	@echo "  EFI     $@"
	$(Q)$(EFI_OBJCOPY) $< $@
# The .so keeps the symbols (gdb, addr2line on a RIP a test printed).
.PRECIOUS: $(EFI_OUT)/%.so $(EFI_OUT)/obj/%.o $(EFI_OUT)/obj/%.name.o

$(EFI_OUT)/portable.txt: guest/suite.manifest guest/efi/portable.awk
	@mkdir -p $(dir $@)
	$(Q)awk -f guest/efi/portable.awk $< > $@

-include $(wildcard $(EFI_OUT)/obj/*.d $(GUEST_OUT)/libefi/*.d)
