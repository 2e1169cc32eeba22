#!/usr/bin/env bash
# The nested job's variants (ci/nested/matrix.sh, docs/nested.md): intel-iommu
# in caching mode and amd-iommu for the VFIO and IOMMU tests, and Debian's
# 6.12 kernel (bookworm-backports) for the whole suite and for the VFIO tests
# on iommufd. Each must run to its summary line with nothing failed, on the
# IOMMU and kernel it names; the table of classes per variant must list them.
# make check (and so CI) runs every variant; NESTED_MATRIX_VARIANTS="NAME..."
# runs only those (`make nested-matrix` runs them all alone). NESTED_SKIP_RUN=1
# (as for test_nested.sh) or NESTED_MATRIX=0 skips it.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh

if [ "${NESTED_SKIP_RUN:-0}" = 1 ] || [ "${NESTED_MATRIX:-1}" = 0 ]; then
	skip "nested matrix" "NESTED_SKIP_RUN=1 or NESTED_MATRIX=0"
	finish; exit
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip "nested matrix" "qemu-system-x86_64 not installed (ci/deps.sh)"
	finish; exit
fi

want=${NESTED_MATRIX_VARIANTS:-all}
[ "$want" = all ] && want=$(bash ci/nested/matrix.sh list | awk '{print $1}' | tr '\n' ' ')
# shellcheck disable=SC2086 # a list of names
out=$(bash ci/nested/matrix.sh $want 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^/# /'

# variant WHAT ENV_REGEX: its job reached a summary with 0 failed, on ENV_REGEX.
variant() {
	local name=$1 want=$2 dir=build/nested/$1 summary env f xp to er
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/job.log" 2>/dev/null | tail -1)
	env=$(cat "$dir/env.txt" 2>/dev/null)
	if [ -z "$summary" ] || grep -q '^Bail out!' "$dir/job.log"; then
		not_ok "matrix $name ran to its summary line"
		# The job's own account: stages, the inner console's last lines, the Bail out.
		grep -E '^Bail out!|^nested: |^    ' "$dir/job.log" | sed 's/^/    /' | tail -30
		return
	fi
	read -r _ f _ _ xp to er < <(sed -E 's/[^0-9]+/ /g' <<<"$summary")
	if [ "$((f + xp + to + er))" -eq 0 ]; then ok "matrix $name: $summary"
	else
		not_ok "matrix $name: 0 failed ($summary)"
		grep -E '^(FAIL|XPASS|TIMEOUT|ERROR) ' "$dir/job.log" | sed 's/^/    /'
	fi
	if grep -Eq -- "$want" <<<"$env"; then ok "matrix $name ran on /$want/"
	else not_ok "matrix $name ran on /$want/ (env '$env')"; fi
}

wanted() { [[ " $want " == *" $1 "* ]]; }
wanted intel-cm && variant intel-cm 'iommu=dmar0 intremap=on'
wanted amd && variant amd 'iommu=ivhd0 intremap=on'
wanted k6.12 && variant k6.12 'kernel=6\.12\.[0-9]+\+deb12-amd64 kvm=kvm_amd'
wanted k6.12-iommufd && variant k6.12-iommufd 'kernel=6\.12\..* vfio_api=iommufd'
# Debian's 6.12 has no iommufd: the VFIO tests must SKIP saying so, not fail.
if ! wanted k6.12-iommufd; then :
elif grep -Eq '^ok [0-9]+ - vfio_edu_dma # SKIP .*vfio_api=iommufd: the host has no /dev/iommu' \
	build/nested/k6.12-iommufd/suite.tap 2>/dev/null; then
	ok "k6.12-iommufd: the VFIO tests SKIP with the reason (no /dev/iommu)"
else
	not_ok "k6.12-iommufd: vfio_edu_dma SKIPs for lack of iommufd"
fi
last=${want% }; last=${last##* }
if [ -s build/nested/matrix.txt ] && head -1 build/nested/matrix.txt | grep -q -- "$last" &&
	grep -Eq '^iommu_unmap_storm +.*PASS' build/nested/matrix.txt; then
	ok "build/nested/matrix.txt lists every variant's classes"
else
	not_ok "build/nested/matrix.txt lists every variant's classes"
fi
[ "$rc" -le 1 ] || not_ok "ci/nested/matrix.sh exit status $rc (a variant broke)"
finish
