#!/usr/bin/env bash
# Builds the student handout: this tree's tracked files without what only the
# teacher's kit holds (solution/, hidden/, broken/ of every lab, the
# Gradescope autograder), plus the GitHub Classroom workflow, as one tarball
# whose top folder is uvmm-labs/. tests/integration/test_lab_handout.sh checks it.
# Usage: labs/handout.sh OUT.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: labs/handout.sh OUT.tar.gz}
case $out in /*) ;; *) out=$PWD/$out ;; esac

# Teacher-only paths (extended regular expressions on repository paths).
teacher_only='^labs/[0-9][0-9]-[^/]+/(solution|hidden|broken)/|^labs/gradescope/'

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/uvmm-labs
mkdir -p "$root"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
	[ -f "$f" ] || continue            # deleted in the work tree
	grep -Eq "$teacher_only" <<<"$f" && continue
	mkdir -p "$root/$(dirname "$f")"
	cp -p "$f" "$root/$f"
done
mkdir -p "$root/.github/workflows"
python3 labs/classroom/generate.py "$root/.github/workflows/classroom.yml"
mkdir -p "$(dirname "$out")"
tar -C "$stage" -czf "$out" --owner=0 --group=0 --sort=name uvmm-labs
echo "$out: $(tar -tzf "$out" | grep -c -v '/$') files (no solution, hidden test or broken variant)"
