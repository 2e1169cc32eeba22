#!/usr/bin/env bash
# The CI files of docs/ci.md: the LAVA test definition and the GitHub Actions
# and GitLab CI examples parse as YAML with the keys their systems require,
# shard the suite 1..N and merge the results (tests/tools/ci_files.py); the
# checker itself catches a broken file; and ci/lava/run.sh, run against a
# small real suite with a stand-in lava-test-case, reports each test once
# with the right result.
# Prints one ok/not ok line per check; exits 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
GUESTS=$PWD/build/guest
T=$TMP
FILES=(ci/lava/uvmm.yaml ci/examples/github-actions.yml ci/examples/gitlab-ci.yml)

if ! python3 -c 'import yaml' 2>/dev/null; then
	skip "CI files" "no python3 yaml module (python3-yaml; ci/deps.sh installs it)"; finish; exit
fi
tap_lines < <(python3 tests/tools/ci_files.py "${FILES[@]}")

# The checker must fail on broken files.
sed 's/^  format: Lava-Test Test Definition 1.0/  format: something else/' ci/lava/uvmm.yaml > "$T/lava.yaml"
sed 's/shard: \[1, 2, 3, 4\]/shard: [1, 2, 4]/' ci/examples/github-actions.yml > "$T/gha.yml"
sed 's/^    - build\/uvmm report html.*//; s/"4\/4"\]/"4\/4"]\n  bad: [unclosed/' ci/examples/gitlab-ci.yml > "$T/gitlab.yml"
python3 tests/tools/ci_files.py "$T/lava.yaml" "$T/gha.yml" "$T/gitlab.yml" > "$T/broken.out"
check "the checker catches a wrong LAVA format, a shard gap, broken YAML" bash -c "
	grep -q '^not ok - $T/lava.yaml: metadata.format' '$T/broken.out' &&
	grep -q '^not ok - $T/gha.yml: matrix.shard is 1..N' '$T/broken.out' &&
	grep -Eq '^not ok - $T/gitlab.yml: (Scanner|Parser)Error' '$T/broken.out'"

if [ ! -x "$UVMM" ] || [ ! -f "$GUESTS/hello.elf" ] || [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "ci/lava/run.sh" "needs $UVMM, the guests and /dev/kvm"; finish; exit
fi
mkdir -p "$T/bin"
cat > "$T/bin/lava-test-case" <<EOT
#!/bin/sh
echo "\$*" >> "$T/cases"
EOT
chmod +x "$T/bin/lava-test-case"
echo 'pio.out 0x1234:1 = 0x99' > "$T/wrong.expect"
printf '[good]\nimage = hello.elf\n[bad]\nimage = hello.elf\nexpect = %s\n[absent]\nimage = hello.elf\nrequires = file:/nonexistent/x\n[known]\nimage = hello.elf\nexpect = %s\n' \
	"$T/wrong.expect" "$T/wrong.expect" > "$T/suite.manifest"
printf 'known lavaimpl only here\n' > "$T/dev.txt"
PATH="$T/bin:$PATH" OUT="$T/out" UVMM="$UVMM" PLATFORM=lab-7 \
	UVMM_TEST_ARGS="--manifest $T/suite.manifest --guest-dir $GUESTS --log-dir $T/logs --deviations $T/dev.txt --impl lavaimpl" \
	bash ci/lava/run.sh > "$T/run.out" 2>&1
check "run.sh exits 0 once everything is reported" [ $? = 0 ]
check "one lava-test-case per test, PASS/FAIL/SKIP/XFAIL as pass/fail/skip/skip, with seconds" bash -c "
	grep -Eq '^good --result pass --measurement [0-9.]+ --units seconds$' '$T/cases' &&
	grep -Eq '^bad --result fail --measurement ' '$T/cases' &&
	grep -Eq '^absent --result skip ' '$T/cases' &&
	grep -Eq '^known --result skip ' '$T/cases' && [ \$(grep -c . '$T/cases') = 5 ]"
check "and one case for the whole suite (fail: a test failed)" grep -qx 'uvmm-suite --result fail' "$T/cases"
check "the reports are kept in OUT, the results file names the platform" bash -c "
	[ -s '$T/out/suite.ktap' ] && [ -s '$T/out/suite.xml' ] &&
	grep -q '\"id\": \"lab-7\"' '$T/out/results.json'"
finish
