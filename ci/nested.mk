# The nested QEMU job (included by the top Makefile): a static uvmm for the
# initramfs, and `make nested-check`, which runs ci/nested/run.sh (docs/nested.md).

.PHONY: nested-check

# Same objects as build/uvmm, linked statically: the initramfs has no libc.
# A sanitized build cannot be linked statically, hence the plain objects.
ifeq ($(SANITIZE),1)
build/uvmm-static:
	$(error build/uvmm-static and nested-check need a build without SANITIZE=1)
else
build/uvmm-static: $(VMM_OBJS)
	$(CC) -static $(VMM_LDFLAGS) -o $@ $^ $(VMM_LDLIBS)
endif

nested-check: build/uvmm-static guests
	@bash ci/nested/run.sh
