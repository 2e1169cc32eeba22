#!/usr/bin/env bash
# The nested job's variants beside the default one (docs/nested.md): each IOMMU
# (intel-iommu with caching mode, amd-iommu) for the VFIO and IOMMU tests, and
# the second stock kernel (bookworm-backports 6.12) for the whole suite and
# for the VFIO tests forced onto iommufd. One QEMU boot each, results under
# build/nested/<variant>/; then one table of every test's class per variant,
# the default job's (build/nested, when it ran) first: build/nested/matrix.txt.
# Usage: ci/nested/matrix.sh [VARIANT...]   (default: all; `list` prints them)
# Exit status: 0 when every variant ran to its summary with nothing failed,
# 1 when one had failures, 2 when one broke (Bail out!).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

# name | settings (environment of ci/nested/run.sh)
variants=(
	"intel-cm|NESTED_IOMMU=intel-cm NESTED_TESTS=group:vfio,group:iommu"
	"amd|NESTED_IOMMU=amd NESTED_TESTS=group:vfio,group:iommu"
	"k6.12|NESTED_KERNEL=6.12"
	"k6.12-iommufd|NESTED_KERNEL=6.12 NESTED_VFIO_API=iommufd NESTED_TESTS=group:vfio,group:iommu"
)

if [ "${1:-}" = list ]; then
	for v in "${variants[@]}"; do printf '%-14s %s\n' "${v%%|*}" "${v#*|}"; done
	exit 0
fi
want=("$@")
worst=0
ran=()
for v in "${variants[@]}"; do
	name=${v%%|*} settings=${v#*|}
	if [ ${#want[@]} -gt 0 ] && ! printf '%s\n' "${want[@]}" | grep -qx -- "$name"; then
		continue
	fi
	out=build/nested/$name
	mkdir -p "$out"
	echo "nested matrix: $name: $settings"
	# NESTED_TESTS lists patterns with commas (no blanks inside one setting).
	env_args=()
	for s in $settings; do env_args+=("${s//,/ }"); done
	env "${env_args[@]}" NESTED_OUT="$out" bash ci/nested/run.sh >"$out/job.log" 2>&1
	rc=$?
	grep -E '^nested: (stage|total)|^[0-9]+ passed|^Bail out!|^(FAIL|XPASS|TIMEOUT|ERROR) ' "$out/job.log" |
		sed "s/^/  $name: /"
	[ "$rc" -gt "$worst" ] && worst=$rc
	ran+=("$name")
done

# One row per test: its class in each variant that ran ("-": not run there).
{
	cols=()
	[ -s build/nested/suite.tap ] && cols+=("default|build/nested")
	for name in "${ran[@]}"; do cols+=("$name|build/nested/$name"); done
	printf '%-28s' test
	for c in "${cols[@]}"; do printf ' %-14s' "${c%%|*}"; done
	echo
	for c in "${cols[@]}"; do
		f=${c#*|}/suite.tap
		[ -s "$f" ] && sed -n 's/^\(not \)\?ok [0-9]* - \([^ ]*\).*/\2/p' "$f"
	done | awk '!seen[$0]++' | while read -r t; do
		printf '%-28s' "$t"
		for c in "${cols[@]}"; do
			f=${c#*|}/suite.tap
			cls=$(awk -v t="$t" '$0 ~ "^(not )?ok [0-9]+ - "t"( |$)" { on = 1; next } on && /^  class: / { print $2; exit }' "$f" 2>/dev/null)
			printf ' %-14s' "${cls:--}"
		done
		echo
	done
	echo
	for c in "${cols[@]}"; do
		printf '%-14s %s\n' "${c%%|*}" "$(cat "${c#*|}/env.txt" 2>/dev/null)"
	done
} >build/nested/matrix.txt
echo "nested matrix: per-test classes in build/nested/matrix.txt"
exit "$worst"
