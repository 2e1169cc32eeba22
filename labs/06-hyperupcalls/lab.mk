# Lab 6's eBPF builds (included by labs/labs.mk inside a lab build, after
# its guest rules): the same clang -target bpf as guest/guest.mk, and the
# embedding of each object through UVMM_HUPCALL_OBJ (docs/hyperupcalls.md,
# "What the guest build does"). What becomes what:
#   hyperupcall/exit_count.bpf.c (yours)  LAB_OUT/obj/bpf/exit_count.bpf.o
#   guest/exit_count.c (yours)            embeds it: LAB_OUT/guests/exit_count.elf
#   checks/*.c, hidden/checks/*.c         the teacher's guests of your program,
#                                         embedding it: LAB_OUT/guests/NAME.elf
#   hidden/wrong/W.patch                  wrong programs (the solution's, patched):
#                                         your guest/exit_count.c embedding each,
#                                         LAB_OUT/guests/exit_count_W.elf
#   given/unsafe.bpf.c                    embedded by guests/refuse.c (teacher's)
#   answers/refusal.txt (yours)           copied to LAB_OUT/guests/refusal.txt
#                                         for the refusal tests ({guest:refusal.txt})

L6_BPF_CFLAGS := $(filter-out -Werror,$(GUEST_BPF_CFLAGS)) $(LAB_GUEST_INC)
L6_BPF := $(LAB_OUT)/obj/bpf/exit_count.bpf.o
L6_UNSAFE := $(LAB_TEACHER_OUT)/obj/bpf/unsafe.bpf.o

$(L6_BPF): $(LAB_SRC)/hyperupcall/exit_count.bpf.c
$(L6_UNSAFE): $(LAB_DIR)/given/unsafe.bpf.c
$(L6_BPF) $(L6_UNSAFE):
	@mkdir -p $(dir $@)
	@echo "  BPFCC   $<"
	$(Q)$(GUEST_BPF_CC) $(L6_BPF_CFLAGS) -c -o $@ $<

# Guests that embed an object: the object's path, and a rebuild when it changes.
# l6_embed OBJFILES BPF
define l6_embed
$(1): LAB_GUEST_CFLAGS64 += -DUVMM_HUPCALL_OBJ=\"$(2)\"
$(1): $(2)
endef
$(eval $(call l6_embed,$(LAB_OUT)/obj/$(LAB_SRC)/guest/exit_count.o,$(L6_BPF)))
$(eval $(call l6_embed,$(LAB_TEACHER_OUT)/obj/$(LAB_DIR)/guests/refuse.o,$(L6_UNSAFE)))

# The teacher's guests of your program, built with each grading (they embed it).
$(eval $(call lab_guests,$(LAB_DIR)/checks,64,elf_x86_64,$(LAB_OUT)))
$(eval $(call lab_guests,$(LAB_DIR)/hidden/checks,64,elf_x86_64,$(LAB_OUT)))
$(eval $(call l6_embed,$(patsubst $(LAB_DIR)/%.c,$(LAB_OUT)/obj/$(LAB_DIR)/%.o,\
	$(wildcard $(LAB_DIR)/checks/*.c $(LAB_DIR)/hidden/checks/*.c)),$(L6_BPF)))

# Your guest test against wrong programs: it must fail with each.
L6_WRONG := $(patsubst $(LAB_DIR)/hidden/wrong/%.patch,%,$(wildcard $(LAB_DIR)/hidden/wrong/*.patch))
$(LAB_OUT)/obj/bpf/wrong_%.bpf.c: $(LAB_DIR)/solution/hyperupcall/exit_count.bpf.c \
		$(LAB_DIR)/hidden/wrong/%.patch
	@mkdir -p $(dir $@)
	$(Q)patch -s -o $@ $< $(word 2,$^)
$(LAB_OUT)/obj/bpf/wrong_%.bpf.o: $(LAB_OUT)/obj/bpf/wrong_%.bpf.c
	@echo "  BPFCC   $< (hidden/wrong/$*.patch)"
	$(Q)$(GUEST_BPF_CC) $(GUEST_BPF_CFLAGS) $(LAB_GUEST_INC) -c -o $@ $<
$(LAB_OUT)/obj/wrong/exit_count_%.o: $(LAB_SRC)/guest/exit_count.c $(LAB_OUT)/obj/bpf/wrong_%.bpf.o
	@mkdir -p $(dir $@)
	@echo "  CC      $< (with hidden/wrong/$*.patch)"
	$(Q)$(GUEST_CC) $(LAB_GUEST_CFLAGS64) -DUVMM_HUPCALL_OBJ=\"$(LAB_OUT)/obj/bpf/wrong_$*.bpf.o\" \
		-c -o $@ $<
$(LAB_OUT)/guests/exit_count_%.elf: $(LAB_OUT)/obj/wrong/exit_count_%.o \
		$(GUEST_OUT)/boot/$(GUEST_BOOT64).o $(GUEST_OUT)/lib64/libuvmm.a \
		linker/guest64.ld linker/layout.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) -m elf_x86_64 $(GUEST_LDFLAGS) -T linker/guest64.ld -o $@ \
		$(GUEST_OUT)/boot/$(GUEST_BOOT64).o $< $(GUEST_OUT)/lib64/libuvmm.a
LAB_ELFS64 += $(L6_WRONG:%=$(LAB_OUT)/guests/exit_count_%.elf)

# Your written answers, where the refusal tests find them.
$(LAB_OUT)/guests/refusal.txt: $(LAB_SRC)/answers/refusal.txt
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
LAB_ELFS64 += $(LAB_OUT)/guests/refusal.txt
