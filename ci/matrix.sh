#!/usr/bin/env bash
# The matrix of every result this build directory holds (docs/ci.md):
# build/suite.json (this machine's KVM: `make check`'s run, or a fresh one
# when it is missing or older than build/uvmm and /dev/kvm is usable),
# build/nested/suite.json (stock KVM in the nested job), and any other
# results file under build/results/ (uvmm kut, the EFI job, other hosts'
# shards), merged into build/all.json and build/matrix.html.
# Usage: ci/matrix.sh [BUILD_DIR]   (run by `make nested-check`)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
B=${1:-build}
UVMM=$B/uvmm
say() { echo "matrix: $*"; }

[ -x "$UVMM" ] || { say "no $UVMM: nothing to merge"; exit 0; }
if { [ ! -f "$B/suite.json" ] || [ "$UVMM" -nt "$B/suite.json" ]; } &&
	[ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	say "running the local suite for $B/suite.json"
	"$UVMM" test --progress plain --json "$B/suite.json" > "$B/suite-local.log" 2>&1
fi
files=()
for f in "$B/suite.json" "$B/nested/suite.json" "$B"/results/*.json; do
	[ -f "$f" ] && files+=("$f")
done
[ ${#files[@]} -gt 0 ] || { say "no results files under $B"; exit 0; }
"$UVMM" report merge "${files[@]}" -o "$B/all.json" || exit 1
"$UVMM" report html "${files[@]}" -o "$B/matrix.html" --title "uvmm: this machine's KVM and stock KVM" || exit 1
say "$B/matrix.html from ${files[*]}"
