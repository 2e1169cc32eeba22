# The course labs (included by the top Makefile; docs/teaching.md, labs/README.md):
#   make lab LAB=N              build what lab N needs from your tree
#   make grade LAB=N|all        grade your tree (SOLUTION=1: the reference solution)
#   make lab-submit LAB=N       your files of lab N as build/labs/labN-submission.tar.gz
#   make lab-handout            the student tarball: skeletons, no solution, no hidden test
#   make lab-gradescope LAB=N   the Gradescope autograder zip of lab N
# The grader (labs/grade.py) stages the files to grade and calls `make lab-build`
# below with LAB_DIR (the lab's folder), LAB_SRC (the staged student files),
# LAB_OUT (where the build goes) and LAB_N.

.PHONY: lab grade lab-submit lab-handout lab-gradescope lab-build lab-prereqs lab-static

LAB_GRADE := python3 labs/grade.py
GRADEFLAGS ?=

lab:
	@$(LAB_GRADE) $(LAB) --build-only $(if $(SOLUTION),--solution) $(GRADEFLAGS)

grade:
	@$(LAB_GRADE) $(LAB) $(if $(SOLUTION),--solution) $(GRADEFLAGS)

lab-submit:
	@$(LAB_GRADE) $(LAB) --submit

lab-handout:
	@bash labs/handout.sh build/labs/uvmm-labs-handout.tar.gz

lab-gradescope:
	@mkdir -p build/labs
	@python3 labs/gradescope/make-zip.py $(LAB) build/labs/gradescope-lab$(LAB).zip

# What every lab build needs from the ordinary build: the VMM (its checker
# grades traces) and the guest runtime with its boot stubs. Not the ~110
# suite images.
lab-prereqs: vmm guest-libs $(GUEST_OUT)/boot/pvh.o $(GUEST_OUT)/boot/real16.o

ifneq ($(LAB_OUT),)
# --- one lab build ----------------------------------------------------------
# Student code is compiled without -Werror (a warning is the student's to
# read, not a lost lab) and, on the host side, under ASan and UBSan.
LAB_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LAB_GUEST_INC := $(addprefix -I,$(wildcard $(LAB_DIR)/include))
LAB_GUEST_CFLAGS64 := $(filter-out -Werror,$(GUEST_CFLAGS64)) $(LAB_GUEST_INC)
LAB_GUEST_CFLAGS16 := $(filter-out -Werror,$(GUEST_CFLAGS16)) $(LAB_GUEST_INC)
LAB_HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Iguest/include $(LAB_GUEST_INC) $(LAB_SAN)
LAB_DEV_CFLAGS := $(filter-out -Werror -Wmissing-prototypes,$(VMM_CFLAGS)) $(LAB_GUEST_INC) $(LAB_SAN)

# Guests: teacher's (guests/, guests16/, and hidden/ in the teacher's kit),
# built once into LAB_TEACHER_OUT for every grading of the lab, and the
# student's (guest/) into LAB_OUT. 16-bit ones also become flat binaries.
LAB_TEACHER_OUT ?= $(LAB_OUT)
# lab_guests DIR MODE LDEMU OUT
define lab_guests
LAB_G_$(subst /,_,$(1)) := $$(patsubst $(1)/%.c,$(4)/guests/%.elf,$$(wildcard $(1)/*.c))
LAB_ELFS$(2) += $$(LAB_G_$(subst /,_,$(1)))
$(4)/obj/$(1)/%.o: $(1)/%.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<"
	$$(Q)$$(GUEST_CC) $$(LAB_GUEST_CFLAGS$(2)) -c -o $$@ $$<
$$(LAB_G_$(subst /,_,$(1))): $(4)/guests/%.elf: $(4)/obj/$(1)/%.o \
		$(GUEST_OUT)/boot/$$(GUEST_BOOT$(2)).o $(GUEST_OUT)/lib$(2)/libuvmm.a \
		linker/guest$(2).ld linker/layout.ld
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$$(Q)$$(GUEST_LD) -m $(3) $$(GUEST_LDFLAGS) -T linker/guest$(2).ld -o $$@ \
		$(GUEST_OUT)/boot/$$(GUEST_BOOT$(2)).o $$< $(GUEST_OUT)/lib$(2)/libuvmm.a
-include $$(patsubst $(1)/%.c,$(4)/obj/$(1)/%.d,$$(wildcard $(1)/*.c))
endef
LAB_ELFS64 :=
LAB_ELFS16 :=
$(eval $(call lab_guests,$(LAB_DIR)/guests,64,elf_x86_64,$(LAB_TEACHER_OUT)))
$(eval $(call lab_guests,$(LAB_DIR)/hidden/guests,64,elf_x86_64,$(LAB_TEACHER_OUT)))
$(eval $(call lab_guests,$(LAB_SRC)/guest,64,elf_x86_64,$(LAB_OUT)))
$(eval $(call lab_guests,$(LAB_DIR)/guests16,16,elf_i386,$(LAB_TEACHER_OUT)))
$(eval $(call lab_guests,$(LAB_DIR)/hidden/guests16,16,elf_i386,$(LAB_TEACHER_OUT)))
# A lab's own build rules, when it has some (lab 6: its eBPF programs).
-include $(LAB_DIR)/lab.mk
LAB_DUPES := $(strip $(foreach n,$(sort $(notdir $(LAB_ELFS64) $(LAB_ELFS16))),\
	$(if $(word 2,$(filter $(n),$(notdir $(LAB_ELFS64) $(LAB_ELFS16)))),$(n:.elf=))))
ifneq ($(LAB_DUPES),)
$(error lab guest name used by more than one folder: $(LAB_DUPES))
endif

LAB_BINS := $(LAB_ELFS16:.elf=.bin)
%.bin: %.elf
	$(Q)objcopy -O binary $< $@

# Host programs: one per file of host/ (a student's own VMM).
LAB_PROGS := $(patsubst $(LAB_SRC)/host/%.c,$(LAB_OUT)/host/%,$(wildcard $(LAB_SRC)/host/*.c))
$(LAB_OUT)/host/%: $(LAB_SRC)/host/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(LAB_HOST_CFLAGS) -o $@ $< -lpthread

# Devices: every file of device/ linked into build/labs/.../uvmm-labN, with
# uvmm itself compiled again under the sanitizers (build/labs/obj, shared by
# every lab build) so that its sandbox admits what they need.
LAB_DEV_SRCS := $(wildcard $(LAB_SRC)/device/*.c)
LAB_DEV_OBJS := $(LAB_DEV_SRCS:$(LAB_SRC)/device/%.c=$(LAB_OUT)/obj/device/%.o)
LAB_VMM_OBJS := $(VMM_SRCS:%.c=build/labs/obj/%.o)
LAB_UVMM_PATH ?= $(LAB_OUT)/uvmm-lab$(LAB_N)
LAB_UVMM := $(if $(LAB_DEV_SRCS),$(LAB_UVMM_PATH))
# uvmm's version header comes from the top Makefile's $(BUILD)/gen.
build/labs/obj/vmm/util/version.o: $(BUILD)/gen/uvmm_git.h
build/labs/obj/vmm/util/version.o: VMM_CFLAGS += -I$(BUILD)/gen
build/labs/obj/vmm/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (sanitized)"
	$(Q)$(CC) $(VMM_CFLAGS) $(LAB_SAN) -c -o $@ $<
$(LAB_OUT)/obj/device/%.o: $(LAB_SRC)/device/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(LAB_DEV_CFLAGS) -c -o $@ $<
$(LAB_UVMM): $(LAB_VMM_OBJS) $(LAB_DEV_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LAB_SAN) -o $@ $^ $(VMM_LDLIBS)
-include $(LAB_VMM_OBJS:.o=.d)

lab-build: lab-prereqs $(LAB_ELFS64) $(LAB_ELFS16) $(LAB_BINS) $(LAB_PROGS) $(LAB_UVMM)

# A static lab uvmm without sanitizers, for the nested job's initramfs (it
# has no libc): the grader's --export-suite asks for it.
LAB_STATIC_OBJS := $(LAB_DEV_SRCS:$(LAB_SRC)/device/%.c=$(LAB_OUT)/obj/device-static/%.o)
$(LAB_OUT)/obj/device-static/%.o: $(LAB_SRC)/device/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(filter-out -Werror -Wmissing-prototypes,$(VMM_CFLAGS)) $(LAB_GUEST_INC) -c -o $@ $<
$(LAB_UVMM_PATH)-static: $(VMM_OBJS) $(LAB_STATIC_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) -static -o $@ $^ $(VMM_LDLIBS)
lab-static: $(if $(LAB_DEV_SRCS),$(LAB_UVMM_PATH)-static)
endif
