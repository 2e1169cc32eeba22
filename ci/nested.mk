# The nested QEMU job (included by the top Makefile): a static uvmm for the
# initramfs, and `make nested-check`, which runs ci/nested/run.sh (docs/nested.md)
# and then ci/matrix.sh (build/matrix.html, docs/ci.md).

.PHONY: nested-check nested-matrix

# build/uvmm is static already (the initramfs has no libc); a sanitized build
# cannot be, so the nested job needs a plain one.
ifeq ($(SANITIZE),1)
build/uvmm-static:
	$(error build/uvmm-static and nested-check need a build without SANITIZE=1)
else
build/uvmm-static: build/uvmm
	cp $< $@
endif

# KUT_DIR=DIR runs a kvm-unit-tests build there too (docs/kut.md). The
# nested job's results join this machine's in build/matrix.html
# (ci/matrix.sh), whatever the job's verdict.
nested-check: build/uvmm-static guests
	@KUT_DIR="$(KUT_DIR)" bash ci/nested/run.sh; rc=$$?; bash ci/matrix.sh build; exit $$rc

# Every variant of the nested job alone (ci/nested/matrix.sh: both IOMMUs,
# caching mode, Debian's 6.12, iommufd), checked as make check checks them.
# About 2.5-6.5 minutes of TCG.
nested-matrix: build/uvmm-static guests
	@NESTED_MATRIX_VARIANTS=all bash tests/integration/test_nested_matrix.sh
